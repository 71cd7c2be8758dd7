"""The shape of a synthetic design: contexts, teams, services, calls and topics.

Everything here is plain data about indices; :mod:`.services`, :mod:`.domain`
and :mod:`.edge` turn it into the dicts a :class:`~designkit.model.Design` is
validated from. The call graph is layered by tier (0 the gateway, 1 public
APIs, 2 to 4 deeper internal services): a synchronous call always goes to a
higher tier, so calls never form a cycle and no chain from the gateway is
longer than four hops. Most calls stay in their context; calls across contexts
go by preferential attachment (an urn in which a service appears once more
each time it is picked), capped one caller below the hub-service rule. Topic
consumers follow a Zipf popularity, so a few services (indexers, audit logs)
read many topics: the hubs of the graph, with a long sparse tail.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

from .vocab import AREAS, ROLES, area_name

__all__ = ["MAX_CALLERS", "Call", "Context", "Plan", "Service", "Topic", "plan"]

MAX_CALLERS = 7
"""Most synchronous callers a service gets: one fewer than the hub-service rule reports."""

LOCAL_CALL_SHARE = 0.6
"""Share of calls that stay inside the caller's context."""

LANGUAGES = ("java", "go", "kotlin", "python")
_LANGUAGE_WEIGHTS = (5, 3, 2, 1)

_ZIPF_EXPONENT = 1.0
"""Popularity of the k-th most read service falls as 1/k: a few services (an audit
log, a search indexer) read a good share of all topics, most read one or none."""


@dataclass
class Call:
    """A synchronous call to ``target`` (a service index)."""

    target: int
    hard: bool


@dataclass
class Service:
    """A planned service."""

    name: str
    context: int
    """Index into ``Plan.contexts``; -1 for the gateway."""
    tier: int
    kind: str = "business"
    role: str = ""
    public: bool = False
    critical: bool = False
    calls: list[Call] = field(default_factory=list)
    publishes: list[str] = field(default_factory=list)
    commands: list[tuple[int, str]] = field(default_factory=list)
    """Async dependencies: (target service, command topic)."""


@dataclass
class Context:
    """A planned bounded context."""

    name: str
    kind: str
    team: str = ""
    language: str = "java"
    members: list[int] = field(default_factory=list)


@dataclass
class Topic:
    """A planned topic: its producer and consumers (service indices)."""

    name: str
    producer: int
    consumers: list[int]
    commands: bool = False
    """True for a command topic behind async dependencies (a saga's commands)."""


@dataclass
class Team:
    """A planned team and the contexts it owns."""

    name: str
    kind: str
    size: int
    language: str
    contexts: list[int]


@dataclass
class Plan:
    """The planned design, before it is written out as model data."""

    services: list[Service]
    contexts: list[Context]
    teams: list[Team]
    topics: list[Topic] = field(default_factory=list)
    sagas: list[tuple[int, list[int]]] = field(default_factory=list)
    """(context, [orchestrator, step services...]) per saga."""


def plan(count: int, rng: random.Random) -> Plan:
    """Plan a design of ``count`` services (the gateway included)."""
    sizes = context_sizes(count - 1, rng)
    areas = list(AREAS)
    rng.shuffle(areas)
    contexts = [
        Context(area_name(i, areas), rng.choices(("core", "supporting", "generic"), (3, 6, 2))[0])
        for i in range(len(sizes))
    ]
    teams = _teams(contexts, sizes, rng)
    services = [Service("gateway", -1, 0, kind="gateway", role="gateway", critical=True)]
    for c, size in enumerate(sizes):
        services.extend(_context_services(contexts[c], c, size, len(services), rng))
    result = Plan(services, contexts, teams)
    _calls(result, rng)
    _topics(result, rng)
    _sagas(result, rng)
    return result


def context_sizes(count: int, rng: random.Random) -> list[int]:
    """Split ``count`` services into contexts of 3 to 12 (one smaller context if count < 3).

    Examples
    --------
    >>> sizes = context_sizes(100, random.Random(1))
    >>> sum(sizes), min(sizes) >= 3, max(sizes) <= 12
    (100, True, True)
    """
    sizes: list[int] = []
    left = count
    while left > 12:
        size = round(rng.triangular(3, 12, 5))
        if left - size < 3:
            size = left - 3  # 10 or 11: the last context keeps 3
        sizes.append(size)
        left -= size
    if left:
        sizes.append(left)
    return sizes


