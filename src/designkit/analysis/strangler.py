"""Strangler-fig migration plan: in which order to extract the services from the monolith.

For a migration design (``requirements.kind: migration``) every service
except the gateways is a step; a greenfield design gets an empty plan and
the reason. The gateway is the strangler facade: it sends every route to
the monolith first, then to each service as it is extracted (Fowler,
"StranglerFigApplication"; Newman 2019, *Monolith to Microservices*, ch. 3).

Phases, in this order:

1. ``read-heavy``: core services whose peak requests are mostly reads (read
   share >= ``read_heavy_share``) and that run no saga step with side
   effects. They can answer from a copy of the monolith's data fed by change
   data capture while writes stay behind: the least risky to move first.
2. ``transactional``: the other core services (they write, or take part in
   sagas). Moved once the read side has proven the pipeline.
3. ``supporting``: services of supporting or generic contexts (and platform
   or worker services without a context): least differentiating, moved last
   (or replaced by a bought product).

The read share of a service counts each request reaching it at peak
(:mod:`designkit.analysis.traffic`) as a read when the call is a query
(:func:`~designkit.analysis.interactions.interaction`), a write when it is
a command, and otherwise by the journey's gateway route: only GET, HEAD or
OPTIONS reads, only other methods writes, a mix (or no route)
``requirements.traffic.read_ratio``. A service no journey reaches but that
consumes messages is a writer; otherwise its endpoints decide.

Within a phase a service comes after the services of the same phase it calls
synchronously (callees first, so each caller switches to a service that is
already out). Among services that are ready, ties are broken by: higher read
share first, then lower criticality (less risk), then name. A synchronous
cycle is broken at the service, among those left, with the fewest callees
still waiting, with the same tie-breaks.

Each step lists what makes it safe (the services it calls or hears from,
extracted earlier, or still in the monolith behind an anticorruption layer or
publishing the topic for them), the data it takes over and the routing changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..model import Design, Route, Service
from .interactions import READ_METHODS, interaction, reads
from .traffic import TrafficReport, service_traffic, topic_ends

__all__ = ["PHASES", "Limits", "MigrationPlan", "MigrationStep", "Prerequisite", "strangler_plan"]

Phase = Literal["read-heavy", "transactional", "supporting"]
PHASES: tuple[Phase, ...] = ("read-heavy", "transactional", "supporting")
_RISK = {"low": 0, "standard": 1, "high": 2, "critical": 3}


@dataclass(frozen=True)
class Limits:
    """Threshold of the plan, in one place."""

    read_heavy_share: float = 0.7
    """Share of a service's peak requests that are reads, from which it is read-heavy."""


@dataclass(frozen=True)
class Prerequisite:
    """Something a step relies on: a service it calls or hears from, and who serves it."""

    service: str
    link: str
    """'calls' (synchronous), 'consumes NAME' (a topic it reads from the service) or
    'publishes NAME' (a topic the service reads from it)."""
    step: int | None
    """The step that extracts it (None: not in the plan, e.g. a gateway)."""
    ready: bool
    """True when it is extracted before this step."""
    how: str


@dataclass(frozen=True)
class MigrationStep:
    """One extraction: the service, why it is in its phase, what makes it safe, what changes."""

    step: int
    service: str
    phase: Phase
    context: str | None
    context_kind: str | None
    read_share: float
    why: tuple[str, ...]
    needs: tuple[Prerequisite, ...]
    data: tuple[str, ...]
    routing: tuple[str, ...]
    order: str
    """Why the step comes where it does within its phase."""


@dataclass(frozen=True)
class MigrationPlan:
    """The ordered steps, or why there is no plan."""

    applies: bool
    reason: str
    facade: str
    """What to put in place before step 1."""
    steps: tuple[MigrationStep, ...]

    def step(self, service: str) -> MigrationStep:
        """The step that extracts ``service`` (KeyError if there is none)."""
        for item in self.steps:
            if item.service == service:
                return item
        raise KeyError(service)


