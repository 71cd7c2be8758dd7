"""Communication style per dependency: REST, gRPC or messaging, and why.

Every dependency a service declares is judged on facts taken from the rest
of the design, then compared with the protocol the design chose. The facts:

- latency need: the journeys whose synchronous walk follows the call
  (:mod:`designkit.analysis.journey_calls`) and the tightest latency
  threshold on them (a journey's latency SLO, else ``requirements.latency``;
  the caller's own latency SLO too);
- coupling: ``hard`` (the caller cannot answer without the callee) or soft,
  and the ``fallback``;
- interaction: a *command* changes the callee's data, a *query* only reads
  it (see :func:`designkit.analysis.interactions.interaction`);
- consistency: the dependency's ``consistency`` (strong, eventual,
  read-your-writes) when the design states it;
- volume: requests per second between the pair at peak
  (:mod:`designkit.analysis.traffic`) and calls per request;
- fan-out: how many services the caller calls synchronously, or how many
  consumers read the topic;
- consumer: a gateway or frontend (the request comes from browsers, apps or
  partners) or an internal service.

Rules, first match wins (thresholds are :class:`Limits`):

=====================  ==========================================  ==========
rule                   when                                        recommend
=====================  ==========================================  ==========
``declared-async``     async dependency, consistency not strong    messaging
``strong-consistency`` consistency strong (async or sync): the     REST/gRPC
                       caller must see current data; ``edge``,
                       ``hot-path`` or ``default`` picks which
``edge``               the caller is a gateway or frontend: it     REST
                       forwards a request someone waits for
``worker-callee``      the callee is a worker without endpoints    messaging
``saga-after-pivot``   a command whose saga steps (with side       messaging
                       effects) all come after the pivot
``fire-and-forget``    a command the caller does not wait for:     messaging
                       soft, or no journey follows the call
``hot-path``           >= ``grpc_min_rps`` between the pair, a     gRPC
                       latency budget <= ``grpc_max_budget_ms``,
                       or >= ``grpc_min_calls_per_request``
``default``            internal, modest volume and latency         REST
=====================  ==========================================  ==========

GraphQL counts as REST's sibling: it also fits where REST is recommended at
the edge or by default. gRPC also fits by default. An eventually consistent
query may also be served by messaging (a local copy fed by the callee's events).

A dependency "fits" when the chosen style is the recommended one or one that
also fits; otherwise ``mismatch`` says why the choice costs something.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..model import Dependency, Design
from .antipatterns.finding import loc
from .interactions import EDGE_KINDS, Interaction, interaction, saga_steps
from .journey_calls import journey_calls, sync_calls
from .traffic import TrafficReport, service_traffic, topic_ends

__all__ = [
    "CallFacts",
    "Limits",
    "Recommendation",
    "Style",
    "recommend_communication",
]

Style = Literal["rest", "grpc", "graphql", "messaging"]


@dataclass(frozen=True)
class Limits:
    """Thresholds of the communication rules, in one place.

    Rules of thumb, not published constants: gRPC's binary framing and HTTP/2
    multiplexing pay off at hundreds of calls per second or budgets of tens of
    milliseconds; below that REST's tooling and debuggability win.
    """

    grpc_min_rps: float = 500.0
    """Requests per second between a pair from which gRPC is recommended."""
    grpc_max_budget_ms: float = 100.0
    """Latency budget on the path at or under which gRPC is recommended."""
    grpc_min_calls_per_request: float = 3.0
    """Calls per request from which a pair is chatty enough for gRPC."""
    fan_out: int = 3
    """Synchronous callees (or topic consumers) from which fan-out is worth a reason."""


@dataclass(frozen=True)
class CallFacts:
    """What the design says about one dependency, independent of its protocol."""

    journeys: tuple[str, ...]
    """Journeys whose synchronous walk follows the call (empty for async)."""
    budget_ms: float | None
    """Tightest latency threshold on the path; None when nothing sets one."""
    rate_rps: float
    """Peak requests per second between the pair (for async: messages on the topic)."""
    calls_per_request: float
    hard: bool
    fallback: str | None
    interaction: Interaction
    saga_steps: tuple[str, ...]
    """``saga.step`` names the callee runs for this caller."""
    fan_out: int
    """Caller's distinct synchronous callees (sync), or the topic's consumers (async)."""
    edge: bool
    """True when the caller is a gateway or frontend."""
    consistency: str | None
    pivot: Literal["", "after", "both"] = ""
    """Where the callee's side-effecting saga steps for the caller are: all after the
    pivot, on both sides, or none after it ('')."""
    worker_callee: bool = False
    """True when the callee is a worker without endpoints."""


@dataclass(frozen=True)
class Recommendation:
    """The style a dependency should use, the rule that says so and the reasons."""

    path: str
    """Where the dependency is in the design file, e.g. 'services[2].dependencies[0]'."""
    caller: str
    callee: str
    topic: str | None
    chosen: Style
    recommended: Style
    rule: str
    reasons: tuple[str, ...]
    also_fits: tuple[Style, ...]
    facts: CallFacts = field(repr=False)
    mismatch: str | None = None
    """Why the chosen style does not fit; None when it does."""

    @property
    def fits(self) -> bool:
        """True when the chosen style is the recommended one or also fits."""
        return self.mismatch is None


def _latency_thresholds(design: Design) -> tuple[dict[str, float], dict[str, float]]:
    """Tightest latency SLO threshold per journey and per service."""
    journeys: dict[str, float] = {}
    services: dict[str, float] = {}
    for slo in design.slos:
        if slo.sli != "latency" or slo.threshold_ms is None:
            continue
        table, key = (journeys, slo.journey) if slo.journey else (services, slo.service)
        if key is not None:
            table[key] = min(table.get(key, slo.threshold_ms), slo.threshold_ms)
    return journeys, services


def _followers(design: Design) -> dict[tuple[str, str], list[str]]:
    """Journeys following each synchronous (caller, callee) pair, in journey order."""
    index = sync_calls(design)
    found: dict[tuple[str, str], list[str]] = {}
    for journey in design.journeys:
        for caller, calls in journey_calls(design, journey, index).items():
            for call in calls:
                names = found.setdefault((caller, call.callee), [])
                if journey.name not in names:
                    names.append(journey.name)
    return found


def recommend_communication(
    design: Design, *, traffic: TrafficReport | None = None, limits: Limits | None = None
) -> list[Recommendation]:
    """A communication style for every dependency, in file order, with its reasons.

    Parameters
    ----------
    design : Design
        The design; it is only read.
    traffic : TrafficReport, optional
        ``service_traffic(design)``, when the caller already has it.
    limits : Limits, optional
        Thresholds of the rules (see the module docstring).

    Examples
    --------
    A service asks another for data on a tight 50 ms path, over REST:

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "timeout_ms": 40}]},
    ...     {"name": "b", "endpoints": [{"method": "GET", "path": "/v1/b"}]}],
    ...     "journeys": [{"name": "j", "entry": "a", "peak_rps": 10}],
    ...     "requirements": {"latency": {"threshold_ms": 50}}})
    >>> r = recommend_communication(d)[0]
    >>> r.chosen, r.recommended, r.rule, r.fits
    ('rest', 'grpc', 'hot-path', False)
    """
    lim = limits or Limits()
    report = traffic if traffic is not None else service_traffic(design)
    followers = _followers(design)
    journey_budget, service_budget = _latency_thresholds(design)
    default_budget = design.requirements.latency.threshold_ms
    workers = {s.name for s in design.services if s.kind == "worker" and not s.endpoints}
    _, consumers = topic_ends(design)
    out: list[Recommendation] = []
    for i, svc in enumerate(design.services):
        callees = {d.target for d in svc.dependencies if d.protocol != "async"}
        for j, dep in enumerate(svc.dependencies):
            journeys: tuple[str, ...] = ()
            if dep.topic is None:
                journeys = tuple(followers.get((svc.name, dep.target), ()))
                budgets = [journey_budget.get(name, default_budget) for name in journeys]
                budgets += [service_budget[svc.name]] if svc.name in service_budget else []
                rate = report.rate_between(svc.name, dep.target)
                fan_out = len(callees)
            else:
                budgets = []
                topic = report.topics.get(dep.topic)
                rate = topic.message_rps if topic else 0.0
                fan_out = len(consumers.get(dep.topic, ()))
            steps = saga_steps(design, svc.name, dep.target)
            sides = {late for _, effects, late in steps if effects}
            facts = CallFacts(
                journeys=journeys,
                budget_ms=min(budgets) if budgets else None,
                rate_rps=rate,
                calls_per_request=dep.calls_per_request,
                hard=dep.hard,
                fallback=dep.fallback,
                interaction=interaction(design, svc.name, dep.target),
                saga_steps=tuple(name for name, _, _ in steps),
                fan_out=fan_out,
                edge=svc.kind in EDGE_KINDS,
                consistency=dep.consistency,
                pivot="both" if len(sides) == 2 else ("after" if sides == {True} else ""),
                worker_callee=dep.target in workers,
            )
            style, rule, reasons, also = _decide(svc.name, dep, facts, lim, bool(design.journeys))
            chosen: Style = "messaging" if dep.protocol == "async" else dep.protocol
            out.append(
                Recommendation(
                    path=loc("services", i, "dependencies", j),
                    caller=svc.name,
                    callee=dep.target,
                    topic=dep.topic,
                    chosen=chosen,
                    recommended=style,
                    rule=rule,
                    reasons=tuple(dict.fromkeys(reasons)),
                    also_fits=also,
                    facts=facts,
                    mismatch=_mismatch(chosen, style, rule, also),
                )
            )
    return out


def _decide(
    caller: str, dep: Dependency, facts: CallFacts, lim: Limits, any_journeys: bool
) -> tuple[Style, str, list[str], tuple[Style, ...]]:
    """(recommended style, rule, reasons, styles that also fit): the module's rule table."""
    reasons = _reasons(caller, dep, facts, lim)
    command = facts.interaction == "command"
    messaging = ""
    if facts.consistency == "strong":
        reasons.insert(0, "strong consistency: the caller must see the callee's current data")
    elif dep.protocol == "async":
        messaging = "declared-async: the caller hands the message to a topic and carries on"
    elif facts.edge:
        pass  # a gateway or frontend forwards a request someone is waiting for
    elif facts.worker_callee:
        messaging = f"worker-callee: {dep.target} is a worker with no API; it reacts to messages"
    elif command and facts.pivot == "after":
        messaging = (
            "saga-after-pivot: its saga steps come after the pivot and must eventually "
            "succeed; a broker retries them until they do"
        )
    elif command and (not dep.hard or (any_journeys and not facts.journeys)):
        why = "it is soft" if not dep.hard else "no journey waits on it"
        messaging = f"fire-and-forget: a command the caller does not wait for ({why})"
    if messaging:
        rule, why = messaging.split(": ", 1)
        return "messaging", rule, [why, *reasons], ()
    if facts.pivot == "both":
        reasons.append("its saga steps after the pivot could travel as messages")
    if facts.edge:
        why = "the request comes from browsers, apps or partners: HTTP/JSON at the edge"
        return "rest", "edge", [why, *reasons], ("graphql",)
    also: tuple[Style, ...] = ()
    if facts.interaction == "query" and facts.consistency == "eventual":
        also = ("messaging",)  # a local copy fed by the callee's events would do
    hot = _hot(facts, lim)
    if hot:
        return "grpc", "hot-path", [hot, *reasons], also
    why = "internal call at modest volume and latency: REST is the simplest contract"
    return "rest", "default", [why, *reasons], ("grpc", "graphql", *also)


