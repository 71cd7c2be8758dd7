"""What the coupling criteria read from a design, as plain indexed data.

A nanoentity is an attribute written ``Entity.attribute``; an entity without
attributes is one nanoentity named after the entity. Nanoentities are numbered
in sorted name order, so everything downstream is independent of the order in
which the design lists entities, attributes, use cases or groups.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from ...model import Attribute, Design, Entity
from .criteria import CHARACTERISTICS

__all__ = ["Access", "Group", "Inputs", "Link", "inputs"]

LOW_TRAFFIC_PER_DAY = 1_000.0
"""Below this many accesses a day (summed over use cases) a nanoentity has low traffic."""
HIGH_TRAFFIC_PER_DAY = 1_000_000.0
"""From this many accesses a day (about 12 a second) a nanoentity has high traffic."""

_LEVEL_TO = {
    "structural_volatility": {"low": "Rarely", "normal": "Normal", "high": "Often"},
    "consistency_criticality": {"low": "Weak", "normal": "Eventually", "high": "High"},
    "availability_criticality": {"low": "Low", "normal": "Normal", "high": "Critical"},
    "content_volatility": {"low": "Rarely", "normal": "Regularly", "high": "Often"},
    "security_criticality": {"low": "Public", "normal": "Internal", "high": "Critical"},
}
_CLASSIFICATION = {
    "public": "Public",
    "internal": "Internal",
    "confidential": "Critical",
    "pii": "Critical",
    "pci": "Critical",
    "phi": "Critical",
}
_STORAGE = {"tiny": "Tiny", "normal": "Normal", "huge": "Huge"}


@dataclass(frozen=True)
class Group:
    """A named set of nanoentities (an owner group, an aggregate, a zone, ...)."""

    name: str
    members: tuple[int, ...]


@dataclass(frozen=True)
class Access:
    """A use case: the nanoentities it reads and writes."""

    name: str
    reads: tuple[int, ...]
    writes: tuple[int, ...]
    latency_critical: bool
    frequency_per_day: float | None


@dataclass(frozen=True)
class Link:
    """A relation or event-storming flow between two sets of nanoentities."""

    label: str
    origin: tuple[int, ...]
    destination: tuple[int, ...]


@dataclass(frozen=True)
class Inputs:
    """Everything the criteria score, indexed by nanoentity number."""

    names: tuple[str, ...]
    """Nanoentity names, sorted; a nanoentity's number is its position here."""
    entity: tuple[str, ...]
    """The entity of each nanoentity."""
    context: tuple[str | None, ...]
    """The bounded context (entity.context) of each nanoentity."""
    identities: tuple[Group, ...]
    """Entities, with composed parts and subclasses merged into their owner."""
    use_cases: tuple[Access, ...]
    links: tuple[Link, ...]
    """Entity relations (association, aggregation, composition) and event-storming flows."""
    owners: tuple[Group, ...]
    access_groups: tuple[Group, ...]
    aggregates: tuple[Group, ...]
    predefined: tuple[Group, ...]
    zones: tuple[Group, ...]
    characteristics: dict[str, tuple[str, ...]]
    """Compatibility criterion to each nanoentity's characteristic (defaults filled in);
    only criteria on which at least two nanoentities differ."""


def _nanoentity_names(entity: Entity) -> list[str]:
    return [f"{entity.name}.{a.name}" for a in entity.attributes] or [entity.name]


def inputs(design: Design) -> Inputs:
    """Collect the criteria's inputs from ``design`` (which is not modified).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "domain": {"entities": [
    ...     {"name": "Order", "attributes": [{"name": "id"}, {"name": "total"}]},
    ...     {"name": "Tag"}]}})
    >>> inputs(d).names
    ('Order.id', 'Order.total', 'Tag')
    """
    entities = sorted(design.domain.entities, key=lambda e: e.name)
    names = sorted(n for e in entities for n in _nanoentity_names(e))
    index = {n: i for i, n in enumerate(names)}
    members: dict[str, tuple[int, ...]] = {
        e.name: tuple(sorted(index[n] for n in _nanoentity_names(e))) for e in entities
    }
    entity_of: list[str] = [""] * len(names)
    context_of: list[str | None] = [None] * len(names)
    for e in entities:
        for i in members[e.name]:
            entity_of[i], context_of[i] = e.name, e.context

    def resolve(refs: Iterable[str]) -> tuple[int, ...]:
        found: set[int] = set()
        for ref in refs:
            if ref in members:
                found.update(members[ref])
            elif ref in index:
                found.add(index[ref])
        return tuple(sorted(found))

    domain = design.domain
    use_cases = tuple(
        Access(u.name, resolve(u.reads), resolve(u.writes), u.latency_critical, u.frequency_per_day)
        for u in sorted(domain.use_cases, key=lambda u: u.name)
    )

    def groups(items: Iterable[tuple[str, Iterable[str]]]) -> tuple[Group, ...]:
        out = [Group(name, resolve(refs)) for name, refs in items]
        return tuple(sorted((g for g in out if g.members), key=lambda g: (g.name, g.members)))

    roots: dict[str, list[str]] = {}
    for e in entities:
        if e.aggregate:
            roots.setdefault(e.aggregate, []).append(e.name)
    return Inputs(
        names=tuple(names),
        entity=tuple(entity_of),
        context=tuple(context_of),
        identities=_identities(entities, members),
        use_cases=use_cases,
        links=_relations(entities, members) + _flows(design, entities, roots, members),
        owners=groups((g.name, g.members) for g in domain.shared_owner_groups),
        access_groups=groups((g.name, g.members) for g in domain.security_access_groups),
        aggregates=groups((root, ents) for root, ents in roots.items()),
        predefined=groups((g.name, g.members) for g in domain.predefined_services),
        zones=groups((g.name, g.members) for g in domain.separated_security_zones),
        characteristics=_characteristics(entities, index, use_cases, len(names)),
    )