def strangler_plan(
    design: Design, *, traffic: TrafficReport | None = None, limits: Limits | None = None
) -> MigrationPlan:
    """The strangler-fig order of extraction for a migration design.

    Examples
    --------
    Orders read from ``catalog``, and writes go to ``order``; both are core:

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "requirements": {"kind": "migration"},
    ...     "contexts": [{"name": "Sales", "kind": "core"}],
    ...     "services": [
    ...         {"name": "order", "context": "Sales",
    ...          "endpoints": [{"method": "POST", "path": "/orders"}],
    ...          "dependencies": [{"target": "catalog"}]},
    ...         {"name": "catalog", "context": "Sales",
    ...          "endpoints": [{"method": "GET", "path": "/products"}]}]})
    >>> [(s.step, s.service, s.phase) for s in strangler_plan(d).steps]
    [(1, 'catalog', 'read-heavy'), (2, 'order', 'transactional')]
    >>> strangler_plan(Design.model_validate({"metadata": {"name": "y"}})).applies
    False
    """
    if design.requirements.kind != "migration":
        return MigrationPlan(
            False,
            f"requirements.kind is {design.requirements.kind!r}: there is no monolith to "
            "strangle, so there is no migration plan",
            "",
            (),
        )
    lim = limits or Limits()
    report = traffic if traffic is not None else service_traffic(design)
    gateways = [s.name for s in design.services if s.kind == "gateway"]
    movable = [s for s in design.services if s.kind != "gateway"]
    kinds: dict[tuple[str, str], str] = {}  # interaction per (caller, callee), computed once
    shares = {s.name: _read_share(design, s, report, kinds) for s in movable}
    phases = {s.name: _phase(design, s, shares[s.name][0], lim) for s in movable}
    callees = {s.name: [d.target for d in s.dependencies if d.protocol != "async"] for s in movable}
    order: list[tuple[str, str]] = []
    for phase in PHASES:
        members = [s for s in movable if phases[s.name][0] == phase]
        order += _order(members, callees, {n: v[0] for n, v in shares.items()})
    idx = _index(design, {name: k for k, (name, _) in enumerate(order, start=1)}, gateways)
    services = {s.name: s for s in design.services}
    contexts = {c.name: c.kind for c in design.contexts}
    steps = []
    for k, (name, why_here) in enumerate(order, start=1):
        svc = services[name]
        phase, why = phases[name]
        steps.append(
            MigrationStep(
                step=k,
                service=name,
                phase=phase,
                context=svc.context,
                context_kind=contexts.get(svc.context or ""),
                read_share=shares[name][0],
                why=(shares[name][1], *why),
                needs=tuple(_needs(svc, k, idx)),
                data=tuple(_data(svc, phase, idx)),
                routing=tuple(_routing(svc, k, phase, idx)),
                order=why_here,
            )
        )
    facade = (
        f"before step 1, put {', '.join(gateways)} in front of the monolith as the strangler "
        "facade: every route goes to the monolith, then moves to each service at its step"
        if gateways
        else "before step 1, put a routing facade (an API gateway or reverse proxy) in front "
        "of the monolith: the design has no gateway to move routes on"
    )
    return MigrationPlan(
        True, f"{len(steps)} services to extract, in {len(PHASES)} phases", facade, tuple(steps)
    )


def _read_share(
    design: Design, svc: Service, report: TrafficReport, kinds: dict[tuple[str, str], str]
) -> tuple[float, str]:
    traffic = report.services[svc.name]
    total = reads_ = 0.0
    ratio = design.requirements.traffic.read_ratio
    routes = {r.name: r for r in design.gateway.routes} if design.gateway else {}
    journeys = {j.name: j for j in design.journeys}
    for c in traffic.requests:
        if len(c.path) < 2:
            continue  # the journey's entry: judged by where it sends the request
        pair = (c.path[-2], svc.name)
        if pair not in kinds:
            kinds[pair] = interaction(design, *pair)
        kind = kinds[pair]
        if kind == "unknown":
            route = routes.get(journeys[c.journey].route or "")
            methods = set(route.methods) if route else set()
            share = 1.0 if methods and methods <= READ_METHODS else ratio
            share = 0.0 if methods and not methods & READ_METHODS else share
        else:
            share = 1.0 if kind == "query" else 0.0
        total += c.rate
        reads_ += c.rate * share
    if total > 0:
        rate = f"{total:,.0f}" if total >= 100 else f"{total:.3g}"
        return reads_ / total, f"{reads_ / total:.0%} of {rate} req/s at peak are reads"
    if traffic.message_rps > 0 or traffic.messages:
        return 0.0, "no journey sends it requests; it writes what it consumes from topics"
    if svc.endpoints:
        share = sum(reads(e) for e in svc.endpoints) / len(svc.endpoints)
        return share, f"no journey reaches it; {share:.0%} of its endpoints read"
    return 0.0, "no journey, topic or endpoint shows it serving reads"


