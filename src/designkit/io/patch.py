"""Change only what changed: edit a design file's text where its data differs.

:func:`patch` walks the data the file was read as (``old``) and the data of the
design now (``new``) together with libyaml's node tree of the file, whose marks
say where every value is written. A changed scalar is rewritten in place; a key
or list item that went away loses its lines; a new one is written (by
:mod:`designkit.io.emit`) after its predecessor. Every other byte, comments
included, stays as it was.

Where the file's layout makes an edit ambiguous (an alias, a comment inside a
flow collection, a block list emptied, a value changing from a scalar to a
block), :class:`Unsupported` is raised and the caller merges into the
round-trip document instead: slower, equally correct.

Examples
--------
>>> from designkit.io.fastyaml import compose, fast_parse
>>> text = "# shop\\nmetadata:\\n  name: shop   # id\\nservices:\\n  - name: a\\n"
>>> new = {"metadata": {"name": "shop", "title": "Shop"},
...        "services": [{"name": "a"}, {"name": "b", "team": "no"}]}
>>> print(patch(text, compose(text), fast_parse(text), new), end="")
# shop
metadata:
  name: shop   # id
  title: Shop
services:
  - name: a
  - name: b
    team: 'no'
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .emit import flow_text, item_lines, pair_lines, scalar_text

__all__ = ["Unsupported", "patch", "same"]


class Unsupported(Exception):
    """The file's layout does not allow an edit in place; merge the round-trip way."""


def same(old: Any, new: Any) -> bool:
    """Whether ``new`` is what ``old`` (as read from the file) already says.

    A date read from the file equals its ISO text (the model writes dates as
    text), ``100`` equals ``100.0``; otherwise Python equality. Equal data is
    equal at C speed; only a part that differs is walked.
    """
    if old is new or old == new:  # `true` for True or 1, `100` for 100.0: the file reads
        return True  # as the design already; keep its spelling
    if isinstance(old, dict):
        return (
            isinstance(new, dict)
            and old.keys() == new.keys()
            and all(same(old[k], new[k]) for k in old)
        )
    if isinstance(old, list):
        return (
            isinstance(new, list)
            and len(old) == len(new)
            and all(same(o, n) for o, n in zip(old, new, strict=True))
        )
    if isinstance(old, dt.date) and isinstance(new, str):
        return old.isoformat() == new
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    return bool(old == new) and not isinstance(new, dict | list)


def patch(text: str, root: Node, old: Any, new: Any) -> str:
    """``text`` edited so it reads as ``new``, or Unsupported.

    Each written piece is read back alone (libyaml, a few bytes) and must give
    the value it stands for; it is placed where the file's own structure puts a
    sibling (same column, own lines) or replaces one scalar or flow collection,
    so the whole text reads as ``new`` without parsing it all again.
    """
    patcher = _Patcher(text)
    patcher.value(root, old, new)
    return patcher.apply()


def _check(piece: str, expected: Any) -> None:
    from .fastyaml import fast_parse

    found = fast_parse(piece)
    if found is None or not same(found, expected):
        raise Unsupported(f"the written piece {piece[:40]!r} does not read back")


