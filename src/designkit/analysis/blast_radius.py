"""Blast radius: what each service's outage does to every user journey.

For a service ``s`` that is down and a journey ``j`` (walked with the rules of
:mod:`designkit.analysis.journey_calls`, as the availability math walks it):

- **fails** when ``s`` is on ``j``'s hard path: reached from the entry through
  hard synchronous calls only (the entry itself included). These are the
  services whose availabilities multiply in ``slos.journey_availability``;
- **degraded** when ``s`` is reached only through at least one soft call
  (``hard: false``): the caller answers without it, with its ``fallback``;
- **delayed** when ``s`` only consumes a topic that a service on the journey
  publishes to: the messages wait in the broker until ``s`` is back, so the
  work is late, not lost (within the topic's retention);
- **unaffected** otherwise.

A journey's weight is its ``peak_rps``. The single points of failure are the
services ranked by the traffic of the journeys they fail (then of those they
degrade), with their replicas and the regions that serve them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..model import Design, Journey, Service
from .journey_calls import Call, all_journey_calls
from .slos import _reach
from .traffic import topic_ends

__all__ = [
    "IMPACTS",
    "BlastRadius",
    "Impact",
    "JourneyImpact",
    "ServiceBlast",
    "blast_radius",
    "replicas",
]

Impact = Literal["fails", "degraded", "delayed", "unaffected"]
IMPACTS: tuple[Impact, ...] = ("fails", "degraded", "delayed", "unaffected")
"""From the worst to the mildest."""


@dataclass(frozen=True)
class JourneyImpact:
    """What one service's outage does to one journey, and why."""

    service: str
    journey: str
    impact: Impact
    peak_rps: float
    reason: str
    """The call path or topic that carries the failure, e.g. ``gateway -> order``."""


@dataclass(frozen=True)
class ServiceBlast:
    """The journeys one service's outage fails, degrades and delays, weighted by traffic."""

    service: str
    criticality: str
    replicas: int
    """``max(deployment.replicas, autoscaling.min_replicas)``: pods that normally serve."""
    regions: tuple[str, ...]
    """``platform.regions``."""
    active_regions: int
    """Regions serving at once: all of them for ``active-active``, else one."""
    failed: tuple[str, ...]
    degraded: tuple[str, ...]
    delayed: tuple[str, ...]
    failed_rps: float
    degraded_rps: float
    delayed_rps: float
    failed_share: float
    """``failed_rps`` over the peak traffic of all journeys (0 without journeys)."""


@dataclass(frozen=True)
class BlastRadius:
    """Every service's outage against every journey."""

    journeys: tuple[str, ...]
    services: Mapping[str, ServiceBlast]
    impacts: Mapping[tuple[str, str], JourneyImpact]
    """Keyed by ``(service, journey)``, for the pairs an outage reaches (in journey
    order); every other pair is ``unaffected``. Sparse: a large design has far
    more pairs than impacts."""
    journey_rps: Mapping[str, float]
    """Each journey's ``peak_rps``."""
    total_rps: float

    def impact(self, service: str, journey: str) -> Impact:
        """The impact of ``service`` being down on ``journey``."""
        found = self.impacts.get((service, journey))
        return "unaffected" if found is None else found.impact

    def spofs(self, top: int | None = 5) -> list[ServiceBlast]:
        """Services whose outage fails at least one journey, worst first.

        Ranked by failed traffic, then degraded traffic, then journeys failed,
        then file order; ``top=None`` returns all of them.
        """
        order = {name: i for i, name in enumerate(self.services)}
        ranked = sorted(
            (s for s in self.services.values() if s.failed),
            key=lambda s: (-s.failed_rps, -s.degraded_rps, -len(s.failed), order[s.service]),
        )
        return ranked if top is None else ranked[:top]


def replicas(design: Design, service: str | Service) -> int:
    """Pods that normally serve ``service``: its replicas or its autoscaler's minimum."""
    svc = design.service(service) if isinstance(service, str) else service
    deployment = svc.deployment
    floor = deployment.autoscaling.min_replicas if deployment.autoscaling else 0
    return max(deployment.replicas, floor)


def _paths(
    entry: str, followed: Mapping[str, tuple[Call, ...]], *, hard_only: bool
) -> dict[str, tuple[Call, ...]]:
    """The calls of a shortest path from ``entry`` to every service it reaches (breadth
    first, file order): the same order as ``_reach``."""
    into: dict[str, tuple[Call, ...]] = {entry: ()}
    order = [entry]
    for service in order:  # grows while it is walked
        for call in followed.get(service, ()):
            if (call.hard or not hard_only) and call.callee not in into:
                into[call.callee] = (*into[service], call)
                order.append(call.callee)
    return into


def _chain(entry: str, calls: tuple[Call, ...]) -> str:
    return " -> ".join([entry, *(c.callee for c in calls)])


