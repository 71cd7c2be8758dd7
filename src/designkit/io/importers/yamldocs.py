"""Line-aware, safe reading of the YAML and JSON files an import reads.

Deployment files are often large (rendered Helm charts, hundreds of
manifests), so they are parsed with PyYAML's C parser when it is there; each
mapping remembers the line it starts on, which becomes the ``origin`` of what
is imported from it. Custom tags are refused and aliases may not expand a
document beyond twice its written size (an alias bomb), as for design files.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from ...errors import DesignFileError

__all__ = ["LineDict", "key_line", "line", "load_documents"]

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_EXPANSION_FLOOR = 100_000


class LineDict(dict[Any, Any]):
    """A mapping that knows the 1-based line it starts on."""

    __slots__ = ("key_lines", "line")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.key_lines: dict[str, int] = {}
        """The line of each plain-text key."""


class _Loader(_BASE):  # type: ignore[misc,valid-type]
    """Safe loader whose mappings are LineDicts."""


def _construct_map(loader: Any, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {
        k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
    }
    yield data
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def line(obj: Any, default: int = 0) -> int:
    """The line ``obj`` starts on, if it is a mapping read by :func:`load_documents`.

    Examples
    --------
    >>> docs = load_documents("a: 1\\n---\\nb:\\n  c: 2\\n", "x.yaml")
    >>> line(docs[1]), line(docs[1]["b"]), line("text", 7)
    (3, 4, 7)
    """
    return obj.line if isinstance(obj, LineDict) else default


def key_line(obj: Any, key: str) -> int:
    """The line of ``key`` in a mapping read by :func:`load_documents` (else its own line)."""
    if not isinstance(obj, LineDict):
        return 0
    return obj.key_lines.get(key, obj.line)


def load_documents(text: str, source: str) -> list[Any]:
    """Every document of a YAML (or JSON) stream, empty documents left out.

    Raises
    ------
    DesignFileError
        Naming ``source`` and the line, when the text is not valid YAML, uses a
        custom tag or an alias bomb.
    """
    loader = _Loader(text)
    docs: list[Any] = []
    # Without '&' there is no anchor (so no alias) and without '!' no tag: nothing to check.
    check = "&" in text or "!" in text
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            if check:
                _check(node, source)
            doc = loader.construct_document(node)
            if doc is not None:
                docs.append(doc)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise DesignFileError(
            source, f"not valid YAML: {reason}", line=mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        raise DesignFileError(source, f"not valid YAML: {exc}") from None
    except RecursionError:
        raise DesignFileError(source, "the YAML is nested too deeply") from None
    finally:
        loader.dispose()
    return docs


_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge", "binary")
}


def _check(root: yaml.Node, source: str) -> None:
    """Refuse custom tags and aliases that expand a document far beyond its size."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    unique = 0
    while stack:
        node, done = stack.pop()
        if done:
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 1) for c in _children(node))
            continue
        if id(node) in sizes:
            continue
        if node.tag not in _TAGS:
            raise DesignFileError(
                source,
                f"tag {node.tag!r} is not supported (plain YAML only)",
                line=node.start_mark.line + 1,
            )
        unique += 1
        sizes[id(node)] = 1  # provisional: a recursive alias counts once
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
    if sizes[id(root)] > max(_EXPANSION_FLOOR, 2 * unique):
        raise DesignFileError(
            source, f"aliases expand {unique} written nodes to {sizes[id(root)]}; refusing"
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