def _hot(facts: CallFacts, lim: Limits) -> str:
    parts = []
    if facts.rate_rps >= lim.grpc_min_rps:
        parts.append(f"{_num(facts.rate_rps)} req/s between the pair")
    if facts.budget_ms is not None and facts.budget_ms <= lim.grpc_max_budget_ms:
        parts.append(f"a latency budget of {facts.budget_ms:g} ms")
    if facts.calls_per_request >= lim.grpc_min_calls_per_request:
        parts.append(f"{facts.calls_per_request:g} calls per request")
    if not parts:
        return ""
    return (
        f"{' and '.join(parts)}: gRPC's binary framing and HTTP/2 multiplexing cost less per call"
    )


def _reasons(caller: str, dep: Dependency, facts: CallFacts, lim: Limits) -> list[str]:
    out: list[str] = []
    if dep.protocol == "async":
        out.append(f"{dep.target} being down delays the work; {caller} carries on")
        if facts.fan_out >= 2:
            out.append(f"topic {dep.topic} has {facts.fan_out} consumers: one message serves all")
        if facts.rate_rps:
            out.append(f"{_num(facts.rate_rps)} msg/s on {dep.topic} at peak")
    else:
        if facts.journeys:
            budget = f" (budget {facts.budget_ms:g} ms)" if facts.budget_ms is not None else ""
            out.append(f"on journeys {', '.join(facts.journeys)}{budget}")
        if dep.hard:
            out.append("hard: the caller fails when the callee fails" + _fallback(facts))
        else:
            out.append("soft: the caller still answers without it" + _fallback(facts))
        if facts.rate_rps:
            out.append(
                f"{_num(facts.rate_rps)} req/s at peak ({facts.calls_per_request:g} per request)"
            )
        if facts.fan_out >= lim.fan_out and not facts.edge:
            out.append(f"the caller calls {facts.fan_out} services synchronously per request")
    if facts.interaction != "unknown":
        out.append(
            f"{facts.interaction}: "
            + ("changes the callee's data" if facts.interaction == "command" else "reads only")
        )
    if facts.saga_steps:
        out.append(f"saga step {', '.join(facts.saga_steps)}")
    if facts.consistency and facts.consistency != "strong":
        out.append(f"consistency: {facts.consistency}")
    return out


