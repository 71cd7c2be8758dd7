"""The edge and the objectives of a synthetic design: routes, journeys and SLOs.

Each public service gets a read route and, often, a write route; each route
gets a journey entering at the gateway with a heavy-tailed peak rate (most
journeys are quiet, a few carry most of the traffic). Read journeys follow
every call from the route's service; write journeys list the services they
pass through (``via``): a short walk down the call graph, the way a team would
write it.
"""

from __future__ import annotations

import random
from typing import Any

from .topology import Plan

__all__ = ["journeys", "routes", "slos"]

_LATENCY_MS = {0: 300.0, 1: 250.0, 2: 150.0, 3: 100.0, 4: 50.0}
"""Latency SLO threshold (p95) of a critical service, by tier."""


def routes(p: Plan, rng: random.Random) -> list[dict[str, Any]]:
    """Versioned, rate-limited routes to every public service."""
    out: list[dict[str, Any]] = []
    for svc in p.services:
        if not svc.public:
            continue
        context = p.contexts[svc.context].name
        prefix = "/api/v1/mobile" if svc.role == "mobile-api" else "/api/v1"
        out.append(
            {
                "name": f"{svc.name}-read",
                "path": f"{prefix}/{context}",
                "methods": ["GET"],
                "service": svc.name,
                "scopes": [f"{context}:read"],
                "rate_limit": {"per_second": 50},
            }
        )
        if rng.random() < 0.6:
            out.append(
                {
                    "name": f"{svc.name}-write",
                    "path": f"{prefix}/{context}",
                    "methods": ["POST", "PUT", "DELETE"],
                    "service": svc.name,
                    "scopes": [f"{context}:write"],
                    "rate_limit": {"per_second": 10},
                    "max_body_kb": 256,
                }
            )
    return out


def journeys(p: Plan, route_list: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """A journey per route, entering at the gateway."""
    index = {svc.name: i for i, svc in enumerate(p.services)}
    out: list[dict[str, Any]] = []
    for route in route_list:
        write = route["name"].endswith("-write")
        rate = rng.lognormvariate(2.5, 1.3) * (0.2 if write else 1.0)
        out.append(
            {
                "name": route["name"],
                "entry": "gateway",
                "route": route["name"],
                "peak_rps": float(max(1, round(rate))),
            }
        )
        if write:  # writes touch a few services; reads follow every call (no via)
            out[-1]["via"] = ["gateway", *_walk(p, index[route["service"]], rng)]
    return out


def _walk(p: Plan, start: int, rng: random.Random) -> list[str]:
    """``start`` and a few services below it: up to two calls from it, one from each after."""
    seen = [start]
    frontier = [start]
    width = 2
    while frontier:
        nexts = []
        for i in frontier:
            calls = [c.target for c in p.services[i].calls if c.target not in seen]
            for target in rng.sample(calls, min(width, len(calls))):
                seen.append(target)
                nexts.append(target)
        frontier, width = nexts, 1
    return [p.services[i].name for i in seen]


def slos(
    p: Plan, route_list: list[dict[str, Any]], journey_list: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Availability for every service, latency for critical ones, both for every journey."""
    critical = {svc.name for svc in p.services if svc.critical}
    out: list[dict[str, Any]] = []
    for svc in p.services:
        out.append({"name": f"{svc.name}-availability", "service": svc.name, "objective": 0.999})
        if svc.critical:
            out.append(_latency(f"{svc.name}-latency", _LATENCY_MS[svc.tier], service=svc.name))
    upstream = {route["name"]: route["service"] for route in route_list}
    for journey in journey_list:
        name = journey["name"]
        out.append(
            {
                "name": f"journey-{name}-availability",
                "journey": name,
                # The route's service sets the bar: a critical API, three nines.
                "objective": 0.999 if upstream[journey["route"]] in critical else 0.995,
            }
        )
        threshold = 500.0 if name.endswith("-write") else 300.0
        out.append(_latency(f"journey-{name}-latency", threshold, journey=name))
    return out


def _latency(name: str, threshold_ms: float, **target: str) -> dict[str, Any]:
    return {
        "name": name,
        **target,
        "sli": "latency",
        "objective": 0.95,
        "threshold_ms": threshold_ms,
        "percentile": 95.0,
    }
