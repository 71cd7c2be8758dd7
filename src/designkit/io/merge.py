"""Merge freshly dumped data into the parsed original, so comments and layout survive."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarfloat import ScalarFloat

__all__ = ["merge"]


def merge(old: Any, new: Any) -> Any:
    """Return ``new`` expressed by reusing ``old``'s containers where they match.

    Mappings keep their comments and key positions; new keys go where the model's
    field order puts them. Lists of named items are matched by ``name``; other
    lists by position. Scalars equal to the old ones keep the old object (and its
    quoting style).
    """
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for index, (key, value) in enumerate(new.items()):
            if key in old:
                old[key] = merge(old[key], value)
            elif hasattr(old, "insert"):
                old.insert(_position(old, list(new), index), key, value)
            else:
                old[key] = value
        return old
    if isinstance(old, list) and isinstance(new, list):
        by_name = _named(old)
        if by_name is not None and _named(new) is not None:
            merged = [merge(by_name[v["name"]], v) if v["name"] in by_name else v for v in new]
        else:
            merged = [merge(o, v) for o, v in zip(old, new, strict=False)] + new[len(old) :]
        # Assign item by item: replacing the slice would drop the comments ruamel
        # keeps per index (e.g. a comment line after a list's last item).
        for i, value in enumerate(merged[: len(old)]):
            if old[i] is not value:
                old[i] = value
        if len(merged) < len(old):
            del old[len(merged) :]
        else:
            old.extend(merged[len(old) :])
        return old
    return old if _unchanged(old, new) else new


def _unchanged(old: Any, new: Any) -> bool:
    # Keep the file's spelling of an unchanged value: `100` for 100.0, `0.9990`,
    # `0x1F90`, a quoted string in a list, an unquoted date (dumped as text).
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, int | float) and isinstance(new, int | float):
        return bool(old == new) and _rewritten_exactly(old)
    if isinstance(old, dt.date) and isinstance(new, str):
        return old.isoformat() == new
    if isinstance(old, str) and isinstance(new, str):
        return old == new
    return type(old) is type(new) and bool(old == new)


def _named(items: list[Any]) -> dict[Any, Any] | None:
    if not all(isinstance(i, dict) and "name" in i for i in items):
        return None
    names = [i["name"] for i in items]
    return dict(zip(names, items, strict=True)) if len(set(names)) == len(names) else None


def _position(old: dict[Any, Any], new_keys: list[Any], index: int) -> int:
    # Insert after the last existing key that precedes this one in the new order.
    before = [k for k in new_keys[:index] if k in old]
    keys = list(old)
    return keys.index(before[-1]) + 1 if before else 0


_REPRESENTER = RoundTripRepresenter()


def _rewritten_exactly(value: Any) -> bool:
    # ruamel re-spells a loaded float in exponent form by truncating digits, which can
    # change it by one ulp (-2.522753946247637e-223 -> ...636e-223): then write it anew.
    if not isinstance(value, ScalarFloat):
        return True
    text = _REPRESENTER.represent_scalar_float(value).value
    try:
        return float(text.replace("_", "")) == value
    except ValueError:
        return False
