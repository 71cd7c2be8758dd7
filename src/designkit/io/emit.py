"""YAML text of new values, in designkit's style, for splicing into a design file.

Small and fast: what a save adds to a file (a new key, a new list item, a
changed scalar) is written here, the rest of the file is left as it was. The
style is the one :func:`designkit.io.yamlfile.new_yaml` writes: mappings
indented by 2, list dashes indented by 2 under their key. Scalars are quoted
whenever a YAML 1.1 *or* 1.2 reader would take them for anything but a string
(``no``, ``0o17``, ``2024-01-02``), so a file reads the same everywhere.

Examples
--------
>>> print("\\n".join(pair_lines("tags", ["no", "1.0", "a b"], 2)))
  tags:
    - 'no'
    - '1.0'
    - a b
>>> scalar_text(1e-05), scalar_text(None), scalar_text("x: y")
('1.0e-05', 'null', "'x: y'")
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import yaml
from yaml.nodes import ScalarNode

from .fastyaml import Resolver12

__all__ = ["flow_text", "item_lines", "pair_lines", "scalar_text"]

_STR = "tag:yaml.org,2002:str"


_RESOLVER12 = Resolver12()


class _Dumper(yaml.SafeDumper):
    """PyYAML's dumper; a plain scalar must read as a string under YAML 1.1 and 1.2."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        tag = super().resolve(kind, value, implicit)
        if kind is ScalarNode and tag == _STR and implicit[0]:
            return _RESOLVER12.resolve(kind, value, implicit)
        return tag


def scalar_text(value: Any) -> str:
    """One scalar as flow-safe, single-line YAML that reads back as exactly ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(float(value))
        if "e" in text and "." not in text:  # 1e-05 is a string to YAML 1.1 readers
            mantissa, exponent = text.split("e")
            text = f"{mantissa}.0e{exponent}"
        return text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        out = yaml.dump(
            [str(value)],
            Dumper=_Dumper,
            default_flow_style=True,
            width=float("inf"),
            allow_unicode=True,
            # Line breaks and control characters as escapes: one line, read back exactly.
            default_style=None if value.isprintable() else '"',
        )
        return out[1:-2]  # "[...]\n"
    raise TypeError(f"cannot write a {type(value).__name__} in a design file")


def flow_text(value: Any) -> str:
    """``value`` as single-line flow YAML: ``{a: 1, b: [x, y]}``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar_text(k)}: {flow_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_text(v) for v in value) + "]"
    return scalar_text(value)


def pair_lines(key: Any, value: Any, column: int) -> list[str]:
    """Block lines of ``key: value`` with the key at ``column``."""
    out: list[str] = []
    _pair(f"{' ' * column}{scalar_text(key)}:", value, column, out)
    return out


def item_lines(value: Any, dash_column: int) -> list[str]:
    """Block lines of one list item, its dash at ``dash_column``."""
    out: list[str] = []
    _item(value, dash_column, out)
    return out


def _pair(head: str, value: Any, column: int, out: list[str]) -> None:
    if isinstance(value, dict) and value:
        out.append(head)
        for key, child in value.items():
            _pair(f"{' ' * (column + 2)}{scalar_text(key)}:", child, column + 2, out)
    elif isinstance(value, list) and value:
        out.append(head)
        for child in value:
            _item(child, column + 2, out)
    else:
        out.append(f"{head} {flow_text(value)}")


def _item(value: Any, dash: int, out: list[str]) -> None:
    if isinstance(value, dict) and value:
        for n, (key, child) in enumerate(value.items()):
            lead = f"{' ' * dash}- " if n == 0 else " " * (dash + 2)
            _pair(f"{lead}{scalar_text(key)}:", child, dash + 2, out)
    elif isinstance(value, list) and value:
        out.append(f"{' ' * dash}-")
        for child in value:
            _item(child, dash + 2, out)
    else:
        out.append(f"{' ' * dash}- {flow_text(value)}")
