"""Coupling between services: call cycles, long call chains, hubs, hard-coded addresses."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from ...model import Design
from . import _view
from .catalog import (
    ARCAN_2017,
    NERI_2020,
    NEWMAN_2021,
    PIGAZZINI_2020,
    RICHARDSON,
    TAIBI_2018,
    cite,
)
from .finding import Finding, loc
from .registry import Threshold, Thresholds, register

__all__ = ["cyclic_sync_dependency", "hardcoded_endpoint", "hub_service", "long_sync_chain"]


@register(
    "cyclic-sync-dependency",
    title="Cyclic synchronous dependencies",
    severity="error",
    family="structure",
    phase=1,
    fix=(
        "Break one call of the cycle: publish an event instead, or move the shared "
        "behaviour into one service."
    ),
    catalog=(cite(TAIBI_2018, "Cyclic Dependency"), cite(PIGAZZINI_2020, "Cyclic Dependency")),
)
def cyclic_sync_dependency(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """Services that call each other synchronously in a circle.

    Neither can be deployed, scaled or tested alone, a slow member slows the
    whole loop, and a request can chase itself until it times out. Cycles
    through topics are not reported: events decouple the two ends in time.
    One finding per strongly connected group, at the first call of one cycle.

    Catalog: Taibi & Lenarduzzi 2018 ("Cyclic Dependency"); Pigazzini et al. 2020.
    """
    graph = _view.sync_graph(design)
    order = _view.service_index(design)
    groups = [g for g in nx.strongly_connected_components(graph) if len(g) > 1]
    for group in sorted(groups, key=lambda g: min(order[name] for name in g)):
        start = min(group, key=order.__getitem__)
        edges = nx.find_cycle(graph.subgraph(group), source=start)
        names = [edges[0][0], *(v for _u, v in edges)]
        members = sorted(group, key=order.__getitem__)
        yield cyclic_sync_dependency.finding(
            _view.call_path(design, edges[0][0], edges[0][1], order),
            _view.chain(names),
            f"synchronous calls form a cycle {_view.chain(names)}"
            + (f" (the group {', '.join(members)} is tangled)" if len(group) > len(edges) else "")
            + ": none of them can be released, scaled or tested without the others",
            "break one call of the cycle: publish an event instead, move the shared "
            "behaviour into one service, or let the lower service answer from its own data",
        )


@register(
    "long-sync-chain",
    title="Long synchronous call chains",
    severity="warning",
    family="communication",
    phase=2,
    fix=(
        "Answer from data the service keeps itself, call in parallel, or merge services "
        "that always go together."
    ),
    catalog=(
        cite(NEWMAN_2021, 'ch. "Microservice Communication Styles" (temporal coupling)'),
        cite(RICHARDSON, "pattern: Self-contained Service"),
    ),
    thresholds=(
        Threshold(
            "max_sync_hops",
            4,
            "Longest allowed chain of synchronous calls, in hops (calls), from a service "
            "nobody calls; longer chains are reported.",
        ),
    ),
)
def long_sync_chain(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A request that travels through more synchronous hops than the threshold.

    Every hop adds latency and multiplies the chance of failure: the caller is
    only as available as the product of everything below it. Chains are
    followed from services nobody calls (usually the gateway); chains sharing
    their first ``max_sync_hops + 1`` hops are reported once, at the first call.

    Catalog: Newman 2021, ch. "Microservice Communication Styles"; Richardson, Self-
    contained Service pattern.
    """
    limit = int(thresholds["max_sync_hops"])
    order = _view.service_index(design)
    seen: set[tuple[str, ...]] = set()
    for path in _view.simple_paths(_view.sync_graph(design)):
        hops = len(path) - 1
        if hops <= limit or path[: limit + 2] in seen:
            continue
        seen.add(path[: limit + 2])
        yield long_sync_chain.finding(
            _view.call_path(design, path[0], path[1], order),
            _view.chain(path),
            f"a request to {path[0]} waits on {hops} synchronous hops in a row "
            f"(more than {limit}): latency adds up and availability multiplies down",
            "answer from data the service keeps itself (replicate it through events), "
            "call in parallel rather than in series, or merge services that always go together",
        )


@register(
    "hub-service",
    title="Hub-like service",
    severity="warning",
    family="structure",
    phase=1,
    fix=(
        "Let callers keep the data they need from the hub's events, cache its answers, "
        "or split it by its callers' needs."
    ),
    catalog=(cite(ARCAN_2017, "Hub-Like Dependency"),),
    thresholds=(
        Threshold(
            "hub_min_callers",
            8,
            "Number of services calling one service synchronously (gateways not counted) "
            "from which it is reported as a hub.",
        ),
    ),
)
def hub_service(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A service that many others call synchronously: a bottleneck and a single point of failure.

    Gateways are left out on both ends: a gateway calls every exposed service by design.

    Catalog: Arcelli Fontana et al. 2017 (Arcan), "Hub-Like Dependency", applied to
    services.
    """
    limit = thresholds["hub_min_callers"]
    gateways = {s.name for s in design.services if s.kind == "gateway"}
    graph = _view.sync_graph(design)
    for i, svc in enumerate(design.services):
        if svc.name in gateways:
            continue
        callers = sorted(set(graph.predecessors(svc.name)) - gateways)
        if len(callers) >= limit:
            yield hub_service.finding(
                loc("services", i),
                svc.name,
                f"{len(callers)} services call {svc.name} synchronously "
                f"({', '.join(callers)}): its outage or slowness reaches all of them",
                f"let callers keep the data they need from {svc.name}'s events, cache its "
                "answers, or split it by the callers' different needs",
            )


@register(
    "hardcoded-endpoint",
    title="Hard-coded endpoints",
    severity="warning",
    family="communication",
    phase=4,
    fix="Resolve the target through the mesh, DNS service names or a registry.",
    catalog=(
        cite(TAIBI_2018, "Hard-Coded Endpoints"),
        cite(NERI_2020, "Endpoint-based Service Interactions"),
        cite(PIGAZZINI_2020, "Hard-Coded Endpoints"),
        cite(RICHARDSON, "pattern: Service Registry / Server-side Discovery"),
    ),
)
def hardcoded_endpoint(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A dependency that reaches its target at a fixed address instead of through discovery.

    New replicas of the target are never used, and moving it breaks the caller.

    Catalog: Taibi & Lenarduzzi 2018 ("Hard-Coded Endpoints"); Neri et al. 2020 ("Endpoint-
    based Service Interactions"); Pigazzini et al. 2020; Richardson, Service Registry
    pattern.
    """
    for i, svc in enumerate(design.services):
        for j, dep in enumerate(svc.dependencies):
            if dep.discovery != "hardcoded":
                continue
            what = f"topic {dep.topic}" if dep.topic else dep.target
            yield hardcoded_endpoint.finding(
                loc("services", i, "dependencies", j, "discovery"),
                f"{svc.name} -> {dep.target}",
                f"{svc.name} reaches {what} at a hard-coded address: new replicas are not "
                "used and moving it breaks the caller",
                "resolve the target through the mesh, DNS service names or a registry "
                "(discovery: mesh, dns or registry)",
            )
