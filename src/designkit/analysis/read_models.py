"""CQRS read models, event logs, and the trade-offs of the design's consistency choices.

- :func:`read_models`: projections fed by events: search, analytics and
  entity-keeping cache stores of a service that consumes topics, and the
  read-model stickies of the event-storming board, each with the topics and
  services that feed it and whether it can be rebuilt by replaying them;
- :func:`event_logs`: event sourcing (an ``eventstore`` store: the events are
  the state) and append-only event archives (a store whose purpose is
  ``events``: a record of what happened, not the state);
- :func:`tradeoffs`: what each consistency pattern gains and costs, with
  where the design uses it, as text for the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import DataStore, Design, Service, Sticky
from .consistency import interactions, projection_stores
from .traffic import topic_ends

__all__ = ["EventLog", "ReadModel", "Tradeoff", "event_logs", "read_models", "tradeoffs"]


@dataclass(frozen=True)
class ReadModel:
    """A query-side copy of other services' data, kept up to date by events."""

    name: str
    service: str
    store: str
    technology: str
    fed_by: tuple[str, ...]
    """Topics its service consumes."""
    sources: tuple[str, ...]
    """Services publishing those topics."""
    rebuild: str
    sticky: str
    """The event-storming read model it implements ('' when none matches)."""


@dataclass(frozen=True)
class EventLog:
    """A store of events: the state itself (event sourcing) or a record (archive)."""

    store: str
    service: str
    technology: str
    kind: str
    entities: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Tradeoff:
    """What a pattern gains and costs, and where the design uses it."""

    pattern: str
    where: str
    gains: str
    costs: str


def _rebuild(design: Design, topics: list[str]) -> str:
    if not topics:
        return "no topic feeds it: rebuild from the owners' APIs"
    by_name = {t.name: t for t in design.topics}
    short = [by_name[t] for t in topics if t in by_name and by_name[t].cleanup != "compact"]
    if not short:
        return "replay its compacted topics (the latest message per key)"
    hours = min(t.retention_hours for t in short)
    names = ", ".join(t.name for t in short if t.retention_hours == hours)
    return (
        f"replay covers only the last {hours:g} h of {names}: a full rebuild needs a "
        "snapshot from the owners (or compacted topics)"
    )


def read_models(design: Design) -> list[ReadModel]:
    """Projection stores (in store order), then read-model stickies no store implements.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "contexts": [{"name": "Discovery"}],
    ...     "services": [{"name": "catalog", "publishes": ["products"]},
    ...                  {"name": "search", "context": "Discovery"}],
    ...     "stores": [{"name": "idx", "owner": "search", "purpose": "search",
    ...                 "technology": "elasticsearch"}],
    ...     "topics": [{"name": "products", "retention_hours": 24, "consumers": ["search"]}],
    ...     "event_storming": {"stickies": [
    ...         {"name": "Results", "kind": "read-model", "context": "Discovery"}]}})
    >>> m = read_models(d)[0]
    >>> m.store, m.sources, m.sticky
    ('idx', ('catalog',), 'Results')
    >>> m.rebuild.split(":")[0]
    'replay covers only the last 24 h of products'
    """
    publishers, consumers = topic_ends(design)
    services = {s.name: s for s in design.services}

    def model(name: str, service: str, store: DataStore | None, sticky: str) -> ReadModel:
        topics = [t for t, names in consumers.items() if service in names]
        sources = dict.fromkeys(p for t in topics for p in publishers.get(t, []))
        return ReadModel(
            name,
            service,
            store.name if store else "",
            store.technology if store else "",
            tuple(topics),
            tuple(sources),
            _rebuild(design, topics) if service else "no service implements it",
            sticky,
        )

    stores = [
        store
        for store in design.stores
        if store.owner in services
        and store in projection_stores(design, store.owner)
        and any(store.owner in names for names in consumers.values())
    ]
    stickies = [s for s in design.event_storming.stickies if s.kind == "read-model"]
    matched = _match(stores, stickies, services)
    out = [
        model(store.name, store.owner or "", store, matched.get(store.name, "")) for store in stores
    ]
    for sticky in stickies:
        if sticky.name in matched.values():
            continue
        svc = next((s for s in design.services if s.context and s.context == sticky.context), None)
        own = [s for s in design.stores if svc is not None and s.owner == svc.name]
        out.append(
            model(sticky.name, svc.name if svc else "", own[0] if own else None, sticky.name)
        )
    return out


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _match(
    stores: list[DataStore], stickies: list[Sticky], services: dict[str, Service]
) -> dict[str, str]:
    """Store name -> the read-model sticky of its owner's context sharing most words."""
    pairs = []
    for i, store in enumerate(stores):
        owner = services[store.owner or ""]
        words = _words(f"{store.name} {owner.name} {store.purpose}")
        for j, sticky in enumerate(stickies):
            if sticky.context and sticky.context == owner.context:
                pairs.append((-len(words & _words(sticky.name)), i, j))
    matched: dict[str, str] = {}
    for _, i, j in sorted(pairs):
        store_name, sticky_name = stores[i].name, stickies[j].name
        if store_name not in matched and sticky_name not in matched.values():
            matched[store_name] = sticky_name
    return matched