def _fallback(design: Design, call: Call) -> str | None:
    caller = design.service(call.caller)
    return next(
        (
            d.fallback
            for d in caller.dependencies
            if d.target == call.callee and d.protocol != "async" and d.fallback
        ),
        None,
    )


def _journey_impacts(
    design: Design,
    journey: Journey,
    followed: Mapping[str, tuple[Call, ...]],
    published_by: Mapping[str, list[str]],
    consumers: Mapping[str, list[str]],
) -> dict[str, JourneyImpact]:
    hard = _reach(journey.entry, followed, hard_only=True)
    everything = _reach(journey.entry, followed, hard_only=False)
    hard_paths = _paths(journey.entry, followed, hard_only=True)
    all_paths = _paths(journey.entry, followed, hard_only=False)
    out: dict[str, JourneyImpact] = {}

    def add(service: str, impact: Impact, reason: str) -> None:
        out[service] = JourneyImpact(service, journey.name, impact, journey.peak_rps, reason)

    for name in hard:
        calls = hard_paths[name]
        add(name, "fails", "entry" if not calls else f"hard: {_chain(journey.entry, calls)}")
    for name in everything:
        if name in out:
            continue
        calls = all_paths[name]
        soft = next(c for c in calls if not c.hard)
        fallback = _fallback(design, soft)
        add(
            name,
            "degraded",
            f"soft: {_chain(journey.entry, calls)}"
            + (f" (fallback: {fallback})" if fallback else " (no fallback stated)"),
        )
    for publisher in everything:
        for topic in published_by.get(publisher, ()):
            for consumer in consumers.get(topic, ()):
                if consumer not in out:
                    add(consumer, "delayed", f"async: {publisher} =[{topic}]=> {consumer}")
    return out


def blast_radius(design: Design) -> BlastRadius:
    """The impact of each service's outage on each journey (rules in the module docstring).

    Examples
    --------
    ``a`` calls ``b`` (hard) and ``c`` (soft, with a fallback) and publishes to
    a topic ``d`` consumes:

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "publishes": ["t"], "dependencies": [{"target": "b"},
    ...      {"target": "c", "hard": False, "fallback": "cached"}]},
    ...     {"name": "b"}, {"name": "c"}, {"name": "d"}],
    ...     "topics": [{"name": "t", "consumers": ["d"]}],
    ...     "journeys": [{"name": "j", "entry": "a", "peak_rps": 10}]})
    >>> r = blast_radius(d)
    >>> [r.impact(s, "j") for s in "abcd"]
    ['fails', 'fails', 'degraded', 'delayed']
    >>> r.impacts[("c", "j")].reason
    'soft: a -> c (fallback: cached)'
    >>> [s.service for s in r.spofs()]
    ['a', 'b']
    """
    walks = all_journey_calls(design)
    publishers, consumers = topic_ends(design)
    published_by: dict[str, list[str]] = {}
    for topic, names in publishers.items():
        for name in names:
            published_by.setdefault(name, []).append(topic)
    impacts: dict[tuple[str, str], JourneyImpact] = {}
    by_service: dict[str, list[JourneyImpact]] = {svc.name: [] for svc in design.services}
    for journey, followed in zip(design.journeys, walks, strict=True):
        found = _journey_impacts(design, journey, followed, published_by, consumers)
        for name, impact in found.items():
            impacts[(name, journey.name)] = impact
            by_service[name].append(impact)
    total = sum(j.peak_rps for j in design.journeys)
    regions = tuple(design.platform.regions)
    active = len(regions) if design.disaster_recovery.strategy == "active-active" else 1
    services = {}
    for svc in design.services:
        rows = by_service[svc.name]

        def of(kind: Impact, rows: list[JourneyImpact] = rows) -> list[JourneyImpact]:
            return [r for r in rows if r.impact == kind]

        failed_rps = sum(r.peak_rps for r in of("fails"))
        services[svc.name] = ServiceBlast(
            service=svc.name,
            criticality=svc.criticality,
            replicas=replicas(design, svc),
            regions=regions,
            active_regions=min(active, len(regions)) or 1,
            failed=tuple(r.journey for r in of("fails")),
            degraded=tuple(r.journey for r in of("degraded")),
            delayed=tuple(r.journey for r in of("delayed")),
            failed_rps=failed_rps,
            degraded_rps=sum(r.peak_rps for r in of("degraded")),
            delayed_rps=sum(r.peak_rps for r in of("delayed")),
            failed_share=failed_rps / total if total else 0.0,
        )
    return BlastRadius(
        journeys=tuple(j.name for j in design.journeys),
        services=services,
        impacts=impacts,
        journey_rps={j.name: j.peak_rps for j in design.journeys},
        total_rps=total,
    )
