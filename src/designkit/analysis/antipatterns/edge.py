"""The edge: exposed services without a gateway, gateway bypass, unversioned APIs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Design
from . import _view
from .catalog import NERI_2020, NEWMAN_2021, PONCE_2022, RICHARDSON, TAIBI_2018, cite
from .finding import Finding, loc
from .registry import Thresholds, register

__all__ = ["no_api_gateway", "no_api_versioning", "publicly_accessible_service"]

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
    """A public or partner service in a design that has no API gateway at all.

    Every client then calls the services directly, and each service must do
    authentication, rate limiting and versioning itself. When a gateway exists
    but does not route to an exposed service, ``publicly-accessible-service``
    reports it instead.

    Catalog: Taibi & Lenarduzzi 2018 ("Not Having an API Gateway"); Neri et al. 2020 ("No
    API Gateway"); Richardson, API Gateway pattern.
    """
    if _view.has_gateway(design):
        return
    for i, svc in enumerate(design.services):
        if svc.exposure != "internal":
            yield no_api_gateway.finding(
                loc("services", i, "exposure"),
                svc.name,
                f"{svc.name} is {svc.exposure} but the design has no API gateway: clients "
                "call it directly and it must authenticate, throttle and version on its own",
                "add a gateway (a gateway section with a route to it) as the single entry "
                "point for outside clients",
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
    """A public or partner service that no gateway route leads to, while a gateway exists.

    Outside clients then reach it directly, around the gateway's
    authentication, rate limits and security headers.

    Catalog: Ponce et al. 2022 ("Publicly Accessible Microservices").
    """
    if not _view.has_gateway(design):
        return
    routed = _routed(design)
    for i, svc in enumerate(design.services):
        if svc.exposure == "internal" or svc.kind == "gateway" or svc.name in routed:
            continue
        yield publicly_accessible_service.finding(
            loc("services", i, "exposure"),
            svc.name,
            f"{svc.name} is {svc.exposure} but no gateway route leads to it: clients reach it "
            "around the gateway's authentication and rate limits",
            f"add a gateway route to {svc.name}, or make it internal",
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
