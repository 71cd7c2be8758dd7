"""Three-way merge of design data: two people's edits of the same design, combined.

When a save finds that the file changed on disk since it was loaded, the last
loaded version (*base*), the file now on disk (*theirs*) and this session's
design (*ours*) are merged field path by field path: a change made on one side
only is taken; the same change on both sides is taken once; mappings merge key
by key, lists of identified items item by item (by ``name``; the workshop's
sessions by ``phase``, parking-lot items by ``text``), so two people adding
different services, stickies or parking-lot items keep both. Where both
sides changed the same value differently, the merge keeps *theirs* (what is
on disk, so nothing already saved is undone) and reports a :class:`Conflict`
carrying both values, for the caller to show.

Pure: plain data (``model_dump(mode="json")``) in, plain data out.

Examples
--------
>>> base = {"services": [{"name": "cart"}], "slo": {"availability": 0.999}}
>>> theirs = {"services": [{"name": "cart", "team": "a"}], "slo": {"availability": 0.9995}}
>>> ours = {"services": [{"name": "cart"}, {"name": "order"}], "slo": {"availability": 0.99}}
>>> result = merge3(base, theirs, ours)
>>> result.data["services"]
[{'name': 'cart', 'team': 'a'}, {'name': 'order'}]
>>> result.conflicts
[Conflict(path='slo.availability', base=0.999, theirs=0.9995, ours=0.99)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["MISSING", "Conflict", "Merged", "merge3"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""Stands for a key or item absent on one side (never written, or deleted)."""

_KEYS = {"sessions": "phase", "open_questions": "text"}
"""Lists whose items are identified by another field than ``name`` (by the list's key)."""


@dataclass(frozen=True)
class Conflict:
    """Both sides changed the value at ``path`` differently; the merge kept ``theirs``."""

    path: str
    base: Any
    theirs: Any
    ours: Any


@dataclass
class Merged:
    """The merged data and the conflicts met on the way (empty when it merged cleanly)."""

    data: Any
    conflicts: list[Conflict] = field(default_factory=list)


def merge3(base: Any, theirs: Any, ours: Any) -> Merged:
    """Merge ``ours`` and ``theirs``, two edits of ``base``; see the module docstring."""
    result = Merged(None)
    result.data = _merge(base, theirs, ours, "", result.conflicts)
    return result


def _merge(base: Any, theirs: Any, ours: Any, path: str, out: list[Conflict]) -> Any:
    if theirs == ours:
        return theirs
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    if isinstance(theirs, dict) and isinstance(ours, dict):
        return _merge_dicts(base if isinstance(base, dict) else {}, theirs, ours, path, out)
    if isinstance(theirs, list) and isinstance(ours, list):
        old = base if isinstance(base, list) else []
        key = _identity(path, old, theirs, ours)
        if key is not None:
            return _merge_lists(old, theirs, ours, key, path, out)
    out.append(Conflict(path or "(design)", base, theirs, ours))
    return theirs


def _merge_dicts(
    base: dict[str, Any], theirs: dict[str, Any], ours: dict[str, Any], path: str, out: list
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key in [*theirs, *(k for k in ours if k not in theirs)]:
        value = _merge(
            base.get(key, MISSING),
            theirs.get(key, MISSING),
            ours.get(key, MISSING),
            f"{path}.{key}" if path else str(key),
            out,
        )
        if value is not MISSING:
            merged[key] = value
    return merged


def _identity(path: str, *lists: list[Any]) -> str | None:
    """The field that identifies the items of all three lists, if they have one."""
    key = _KEYS.get(path.rpartition(".")[2], "name")
    items = [item for lst in lists for item in lst]
    if not items or not all(isinstance(i, dict) and key in i for i in items):
        return None
    if any(len({repr(i[key]) for i in lst}) != len(lst) for lst in lists):
        return None
    return key


def _merge_lists(
    base: list[Any], theirs: list[Any], ours: list[Any], key: str, path: str, out: list
) -> list[Any]:
    def index(items: list[Any]) -> dict[str, Any]:
        return {repr(i[key]): i for i in items}

    b, t, o = index(base), index(theirs), index(ours)
    order = [*t, *(k for k in o if k not in t)]
    merged = []
    for k in order:
        label = t.get(k, o.get(k))[key]
        value = _merge(
            b.get(k, MISSING), t.get(k, MISSING), o.get(k, MISSING), f"{path}[{label}]", out
        )
        if value is not MISSING:
            merged.append(value)
    return merged
