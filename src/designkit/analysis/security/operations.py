"""The operations a design offers, and how each is reached: through which route, by whom.

An operation is one endpoint of one service. It is reached from outside when a
gateway route serves it: same service, the method among the route's, and the
route's path leading to the endpoint's (the rule of
:mod:`designkit.generate.openapi`: without ``strip_path`` the route's path ends
with the start of the endpoint's, ``/api/v1/orders`` serves ``/v1/orders/{id}``;
with it, the route serves every endpoint). The longest match wins.

Who may call it (its *audience*):

- ``anonymous``: a route with ``auth: none`` serves it;
- ``scoped``: it needs scopes (its own, else its route's; a caller holding
  any one of them may call it);
- ``authenticated``: a route authenticates callers but asks for no scope;
- ``internal``: no route serves it and it names no scope (services call it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ...model import Design, Endpoint, Route, Service
from ..antipatterns.finding import loc

__all__ = [
    "READ_METHODS",
    "Audience",
    "Operation",
    "is_token_path",
    "operations",
    "serving_route",
    "writes",
]

Audience = Literal["anonymous", "scoped", "authenticated", "internal"]

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Safe HTTP methods (RFC 9110, 9.2.1): they do not change state."""

_PARAM = re.compile(r"\{([^{}/]+)\}")
# gRPC standard read methods (Google AIP-131, 132, 231); other methods may change state.
_GRPC_READS = ("Get", "List", "BatchGet")


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def writes(endpoint: Endpoint) -> bool:
    """True if the endpoint may change state: an unsafe method, or a non-read gRPC method.

    Examples
    --------
    >>> writes(Endpoint(method="POST", path="/v1/orders"))
    True
    >>> writes(Endpoint(method="POST", path="orders.v1.OrderService/GetOrder"))
    False
    """
    if not endpoint.path.startswith("/"):
        return not endpoint.path.rsplit("/", 1)[-1].startswith(_GRPC_READS)
    return endpoint.method not in READ_METHODS


def is_token_path(path: str) -> bool:
    """True for an OAuth 2.0 token endpoint (RFC 6749, 3.2): the last segment is ``token``.

    Clients authenticate to it with their own credentials, so it is served
    without a bearer token by design.

    Examples
    --------
    >>> is_token_path("/api/v1/auth/token"), is_token_path("/v1/tokens")
    (True, False)
    """
    parts = _segments(path)
    return bool(parts) and parts[-1].lower() == "token"


def _match_length(route: Route, path: str) -> int | None:
    route_parts = _segments(route.path)
    if route.version and route.version not in route_parts:
        route_parts = [route.version, *route_parts]
    if route.strip_path or not route_parts:
        return 0
    parts = _segments(path)
    for k in range(len(route_parts)):
        tail = route_parts[k:]
        if len(tail) <= len(parts) and all(
            t == p or bool(_PARAM.fullmatch(t)) for t, p in zip(tail, parts, strict=False)
        ):
            return len(tail)
    return None


def serving_route(design: Design, service: Service, endpoint: Endpoint) -> int | None:
    """Index in ``gateway.routes`` of the route that serves ``endpoint`` (None: none does).

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "o", "endpoints": [{"path": "/v1/orders/{id}"}]}],
    ...     "gateway": {"routes": [{"name": "r", "path": "/api/v1/orders", "service": "o"}]}})
    >>> serving_route(d, d.services[0], d.services[0].endpoints[0])
    0
    """
    if not endpoint.path.startswith("/") or design.gateway is None:
        return None
    best: tuple[int, int] | None = None
    for k, route in enumerate(design.gateway.routes):
        if route.service != service.name or endpoint.method not in route.methods:
            continue
        length = _match_length(route, endpoint.path)
        if length is not None and (best is None or length > best[0]):
            best = (length, k)
    return None if best is None else best[1]


@dataclass(frozen=True)
class Operation:
    """One endpoint of one service, with the route that serves it and who may call it."""

    service: str
    service_index: int
    endpoint_index: int
    method: str
    path: str
    scopes: tuple[str, ...]
    """Scopes that grant it: the endpoint's own, else its route's."""
    route: str | None
    route_index: int | None
    edge_auth: str | None
    """The serving route's ``auth`` (None when no route serves it)."""
    writes: bool
    audience: Audience

    @property
    def key(self) -> str:
        """``service:METHOD /path``, the form a role's permission names it by."""
        return f"{self.service}:{self.method} {self.path}"

    @property
    def where(self) -> str:
        """Its field path, ``services[i].endpoints[j]``."""
        return loc("services", self.service_index, "endpoints", self.endpoint_index)


def operations(design: Design) -> list[Operation]:
    """Every endpoint of every service, in file order, with its route and audience.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "o", "endpoints": [{"path": "/v1/orders", "scopes": ["orders:read"]},
    ...                                 {"path": "o.v1.O/GetOrder", "method": "POST"}]}]})
    >>> [(op.key, op.audience, op.writes) for op in operations(d)]
    [('o:GET /v1/orders', 'scoped', False), ('o:POST o.v1.O/GetOrder', 'internal', False)]
    """
    routes = design.gateway.routes if design.gateway else []
    out = []
    for i, svc in enumerate(design.services):
        for j, endpoint in enumerate(svc.endpoints):
            k = serving_route(design, svc, endpoint)
            route = routes[k] if k is not None else None
            scopes = tuple(endpoint.scopes or (route.scopes if route else []))
            audience: Audience
            if route is not None and route.auth == "none":
                audience = "anonymous"
            elif scopes:
                audience = "scoped"
            elif route is not None:
                audience = "authenticated"
            else:
                audience = "internal"
            out.append(
                Operation(
                    service=svc.name,
                    service_index=i,
                    endpoint_index=j,
                    method=endpoint.method,
                    path=endpoint.path,
                    scopes=scopes,
                    route=route.name if route else None,
                    route_index=k,
                    edge_auth=route.auth if route else None,
                    writes=writes(endpoint),
                    audience=audience,
                )
            )
    return out
