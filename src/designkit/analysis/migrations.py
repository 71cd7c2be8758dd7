"""How schema and data changes reach each store: expand/contract, dual write, or CDC.

A strategy per store, stated in the design (``DataStore.migration``) or
derived from how the store is used, with the reason and the usual steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model import DataStore, Design
from .data_architecture import TECHNOLOGIES

__all__ = ["STEPS", "Migration", "Strategy", "migrations"]

Strategy = Literal["expand-contract", "dual-write", "cdc"]


@dataclass(frozen=True)
class Migration:
    """How schema and data changes reach a store, and why that way."""

    store: str
    owner: str
    strategy: Strategy
    chosen: bool
    """True when the design states it; False when derived."""
    reason: str
    steps: str


STEPS: dict[Strategy, str] = {
    "expand-contract": (
        "expand (add the new columns or keys, nullable), deploy code that writes both "
        "shapes, backfill, switch reads, contract (drop the old shape) in a later release"
    ),
    "dual-write": (
        "build the new copy beside the old, write both, backfill or replay, compare, "
        "cut reads over (an alias switch), stop writing the old copy, drop it"
    ),
    "cdc": (
        "stream the source's changes (its log, e.g. Debezium) into the new store, "
        "backfill with a snapshot, move reads, then writes, then retire the source tables"
    ),
}


def migrations(design: Design) -> list[Migration]:
    """How changes reach every store, in file order: the design's choice or a derived one.

    Rules, first match wins: the store's ``migration``; a store written by
    several services is split out with CDC; in a migration from an existing
    system (``requirements.kind``) relational and document primary stores are
    filled by CDC from the legacy database; search and analytics projections
    are rebuilt beside the old copy and cut over (dual write); everything
    else, one owner with rolling deploys, changes by expand/contract.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "stores": [
    ...     {"name": "db"}, {"name": "idx", "technology": "elasticsearch", "purpose": "search"}]})
    >>> [(m.store, m.strategy) for m in migrations(d)]
    [('db', 'expand-contract'), ('idx', 'dual-write')]
    """
    writers: dict[str, list[str]] = {}
    for svc in design.services:
        for use in svc.stores:
            if use.access != "read" and svc.name not in writers.setdefault(use.store, []):
                writers[use.store].append(svc.name)
    return [_migration(design, store, writers.get(store.name, [])) for store in design.stores]


def _migration(design: Design, store: DataStore, writers: list[str]) -> Migration:
    strategy: Strategy
    if store.migration:
        strategy, chosen = store.migration, True
        reason = "chosen in the design"
    elif len(writers) > 1:
        strategy, chosen = "cdc", False
        reason = (
            f"written by {', '.join(writers)}: split it, streaming the data its owner "
            "needs into the owner's own store, then move the other writers to its API"
        )
    elif (
        design.requirements.kind == "migration"
        and store.purpose == "primary"
        and TECHNOLOGIES[store.technology].model in ("relational", "document")
    ):
        strategy, chosen = "cdc", False
        reason = (
            "migrating an existing system: CDC from the legacy database keeps this store "
            "in step while the strangler fig moves traffic over, with no dual writes in code"
        )
    elif store.purpose in ("search", "analytics"):
        strategy, chosen = "dual-write", False
        reason = (
            "a projection of other services' data: build the new index or table beside "
            "the old one (replay its topics), compare, switch reads with an alias; both "
            "copies are derived, so a dual write cannot lose the truth"
        )
    else:
        strategy, chosen = "expand-contract", False
        reason = {
            "cache": "a cache: version its keys (new code writes a new prefix and reads "
            "old keys as misses); old entries expire with their TTL",
            "events": "append-only: never rewrite history; add a new event version "
            "readable beside the old one and upcast old events on read",
            "objects": "objects: write the new key layout beside the old one, copy "
            "lazily or in a batch, then delete the old keys",
        }.get(
            store.purpose,
            f"one owner ({store.owner or 'unowned'}) with rolling deploys: old and new "
            "versions run side by side, so every schema change must suit both",
        )
    return Migration(store.name, store.owner or "", strategy, chosen, reason, STEPS[strategy])
