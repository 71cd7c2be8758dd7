"""Safe YAML parsing for design files: size cap, no custom tags, no alias bombs.

ruamel.yaml's round-trip mode is used (YAML 1.2, so ``no`` stays a string) because
it keeps comments and line numbers: errors point at lines, saves keep comments.
It is the slow, thorough path: designkit reads files with libyaml first
(:mod:`designkit.io.fastyaml`) and comes here for exact errors, for files the
fast path cannot vouch for, and for saves it cannot make as edits in place.
"""

from __future__ import annotations

import copy
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.docinfo import DocInfo, version
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..errors import DesignFileError
from .limits import DEFAULT_MAX_BYTES

__all__ = ["DEFAULT_MAX_BYTES", "copy_document", "dump_text", "line_of", "new_yaml", "parse"]

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_EXPANSION_FLOOR = 10_000
"""Aliases may expand a document to this many nodes, or twice its written size."""


class _Representer(RoundTripRepresenter):
    """Writes None as `null`: ruamel's round-trip default, an empty value, reads the
    same but hides the intent of `backup: null`."""


_Representer.add_representer(
    type(None), lambda rep, _v: rep.represent_scalar("tag:yaml.org,2002:null", "null")
)


def new_yaml() -> YAML:
    """A round-trip YAML instance configured the way designkit writes files."""
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_duplicate_keys = False
    yaml.preserve_quotes = True
    yaml.Representer = _Representer
    return yaml


def dump_text(data: Any, document: Any = None) -> str:
    """YAML text of plain ``data``; merged into a copy of round-trip ``document`` if given,
    so its comments and layout survive."""
    from .merge import merge

    data = _quote_line_breaks(data)
    if document is not None:
        data = merge(copy_document(document), data)
    buffer = io.StringIO()
    new_yaml().dump(data, buffer)
    return buffer.getvalue()


