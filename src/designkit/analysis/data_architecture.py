"""Database per service: each store's technology and why, and who owns which entity.

Two views of the design's data, all derived:

- :func:`store_choices`: per store, its owner, the technology with the reason it
  fits (data model, consistency, the access pattern the use cases put on the
  entities it keeps, their volume), or what to review when it does not;
- :func:`entity_owners` and :func:`data_findings`: who keeps which entity, the
  shared-database and foreign-store findings of the anti-pattern rules, and
  entities with two sources of truth.

How changes reach each store is :mod:`designkit.analysis.migrations`; the
entity-relationship diagram of each service is :mod:`designkit.analysis.erd`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import DataStore, Design
from .antipatterns.catalog import EVANS_2003, RICHARDSON, cite
from .antipatterns.engine import analyze
from .antipatterns.finding import Finding, Severity, loc
from .antipatterns.registry import Thresholds, declare_table

__all__ = [
    "BUSY_PRIMARY_WRITES_PER_S",
    "TECHNOLOGIES",
    "AccessPattern",
    "StoreChoice",
    "TechProfile",
    "access_pattern",
    "data_findings",
    "entity_owners",
    "store_choices",
]

_LEVELS = ("low", "normal", "high", "critical")
BUSY_PRIMARY_WRITES_PER_S = 1000.0
"""Average writes per second from which a relational store's single primary needs a check."""
_SOURCE_OF_TRUTH = ("primary", "events", "objects")
"""Purposes whose store is where an entity lives; the others hold copies."""


@dataclass(frozen=True)
class TechProfile:
    """What a store technology is good at, and its consistency model."""

    model: str
    consistency: str
    strong: bool
    """Reads see every committed write (within one node or quorum)."""
    suits: tuple[str, ...]
    """Store purposes the technology fits."""
    strengths: str
    caveat: str


TECHNOLOGIES: dict[str, TechProfile] = {
    **{
        tech: TechProfile(
            "relational",
            "ACID transactions (strong)",
            True,
            ("primary",),
            "transactions across the rows of an aggregate, constraints, ad-hoc queries",
            "scale writes by partitioning the service, not the database",
        )
        for tech in ("postgresql", "mysql", "oracle", "sqlserver")
    },
    "mongodb": TechProfile(
        "document",
        "atomic per document; multi-document transactions cost more",
        True,
        ("primary",),
        "an aggregate stored and read as one document",
        "keep each aggregate in one document, or pay for multi-document transactions",
    ),
    "cassandra": TechProfile(
        "wide-column",
        "tunable per query (quorum reads and writes for strong)",
        False,
        ("primary", "events"),
        "write-heavy, partition-key access at scale across regions",
        "no joins or ad-hoc queries: one table per query",
    ),
    "dynamodb": TechProfile(
        "key-value / document",
        "eventual reads by default, strong on request",
        False,
        ("primary", "cache"),
        "key access at any scale, managed",
        "design the keys for the queries; scans are expensive",
    ),
    "redis": TechProfile(
        "in-memory key-value",
        "atomic per key; replicas lag (asynchronous replication)",
        False,
        ("cache",),
        "sub-millisecond reads and counters, data with a TTL",
        "memory-bound; as a primary store turn on persistence (AOF) or accept losing data",
    ),
    **{
        tech: TechProfile(
            "search index",
            "near real time (refresh about 1 s): eventual",
            False,
            ("search",),
            "full-text search, facets and relevance",
            "a projection: rebuildable from its sources, never the source of truth",
        )
        for tech in ("elasticsearch", "opensearch")
    },
    "clickhouse": TechProfile(
        "columnar analytics",
        "eventual (asynchronous inserts and merges)",
        False,
        ("analytics",),
        "aggregations over billions of rows",
        "append-mostly: updates and deletes are heavy mutations",
    ),
    "s3": TechProfile(
        "object store",
        "strong read-after-write per object",
        True,
        ("objects", "events"),
        "large binary objects and archives, cheap and durable",
        "no queries or transactions: keep the index of objects in a database",
    ),
    "neo4j": TechProfile(
        "graph",
        "ACID transactions (strong)",
        True,
        ("primary",),
        "traversals of deep relationships",
        "harder to shard: keep the graph to what needs traversal",
    ),
    "eventstore": TechProfile(
        "event store (append-only streams)",
        "strong per stream (optimistic concurrency on the stream version)",
        True,
        ("events", "primary"),
        "event sourcing: the aggregate's history is its state",
        "queries need projections (CQRS); event schemas are forever",
    ),
    "other": TechProfile(
        "unspecified", "unknown", False, (), "as the team states", "state the technology"
    ),
}


