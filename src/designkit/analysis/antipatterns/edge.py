"""The edge: exposed services without a gateway, gateway bypass, exposed data, unversioned APIs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Design
from .. import views
from .catalog import NERI_2020, NEWMAN_2021, PONCE_2022, RICHARDSON, TAIBI_2018, cite
from .finding import Finding, loc
from .registry import Thresholds, register

__all__ = [
    "exposed_store_or_topic",
    "no_api_gateway",
    "no_api_versioning",
    "publicly_accessible_service",
]

# A version segment: /v1/, /v2beta1/, or a gRPC package such as inventory.v1.Service.
_VERSION = re.compile(r"(^|[/.])v\d+((alpha|beta)\d*)?([/.]|$)", re.IGNORECASE)


def _routed(design: Design) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for k, route in enumerate(design.gateway.routes if design.gateway else []):
        out.setdefault(route.service, []).append(k)
    return out


@register(
    "no-api-gateway",
    title="Exposed services without an API gateway",
    severity="warning",
    family="communication",
    phase=2,
    fix="Add an API gateway as the single entry point for outside clients.",
    catalog=(
        cite(TAIBI_2018, "Not Having an API Gateway"),
        cite(NERI_2020, "No API Gateway"),
        cite(RICHARDSON, "pattern: API Gateway"),
    ),
)
def no_api_gateway(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A public or partner service that outside clients call directly, with no gateway at the edge.

    Neri et al. 2020 (as microFreshener implements it): every node external
    clients reach that is not an API gateway (a message router) is a "No API
    Gateway" smell. A gateway mitigates it only when it is the system's external
    entry: a gateway section with routes, or a gateway service that is public or
    partner. A service a route or an external gateway service leads to is
    reached through the gateway, not directly. When an entry gateway exists
    but some exposed service is not behind it, ``publicly-accessible-service``
    reports that bypass instead; a store or topic reachable from outside is
    ``exposed-store-or-topic``.

    Catalog: Taibi & Lenarduzzi 2018 ("Not Having an API Gateway"); Neri et al. 2020 ("No
    API Gateway"); Richardson, API Gateway pattern.
    """
    facts = views.of(design)
    if facts.entry_gateway:
        return
    for i, svc in enumerate(design.services):
        if svc.exposure == "internal" or svc.kind == "gateway" or svc.name in facts.behind_gateway:
            continue
        internal = bool(facts.gateways) or design.gateway is not None
        yield no_api_gateway.finding(
            loc("services", i, "exposure"),
            svc.name,
            f"{svc.name} is {svc.exposure} and "
            + (
                "the design's gateway is not its external entry (no routes, or an internal "
                "gateway service)"
                if internal
                else "the design has no API gateway"
            )
            + ": clients call it directly and it must authenticate, throttle and version "
            "on its own",
            "put a gateway at the edge (a gateway section with a route to it, or a public "
            "gateway service calling it) as the single entry point for outside clients",
        )