class _Patcher:
    def __init__(self, text: str) -> None:
        self.text = text
        self.edits: list[tuple[int, int, int, str]] = []  # start, end, order, replacement

    # --- positions ------------------------------------------------------------

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        """Just after the line break of the line holding ``index``."""
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def end(self, node: Node) -> int:
        """Just after the last character written for ``node``."""
        if isinstance(node, ScalarNode):
            stop = node.end_mark.index
            if node.style in ("|", ">"):  # the block's final line breaks are not its text
                while stop > node.start_mark.index and self.text[stop - 1] in "\r\n ":
                    stop -= 1
            return int(stop)
        if node.flow_style or not node.value:
            return int(node.end_mark.index)  # just after the closing bracket
        last = node.value[-1]
        return self.end(last[1] if isinstance(node, MappingNode) else last)

    def own_line(self, index: int) -> int:
        """Start of the line of ``index``, which must hold nothing before it."""
        start = self.line_start(index)
        if self.text[start:index].strip():
            raise Unsupported("not on a line of its own")
        return start

    def rest_of_line(self, node: Node) -> int:
        """Just after the line break that ends ``node``; only a comment may follow it."""
        stop = self.end(node)
        leaf = node
        while not isinstance(leaf, ScalarNode) and leaf.value and not leaf.flow_style:
            leaf = leaf.value[-1][1] if isinstance(leaf, MappingNode) else leaf.value[-1]
        if isinstance(leaf, ScalarNode) and leaf.style in ("|", ">"):
            indicator = self.text[leaf.start_mark.index : self.line_end(leaf.start_mark.index)]
            if "+" in indicator.split("#")[0]:  # keeps its trailing blank lines: ends later
                raise Unsupported("a block scalar that keeps its final line breaks")
        after = self.line_end(stop)
        tail = self.text[stop:after].strip()
        if tail and not tail.startswith("#"):
            raise Unsupported("something follows on its line")
        return after

    # --- edits ----------------------------------------------------------------

    def replace(self, start: int, stop: int, text: str) -> None:
        self.edits.append((start, stop, len(self.edits), text))

    def insert(self, at: int, lines: list[str]) -> None:
        prefix = "\n" if at == len(self.text) and not self.text.endswith("\n") else ""
        self.replace(at, at, prefix + "".join(line + "\n" for line in lines))

    def apply(self) -> str:
        out = []
        position = 0
        for start, stop, _, text in sorted(self.edits):
            if start < position:
                raise Unsupported("overlapping edits")
            out.append(self.text[position:start])
            out.append(text)
            position = stop
        out.append(self.text[position:])
        return "".join(out)

    # --- the walk -------------------------------------------------------------

    def value(self, node: Node, old: Any, new: Any) -> None:
        if same(old, new):
            return
        if isinstance(node, ScalarNode) and not isinstance(new, dict | list):
            self.scalar(node, new)
        elif _is_flow(node, self.text):
            if "#" in self.text[node.start_mark.index : self.end(node)]:
                raise Unsupported("a comment inside a flow collection")
            piece = flow_text(new)
            _check(f"[{piece}]", [new])
            self.replace(node.start_mark.index, self.end(node), piece)
        elif isinstance(node, MappingNode) and isinstance(old, dict) and isinstance(new, dict):
            self.mapping(node, old, new)
        elif isinstance(node, SequenceNode) and isinstance(old, list) and isinstance(new, list):
            self.sequence(node, old, new)
        else:
            raise Unsupported("a value changes its shape")

    def scalar(self, node: ScalarNode, new: Any) -> None:
        if node.tag != "tag:yaml.org,2002:str" and node.style not in (None, "", "'", '"'):
            raise Unsupported("a tagged block scalar")
        start = node.start_mark.index
        gap = "" if self.text[start - 1 : start] in (" ", "\t", "\n", "[", "{", ",") else " "
        piece = scalar_text(new)
        _check(f"[{piece}]", [new])
        self.replace(start, self.end(node), gap + piece)  # `key:` + ` value`

    def mapping(self, node: MappingNode, old: dict[Any, Any], new: dict[Any, Any]) -> None:
        if not new:
            raise Unsupported("a block mapping emptied")
        pairs: dict[Any, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.value not in old:
                raise Unsupported("a key that is not plain text")
            pairs[key_node.value] = (key_node, value_node)
        if len(pairs) != len(old):
            raise Unsupported("keys the data does not match")
        column = node.value[0][0].start_mark.column
        for key, (key_node, value_node) in pairs.items():
            if key not in new:
                start = self.own_line(key_node.start_mark.index)
                self.replace(start, self.rest_of_line(value_node), "")
            elif self.grows_from_empty(value_node, new[key]):
                # `services: []` gaining items is written in block style, as
                # the rest of the file is, not as a flow list on one line.
                lines = pair_lines(key, new[key], column)
                _check("\n".join(lines), {key: new[key]})
                colon = self.text.rfind(":", key_node.end_mark.index, value_node.start_mark.index)
                self.replace(colon + 1, self.end(value_node), "\n" + "\n".join(lines[1:]))
            else:
                self.value(value_node, old[key], new[key])
        previous: Any = None
        for key in new:
            if key in pairs:
                previous = key
                continue
            lines = pair_lines(key, new[key], column)
            _check("\n".join(lines), {key: new[key]})
            if previous is None:
                self.insert(self.own_line(node.value[0][0].start_mark.index), lines)
            else:
                self.insert(self.rest_of_line(pairs[previous][1]), lines)

    def grows_from_empty(self, node: Node, new: Any) -> bool:
        """An empty ``[]``/``{}`` that now holds items, alone up to its line's end."""
        if isinstance(node, ScalarNode) or node.value or not isinstance(new, dict | list):
            return False
        stop = self.end(node)
        return bool(new) and not self.text[stop : self.line_end(stop)].strip()

    def sequence(self, node: SequenceNode, old: list[Any], new: list[Any]) -> None:
        if not new:
            raise Unsupported("a block list emptied")
        items: list[Node] = list(node.value)
        if len(items) != len(old):
            raise Unsupported("items the data does not match")
        dashes = [self.dash(item) for item in items]
        column = dashes[0] - self.line_start(dashes[0])
        matched = _match(old, new)
        last = -1
        for i in matched:
            if i is not None:
                if i < last:
                    raise Unsupported("items reordered")
                last = i
        kept = {i for i in matched if i is not None}
        for i, item in enumerate(items):
            if i not in kept:
                self.replace(self.own_line(dashes[i]), self.rest_of_line(item), "")
        previous: int | None = None
        for j, i in enumerate(matched):
            if i is not None:
                self.value(items[i], old[i], new[j])
                previous = i
                continue
            lines = item_lines(new[j], column)
            _check("\n".join(lines), [new[j]])
            if previous is None:
                self.insert(self.own_line(dashes[0]), lines)
            else:
                self.insert(self.rest_of_line(items[previous]), lines)

    def dash(self, item: Node) -> int:
        start = item.start_mark.index
        dash = self.text.rfind("-", self.line_start(start), start)
        if dash < 0 or self.text[dash + 1 : start].strip():
            raise Unsupported("a list item not written after its dash")
        self.own_line(dash)
        return dash


def _is_flow(node: Node, text: str) -> bool:
    if isinstance(node, ScalarNode):
        return False
    return bool(node.flow_style) or not node.value


def _match(old: list[Any], new: list[Any]) -> list[int | None]:
    """For each new item, the index of the old item it continues (None: a new item).

    Named items (services, stickies) match by name. Other lists match by
    position when their length is unchanged (an item edited in place), else by
    the longest common run of equal items (difflib), so removing the first of
    ten dependencies removes its lines rather than rewriting the nine after it.
    """
    old_names = _names(old)
    new_names = _names(new)
    if old_names is not None and new_names is not None:
        where = {name: i for i, name in enumerate(old_names)}
        return [where.get(name) for name in new_names]
    if len(old) == len(new):
        return list(range(len(new)))
    matcher = difflib.SequenceMatcher(None, [_key(o) for o in old], [_key(n) for n in new])
    matched: list[int | None] = [None] * len(new)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):  # a replaced run: its items edited in place, in order
            for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
                matched[j] = i
    return matched


def _key(value: Any) -> str:
    return json.dumps(_plain(value), sort_keys=True, default=str)


def _plain(value: Any) -> Any:
    # What `same` treats as equal compares equal here: 100 and 100.0, a date and its text.
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _names(items: list[Any]) -> list[Any] | None:
    if not all(isinstance(i, dict) and "name" in i for i in items):
        return None
    names = [i["name"] for i in items]
    return names if len(set(names)) == len(names) else None