@dataclass(frozen=True)
class AccessPattern:
    """How the use cases touch a store's entities, from their daily frequencies."""

    reads_per_day: float
    writes_per_day: float
    use_cases: tuple[str, ...]
    latency_critical: bool
    criticality: str | None
    """Highest consistency criticality of the entities' attributes (None: not stated)."""

    @property
    def shape(self) -> str:
        """read-heavy, write-heavy, mixed, or unknown (no use case touches the store)."""
        r, w = self.reads_per_day, self.writes_per_day
        if not self.use_cases:
            return "unknown"
        if r >= 10 * w:
            return "read-heavy"
        if w >= 10 * r:
            return "write-heavy"
        return "mixed"


@dataclass(frozen=True)
class StoreChoice:
    """A store, its owner, and why its technology fits (or what to review)."""

    store: str
    owner: str
    technology: str
    purpose: str
    entities: tuple[str, ...]
    access: AccessPattern
    load: str
    """The access pattern in words: reads and writes a day, latency-critical or not."""
    consistency: str
    strengths: str
    fits: bool
    reason: str
    """All of the above in one sentence."""
    review: str
    """What to reconsider; empty when the technology fits."""


def _per_day(n: float) -> str:
    return f"{n / 1e6:.3g}M" if n >= 1e6 else f"{n / 1e3:.3g}k" if n >= 1e3 else f"{n:.3g}"


def access_pattern(design: Design, store: DataStore) -> AccessPattern:
    """Reads and writes per day the use cases put on the store's entities.

    A use case touching an entity (or ``Entity.attribute``) kept in the store
    counts its ``frequency_per_day`` once as a read and once as a write.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "domain": {"entities": [{"name": "Order"}], "use_cases": [
    ...         {"name": "view", "reads": ["Order"], "frequency_per_day": 9000},
    ...         {"name": "place", "writes": ["Order"], "frequency_per_day": 300}]},
    ...     "stores": [{"name": "db", "entities": ["Order"]}]})
    >>> a = access_pattern(d, d.stores[0])
    >>> a.reads_per_day, a.writes_per_day, a.shape
    (9000.0, 300.0, 'read-heavy')
    """
    kept = set(store.entities)
    reads = writes = 0.0
    names: list[str] = []
    critical = False
    for case in design.domain.use_cases:
        read = any(ref.split(".")[0] in kept for ref in case.reads)
        write = any(ref.split(".")[0] in kept for ref in case.writes)
        if not (read or write):
            continue
        names.append(case.name)
        per_day = case.frequency_per_day or 0.0
        reads += per_day if read else 0.0
        writes += per_day if write else 0.0
        critical = critical or case.latency_critical
    levels = [
        _LEVELS.index(a.consistency_criticality)
        for e in design.domain.entities
        if e.name in kept
        for a in e.attributes
        if a.consistency_criticality
    ]
    return AccessPattern(
        reads, writes, tuple(names), critical, _LEVELS[max(levels)] if levels else None
    )


def store_choices(design: Design) -> list[StoreChoice]:
    """Every store with its technology's reason, in file order.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "cart"}],
    ...     "stores": [{"name": "carts", "technology": "redis", "owner": "cart"}]})
    >>> c = store_choices(d)[0]
    >>> c.fits, c.review.split(":")[0]
    (False, 'redis is suited to cache data, not primary')
    """
    return [_choice(design, store) for store in design.stores]


def _choice(design: Design, store: DataStore) -> StoreChoice:
    profile = TECHNOLOGIES[store.technology]
    access = access_pattern(design, store)
    kept = ", ".join(store.entities) or "no declared entities"
    if access.use_cases:
        load = (
            f"{access.shape}: {_per_day(access.reads_per_day)} reads and "
            f"{_per_day(access.writes_per_day)} writes a day from "
            f"{len(access.use_cases)} use case(s)"
            + ("; latency-critical" if access.latency_critical else "")
        )
    else:
        load = "no use case touches its entities"
    if store.size_gb:
        load += f"; {store.size_gb:g} GB"
    reason = (
        f"{store.technology} ({profile.model}) for {store.purpose} data ({kept}): "
        f"{profile.strengths}. Access: {load}. Consistency: {profile.consistency}."
    )
    problems = []
    if profile.suits and store.purpose not in profile.suits:
        problems.append(
            f"{store.technology} is suited to {' or '.join(profile.suits)} data, not "
            f"{store.purpose}: {profile.caveat}"
        )
    if access.criticality in ("high", "critical") and not profile.strong:
        problems.append(
            f"attributes of {kept} have {access.criticality} consistency criticality but "
            f"{store.technology} is {profile.consistency}"
        )
    writes_per_s = access.writes_per_day / 86_400
    if writes_per_s >= BUSY_PRIMARY_WRITES_PER_S and profile.model == "relational":
        problems.append(
            f"{writes_per_s:,.0f} writes/s on average: one primary takes every write, so "
            "load-test the peak, or partition the data"
        )
    if store.technology == "other":
        problems.append("the technology is not stated")
    return StoreChoice(
        store=store.name,
        owner=store.owner or "",
        technology=store.technology,
        purpose=store.purpose,
        entities=tuple(store.entities),
        access=access,
        load=load,
        consistency=profile.consistency,
        strengths=profile.strengths,
        fits=not problems,
        reason=reason,
        review="; ".join(problems),
    )


