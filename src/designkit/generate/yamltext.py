"""Generated YAML, byte for byte as ruamel.yaml writes it, many times faster.

The generated documents are written in designkit's YAML style: ruamel.yaml's
round-trip dumper (:func:`designkit.io.yamlfile.new_yaml`, lines up to 4096
characters). Its pure-Python emitter was half of a phase notebook's time.
libyaml's C emitter (PyYAML's ``CSafeDumper``) cannot take its place: it writes
a list under a key at the key's column (``key:\n- a``) and has no option for
designkit's ``key:\n  - a``, so every file would change. The documents are
plain data (dicts, lists, strings, numbers, booleans, None), so their block
layout is simple to write directly:

- a mapping's keys at the mapping's column, a nested mapping 2 further in;
- a list under a key: its dashes 2 further in than the key, an item's content
  2 after its dash; a list in a list: the inner dash 4 after the outer one; a
  top-level list: dashes at column 2;
- empty collections in flow style, ``{}`` and ``[]``;
- a literal block (``LiteralScalarString``, the workflows' scripts) as a
  mapping value: ``|`` or ``|-``, its lines 2 further in than the key.

How a *scalar* is written (plain or quoted, escapes) is ruamel.yaml's own
decision: a string that is plain in any YAML (a letter, then letters, digits
and ``_./-``, single spaces between words, not a YAML 1.2 keyword) is written
as it is; every other scalar is rendered by ruamel.yaml once per process, all a
document needs in one dump, and cached. Whatever this module does not vouch for
(a scalar over several lines or too long for one, a complex key, a shared
object ruamel.yaml would anchor, a type other than the plain ones) makes
:func:`block_yaml` return None, and the caller dumps that document with
ruamel.yaml. Tests compare both on every document of the bundled examples and
on random data.

Examples
--------
>>> print(block_yaml({"kind": "Service", "spec": {"ports": [{"port": 80}], "tags": []}}), end="")
kind: Service
spec:
  ports:
    - port: 80
  tags: []
>>> shared = {"a": 1}
>>> block_yaml({"x": shared, "y": shared}) is None  # ruamel.yaml writes an anchor
True
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml.scalarstring import LiteralScalarString

from ..io.yamlfile import new_yaml

__all__ = ["WIDTH", "block_yaml", "dumper"]

WIDTH = 4096
"""Line width of generated YAML: long strings (PromQL, descriptions) stay on one line."""

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*")
"""Strings every YAML writer leaves plain: a letter first, no indicator, no space at an end."""
_KEYWORDS = frozenset(["true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"])
"""Plain strings a YAML 1.2 reader takes for something else (ruamel.yaml quotes them)."""
_BREAKS = re.compile("[\r\n\x85\u2028\u2029]")
"""Line breaks: a key holding one is written as a complex key."""
_SCALARS = (str, int, float, bool, type(None))
_LITERAL_LINE = re.compile(r"[ -~]*[!-~]")
"""A line of a literal block this module writes: printable ASCII, no space at its end."""
_LONGEST = WIDTH - 200
"""A scalar line longer than this may be folded by ruamel.yaml: such documents fall back."""
_MOST_KEY = 100
"""Longer keys may be written as complex keys (``? key``): such documents fall back."""

_TEXT: dict[tuple[type, Any], str] = {}
"""Scalar (:func:`_key`) -> its YAML text as ruamel.yaml writes it (a mapping value or a
list item)."""


_MOST_CACHED = 200_000
"""Scalars kept in :data:`_TEXT` (a few tens of MB at most)."""


class _Unsupported(Exception):
    """The document holds something this module leaves to ruamel.yaml."""


def dumper() -> Any:
    """The ruamel.yaml dumper of generated documents (the reference this module matches)."""
    yaml = new_yaml()
    yaml.width = WIDTH
    return yaml


def _plain(value: str) -> bool:
    return value not in _KEYWORDS and _PLAIN.fullmatch(value) is not None


def _key(value: Any) -> tuple[type, Any]:
    """The cache key of a scalar: its type and value (a float's repr: -0.0 is not 0.0)."""
    return (type(value), repr(value) if type(value) is float else value)


def _collect(value: Any, seen: set[int], todo: dict[tuple[type, Any], Any]) -> None:
    """Check ``value`` is plain data ruamel.yaml writes without anchors; gather the scalars
    whose text is not known yet into ``todo``."""
    kind = type(value)
    if kind is dict or kind is list:
        if id(value) in seen:  # ruamel.yaml would write an anchor and an alias
            raise _Unsupported
        seen.add(id(value))
        if kind is dict:
            for key, item in value.items():
                if type(key) is not str or not key or len(key) > _MOST_KEY:
                    raise _Unsupported  # ruamel.yaml may write a complex key (? key)
                if _BREAKS.search(key):
                    raise _Unsupported
                if not _plain(key) and (str, key) not in _TEXT:
                    todo[(str, key)] = key
                _collect(item, seen, todo)
        else:
            for item in value:
                _collect(item, seen, todo)
    elif kind is LiteralScalarString:
        _check_literal(value)
    elif kind not in _SCALARS:
        raise _Unsupported
    elif kind is not str or not _plain(value):
        key = _key(value)
        if key not in _TEXT:
            todo[key] = value


def _check_literal(value: str) -> None:
    """Raise unless ``value`` is a literal block written as ``|`` or ``|-`` (no indentation
    indicator, no ``|+``): non-empty lines of printable ASCII, the first not indented."""
    body = value[:-1] if value.endswith("\n") else value
    if not body or body.startswith(" "):
        raise _Unsupported
    for line in body.split("\n"):
        if _LITERAL_LINE.fullmatch(line) is None:
            raise _Unsupported


def _learn(todo: dict[tuple[type, Any], Any]) -> None:
    """Put ruamel.yaml's text of each scalar in ``todo`` into the cache, in one dump."""
    if not todo:
        return
    keys = list(todo)
    buffer = io.StringIO()
    dumper().dump({"k": [todo[key] for key in keys]}, buffer)
    lines = buffer.getvalue().split("\n")
    # "k:", then one "  - text" line per scalar, then the final newline's empty string.
    if (
        len(lines) != len(keys) + 2
        or lines[-1]
        or not all(line.startswith("  - ") for line in lines[1:-1])
        or _BREAKS.search(buffer.getvalue().replace("\n", ""))
    ):
        raise _Unsupported  # some scalar took several lines
    for key, line in zip(keys, lines[1:-1], strict=True):
        _TEXT[key] = line[4:]


def _scalar(value: Any, column: int) -> str:
    text = value if type(value) is str and _plain(value) else _TEXT[_key(value)]
    if column + len(text) > _LONGEST:
        raise _Unsupported
    return text


def _mapping(value: dict[str, Any], column: int, first: str, out: list[str]) -> None:
    """Write the pairs of non-empty ``value`` with keys at ``column``; the first line
    starts with ``first`` (a list dash) instead of the indent."""
    pad = " " * column
    for n, (key, item) in enumerate(value.items()):
        text = _scalar(key, column)
        if len(text) > _MOST_KEY:  # ruamel.yaml may write it as a complex key (? key)
            raise _Unsupported
        head = f"{first if n == 0 else pad}{text}:"
        _value(head, item, column, out)


def _value(head: str, item: Any, column: int, out: list[str]) -> None:
    """Write ``head`` (a key and its colon) and ``item``, the key at ``column``."""
    kind = type(item)
    if kind is dict and item:
        out.append(head)
        _mapping(item, column + 2, " " * (column + 2), out)
    elif kind is list and item:
        out.append(head)
        _sequence(item, column + 2, " " * (column + 2), out)
    elif kind is dict or kind is list:
        out.append(f"{head} {'{}' if kind is dict else '[]'}")
    elif kind is LiteralScalarString:
        pad = " " * (column + 2)
        body = item[:-1] if item.endswith("\n") else item
        out.append(f"{head} |{'' if body is not item else '-'}")
        out.extend(pad + line for line in body.split("\n"))
    else:
        out.append(f"{head} {_scalar(item, len(head) + 1)}")


def _sequence(value: list[Any], dash: int, first: str, out: list[str]) -> None:
    """Write the items of non-empty ``value`` with dashes at ``dash``; the first line
    starts with ``first`` instead of the indent."""
    pad = " " * dash
    for n, item in enumerate(value):
        lead = f"{first if n == 0 else pad}- "
        kind = type(item)
        if kind is dict and item:
            _mapping(item, dash + 2, lead, out)
        elif kind is list and item:
            _sequence(item, dash + 4, lead + "  ", out)
        elif kind is dict or kind is list:
            out.append(f"{lead}{'{}' if kind is dict else '[]'}")
        elif kind is LiteralScalarString:
            raise _Unsupported  # a literal block as a list item: left to ruamel.yaml
        else:
            out.append(f"{lead}{_scalar(item, dash + 2)}")


def block_yaml(item: Any) -> str | None:
    """``item`` (a non-empty dict or list) as ruamel.yaml's :func:`dumper` writes it, or
    None when this module does not vouch for the text (then dump it with :func:`dumper`)."""
    if type(item) not in (dict, list) or not item:
        return None
    if len(_TEXT) > _MOST_CACHED:  # a long-lived process: start again rather than grow
        _TEXT.clear()
    todo: dict[tuple[type, Any], Any] = {}
    try:
        _collect(item, set(), todo)
        _learn(todo)
        out: list[str] = []
        if type(item) is dict:
            _mapping(item, 0, "", out)
        else:  # ruamel.yaml indents a top-level list's dashes by 2
            _sequence(item, 2, "  ", out)
    except _Unsupported:
        return None
    out.append("")
    return "\n".join(out)
