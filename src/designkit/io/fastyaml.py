"""The fast path of reading a design file: libyaml (PyYAML's C parser) with YAML 1.2 rules.

libyaml scans and parses at C speed, but PyYAML resolves plain scalars the YAML
1.1 way (``no`` is false, ``017`` is octal) and accepts what a design file must
not hold. This module gives it the resolver of ruamel.yaml's YAML 1.2 mode (the
round-trip reader of :mod:`designkit.io.yamlfile`) and constructors for the
plain YAML types only.

It never reports an error itself: :func:`fast_parse` returns None for anything
it cannot vouch for (a custom tag, a duplicate key, an alias, a directive, a
scalar it would read differently), and the caller then reads the file with the
round-trip parser, which gives the exact message and line. So a file reads the
same on both paths, and errors are worded as they always were.

Examples
--------
>>> fast_parse("mesh: {technology: no}\\nn: 017\\n")
{'mesh': {'technology': 'no'}, 'n': 17}
>>> fast_parse("a: !!python/name:os.system x\\n") is None
True
>>> fast_parse("a: 1\\na: 2\\n") is None
True
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

__all__ = [
    "aliases_are_safe",
    "compose",
    "deeper_than",
    "fast_parse",
    "fast_parse_tree",
    "has_aliases",
    "line_of_node",
]

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"

# ruamel.yaml's implicit resolvers for YAML 1.2 (ruamel/yaml/resolver.py), copied
# as data so both readers resolve every plain scalar alike; a test compares them.
_IMPLICIT_12: list[tuple[str, str, str]] = [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "float",
        r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        "int",
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        "-+0123456789",
    ),
    ("merge", r"^(?:<<)$", "<"),
    ("null", r"^(?: ~ |null|Null|NULL | )$", "~nN"),
    (
        "timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
    ("value", r"^(?:=)$", "="),
]

# Text the round-trip reader reads differently from libyaml: a %YAML directive
# (1.1 resolution), and characters libyaml takes for line breaks but YAML 1.2 does not.
_SLOW_PATH = ("%YAML", "\x85", "\u2028", "\u2029", "\ufeff")


class _Fallback(Exception):
    """The fast path cannot vouch for this document; read it the round-trip way."""


class Resolver12(BaseResolver):
    """PyYAML resolver with ruamel.yaml's YAML 1.2 implicit types."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}
    yaml_path_resolvers: ClassVar[dict[Any, Any]] = {}

    # libyaml calls these once per node: no path resolvers, so the lean versions.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _CORE + ("seq" if kind is SequenceNode else "map")


for _kind, _pattern, _first in _IMPLICIT_12:
    Resolver12.add_implicit_resolver(_CORE + _kind, re.compile(_pattern, re.X), list(_first))
Resolver12.add_implicit_resolver(_CORE + "null", re.compile(r"^$"), [""])


class _Constructor(yaml.constructor.BaseConstructor):
    """Plain YAML only; anything else (or anything odd) falls back to the round-trip reader."""

    yaml_constructors: ClassVar[dict[Any, Any]] = {}
    yaml_multi_constructors: ClassVar[dict[Any, Any]] = {}

    def construct_undefined(self, node: Node) -> Any:
        raise _Fallback(node.tag)

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Fallback("a complex key")
            key = self.construct_object(key_node, deep=deep)
            if key in mapping:
                raise _Fallback("a duplicate key")
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_map(self, node: Node) -> Any:
        data: dict[Any, Any] = {}
        yield data
        data.update(self.construct_mapping(node))

    def construct_yaml_seq(self, node: Node) -> Any:
        data: list[Any] = []
        yield data
        data.extend(self.construct_object(child) for child in node.value)

    def construct_yaml_str(self, node: Node) -> str:
        return str(node.value)

    def construct_yaml_null(self, node: Node) -> None:
        return None

    def construct_yaml_bool(self, node: Node) -> bool:
        value = node.value.lower()
        if value not in ("true", "false"):
            raise _Fallback("a boolean")
        return value == "true"

    def construct_yaml_int(self, node: Node) -> int:
        # As ruamel.yaml reads YAML 1.2: 017 is seventeen, 0o17 is octal.
        text = node.value.replace("_", "")
        sign = -1 if text.startswith("-") else 1
        text = text.lstrip("+-")
        bases = {"0b": 2, "0x": 16, "0o": 8}
        try:
            base = bases.get(text[:2], 10)
            return sign * int(text[2:] if base != 10 else text, base)
        except ValueError:
            raise _Fallback("an integer") from None

    def construct_yaml_float(self, node: Node) -> float:
        text = node.value.replace("_", "").lower()
        sign = -1.0 if text.startswith("-") else 1.0
        text = text.lstrip("+-")
        if text in (".inf", ".nan"):
            return sign * float(text[1:])
        try:
            return sign * float(text)
        except ValueError:
            raise _Fallback("a float") from None

    def construct_yaml_timestamp(self, node: Node) -> dt.date:
        try:  # a date only; a time of day is rare enough to leave to the round-trip reader
            return dt.date.fromisoformat(node.value)
        except ValueError:
            raise _Fallback("a timestamp") from None


for _name in ("map", "seq", "str", "null", "bool", "int", "float", "timestamp"):
    _Constructor.add_constructor(_CORE + _name, getattr(_Constructor, f"construct_yaml_{_name}"))
_Constructor.add_constructor(None, _Constructor.construct_undefined)