def event_logs(design: Design) -> list[EventLog]:
    """Stores that keep events, in file order.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "stores": [
    ...     {"name": "ledger", "technology": "eventstore", "entities": []},
    ...     {"name": "audit", "technology": "s3", "purpose": "events"}]})
    >>> [(e.store, e.kind) for e in event_logs(d)]
    [('ledger', 'event sourcing'), ('audit', 'event archive')]
    """
    out = []
    for store in design.stores:
        if store.technology == "eventstore":
            kind = "event sourcing"
            note = (
                "the events are the state: queries need projections, snapshots bound "
                "replay time, and erasure needs crypto-shredding"
            )
        elif store.purpose == "events":
            kind = "event archive"
            note = "an append-only record of what happened (audit, replay), not the state"
        else:
            continue
        out.append(
            EventLog(
                store.name, store.owner or "", store.technology, kind, tuple(store.entities), note
            )
        )
    return out


def _where(names: list[str], none: str = "not used in this design") -> str:
    if not names:
        return none
    shown = ", ".join(names[:4])
    return f"{len(names)}: {shown}" + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def tradeoffs(design: Design) -> list[Tradeoff]:
    """Gains and costs of each consistency pattern, with where the design uses it.

    Examples
    --------
    >>> from designkit.model import Design
    >>> [t.pattern for t in tradeoffs(Design.model_validate({"metadata": {"name": "x"}}))]
    ['Strong consistency', 'Eventual consistency', 'Read-your-writes', 'CQRS read models', 'Event sourcing', 'Transactional outbox']
    """  # noqa: E501
    links = interactions(design)

    def by(level: str) -> list[str]:
        return [f"{i.caller} -> {i.callee}" for i in links if i.consistency == level]

    logs = [e.store for e in event_logs(design) if e.kind == "event sourcing"]
    return [
        Tradeoff(
            "Strong consistency",
            _where(by("strong")),
            "the caller sees the latest committed data; simple to reason about",
            "the caller waits for the owner and fails with it: latencies add up along "
            "the chain and availabilities multiply",
        ),
        Tradeoff(
            "Eventual consistency",
            _where(by("eventual")),
            "services are decoupled in time: producers never wait for consumers, and "
            "bursts queue up instead of failing",
            "readers are stale for the lag; messages come at least once and ordered only "
            "per key, so consumers deduplicate; failures surface later, on dead-letter topics",
        ),
        Tradeoff(
            "Read-your-writes",
            _where(by("read-your-writes")),
            "a user sees their own change at once while everyone else reads the cheap projection",
            "session routing to the owner, or a version token to wait for; more paths to test",
        ),
        Tradeoff(
            "CQRS read models",
            _where([m.name for m in read_models(design)]),
            "each query gets a store shaped for it (search, analytics, caches); the write "
            "side stays normalised and small",
            "two models to keep in step, lag to explain to users, and rebuilds to plan "
            "(topic retention bounds a replay)",
        ),
        Tradeoff(
            "Event sourcing",
            _where(logs),
            "the full history: audit, temporal queries, new projections by replay",
            "event schemas live forever, every query needs a projection, snapshots bound "
            "replay, and erasure needs crypto-shredding",
        ),
        Tradeoff(
            "Transactional outbox",
            _where([s.name for s in design.services if s.outbox]),
            "the state change and its event commit together: no lost or phantom events",
            "a relay (or CDC) to run and watch; delivery is at least once, so consumers "
            "deduplicate",
        ),
    ]