def _quote_line_breaks(data: Any) -> Any:
    # ruamel writes NEL as a bare line break, which reads back as a space.
    if isinstance(data, dict):
        return {k: _quote_line_breaks(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_quote_line_breaks(v) for v in data]
    if isinstance(data, str) and "\x85" in data:
        return DoubleQuotedScalarString(data)
    return data


def parse(text: str, source: str) -> Any:
    """Parse YAML ``text`` safely; raise DesignFileError naming ``source`` on any problem."""
    yaml = new_yaml()
    # Compose once, check the node tree, then construct from that same tree: the
    # scan is the costly part of loading, so it is done only once.
    yaml.doc_infos.append(DocInfo(requested_version=version(yaml.version)))
    yaml.tags = {}
    constructor, parser = yaml.get_constructor_parser(text)
    try:
        try:
            node = constructor.composer.get_single_node()
        except MarkedYAMLError as exc:
            raise _yaml_error(source, exc) from None
        except YAMLError as exc:
            raise DesignFileError(source, f"not valid YAML: {exc}") from None
        except RecursionError:
            raise DesignFileError(source, _TOO_DEEP) from None
        if node is None:
            raise DesignFileError(
                source, "the file is empty; a design needs at least metadata.name"
            )
        _check_nodes(node, source)
        try:
            return constructor.construct_document(node)
        except MarkedYAMLError as exc:  # e.g. a duplicate key
            raise _yaml_error(source, exc) from None
        except RecursionError:
            raise DesignFileError(source, _TOO_DEEP) from None
    finally:
        parser.dispose()
        for part in ("reader", "scanner"):
            reset = getattr(getattr(yaml, f"_{part}", None), f"reset_{part}", None)
            if reset is not None:
                reset()


_TOO_DEEP = "the YAML is nested too deeply to be a design"


def _yaml_error(source: str, exc: MarkedYAMLError) -> DesignFileError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    reason = " ".join(str(p) for p in (exc.context, exc.problem) if p)
    return DesignFileError(source, f"not valid YAML: {reason}", line=line)


def _check_nodes(root: Node, source: str) -> None:
    """Refuse custom tags, recursive aliases and alias expansion bombs."""
    sizes: dict[int, int] = {}
    unique = 0
    # Iterative post-order walk with memoised subtree sizes: a node reached through
    # an alias is the same object, so its size is computed once and a billion-laughs
    # document is measured in linear time without being expanded.
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
        if key in on_path:
            raise DesignFileError(
                source, "an alias refers to itself (recursive YAML)", line=node.start_mark.line + 1
            )
        if node.tag not in _ALLOWED_TAGS:
            raise DesignFileError(
                source,
                f"tag {str(node.tag).replace(_CORE, '!!')!r} is not allowed in a design file "
                "(plain YAML only)",
                line=node.start_mark.line + 1,
            )
        unique += 1
        on_path.add(key)
        stack.append((node, True))
        for child in reversed(_children(node)):  # reversed: pop (and report) in file order
            if id(child) in on_path:
                raise DesignFileError(
                    source,
                    "an alias refers to itself (recursive YAML)",
                    line=child.start_mark.line + 1,
                )
            if id(child) not in sizes:
                stack.append((child, False))
    expanded = sizes[id(root)]
    if expanded > max(_EXPANSION_FLOOR, 2 * unique):
        raise DesignFileError(
            source,
            f"aliases expand {unique} written nodes to {expanded}; refusing a possible "
            "alias bomb (write the values out instead)",
        )


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    assert isinstance(node, ScalarNode)
    return []


def line_of(data: Any, loc: tuple[str | int, ...]) -> int | None:
    """1-based line of the deepest part of ``loc`` found in round-trip ``data``."""
    line = None
    current = data
    for part in loc:
        lc = getattr(current, "lc", None)
        try:
            if isinstance(part, int) and isinstance(current, list):
                if lc is not None:
                    line = lc.item(part)[0] + 1
                current = current[part]
            elif isinstance(current, dict) and part in current:
                if lc is not None:
                    line = lc.key(part)[0] + 1
                current = current[part]
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
    return line


def copy_document(data: Any) -> Any:
    """A deep copy of round-trip ``data`` (comments, line numbers, anchors), in linear time.

    ``copy.deepcopy`` of a ruamel.yaml 0.19 ``CommentedSeq`` copies the list's
    YAML attributes (its line numbers and comments of every item) once per
    item, so copying a list of n items costs O(n^2) (ruamel.yaml ticket 513).
    This does what ``CommentedSeq.__deepcopy__`` and ``CommentedMap.__deepcopy__``
    do, with the same result, but copies each list's attributes once.

    Examples
    --------
    >>> data = parse("items: [a, b]  # two\\n", "<doc>")
    >>> copied = copy_document(data)
    >>> copied == data, copied is data, copied["items"] is data["items"]
    (True, False, False)
    >>> copied["items"].fa.flow_style(), copied["items"].lc.item(1)
    (True, (0, 11))
    """
    return _copy(data, {})


def _copy(node: Any, memo: dict[int, Any]) -> Any:
    # One frame per level (copy.deepcopy takes two or three), and parse() refuses
    # documents nested deeper than the recursion limit allows, so this cannot overflow.
    if isinstance(node, CommentedSeq):
        found = memo.get(id(node))
        if found is not None:
            return found  # an alias: the copy shares it too
        seq = node.__class__()
        memo[id(node)] = seq
        for item in node:
            seq.append(_copy(item, memo))
        if seq:
            # ruamel copies the attributes only inside its loop: never for an empty list.
            node.copy_attributes(seq, memo=memo)
        return seq
    if isinstance(node, CommentedMap):
        found = memo.get(id(node))
        if found is not None:
            return found
        mapping = node.__class__()
        memo[id(node)] = mapping
        for key in node:
            mapping[key] = _copy(node[key], memo)
        node.copy_attributes(mapping, memo=memo)
        return mapping
    return copy.deepcopy(node, memo)
