"""Data ownership: stores written by several services, stores used by non-owners."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Design
from .catalog import NERI_2020, PIGAZZINI_2020, RICHARDSON, TAIBI_2018, cite
from .finding import Finding, loc
from .registry import Thresholds, register

__all__ = ["foreign_store_access", "shared_persistence"]


@register(
    "shared-persistence",
    title="Shared persistence",
    severity="error",
    family="data",
    phase=3,
    fix="Give the store one owner; other services use the owner's API or events.",
    catalog=(
        cite(TAIBI_2018, "Shared Persistency"),
        cite(NERI_2020, "Shared Persistence"),
        cite(PIGAZZINI_2020, "Shared Persistence"),
        cite(RICHARDSON, "pattern: Database per Service"),
    ),
)
def shared_persistence(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A data store written by more than one service.

    The writers are coupled through the schema: neither can change it, or
    reason about the data's invariants, without the other. Readers alone are
    the ``foreign-store-access`` rule.

    Catalog: Taibi & Lenarduzzi 2018 ("Shared Persistency"); Neri et al. 2020 ("Shared
    Persistence"); Pigazzini et al. 2020; Richardson, Database per Service pattern.
    """
    # One pass over the services' store uses (a scan per store would be quadratic).
    writing: dict[str, dict[str, None]] = {}
    for svc in design.services:
        for use in svc.stores:
            if use.access != "read":
                writing.setdefault(use.store, {})[svc.name] = None
    for k, store in enumerate(design.stores):
        writers = list(writing.get(store.name, ()))
        if len(writers) < 2:
            continue
        owner = store.owner or writers[0]
        others = [w for w in writers if w != owner]
        yield shared_persistence.finding(
            loc("stores", k),
            store.name,
            f"{len(writers)} services write to {store.name} ({', '.join(writers)}): they are "
            "coupled through its schema and can break each other's invariants",
            f"let {owner} own {store.name} alone and have {', '.join(others)} go through "
            f"{owner}'s API or events, or give each service its own store",
        )


@register(
    "foreign-store-access",
    title="Service using a store it does not own",
    severity="warning",
    family="data",
    phase=3,
    fix="Go through the owning service's API, or keep a copy fed by its events.",
    catalog=(
        cite(TAIBI_2018, "Inappropriate Service Intimacy"),
        cite(RICHARDSON, "pattern: Database per Service"),
    ),
)
def foreign_store_access(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A service reading or writing a store whose owner is another service.

    It depends on the owner's private schema, so the owner can no longer
    change its data freely. Stores without an owner are not judged here.

    Catalog: Taibi & Lenarduzzi 2018 ("Inappropriate Service Intimacy"); Richardson,
    Database per Service pattern.
    """
    owners = {store.name: store.owner for store in design.stores}
    for i, svc in enumerate(design.services):
        for j, use in enumerate(svc.stores):
            owner = owners.get(use.store)
            if owner is None or owner == svc.name:
                continue
            verb = "reads" if use.access == "read" else "writes to"
            yield foreign_store_access.finding(
                loc("services", i, "stores", j),
                f"{svc.name} -> {use.store}",
                f"{svc.name} {verb} {use.store}, which {owner} owns: it depends on "
                f"{owner}'s private schema",
                f"get the data from {owner}'s API, or keep a copy fed by {owner}'s events",
            )