def _phase(
    design: Design, svc: Service, share: float, lim: Limits
) -> tuple[Phase, tuple[str, ...]]:
    kinds = {c.name: c.kind for c in design.contexts}
    kind = kinds.get(svc.context or "")
    steps = [
        f"{saga.name}.{step.name}"
        for saga in design.sagas
        for step in saga.steps
        if step.service == svc.name and step.side_effects
    ]
    written = [u.store for u in svc.stores if u.access != "read"]
    facts = []
    if written:
        facts.append(f"writes {', '.join(written)}")
    if steps:
        facts.append(f"saga steps with side effects: {', '.join(steps)}")
    if kind in ("supporting", "generic") or (kind is None and svc.kind in ("platform", "worker")):
        what = f"{kind} context {svc.context}" if kind else f"a {svc.kind} service"
        return "supporting", (f"{what}: least differentiating, moved last", *facts)
    where = f"core context {svc.context}" if kind else "no context (treated as core)"
    if share >= lim.read_heavy_share and not steps:
        return "read-heavy", (f"{where}, read-heavy: can answer from a copy of the data", *facts)
    return "transactional", (f"{where}, transactional", *facts)


def _order(
    members: list[Service], callees: Mapping[str, list[str]], shares: Mapping[str, float]
) -> list[tuple[str, str]]:
    names = {s.name for s in members}
    risk = {s.name: _RISK[s.criticality] for s in members}

    def key(name: str) -> tuple[float, int, str]:
        return (-shares[name], risk[name], name)

    waiting: dict[str, set[str]] = {
        n: {c for c in callees[n] if c in names and c != n} for n in names
    }
    done: list[tuple[str, str]] = []
    while waiting:
        ready = [n for n, left in waiting.items() if not left]
        if ready:
            name = min(ready, key=key)
            before = sorted(c for c in callees[name] if c in names and c != name)
            them = "them" if len(before) > 1 else "it"
            why = f"after {', '.join(before)} (it calls {them})" if before else "calls nothing"
            why += " in its phase"
        else:
            name = min(waiting, key=lambda n: (len(waiting[n]), *key(n)))
            why = (
                f"in a synchronous cycle with {', '.join(sorted(waiting[name]))}: extracted "
                "first, it calls "
                "them in the monolith through an anticorruption layer"
            )
        tie = [n for n in (ready or waiting) if n != name]
        if tie:
            why += f"; before {', '.join(sorted(tie, key=key))} by read share, risk, name"
        done.append((name, why))
        del waiting[name]
        for rest in waiting.values():
            rest.discard(name)
    return done


@dataclass(frozen=True)
class _Index:
    """What the steps look up, built once per plan."""

    numbers: Mapping[str, int]
    publishers: Mapping[str, list[str]]
    consumers: Mapping[str, list[str]]
    callers: Mapping[str, list[str]]
    """Services (gateways left out) calling each service synchronously, in file order."""
    routes: Mapping[str, list[Route]]
    owned: Mapping[str, list[str]]
    """Stores each service owns (or, without an owner, uses)."""