def _teams(contexts: list[Context], sizes: list[int], rng: random.Random) -> list[Team]:
    """One team per context, or per two neighbouring small contexts."""
    teams: list[Team] = []
    c = 0
    while c < len(contexts):
        owned = [c]
        if c + 1 < len(contexts) and sizes[c] + sizes[c + 1] <= 10 and rng.random() < 0.5:
            owned.append(c + 1)
        core = contexts[c].kind == "core"
        kind = "complicated-subsystem" if core and rng.random() < 0.3 else "stream-aligned"
        language = rng.choices(LANGUAGES, _LANGUAGE_WEIGHTS)[0]
        team = Team(f"{contexts[c].name}-team", kind, rng.randint(5, 9), language, owned)
        for o in owned:
            contexts[o].team = team.name
            contexts[o].language = language
        teams.append(team)
        c += len(owned)
    return teams


def _context_services(
    ctx: Context, c: int, size: int, first: int, rng: random.Random
) -> list[Service]:
    publics = ["api", "mobile-api"][: 2 if size >= 8 else 1]
    worker = size >= 5
    roles = rng.sample(ROLES, size - len(publics) - worker)
    out = [Service(f"{ctx.name}-{r}", c, 1, role=r, public=True) for r in publics]
    tiers = [2, *rng.choices((2, 3, 4), (4, 3, 2), k=len(roles) - 1)] if roles else []
    out += [Service(f"{ctx.name}-{r}", c, t, role=r) for r, t in zip(roles, tiers, strict=True)]
    if worker:
        out.append(Service(f"{ctx.name}-worker", c, 2, kind="worker", role="worker"))
    for svc in out:
        core_path = ctx.kind == "core" and svc.tier <= 2 and svc.kind != "worker"
        svc.critical = core_path or rng.random() < 0.03
    ctx.members = list(range(first, first + len(out)))
    return out


def _callable(svc: Service) -> bool:
    return not svc.public and svc.kind == "business" and svc.tier >= 2


def _calls(p: Plan, rng: random.Random) -> None:
    """Synchronous calls, always to a higher tier; across contexts by preferential attachment."""
    services = p.services
    callers = [0] * len(services)
    urns: dict[int, list[int]] = {2: [], 3: [], 4: []}
    for i, svc in enumerate(services):
        if _callable(svc):
            urns[svc.tier].append(i)
    gateway = services[0]
    order = list(range(1, len(services)))
    rng.shuffle(order)
    for u in order:
        svc = services[u]
        if svc.tier >= 4:
            continue
        if svc.public:
            wanted = 1 + rng.choices((0, 1, 2), (5, 3, 2))[0]
        elif svc.kind == "worker":
            wanted = rng.choices((0, 1, 2), (4, 4, 2))[0]
        elif svc.tier == 2:
            wanted = rng.choices((0, 1, 2, 3), (3, 4, 2, 1))[0]
        else:
            wanted = rng.choices((0, 1, 2), (5, 4, 1))[0]
        chosen: set[int] = set()
        for n in range(wanted):
            local = (n == 0 and svc.public) or rng.random() < LOCAL_CALL_SHARE
            v = _local_target(p, u, chosen, callers, rng) if local else None
            if v is None:
                v = _remote_target(p, u, chosen, callers, urns, rng)
            if v is None:
                continue
            chosen.add(v)
            callers[v] += 1
            urns[services[v].tier].append(v)
            same = services[v].context == svc.context
            svc.calls.append(Call(v, hard=rng.random() < (0.85 if same else 0.5)))
    _adopt_orphans(p, callers, rng)
    gateway.calls = [Call(i, True) for i, s in enumerate(services) if s.public]