try:
    from yaml._yaml import CParser
except ImportError:  # a PyYAML built without libyaml: every file is read the round-trip way
    CParser = None


class _Loader(CParser or object, _Constructor, Resolver12):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        _Constructor.__init__(self)
        Resolver12.__init__(self)
        self._plain: dict[str, str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # libyaml asks once per scalar, and a design repeats its keys and most of
        # its values: each plain one is resolved once per file, short ones kept.
        if kind is ScalarNode:
            if implicit[0]:
                tag = self._plain.get(value)
                if tag is None:
                    tag = _STR
                    for tag_, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                        if regexp.match(value):
                            tag = tag_
                            break
                    if len(value) <= _REMEMBERED:
                        self._plain[value] = tag
                return tag
            return _STR
        return _CORE + ("seq" if kind is SequenceNode else "map")


_REMEMBERED = 40
"""Longest plain scalar whose tag a parse keeps (longer ones are rarely repeated)."""


class _PositionsLoader(_Loader):
    """Nodes for their positions only: every untagged scalar is left a string."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            return _STR
        return _CORE + ("seq" if kind is SequenceNode else "map")


_EXPANSION_FLOOR = 10_000  # as io.yamlfile: aliases may expand to this, or twice the size


def compose(text: str, *, tags: bool = True) -> Node | None:
    """libyaml's node tree of ``text`` (with positions), or None if it cannot read it.

    ``tags=False`` leaves plain scalars untyped (their tag is ``str``): faster,
    for a caller that needs only where things are written.
    """
    if CParser is None or any(marker in text for marker in _SLOW_PATH):
        return None
    loader = (_Loader if tags else _PositionsLoader)(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()


def fast_parse(text: str) -> Any:
    """The data of YAML ``text`` read at C speed, or None where the round-trip reader must
    (see :func:`fast_parse_tree`)."""
    found = fast_parse_tree(text)
    return None if found is None else found[0]


def fast_parse_tree(text: str) -> tuple[Any, Node] | None:
    """The data of YAML ``text`` read at C speed, or None where the round-trip reader must.

    Returns None (never raises) for a file that is not valid YAML, is empty, or
    holds anything the safe round-trip reader would refuse or read differently.
    A file with aliases is read only if they neither recurse nor expand it much.
    """
    if CParser is None or any(marker in text for marker in _SLOW_PATH):
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        shared: dict[int, Any] | None = None
        if "&" in text:
            if not aliases_are_safe(node):
                return None
            shared = {}
        return _build(loader, node, shared), node
    except (yaml.YAMLError, _Fallback, RecursionError, TypeError):
        return None
    finally:
        loader.dispose()


_PLAIN_STR = _STR
_MAP = _CORE + "map"
_SEQ = _CORE + "seq"


def _build(loader: _Loader, node: Node, shared: dict[int, Any] | None) -> Any:
    """The data of ``node``: what the constructor gives, without its per-node machinery.

    Strings, mappings and lists (nearly every node) are built here; other scalars
    go to the constructor's methods. ``shared`` memoises nodes reached through an
    alias (the tree was checked: no recursion, no bomb), so they stay one object.
    """
    if shared is not None:
        found = shared.get(id(node))
        if found is not None:
            return found
    tag = node.tag
    kind = type(node)
    if tag == _PLAIN_STR and kind is ScalarNode:
        value: Any = node.value
    elif tag == _MAP and kind is MappingNode:
        value = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Fallback("a complex key")
            key = _build(loader, key_node, shared)
            if key in value:
                raise _Fallback("a duplicate key")
            value[key] = _build(loader, value_node, shared)
    elif tag == _SEQ and kind is SequenceNode:
        value = [_build(loader, child, shared) for child in node.value]
    else:
        constructor = _SCALARS.get(tag)
        if constructor is None or kind is not ScalarNode:
            raise _Fallback(tag)
        value = constructor(loader, node)
    if shared is not None:
        shared[id(node)] = value
    return value


_SCALARS = {
    _CORE + name: getattr(_Constructor, f"construct_yaml_{name}")
    for name in ("str", "null", "bool", "int", "float", "timestamp")
}


def aliases_are_safe(root: Node) -> bool:
    """False if an alias recurses, or aliases expand the tree past the alias-bomb limit."""
    sizes: dict[int, int] = {}
    unique = 0
    stack: list[tuple[Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _children(node))
            continue
        if key in sizes:
            continue
        unique += 1
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                return False
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)] <= max(_EXPANSION_FLOOR, 2 * unique)


def deeper_than(root: Node, limit: int) -> bool:
    """True if the tree nests more than ``limit`` collections deep."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in _children(node))
    return False


def has_aliases(root: Node) -> bool:
    """True if some node of the tree is reached twice (through an alias)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        stack.extend(_children(node))
    return False


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def line_of_node(root: Node | None, loc: tuple[str | int, ...]) -> int | None:
    """1-based line of the deepest part of ``loc`` found in the node tree ``root``.

    The same line the round-trip reader gives: a mapping key's line, or a list
    item's first line.

    Examples
    --------
    >>> root = compose("a:\\n  b:\\n    - x\\n    - y\\n")
    >>> line_of_node(root, ("a", "b", 1)), line_of_node(root, ("a", "zz"))
    (4, 1)
    """
    line = None
    node = root
    for part in loc:
        if isinstance(node, SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                    line = key_node.start_mark.line + 1
                    node = value_node
                    break
            else:
                break
        else:
            break
    return line
