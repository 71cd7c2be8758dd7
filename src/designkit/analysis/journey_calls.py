"""The synchronous calls a user journey follows, with their effective settings.

Traffic, availability and latency budgets all walk a journey the same way, so
the rules live here once:

- the journey starts at its ``entry`` service;
- when the journey names a gateway ``route``, the route's upstream service is
  the entry's *only* first hop (a gateway has an edge to every upstream, and
  fanning out to all of them would send the journey everywhere). If the entry
  has no dependency on that service, the hop is implied by the route and takes
  the mesh defaults. The hop is hard for its journey: the gateway cannot
  answer the route without its upstream;
- when the journey lists ``via``, only calls between services in
  ``{entry} | via`` (plus the route's service) are followed;
- asynchronous dependencies are never calls; topics are handled by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..model import Design, Journey, Route
from .resilience import effective_calls

__all__ = ["Call", "all_journey_calls", "journey_calls", "sync_calls"]


@dataclass(frozen=True)
class Call:
    """One synchronous call with the settings that apply to it (see ``effective_calls``)."""

    caller: str
    callee: str
    calls_per_request: float
    retries: int
    timeout_ms: float | None
    per_try_timeout_ms: float | None
    hard: bool
    """False when the caller still answers without the callee (a soft dependency)."""
    route: str | None = None
    """The gateway route this hop stands for, on a journey's first hop."""
    implied: bool = False
    """True when no dependency declares the hop: only the route implies it."""


def sync_calls(design: Design) -> dict[str, tuple[Call, ...]]:
    """Every service's synchronous calls, in file order, keyed by caller.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "retries": 0}]},
    ...     {"name": "b"}]})
    >>> [(c.callee, c.retries, c.timeout_ms) for c in sync_calls(d)["a"]]
    [('b', 0, 1000.0)]
    """
    calls: dict[str, list[Call]] = {svc.name: [] for svc in design.services}
    deps = [dep for svc in design.services for dep in svc.dependencies if dep.protocol != "async"]
    # effective_calls walks the same services and dependencies in the same order.
    for dep, eff in zip(deps, effective_calls(design), strict=True):
        calls[eff.caller].append(
            Call(
                caller=eff.caller,
                callee=eff.callee,
                calls_per_request=dep.calls_per_request,
                retries=eff.retries,
                timeout_ms=eff.timeout_ms,
                per_try_timeout_ms=eff.per_try_timeout_ms,
                hard=dep.hard,
            )
        )
    return {name: tuple(items) for name, items in calls.items()}


def journey_calls(
    design: Design, journey: Journey, calls: Mapping[str, tuple[Call, ...]] | None = None
) -> dict[str, tuple[Call, ...]]:
    """The calls ``journey`` follows from each service it reaches (route and ``via`` rules applied).

    Only the services the journey reaches from its entry are keys, in the order
    a breadth-first walk from the entry meets them: the work is proportional to
    what the journey reaches, not to the size of the design. For every journey
    of a design, :func:`all_journey_calls` shares the lookups between them.

    Parameters
    ----------
    design : Design
    journey : Journey
    calls : mapping, optional
        ``sync_calls(design)``, when the caller already has it.

    Examples
    --------
    A gateway in front of two services; the journey's route picks one:

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "gw", "kind": "gateway",
    ...      "dependencies": [{"target": "a"}, {"target": "b"}]},
    ...     {"name": "a"}, {"name": "b"}],
    ...     "gateway": {"routes": [{"name": "r", "path": "/b", "service": "b"}]},
    ...     "journeys": [{"name": "j", "entry": "gw", "route": "r"}]})
    >>> [c.callee for c in journey_calls(d, d.journeys[0])["gw"]]
    ['b']
    """
    index = sync_calls(design) if calls is None else calls
    route = None
    if journey.route is not None and design.gateway is not None:
        route = next((r for r in design.gateway.routes if r.name == journey.route), None)
    declared = None
    if route is not None:
        declared = next(
            (c for c in index.get(journey.entry, ()) if c.callee == route.service), None
        )
    return _follow(design, journey, index, route, declared)


def all_journey_calls(
    design: Design, calls: Mapping[str, tuple[Call, ...]] | None = None
) -> list[dict[str, tuple[Call, ...]]]:
    """:func:`journey_calls` of every journey, in ``design.journeys`` order.

    The routes and each caller's first call to each callee are indexed once, so
    the whole design costs what its journeys reach (a gateway entry calling
    every service is not scanned once per journey).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}],
    ...     "journeys": [{"name": "j", "entry": "a"}, {"name": "k", "entry": "b"}]})
    >>> [{s: [c.callee for c in cs] for s, cs in f.items()} for f in all_journey_calls(d)]
    [{'a': ['b'], 'b': []}, {'b': []}]
    """
    index = sync_calls(design) if calls is None else calls
    routes: dict[str, Route] = {}
    if design.gateway is not None:
        for route in design.gateway.routes:
            routes.setdefault(route.name, route)
    first: dict[tuple[str, str], Call] = {}
    for caller, items in index.items():
        for call in items:
            first.setdefault((caller, call.callee), call)
    followed = []
    for journey in design.journeys:
        chosen = routes.get(journey.route) if journey.route is not None else None
        declared = first.get((journey.entry, chosen.service)) if chosen is not None else None
        followed.append(_follow(design, journey, index, chosen, declared))
    return followed


def _follow(
    design: Design,
    journey: Journey,
    index: Mapping[str, tuple[Call, ...]],
    route: Route | None,
    declared: Call | None,
) -> dict[str, tuple[Call, ...]]:
    """Walk ``journey`` from its entry; ``declared`` is the entry's first call to the route's
    service, if it has one."""
    allowed: set[str] | None = {journey.entry, *journey.via} if journey.via else None
    first_hop: Call | None = None
    if route is not None and route.service != journey.entry:
        first_hop = _route_hop(design, journey.entry, route, declared)
        if allowed is not None:
            allowed.add(route.service)
    followed: dict[str, tuple[Call, ...]] = {}
    queue = [journey.entry]
    seen = {journey.entry}
    for caller in queue:  # grows while it is walked: breadth first
        items = index.get(caller)
        if items is None or (allowed is not None and caller not in allowed):
            continue
        if caller == journey.entry and first_hop is not None:
            chosen: tuple[Call, ...] = (first_hop,)
        else:
            chosen = tuple(c for c in items if allowed is None or c.callee in allowed)
        followed[caller] = chosen
        for call in chosen:
            if call.callee not in seen:
                seen.add(call.callee)
                queue.append(call.callee)
    return followed


def _route_hop(design: Design, entry: str, route: Route, declared: Call | None) -> Call:
    if declared is not None:
        return replace(declared, route=route.name, hard=True)
    mesh = design.mesh.defaults if design.mesh.technology != "none" else None
    return Call(
        caller=entry,
        callee=route.service,
        calls_per_request=1.0,
        retries=mesh.retries if mesh else 0,
        timeout_ms=mesh.timeout_ms if mesh else None,
        per_try_timeout_ms=mesh.per_try_timeout_ms if mesh else None,
        hard=True,
        route=route.name,
        implied=True,
    )
