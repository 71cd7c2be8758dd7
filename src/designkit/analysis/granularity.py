"""Granularity: is each service the right size, and do they add up to a distributed monolith?

One row per service with the numbers that show its size (endpoints,
dependencies in and out, entities owned, stores, calls per request) and a
verdict with its reasons:

- ``god service`` and ``nano-service`` come from the anti-pattern rules of
  the same names (:mod:`designkit.analysis.antipatterns.granularity`), with
  their thresholds (``god_max_endpoints``, ``god_max_stores``,
  ``god_max_dependencies``);
- ``distributed monolith``: the service is part of a signal that services
  are always deployed or changed together (below);
- ``chatty``: the service is one end of a chatty pair (below);
- ``ok`` otherwise. When several apply, the first in this order is the verdict
  and all are reasons.

Distributed-monolith signals (each names the services it ties together):

- ``shared-deployment-unit``: services sharing ``deployment.unit`` (rule
  ``shared-deployment-unit``);
- ``sync-cycle``: services calling each other synchronously in a circle (rule
  ``cyclic-sync-dependency``);
- ``shared-store``: a store written by several services (rule ``shared-persistence``);
- ``every-journey``: services every journey (two or more) reaches through hard
  synchronous calls: no user request succeeds without all of them (gateways
  and frontends, which front everything by design, are left out).

A chatty pair is a synchronous call made ``chatty_calls_per_request`` times
or more per request, or carrying ``chatty_pair_rps`` requests per second or
more at peak (calls from gateways and frontends are not judged on volume:
they carry the users' requests). Thresholds are :class:`Limits`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from ..model import Design
from .antipatterns import analyze
from .antipatterns.finding import loc
from .graph import dependency_graph
from .interactions import EDGE_KINDS
from .journey_calls import journey_calls, sync_calls
from .traffic import TrafficReport, service_traffic, topic_ends

__all__ = [
    "VERDICTS",
    "ChattyPair",
    "GranularityReport",
    "Limits",
    "MonolithSignal",
    "ServiceSize",
    "granularity",
]

VERDICTS = ("god service", "distributed monolith", "nano-service", "chatty", "ok")
"""Verdicts from the most to the least serious."""


@dataclass(frozen=True)
class Limits:
    """Thresholds of the chatty-pair rule (the size rules use the anti-pattern thresholds)."""

    chatty_calls_per_request: float = 3.0
    """Calls per request from which a pair is chatty."""
    chatty_pair_rps: float = 1000.0
    """Requests per second between a pair, at peak, from which it is chatty."""


@dataclass(frozen=True)
class ChattyPair:
    """A synchronous call made many times per request, or at a high rate."""

    path: str
    caller: str
    callee: str
    calls_per_request: float
    rate_rps: float
    reason: str


@dataclass(frozen=True)
class MonolithSignal:
    """Services that are deployed or changed together, and why."""

    kind: str
    """'shared-deployment-unit', 'sync-cycle', 'shared-store' or 'every-journey'."""
    subject: str
    """The unit, cycle, store or journeys that tie them."""
    services: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class ServiceSize:
    """The size of one service and the verdict on it."""

    service: str
    kind: str
    context: str | None
    team: str | None
    endpoints: int
    sync_out: int
    """Services it calls synchronously."""
    sync_in: int
    """Services calling it synchronously."""
    async_out: int
    """Topics it publishes to."""
    async_in: int
    """Topics it consumes."""
    entities: tuple[str, ...]
    """Entities kept in the stores it owns."""
    stores: int
    calls_per_request: float
    """Synchronous calls it makes for each request it handles."""
    peak_rps: float
    verdict: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class GranularityReport:
    """Per-service sizes, chatty pairs and distributed-monolith signals."""

    services: tuple[ServiceSize, ...]
    chatty: tuple[ChattyPair, ...]
    signals: tuple[MonolithSignal, ...]

    @property
    def distributed_monolith(self) -> bool:
        """True when any signal ties services together."""
        return bool(self.signals)

    def service(self, name: str) -> ServiceSize:
        """The row of service ``name`` (KeyError if there is none)."""
        for row in self.services:
            if row.service == name:
                return row
        raise KeyError(name)


def granularity(
    design: Design,
    *,
    traffic: TrafficReport | None = None,
    limits: Limits | None = None,
    thresholds: Mapping[str, float] | None = None,
) -> GranularityReport:
    """Size every service, find chatty pairs and distributed-monolith signals.

    Parameters
    ----------
    design : Design
        The design; it is only read.
    traffic : TrafficReport, optional
        ``service_traffic(design)``, when the caller already has it.
    limits : Limits, optional
        Chatty-pair thresholds.
    thresholds : mapping, optional
        Anti-pattern threshold overrides (as for
        :func:`~designkit.analysis.antipatterns.analyze`).

    Examples
    --------
    ``a`` calls ``b`` five times for every request it handles:

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "calls_per_request": 5}]},
    ...     {"name": "b"}]})
    >>> r = granularity(d)
    >>> [(p.caller, p.callee) for p in r.chatty], r.service("b").verdict
    ([('a', 'b')], 'chatty')
    """
    lim = limits or Limits()
    report = traffic if traffic is not None else service_traffic(design)
    chatty = _chatty(design, report, lim)
    signals = _signals(design, thresholds)
    findings = analyze(design, rules=["god-service", "nano-service"], thresholds=thresholds)
    by_path: dict[str, list[tuple[str, str]]] = {}
    for f in findings:
        verdict = "god service" if f.rule == "god-service" else "nano-service"
        by_path.setdefault(f.path, []).append((verdict, f.message))

    graph = dependency_graph(design, include_async=False)
    publishers, consumers = topic_ends(design)
    owned: dict[str, list[str]] = {}
    for store in design.stores:
        if store.owner:
            owned.setdefault(store.owner, []).extend(store.entities)
    rows = []
    for i, svc in enumerate(design.services):
        found: dict[str, list[str]] = {}
        for verdict, message in by_path.get(loc("services", i), []):
            found.setdefault(verdict, []).append(message)
        for signal in signals:
            if svc.name in signal.services:
                found.setdefault("distributed monolith", []).append(signal.reason)
        for pair in chatty:
            if svc.name in (pair.caller, pair.callee):
                found.setdefault("chatty", []).append(pair.reason)
        verdict = next((v for v in VERDICTS if v in found), "ok")
        rows.append(
            ServiceSize(
                service=svc.name,
                kind=svc.kind,
                context=svc.context,
                team=svc.team,
                endpoints=len(svc.endpoints),
                sync_out=graph.out_degree(svc.name),
                sync_in=graph.in_degree(svc.name),
                async_out=sum(svc.name in names for names in publishers.values()),
                async_in=sum(svc.name in names for names in consumers.values()),
                entities=tuple(dict.fromkeys(owned.get(svc.name, []))),
                stores=len(svc.stores),
                calls_per_request=sum(
                    d.calls_per_request for d in svc.dependencies if d.protocol != "async"
                ),
                peak_rps=report.services[svc.name].request_rps,
                verdict=verdict,
                reasons=tuple(m for v in VERDICTS if v in found for m in found[v]),
            )
        )
    return GranularityReport(tuple(rows), tuple(chatty), tuple(signals))


def _chatty(design: Design, report: TrafficReport, lim: Limits) -> list[ChattyPair]:
    pairs = []
    for i, svc in enumerate(design.services):
        seen: set[str] = set()
        for j, dep in enumerate(svc.dependencies):
            if dep.protocol == "async" or dep.target in seen:
                continue
            seen.add(dep.target)
            cpr = sum(
                d.calls_per_request
                for d in svc.dependencies
                if d.target == dep.target and d.protocol != "async"
            )
            rate = report.rate_between(svc.name, dep.target)
            why, fixes = [], []
            if cpr >= lim.chatty_calls_per_request:
                why.append(f"{cpr:g} calls per request")
                fixes.append("batch the calls into one")
            if svc.kind not in EDGE_KINDS and rate >= lim.chatty_pair_rps:
                why.append(f"{rate:,.0f} req/s at peak")
                fixes.append(f"cache {dep.target}'s answers or keep a copy fed by its events")
            if why:
                pairs.append(
                    ChattyPair(
                        loc("services", i, "dependencies", j),
                        svc.name,
                        dep.target,
                        cpr,
                        rate,
                        f"{svc.name} -> {dep.target} is chatty ({' and '.join(why)}): every "
                        f"call pays a network hop; {', '.join(fixes)}, or merge the two",
                    )
                )
    return pairs


def _signals(design: Design, thresholds: Mapping[str, float] | None) -> list[MonolithSignal]:
    rules = ["shared-deployment-unit", "cyclic-sync-dependency", "shared-persistence"]
    fired = {f.rule for f in analyze(design, rules=rules, thresholds=thresholds)}
    out: list[MonolithSignal] = []
    if "shared-deployment-unit" in fired:
        units: dict[str, list[str]] = {}
        for svc in design.services:
            if svc.deployment.unit:
                units.setdefault(svc.deployment.unit, []).append(svc.name)
        for unit, names in units.items():
            if len(names) > 1:
                out.append(
                    MonolithSignal(
                        "shared-deployment-unit",
                        unit,
                        tuple(names),
                        f"{', '.join(names)} share the deployment unit {unit}: they are "
                        "released, rolled back and scaled together",
                    )
                )
    if "cyclic-sync-dependency" in fired:
        order = {s.name: i for i, s in enumerate(design.services)}
        graph = dependency_graph(design, include_async=False)
        groups = [g for g in nx.strongly_connected_components(graph) if len(g) > 1]
        for group in sorted(groups, key=lambda g: min(order[n] for n in g)):
            names = sorted(group, key=order.__getitem__)
            out.append(
                MonolithSignal(
                    "sync-cycle",
                    " <-> ".join(names),
                    tuple(names),
                    f"{', '.join(names)} call each other synchronously in a cycle: none "
                    "can be released or tested without the others",
                )
            )
    if "shared-persistence" in fired:
        for store in design.stores:
            writers = [
                s.name
                for s in design.services
                if any(u.store == store.name and u.access != "read" for u in s.stores)
            ]
            if len(writers) > 1:
                out.append(
                    MonolithSignal(
                        "shared-store",
                        store.name,
                        tuple(writers),
                        f"{', '.join(writers)} all write to {store.name}: a schema change "
                        "there is a change to all of them",
                    )
                )
    out.extend(_every_journey(design))
    return out


def _every_journey(design: Design) -> list[MonolithSignal]:
    if len(design.journeys) < 2:
        return []
    index = sync_calls(design)
    edge = {s.name for s in design.services if s.kind in EDGE_KINDS}
    common: set[str] | None = None
    for journey in design.journeys:
        followed = journey_calls(design, journey, index)
        reached = {journey.entry}
        queue = [journey.entry]
        for caller in queue:  # grows while it is walked
            for call in followed.get(caller, ()):
                if call.hard and call.callee not in reached:
                    reached.add(call.callee)
                    queue.append(call.callee)
        common = reached if common is None else common & reached
    names = [s.name for s in design.services if s.name in (common or set()) - edge]
    if not names:
        return []
    return [
        MonolithSignal(
            "every-journey",
            f"all {len(design.journeys)} journeys",
            tuple(names),
            f"every journey ({len(design.journeys)}) waits synchronously on "
            f"{', '.join(names)}: no user request succeeds without "
            + ("it" if len(names) == 1 else "all of them"),
        )
    ]
