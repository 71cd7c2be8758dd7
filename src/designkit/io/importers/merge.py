"""Add an imported design to one the user already has, never silently overwriting it.

Named items (services, stores, endpoints, calls, ...) are matched by their
key and merged field by field; what the import adds is taken, and where both
say something different the user's value is kept (or the import's, with
``prefer="import"``) and the difference is reported as a :class:`Conflict`.
Where an element came from (``origin``) is bookkeeping, never a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ...model import Design
from .. import validate_data
from ..convert import to_data

__all__ = ["Conflict", "merge_designs"]

Prefer = Literal["user", "import"]


@dataclass(frozen=True)
class Conflict:
    """A field where the user's design and the import disagree."""

    path: str
    user: Any
    imported: Any
    kept: Prefer

    def __str__(self) -> str:
        which = "yours" if self.kept == "user" else "the import's"
        return f"{self.path}: yours {self.user!r}, import {self.imported!r} (kept {which})"


def _key(item: Any) -> Any:
    if isinstance(item, str):
        return item
    if not isinstance(item, dict):
        return None
    if "name" in item:
        return (item["name"], item.get("version"))
    for field in ("target", "store", "service", "text", "title"):
        if field in item:
            return item[field]
    if "path" in item and "method" in item:
        return (item["method"], item["path"])
    if "path" in item:
        return item["path"]
    return None


def _label(key: Any) -> str:
    if isinstance(key, tuple):
        return " ".join(str(k) for k in key if k is not None)
    return str(key)


class _Merger:
    def __init__(self, prefer: Prefer) -> None:
        self.prefer = prefer
        self.conflicts: list[Conflict] = []

    def merge(self, user: Any, new: Any, path: str) -> Any:
        if isinstance(user, dict) and isinstance(new, dict):
            out = dict(user)
            for key, value in new.items():
                if key not in user or key == "origin":
                    out[key] = value
                else:
                    out[key] = self.merge(user[key], value, f"{path}.{key}" if path else key)
            return out
        if isinstance(user, list) and isinstance(new, list):
            keys = [_key(i) for i in user + new]
            if all(k is not None for k in keys):
                return self._union(user, new, path)
        if user == new:
            return user
        kept: Prefer = self.prefer
        self.conflicts.append(Conflict(path, user, new, kept))
        return user if kept == "user" else new

    def _union(self, user: list[Any], new: list[Any], path: str) -> list[Any]:
        out = list(user)
        index = {_key(item): i for i, item in enumerate(user)}
        for item in new:
            key = _key(item)
            if key in index:
                i = index[key]
                out[i] = self.merge(out[i], item, f"{path}[{_label(key)}]")
            else:
                index[key] = len(out)
                out.append(item)
        return out


def merge_designs(
    user: Design, imported: Design, *, prefer: Prefer = "user"
) -> tuple[Design, list[Conflict]]:
    """``user``'s design with ``imported`` added, and every conflict between them.

    The user's metadata is kept as it is. Neither input is modified.

    Examples
    --------
    >>> mine = Design.model_validate({"metadata": {"name": "shop"},
    ...     "services": [{"name": "cart", "deployment": {"replicas": 2}}]})
    >>> found = Design.model_validate({"metadata": {"name": "imported"},
    ...     "services": [{"name": "cart", "deployment": {"replicas": 3}}, {"name": "order"}]})
    >>> merged, conflicts = merge_designs(mine, found)
    >>> [s.name for s in merged.services], merged.service("cart").deployment.replicas
    (['cart', 'order'], 2)
    >>> print(conflicts[0])
    services[cart].deployment.replicas: yours 2, import 3 (kept yours)
    """
    merger = _Merger(prefer)
    mine, theirs = to_data(user), to_data(imported)
    theirs.pop("metadata", None)
    theirs.pop("schema_version", None)
    # A re-import asks again what it asked before (perhaps with new counts): keep one.
    asked = {(q.get("path"), q.get("source")) for q in mine.get("open_questions", [])}
    asked |= {q.get("text") for q in mine.get("open_questions", [])}
    theirs["open_questions"] = [
        q
        for q in theirs.get("open_questions", [])
        if q.get("text") not in asked and (q.get("path"), q.get("source")) not in asked
    ]
    merged = merger.merge(mine, theirs, "")
    design = validate_data(merged, "merged design")
    design._source = user._source  # saving keeps the user's comments and conflict check
    return design, merger.conflicts