def _adopt_orphans(p: Plan, callers: list[int], rng: random.Random) -> None:
    """Give every internal service no request reaches a caller in its own context.

    Without one it would be dead code: no journey could ever reach it. The
    caller is the context's lower-tier service with the fewest calls, so no
    service grows into a god service.
    """
    services = p.services
    # Calls from workers do not count: traffic does not flow on from consumed messages.
    called = {c.target for s in services if s.kind != "worker" for c in s.calls}
    for v, svc in enumerate(services):
        if not _callable(svc) or v in called:
            continue
        options = [
            u
            for u in p.contexts[svc.context].members
            if services[u].tier < svc.tier and services[u].kind == "business"
        ]
        u = min(options, key=lambda i: (len(services[i].calls), i))
        callers[v] += 1
        services[u].calls.append(Call(v, hard=rng.random() < 0.85))


def _local_target(
    p: Plan, u: int, chosen: set[int], callers: list[int], rng: random.Random
) -> int | None:
    svc = p.services[u]
    tier = max(svc.tier, 1)
    options = [
        v
        for v in p.contexts[svc.context].members
        if _callable(p.services[v])
        and p.services[v].tier > tier
        and v not in chosen
        and callers[v] < MAX_CALLERS
    ]
    return rng.choice(options) if options else None


def _remote_target(
    p: Plan,
    u: int,
    chosen: set[int],
    callers: list[int],
    urns: dict[int, list[int]],
    rng: random.Random,
) -> int | None:
    svc = p.services[u]
    for _ in range(12):
        urn = urns[rng.randint(svc.tier + 1, 4)]
        if not urn:
            continue
        v = rng.choice(urn)
        if p.services[v].context != svc.context and v not in chosen and callers[v] < MAX_CALLERS:
            return v
    return None


def _topics(p: Plan, rng: random.Random) -> None:
    """Each context publishes events; consumers elsewhere are picked by Zipf popularity."""
    services = p.services
    workers = [i for i, svc in enumerate(services) if svc.kind == "worker"]
    others = [i for i, svc in enumerate(services) if _callable(svc) and svc.tier <= 3]
    rng.shuffle(workers)
    rng.shuffle(others)
    readers = workers + others  # the most popular readers are workers (indexers, audit)
    weights = [1 / (rank + 1) ** _ZIPF_EXPONENT for rank in range(len(readers))]
    cumulative = list(itertools.accumulate(weights))
    for c, ctx in enumerate(p.contexts):
        inside = [i for i in ctx.members if services[i].kind == "business"]
        producers = [i for i in inside if services[i].tier == 2] or inside
        count = min(len(producers), 2 if len(ctx.members) >= 9 else 1)
        workers = [i for i in ctx.members if services[i].kind == "worker"]
        for producer in rng.sample(producers, count):
            consumers = list(workers)
            for _ in range(rng.choices((1, 2, 3), (5, 3, 2))[0]):
                for _attempt in range(8):
                    v = rng.choices(readers, cum_weights=cumulative)[0]
                    if services[v].context != c and v not in consumers:
                        consumers.append(v)
                        break
            if not consumers:  # a tiny design: the context reads its own events
                consumers = [i for i in ctx.members if i != producer][:1]
            name = f"{services[producer].name}.events"
            services[producer].publishes.append(name)
            p.topics.append(Topic(name, producer, consumers))


def _sagas(p: Plan, rng: random.Random) -> None:
    """Orchestrated sagas in about a third of the contexts of five or more services."""
    services = p.services
    command_topics: dict[int, str] = {}
    for c, ctx in enumerate(p.contexts):
        if len(ctx.members) < 5 or rng.random() >= 0.35:
            continue
        business = [i for i in ctx.members if services[i].kind == "business"]
        orchestrators = [i for i in business if services[i].tier == 2] or business
        orchestrator = rng.choice(orchestrators)
        others = [i for i in business if i != orchestrator]
        steps = rng.sample(others, min(len(others), rng.randint(2, 3)))
        called = [call.target for call in services[orchestrator].calls]
        remote = [v for v in called if services[v].context != c and v not in steps]
        if remote and rng.random() < 0.5:
            steps.append(remote[0])
        if not steps:
            continue
        for target in steps:
            if target not in command_topics:
                command_topics[target] = f"{services[target].name}.commands"
                p.topics.append(Topic(command_topics[target], orchestrator, [target], True))
            services[orchestrator].commands.append((target, command_topics[target]))
        p.sagas.append((c, [orchestrator, *steps]))