def entity_owners(design: Design) -> dict[str, list[str]]:
    """Owners of the stores that are each entity's source of truth, entities in file order.

    Only primary, event and object stores count: search indexes, caches and
    analytics tables hold copies. An entity in no such store maps to ``[]``.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "order"}, {"name": "search"}],
    ...     "domain": {"entities": [{"name": "Order"}]},
    ...     "stores": [{"name": "db", "owner": "order", "entities": ["Order"]},
    ...                {"name": "idx", "owner": "search", "purpose": "search",
    ...                 "entities": ["Order"]}]})
    >>> entity_owners(d)
    {'Order': ['order']}
    """
    owners: dict[str, list[str]] = {e.name: [] for e in design.domain.entities}
    for store in design.stores:
        if store.purpose not in _SOURCE_OF_TRUTH or not store.owner:
            continue
        for name in store.entities:
            found = owners.setdefault(name, [])
            if store.owner not in found:
                found.append(store.owner)
    return owners


# id: (default severity, title, fix, sources); found by _produce.
_RULES: dict[str, tuple[Severity, str, str, tuple[str, ...]]] = {
    "store-without-owner": (
        "warning", "A store without an owning service",
        "Name the one service that owns the store.",
        (cite(RICHARDSON, "pattern: Database per Service"),),
    ),
    "entity-several-owners": (
        "error", "An entity kept as primary data by several services",
        "Let one service own the entity; the others keep read-only copies fed by its events.",
        (cite(RICHARDSON, "pattern: Database per Service"), cite(EVANS_2003, "Bounded Context")),
    ),
    "entity-without-store": (
        "info", "A domain entity no store keeps",
        "Add the entity to the entities of its owner's store.",
        (cite(RICHARDSON, "pattern: Database per Service"),),
    ),
}  # fmt: skip

declare_table(
    _RULES, family="data", phase=3, producer="designkit.analysis.data_architecture:_produce"
)


def data_findings(design: Design) -> list[Finding]:
    """Shared databases, foreign stores, unowned stores and entities kept twice.

    ``shared-persistence`` and ``foreign-store-access`` are the anti-pattern
    rules; the others are checks of this phase: ``store-without-owner``
    (warning), ``entity-several-owners`` (error: two sources of truth) and
    ``entity-without-store`` (info: no store at all keeps it).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}],
    ...     "stores": [{"name": "db"}]})
    >>> [(f.rule, f.path) for f in data_findings(d)]
    [('store-without-owner', 'stores[0].owner')]
    """
    return analyze(design, rules=["shared-persistence", "foreign-store-access", *_RULES])


def _produce(design: Design, thresholds: Thresholds) -> list[Finding]:
    found: list[Finding] = []
    for k, store in enumerate(design.stores):
        if not store.owner:
            found.append(
                Finding(
                    "store-without-owner",
                    "warning",
                    loc("stores", k, "owner"),
                    store.name,
                    f"store {store.name} has no owner: nobody decides its schema",
                    "name the one service that owns it (owner: SERVICE)",
                )
            )
    index = {e.name: i for i, e in enumerate(design.domain.entities)}
    stored = {name for store in design.stores for name in store.entities}
    for name, owners in entity_owners(design).items():
        where = loc("domain", "entities", index[name]) if name in index else "stores"
        if len(owners) > 1:
            found.append(
                Finding(
                    "entity-several-owners",
                    "error",
                    where,
                    name,
                    f"{name} is kept as primary data by {', '.join(owners)}: two sources "
                    "of truth that will drift apart",
                    f"let one service own {name}; the others keep a read-only copy fed "
                    "by its events, or ask its API",
                )
            )
        elif name in index and name not in stored:
            found.append(
                Finding(
                    "entity-without-store",
                    "info",
                    where,
                    name,
                    f"{name} is in no store: no service keeps it",
                    f"add {name} to the entities of its owner's store",
                )
            )
    return found