def _index(design: Design, numbers: Mapping[str, int], gateways: list[str]) -> _Index:
    publishers, consumers = topic_ends(design)
    callers: dict[str, list[str]] = {}
    for s in design.services:
        if s.name not in gateways:
            for target in dict.fromkeys(d.target for d in s.dependencies if d.protocol != "async"):
                callers.setdefault(target, []).append(s.name)
    routes: dict[str, list[Route]] = {}
    for route in design.gateway.routes if design.gateway else []:
        routes.setdefault(route.service, []).append(route)
    users: dict[str, list[str]] = {}
    for s in design.services:
        for store_name in dict.fromkeys(u.store for u in s.stores):
            users.setdefault(store_name, []).append(s.name)
    owned: dict[str, list[str]] = {}
    for store in design.stores:
        for name in [store.owner] if store.owner else users.get(store.name, []):
            owned.setdefault(name, []).append(store.name)
    return _Index(numbers, publishers, consumers, callers, routes, owned)


def _when(other: str, step: int, idx: _Index) -> tuple[int | None, bool, str]:
    at = idx.numbers.get(other)
    return (at, at < step, f"step {at}") if at else (None, False, "not extracted by this plan")


def _needs(svc: Service, step: int, idx: _Index) -> list[Prerequisite]:
    out: list[Prerequisite] = []
    for callee in dict.fromkeys(d.target for d in svc.dependencies if d.protocol != "async"):
        at, ready, when = _when(callee, step, idx)
        how = (
            f"calls the extracted {callee} ({when})"
            if ready
            else f"calls {callee}'s part of the monolith through an anticorruption layer "
            f"until {when}"
        )
        out.append(Prerequisite(callee, "calls", at, ready, how))
    for topic, names in idx.consumers.items():
        for publisher in idx.publishers.get(topic, []) if svc.name in names else []:
            if publisher == svc.name:
                continue
            at, ready, when = _when(publisher, step, idx)
            how = (
                f"consumes {topic} from the extracted {publisher} ({when})"
                if ready
                else f"the monolith publishes {topic} for {publisher} (outbox or change data "
                f"capture) until {when}"
            )
            out.append(Prerequisite(publisher, f"consumes {topic}", at, ready, how))
    for topic, names in idx.publishers.items():
        for consumer in idx.consumers.get(topic, []) if svc.name in names else []:
            at, ready, when = _when(consumer, step, idx)
            if consumer != svc.name and not ready and at is not None:
                how = f"the monolith consumes {topic} for {consumer}'s part until {when}"
                out.append(Prerequisite(consumer, f"publishes {topic}", at, ready, how))
    return out


def _data(svc: Service, phase: Phase, idx: _Index) -> list[str]:
    if phase == "read-heavy":
        how = (
            "serve reads from a copy fed by change data capture from the monolith's "
            "database; move the writes once the copy has proven itself"
        )
    else:
        how = (
            "move its tables out of the monolith's schema (change data capture back to "
            "the monolith until nothing there reads them)"
        )
    return [f"{store}: {how}" for store in idx.owned.get(svc.name, [])]


def _routing(svc: Service, step: int, phase: Phase, idx: _Index) -> list[str]:
    out = []
    for route in idx.routes.get(svc.name, []):
        read = [m for m in route.methods if m in READ_METHODS]
        write = [m for m in route.methods if m not in READ_METHODS]
        if phase == "read-heavy" and read and write:
            out.append(
                f"route {'/'.join(read)} {route.path} ({route.name}) to {svc.name}; "
                f"{'/'.join(write)} follow once {svc.name} owns the writes"
            )
        else:
            out.append(
                f"route {'/'.join(route.methods)} {route.path} ({route.name}) from the "
                f"monolith to {svc.name}"
            )
    if not out and svc.exposure != "internal":
        out.append(f"add a gateway route to {svc.name} ({svc.exposure}; none is declared)")
    callers = idx.callers.get(svc.name, [])
    moved = [c for c in callers if idx.numbers.get(c, step) < step]
    staying = [c for c in callers if c not in moved]
    if moved:
        out.append(f"point {', '.join(moved)} from the anticorruption layer to {svc.name}")
    if staying:
        out.append(
            f"the monolith's {', '.join(staying)} part calls {svc.name} through a facade "
            "instead of its own module"
        )
    return out
