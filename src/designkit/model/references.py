"""Cross-reference rules of a design: every name used resolves, names are unique.

Kept apart from the types so the rules read as one list. Each problem is a
``(loc, message, value)`` triple; ``Design`` turns them into validation errors.
The rules read a design through :class:`DesignParts`, the parts they look at,
so this module does not import ``design`` (which imports it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from .data import DataStore, Event, Saga, Topic
from .domain import BoundedContext, ContextRelation, Domain, EventStorming
from .edge import Gateway, Mesh
from .operations import Decision, Journey, Security, Slo
from .requirements import Requirements, Team
from .services import Service

__all__ = ["DesignParts", "reference_problems", "suggest"]


class DesignParts(Protocol):
    """The parts of a design the reference rules read (a ``Design`` has them all)."""

    @property
    def requirements(self) -> Requirements: ...
    @property
    def teams(self) -> Sequence[Team]: ...
    @property
    def event_storming(self) -> EventStorming: ...
    @property
    def domain(self) -> Domain: ...
    @property
    def contexts(self) -> Sequence[BoundedContext]: ...
    @property
    def context_map(self) -> Sequence[ContextRelation]: ...
    @property
    def services(self) -> Sequence[Service]: ...
    @property
    def stores(self) -> Sequence[DataStore]: ...
    @property
    def topics(self) -> Sequence[Topic]: ...
    @property
    def events(self) -> Sequence[Event]: ...
    @property
    def sagas(self) -> Sequence[Saga]: ...
    @property
    def journeys(self) -> Sequence[Journey]: ...
    @property
    def slos(self) -> Sequence[Slo]: ...
    @property
    def gateway(self) -> Gateway | None: ...
    @property
    def mesh(self) -> Mesh: ...
    @property
    def security(self) -> Security: ...
    @property
    def decisions(self) -> Sequence[Decision]: ...


Loc = tuple[str | int, ...]
RefProblem = tuple[Loc, str, Any]


def suggest(value: str, candidates: Iterable[str]) -> str:
    """Return a " (did you mean 'x'?)" hint for a misspelt name, or "".

    Examples
    --------
    >>> suggest("paymnt", ["payment", "order"])
    " (did you mean 'payment'?)"
    >>> suggest("zzz", ["payment"])
    ''
    """
    import difflib  # only an error needs it: not imported by a valid read

    match = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


_PLURALS = {"entity": "entities", "sticky": "stickies", "entity or Entity.attribute": "entities"}


def _unknown(value: str, kind: str, known: set[str]) -> str:
    article = "an" if kind[0] in "aeiou" else "a"
    if not known:
        plural = _PLURALS.get(kind, kind + "s")
        return f"{value!r} is not {article} {kind} (the design defines no {plural})"
    return f"{value!r} is not {article} {kind}{suggest(value, sorted(known))}"


def _unique(items: Sequence[Any], section: Loc, key: str = "name") -> Iterator[RefProblem]:
    seen: dict[Any, int] = {}
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            yield (
                (*section, i, key),
                f"duplicate {key} {value!r} (also {_fmt(section)}[{seen[value]}])",
                value,
            )
        else:
            seen[value] = i


def _fmt(loc: Loc) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def reference_problems(design: DesignParts) -> list[RefProblem]:
    """Every broken reference and duplicate name in ``design``, in file order."""
    return list(_problems(design))


def _problems(d: DesignParts) -> Iterator[RefProblem]:
    services = {s.name for s in d.services}
    teams = {t.name for t in d.teams}
    contexts = {c.name for c in d.contexts}
    stores = {s.name for s in d.stores}
    topics = {t.name for t in d.topics}
    journeys = {j.name for j in d.journeys}
    routes = {r.name for r in d.gateway.routes} if d.gateway else set()
    entities = {e.name for e in d.domain.entities}
    nanoentities = {f"{e.name}.{a.name}" for e in d.domain.entities for a in e.attributes}
    stickies = {s.name for s in d.event_storming.stickies}

    sections: list[tuple[Loc, Sequence[Any]]] = [
        (("teams",), d.teams),
        (("contexts",), d.contexts),
        (("services",), d.services),
        (("stores",), d.stores),
        (("topics",), d.topics),
        (("sagas",), d.sagas),
        (("journeys",), d.journeys),
        (("slos",), d.slos),
        (("event_storming", "stickies"), d.event_storming.stickies),
        (("domain", "entities"), d.domain.entities),
        (("domain", "use_cases"), d.domain.use_cases),
        (("requirements", "capabilities"), d.requirements.capabilities),
        (("security", "roles"), d.security.roles),
        (("security", "secrets"), d.security.secrets),
        (("decisions",), d.decisions),
    ]
    for section, items in sections:
        yield from _unique(items, section, "title" if section == ("decisions",) else "name")
    if d.gateway:
        yield from _unique(d.gateway.routes, ("gateway", "routes"))
    seen_events: dict[tuple[str, int], int] = {}
    for i, ev in enumerate(d.events):
        key = (ev.name, ev.version)
        if key in seen_events:
            yield (
                ("events", i, "version"),
                f"duplicate event {ev.name!r} version {ev.version} "
                f"(also events[{seen_events[key]}])",
                ev.version,
            )
        seen_events[key] = i

    def ref(loc: Loc, value: str | None, kind: str, known: set[str]) -> Iterator[RefProblem]:
        if value is not None and value not in known:
            yield loc, _unknown(value, kind, known), value

    for i, cap in enumerate(d.requirements.capabilities):
        yield from ref(
            ("requirements", "capabilities", i, "context"), cap.context, "bounded context", contexts
        )
    for i, ctx in enumerate(d.contexts):
        yield from ref(("contexts", i, "team"), ctx.team, "team", teams)
    for i, rel in enumerate(d.context_map):
        yield from ref(("context_map", i, "upstream"), rel.upstream, "bounded context", contexts)
        yield from ref(
            ("context_map", i, "downstream"), rel.downstream, "bounded context", contexts
        )
        if rel.upstream == rel.downstream:
            yield (
                ("context_map", i, "downstream"),
                f"a context cannot relate to itself ({rel.upstream!r})",
                rel.downstream,
            )

    for i, st in enumerate(d.event_storming.stickies):
        for j, target in enumerate(st.leads_to):
            yield from ref(
                ("event_storming", "stickies", i, "leads_to", j), target, "sticky", stickies
            )

    for i, ent in enumerate(d.domain.entities):
        loc: Loc = ("domain", "entities", i)
        yield from ref((*loc, "context"), ent.context, "bounded context", contexts)
        yield from ref((*loc, "aggregate"), ent.aggregate, "entity", entities)
        yield from _unique(ent.attributes, (*loc, "attributes"))
        for j, rel_ in enumerate(ent.relations):
            yield from ref((*loc, "relations", j, "target"), rel_.target, "entity", entities)
    data_names = entities | nanoentities
    for i, uc in enumerate(d.domain.use_cases):
        for field in ("reads", "writes"):
            for j, name in enumerate(getattr(uc, field)):
                yield from ref(
                    ("domain", "use_cases", i, field, j),
                    name,
                    "entity or Entity.attribute",
                    data_names,
                )
    for group_field in (
        "shared_owner_groups",
        "security_access_groups",
        "separated_security_zones",
        "predefined_services",
    ):
        for i, group in enumerate(getattr(d.domain, group_field)):
            for j, name in enumerate(group.members):
                yield from ref(
                    ("domain", group_field, i, "members", j),
                    name,
                    "entity or Entity.attribute",
                    data_names,
                )

    for i, svc in enumerate(d.services):
        loc = ("services", i)
        yield from ref((*loc, "context"), svc.context, "bounded context", contexts)
        yield from ref((*loc, "team"), svc.team, "team", teams)
        for j, use in enumerate(svc.stores):
            yield from ref((*loc, "stores", j, "store"), use.store, "data store", stores)
        for j, dep in enumerate(svc.dependencies):
            yield from ref((*loc, "dependencies", j, "target"), dep.target, "service", services)
            yield from ref((*loc, "dependencies", j, "topic"), dep.topic, "topic", topics)
            if dep.target == svc.name:
                yield (
                    (*loc, "dependencies", j, "target"),
                    f"a service cannot depend on itself ({svc.name!r})",
                    dep.target,
                )
        for j, topic in enumerate(svc.publishes):
            yield from ref((*loc, "publishes", j), topic, "topic", topics)

    for i, store in enumerate(d.stores):
        yield from ref(("stores", i, "owner"), store.owner, "service", services)
        yield from ref(("stores", i, "team"), store.team, "team", teams)
        for j, ent_name in enumerate(store.entities):
            yield from ref(("stores", i, "entities", j), ent_name, "entity", entities)

    for i, topic_ in enumerate(d.topics):
        yield from ref(("topics", i, "team"), topic_.team, "team", teams)
        for j, consumer in enumerate(topic_.consumers):
            cloc: Loc = ("topics", i, "consumers", j)
            yield from ref((*cloc, "service"), consumer.service, "service", services)
            yield from ref((*cloc, "dead_letter"), consumer.dead_letter, "topic", topics)
    for i, ev in enumerate(d.events):
        yield from ref(("events", i, "topic"), ev.topic, "topic", topics)

    for i, saga in enumerate(d.sagas):
        yield from ref(("sagas", i, "orchestrator"), saga.orchestrator, "service", services)
        yield from _unique(saga.steps, ("sagas", i, "steps"))
        for j, step in enumerate(saga.steps):
            yield from ref(("sagas", i, "steps", j, "service"), step.service, "service", services)

    for i, journey in enumerate(d.journeys):
        yield from ref(("journeys", i, "entry"), journey.entry, "service", services)
        yield from ref(("journeys", i, "route"), journey.route, "gateway route", routes)
        for j, name in enumerate(journey.via):
            yield from ref(("journeys", i, "via", j), name, "service", services)
    for i, slo in enumerate(d.slos):
        yield from ref(("slos", i, "service"), slo.service, "service", services)
        yield from ref(("slos", i, "journey"), slo.journey, "journey", journeys)

    if d.gateway:
        for i, route in enumerate(d.gateway.routes):
            yield from ref(("gateway", "routes", i, "service"), route.service, "service", services)
    for i, fault in enumerate(d.mesh.faults):
        yield from ref(("mesh", "faults", i, "service"), fault.service, "service", services)
    for i, secret in enumerate(d.security.secrets):
        for j, name in enumerate(secret.services):
            yield from ref(("security", "secrets", i, "services", j), name, "service", services)