def _num(x: float) -> str:
    """A rate for reading: 10,000 / 250 / 2.5."""
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


def _fallback(facts: CallFacts) -> str:
    return f" (fallback: {facts.fallback})" if facts.fallback else " (no fallback)"


_COST: Mapping[tuple[str, str], str] = {
    ("sync", "messaging"): "the caller waits on, and fails with, a callee whose answer it "
    "does not need now",
    ("messaging", "sync"): "a topic cannot give the strong consistency the caller needs: "
    "it sees the data only once the message is processed",
    ("rest", "grpc"): "JSON over HTTP/1.1 costs more CPU and latency per call at this "
    "volume or budget",
    ("graphql", "grpc"): "GraphQL's parsing and resolvers cost more per call than a "
    "typed RPC on a hot internal path",
    ("grpc", "rest"): "browsers and partners cannot call gRPC directly: it needs "
    "gRPC-web or transcoding at the gateway",
}


def _mismatch(chosen: Style, recommended: Style, rule: str, also: tuple[Style, ...]) -> str | None:
    if chosen == recommended or chosen in also:
        return None
    if recommended == "messaging":
        key = ("sync", "messaging")
    elif chosen == "messaging":
        key = ("messaging", "sync")
    else:
        key = (chosen, recommended)
    cost = _COST.get(key, f"{chosen} does not fit where {rule} applies")
    return f"{rule} recommends {recommended}, the design uses {chosen}: {cost}"