def _identities(entities: list[Entity], members: dict[str, tuple[int, ...]]) -> tuple[Group, ...]:
    """Entities, merged as Service Cutter does: a composed part joins its owner and a
    subclass joins its superclass (one identity and lifecycle)."""
    parent = {e.name: e.name for e in entities}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in entities:
        for r in e.relations:
            if r.kind in ("composition", "inheritance") and r.target in parent:
                a, b = find(e.name), find(r.target)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    merged: dict[str, list[str]] = {}
    for e in entities:
        merged.setdefault(find(e.name), []).append(e.name)
    return tuple(
        Group("+".join(sorted(names)), tuple(sorted(i for n in names for i in members[n])))
        for _root, names in sorted(merged.items())
    )


def _relations(entities: list[Entity], members: dict[str, tuple[int, ...]]) -> tuple[Link, ...]:
    links = [
        Link(f"{e.name} {r.kind} {r.target}", members[e.name], members[r.target])
        for e in entities
        for r in e.relations
        if r.kind != "inheritance" and r.target in members and r.target != e.name
    ]
    return tuple(sorted(links, key=lambda k: k.label))


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _flows(
    design: Design,
    entities: list[Entity],
    roots: dict[str, list[str]],
    members: dict[str, tuple[int, ...]],
) -> tuple[Link, ...]:
    """Aggregates tied on the event-storming board: an aggregate's event leads (through
    policies and commands, at most four steps) to a command another aggregate handles."""
    stickies = {s.name: s for s in design.event_storming.stickies}
    by_key: dict[str, tuple[int, ...]] = {}
    for e in entities:
        root = e.aggregate or e.name
        together = roots.get(root, [e.name])
        by_key.setdefault(_key(e.name), tuple(sorted(i for n in together for i in members[n])))
    aggregates = sorted(
        s.name for s in stickies.values() if s.kind == "aggregate" and _key(s.name) in by_key
    )
    passable = {"domain-event", "policy", "command"}
    links: list[Link] = []
    for start in aggregates:
        seen = {start}
        queue = deque((n, 1) for n in stickies[start].leads_to)
        reached: set[str] = set()
        while queue:
            name, depth = queue.popleft()
            sticky = stickies.get(name)
            if sticky is None or name in seen:
                continue
            seen.add(name)
            if sticky.kind == "aggregate":
                if _key(name) in by_key and by_key[_key(name)] != by_key[_key(start)]:
                    reached.add(name)
                continue
            if sticky.kind in passable and depth < 5:
                queue.extend((n, depth + 1) for n in sticky.leads_to)
        links.extend(
            Link(f"{start} → {end} (event storming)", by_key[_key(start)], by_key[_key(end)])
            for end in sorted(reached)
        )
    return tuple(links)


def _characteristics(
    entities: list[Entity], index: dict[str, int], use_cases: tuple[Access, ...], size: int
) -> dict[str, tuple[str, ...]]:
    values: dict[str, list[str]] = {k: [c.default] * size for k, c in CHARACTERISTICS.items()}
    for e in entities:
        for a in e.attributes:
            i = index[f"{e.name}.{a.name}"]
            for key, found in _annotations(a).items():
                values[key][i] = found
    written = {i for u in use_cases for i in u.writes}
    for u in use_cases:
        for i in u.reads:
            if i not in written:
                values["mutability"][i] = "Immutable"
    traffic: dict[int, float] = {}
    for u in use_cases:
        if u.frequency_per_day is not None:
            for i in set(u.reads) | set(u.writes):
                traffic[i] = traffic.get(i, 0.0) + u.frequency_per_day
    for i, per_day in traffic.items():
        if per_day < LOW_TRAFFIC_PER_DAY:
            values["network_traffic"][i] = "Low"
        elif per_day >= HIGH_TRAFFIC_PER_DAY:
            values["network_traffic"][i] = "High"
    return {k: tuple(v) for k, v in values.items() if len(set(v)) > 1}


def _annotations(a: Attribute) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, mapping in _LEVEL_TO.items():
        level = getattr(a, key)
        if level is not None:
            found[key] = mapping["high" if level == "critical" else level]
    if "security_criticality" not in found and a.classification:
        found["security_criticality"] = _CLASSIFICATION[a.classification]
    if a.storage_size:
        found["storage_similarity"] = _STORAGE[a.storage_size]
    return found