@register(
    "publicly-accessible-service",
    title="Exposed service reachable around the gateway",
    severity="error",
    family="security",
    phase=2,
    fix="Route outside clients to the service through the gateway, or make it internal.",
    catalog=(cite(PONCE_2022, "Publicly Accessible Microservices"),),
)
def publicly_accessible_service(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A public or partner service the entry gateway does not lead to.

    Outside clients then reach it directly, around the gateway's
    authentication, rate limits and security headers. A service a gateway
    route or a public gateway service's call leads to is behind the gateway:
    external calls through a gateway are not direct exposure.

    Catalog: Ponce et al. 2022 ("Publicly Accessible Microservices").
    """
    facts = views.of(design)
    if not facts.entry_gateway:
        return
    for i, svc in enumerate(design.services):
        if svc.exposure == "internal" or svc.kind == "gateway" or svc.name in facts.behind_gateway:
            continue
        yield publicly_accessible_service.finding(
            loc("services", i, "exposure"),
            svc.name,
            f"{svc.name} is {svc.exposure} but no gateway route leads to it: clients reach it "
            "around the gateway's authentication and rate limits",
            f"add a gateway route to {svc.name}, or make it internal",
        )


@register(
    "exposed-store-or-topic",
    title="Data store or broker topic reachable from outside",
    severity="error",
    family="security",
    phase=3,
    fix="Keep stores and topics internal; let outside clients reach the data through a service.",
    catalog=(
        cite(NERI_2020, "No API Gateway (external clients reaching a data store)"),
        cite(PONCE_2022, "Publicly Accessible Microservices"),
    ),
)
def exposed_store_or_topic(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A data store or topic that clients outside the system can reach directly.

    They then read or change the data (or inject messages) around every
    service's validation and authorization, and the schema becomes a public
    contract. microFreshener reports a data store at the edge as "No API
    Gateway"; a topic reachable from outside is the same exposure through the
    broker.

    Catalog: Neri et al. 2020 ("No API Gateway"); Ponce et al. 2022 ("Publicly
    Accessible Microservices").
    """
    for k, store in enumerate(design.stores):
        if store.exposure != "internal":
            yield exposed_store_or_topic.finding(
                loc("stores", k, "exposure"),
                store.name,
                f"store {store.name} is reachable from outside ({store.exposure}): clients "
                "read and write it around every service's checks",
                f"make {store.name} internal and serve its data through "
                + (store.owner or "its owning service"),
            )
    for k, topic in enumerate(design.topics):
        if topic.exposure != "internal":
            yield exposed_store_or_topic.finding(
                loc("topics", k, "exposure"),
                topic.name,
                f"topic {topic.name} is reachable on the broker from outside ({topic.exposure}): "
                "clients publish or read messages around the services",
                f"make {topic.name} internal; bridge outside clients through a service or "
                "the gateway",
            )


@register(
    "no-api-versioning",
    title="No API versioning",
    severity="warning",
    family="communication",
    phase=4,
    fix="Version every public API (a /v1/ path or a versioned gateway route).",
    catalog=(
        cite(TAIBI_2018, "API Versioning"),
        cite(NEWMAN_2021, 'ch. "Implementing Microservice Communication" (handling change)'),
    ),
)
def no_api_versioning(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """Public APIs that carry no version, so they cannot change without breaking clients.

    A gateway route with ``version: null`` is unversioned. For a public or
    partner service the contract outside clients use is its routes: when every
    route to it is versioned, the gateway maps the versioned paths and the
    service's own paths need no version. A service exposed without versioned
    routes must carry the version in its endpoint paths (``/v1/``, or a gRPC
    package like ``orders.v1``); standard ``/.well-known/`` paths are exempt.

    Catalog: Taibi & Lenarduzzi 2018 ("API Versioning"); Newman 2021, ch. "Implementing
    Microservice Communication".
    """
    routes = design.gateway.routes if design.gateway else []
    for k, route in enumerate(routes):
        if route.version is None:
            yield no_api_versioning.finding(
                loc("gateway", "routes", k, "version"),
                route.name,
                f"route {route.name} ({route.path}) serves an unversioned API: every change "
                "to it reaches all clients at once",
                "set the route's version (e.g. v1) and keep old versions routed while clients move",
            )
    routed = _routed(design)
    for i, svc in enumerate(design.services):
        if svc.exposure == "internal" or svc.kind == "gateway":
            continue
        if routed.get(svc.name) and all(routes[k].version for k in routed[svc.name]):
            continue
        for j, endpoint in enumerate(svc.endpoints):
            if _VERSION.search(endpoint.path) or "/.well-known/" in endpoint.path:
                continue
            yield no_api_versioning.finding(
                loc("services", i, "endpoints", j, "path"),
                f"{svc.name} {endpoint.method} {endpoint.path}",
                f"{svc.name} is {svc.exposure} and {endpoint.path} has no version, nor does a "
                "versioned gateway route front it",
                "put the version in the path (/v1/...), or expose the service only through "
                "versioned gateway routes",
            )
