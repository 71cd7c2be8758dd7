"""OAuth2/OIDC at the edge: how each gateway route authenticates, authorises and throttles.

:func:`routes` lists every route with the operations it serves; :func:`findings`
reports routes that let anonymous callers change state, authenticate without
asking for a scope, send reusable passwords, share credentials with any
origin, or take unlimited requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model import Design, RateLimit, Route
from ..antipatterns.finding import Finding, loc, sort_key
from .operations import READ_METHODS, Operation, is_token_path, operations
from .rules import rule

__all__ = [
    "ANONYMOUS_SCOPED_ENDPOINT",
    "BASIC_AUTH_ROUTE",
    "CORS_WILDCARD_CREDENTIALS",
    "NO_IDENTITY_PROVIDER",
    "ROUTE_SERVES_NO_ENDPOINT",
    "ROUTE_WITHOUT_RATE_LIMIT",
    "ROUTE_WITHOUT_SCOPES",
    "UNAUTHENTICATED_WRITE_ROUTE",
    "RouteView",
    "findings",
    "rate_text",
    "routes",
]

UNAUTHENTICATED_WRITE_ROUTE = rule(
    "unauthenticated-write-route",
    title="Anonymous callers may change state",
    severity="warning",
    fix="Require a token (jwt or oauth2) on every route that changes state.",
    area="edge",
    reference="OWASP API Security Top 10 2023, API5 (Broken Function Level Authorization)",
)
ROUTE_WITHOUT_SCOPES = rule(
    "route-without-scopes",
    title="A token-protected route asks for no scope",
    severity="warning",
    fix="Name the scopes each token-protected route needs.",
    area="edge",
    reference="RFC 6749, 3.3 (access token scope); OWASP API5:2023",
)
BASIC_AUTH_ROUTE = rule(
    "basic-auth-route",
    title="A route takes reusable passwords (basic auth)",
    severity="warning",
    fix="Replace basic auth with OAuth2/OIDC tokens or mTLS client certificates.",
    area="edge",
    reference="OWASP API Security Top 10 2023, API2 (Broken Authentication)",
)
CORS_WILDCARD_CREDENTIALS = rule(
    "cors-wildcard-credentials",
    title="Any origin may send credentialed requests",
    severity="error",
    fix="List the allowed origins instead of '*' when credentials are allowed.",
    area="edge",
    reference="Fetch Standard, CORS protocol (credentials with '*' origins); OWASP API8:2023",
)
ROUTE_WITHOUT_RATE_LIMIT = rule(
    "route-without-rate-limit",
    title="A route takes unlimited requests",
    severity="warning",
    fix="Set a rate limit on the route (per consumer or per IP).",
    area="edge",
    reference="OWASP API Security Top 10 2023, API4 (Unrestricted Resource Consumption)",
)
NO_IDENTITY_PROVIDER = rule(
    "no-identity-provider",
    title="Routes want tokens that nobody issues",
    severity="error",
    fix="Name the identity provider that issues the tokens (security.identity_provider).",
    area="edge",
    reference="OpenID Connect Core 1.0; RFC 6749, 1.1 (the authorization server's role)",
)
ROUTE_SERVES_NO_ENDPOINT = rule(
    "route-serves-no-endpoint",
    title="A route leads to none of its service's endpoints",
    severity="warning",
    fix="Point the route at an endpoint its service has, or remove it.",
    area="edge",
    reference="OWASP API Security Top 10 2023, API9 (Improper Inventory Management)",
)
ANONYMOUS_SCOPED_ENDPOINT = rule(
    "anonymous-scoped-endpoint",
    title="An anonymous route leads to an endpoint that needs scopes",
    severity="error",
    fix="Require a token with the endpoint's scopes on the route.",
    area="edge",
    reference="OWASP API Security Top 10 2023, API5 (Broken Function Level Authorization)",
)


def rate_text(limit: RateLimit | None) -> str:
    """A rate limit as ``5/s, 100/h by ip`` ('' for none).

    Examples
    --------
    >>> rate_text(RateLimit(per_minute=10, per_hour=100, by="ip"))
    '10/min, 100/h by ip'
    """
    if limit is None:
        return ""
    parts = [
        f"{v}/{unit}"
        for unit, v in (("s", limit.per_second), ("min", limit.per_minute), ("h", limit.per_hour))
        if v
    ]
    return f"{', '.join(parts)} by {limit.by}" if parts else ""


@dataclass(frozen=True)
class RouteView:
    """A gateway route as the edge review sees it."""

    index: int
    route: Route
    writes: bool
    """True if any of its methods may change state."""
    token_endpoint: bool
    operations: tuple[Operation, ...]
    """The endpoints it serves."""
    documented: bool
    """True if its service declares HTTP endpoints (so a route serving none is a mismatch)."""

    @property
    def rate_limited(self) -> bool:
        """True if the route has any limit."""
        return bool(rate_text(self.route.rate_limit))


def routes(design: Design) -> list[RouteView]:
    """Every gateway route, in file order, with the operations it serves.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "o", "endpoints": [{"method": "POST", "path": "/v1/orders"}]}],
    ...     "gateway": {"routes": [{"name": "r", "path": "/api/v1/orders", "service": "o",
    ...                             "methods": ["POST"]}]}})
    >>> [(v.route.name, v.writes, [op.key for op in v.operations]) for v in routes(d)]
    [('r', True, ['o:POST /v1/orders'])]
    """
    ops = operations(design)
    documented = {
        s.name for s in design.services if any(e.path.startswith("/") for e in s.endpoints)
    }
    return [
        RouteView(
            index=k,
            route=route,
            writes=any(m not in READ_METHODS for m in route.methods),
            token_endpoint=is_token_path(route.path),
            operations=tuple(op for op in ops if op.route_index == k),
            documented=route.service in documented,
        )
        for k, route in enumerate(design.gateway.routes if design.gateway else [])
    ]


def findings(design: Design) -> list[Finding]:
    """What is weak in the edge's authentication, authorisation and throttling.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "o"}],
    ...     "gateway": {"routes": [{"name": "r", "path": "/orders", "service": "o",
    ...         "methods": ["POST"], "auth": "none"}]}})
    >>> [(f.rule, f.path) for f in findings(d)]
    [('route-without-rate-limit', 'gateway.routes[0].rate_limit'), \
('unauthenticated-write-route', 'gateway.routes[0].auth')]
    """
    found = [f for view in routes(design) for f in _route(view)]
    found.extend(_identity(design))
    return sorted(found, key=sort_key)


def _route(view: RouteView) -> Iterator[Finding]:
    route, k = view.route, view.index
    where = ("gateway", "routes", k)
    methods = ", ".join(route.methods)
    if route.auth == "none" and view.writes and not view.token_endpoint:
        yield UNAUTHENTICATED_WRITE_ROUTE.finding(
            loc(*where, "auth"),
            route.name,
            f"route {route.name} ({methods} {route.path}) takes writes from anyone: no "
            "token, no identity to throttle, audit or block",
            "require a token (auth: oauth2 or jwt) with a scope; if anonymous writes are "
            "the point (sign-up), keep a tight rate limit and bot protection",
        )
    if route.auth in ("jwt", "oauth2") and not route.scopes:
        yield ROUTE_WITHOUT_SCOPES.finding(
            loc(*where, "scopes"),
            route.name,
            f"route {route.name} accepts any valid token: every signed-in client may call "
            f"{methods} {route.path}",
            "list the scopes the route needs (and give them to the roles that need them)",
        )
    if route.auth == "basic":
        yield BASIC_AUTH_ROUTE.finding(
            loc(*where, "auth"),
            route.name,
            f"route {route.name} takes a user name and password on every request: a "
            "reusable secret that cannot carry scopes or expire",
            "use OAuth2 client credentials, or an API key plus a request signature (HMAC)",
        )
    cors = route.cors
    if cors is not None and cors.credentials and "*" in cors.origins:
        yield CORS_WILDCARD_CREDENTIALS.finding(
            loc(*where, "cors", "origins"),
            route.name,
            f"route {route.name} allows credentials from any origin: any web page may "
            "call it with the user's cookies or tokens",
            "list the exact origins of your own front ends",
        )
    if not view.rate_limited:
        yield ROUTE_WITHOUT_RATE_LIMIT.finding(
            loc(*where, "rate_limit"),
            route.name,
            f"route {route.name} ({route.path}) has no rate limit: one client can exhaust "
            "the upstream or brute-force it",
            "set a rate limit per consumer (or per ip for anonymous routes)",
        )
    if not view.operations and view.documented:
        yield ROUTE_SERVES_NO_ENDPOINT.finding(
            loc(*where, "path"),
            route.name,
            f"route {route.name} ({methods} {route.path}) matches none of the endpoints "
            f"{route.service} declares: clients reach an undocumented path (or a 404)",
            "align the route's path (or strip_path) with the service's endpoint paths, or "
            "declare the endpoint",
        )
    for op in view.operations:
        if route.auth == "none" and op.scopes:
            yield ANONYMOUS_SCOPED_ENDPOINT.finding(
                loc(*where, "auth"),
                f"{route.name} -> {op.key}",
                f"route {route.name} lets anonymous callers through to {op.method} {op.path}, "
                f"which needs {', '.join(op.scopes)}: only the service stands in the way",
                f"require a token on route {route.name} (auth: oauth2) with the scopes",
            )


def _identity(design: Design) -> Iterator[Finding]:
    if design.security.identity_provider != "none" or design.gateway is None:
        return
    wanting = [r.name for r in design.gateway.routes if r.auth in ("jwt", "oauth2")]
    if wanting:
        yield NO_IDENTITY_PROVIDER.finding(
            "security.identity_provider",
            "security",
            f"{len(wanting)} routes ({', '.join(wanting[:4])}) want tokens but the design "
            "has no identity provider to issue them",
            "set security.identity_provider to oidc (an OpenID Connect provider)",
        )
