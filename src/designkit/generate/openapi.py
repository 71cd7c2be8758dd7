"""OpenAPI 3.1 documents, one per service with REST endpoints (``openapi/<service>.yaml``).

What each document holds, and where it comes from:

- ``servers``: the gateway path prefix of the routes that serve the service's
  endpoints (relative URLs, resolved against the gateway's address), else the
  service's in-cluster URL. An operation no route serves, in a service that
  has routes, carries its own ``servers`` (the in-cluster URL).
- ``paths``: the endpoints whose path starts with '/' (gRPC methods, written
  'Service/Method', belong in a .proto and are listed in the description).
  Path parameters are declared; ``operationId`` comes from method and path;
  ``tags`` name the gateway route serving the operation, else the service.
- bodies: generic JSON objects, since the design names no fields. An
  endpoint marked idempotent whose method is not (POST, PATCH) takes an
  ``Idempotency-Key`` header.
- versions: a versioned route whose path lacks its version is served under
  it (``/orders`` with v1 at ``/v1/orders``), as the Kong configuration does.
- errors: RFC 9457 problem details (``application/problem+json``): 400; 401
  and 403 when the operation needs credentials; 404 with a path parameter;
  409 for writes; 429 when the route has a rate limit; 500 and 503.
- security: the route's auth through the gateway, else the service's own:
  OAuth2 (authorization code for public services, client credentials for
  internal ones, both for partner ones) with the endpoint's scopes, or the route's
  when the endpoint names none; bearer JWT; API key; basic; mutual TLS.
  The identity provider's URLs are not in the design: placeholders under
  :data:`IDP_PLACEHOLDER` stand in for them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..model import Design, Endpoint, Route, Service
from .registry import Document, Generator

__all__ = ["GENERATOR", "IDP_PLACEHOLDER", "build", "internal_url", "openapi", "rest_endpoints"]

IDP_PLACEHOLDER = "https://idp.example.com"
"""Base of the OAuth2 URLs: the design names the identity provider's kind, not its address."""

_PARAM = re.compile(r"\{([^{}/]+)\}")
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_BODIES = frozenset({"POST", "PUT", "PATCH"})

_ERRORS: dict[str, tuple[str, str]] = {
    "400": ("BadRequest", "The request is malformed or fails validation."),
    "401": ("Unauthorized", "Credentials are missing or invalid."),
    "403": ("Forbidden", "The credentials lack a required scope or role."),
    "404": ("NotFound", "No resource matches the path."),
    "409": ("Conflict", "The request conflicts with the resource's state."),
    "429": ("TooManyRequests", "The client exceeded the route's rate limit."),
    "500": ("InternalServerError", "The service failed unexpectedly."),
    "503": ("ServiceUnavailable", "The service or a dependency is unavailable; retry later."),
}
_RETRY_AFTER = frozenset({"429", "503"})

_SCHEMES: dict[str, tuple[str, dict[str, Any]]] = {
    "jwt": ("bearerJwt", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}),
    "api-key": ("apiKey", {"type": "apiKey", "in": "header", "name": "X-API-Key"}),
    "basic": ("basicAuth", {"type": "http", "scheme": "basic"}),
    "mtls": ("mutualTLS", {"type": "mutualTLS"}),
}


def rest_endpoints(service: Service) -> list[Endpoint]:
    """The service's HTTP endpoints (path starts with '/'), first of each method and path."""
    seen: set[tuple[str, str]] = set()
    out = []
    for endpoint in service.endpoints:
        key = (endpoint.method, endpoint.path)
        if endpoint.path.startswith("/") and key not in seen:
            seen.add(key)
            out.append(endpoint)
    return out


def internal_url(design: Design, service: Service) -> str:
    """The service's address inside the platform.

    Plain HTTP behind a mesh, whose sidecars add mutual TLS; HTTPS without one.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}]})
    >>> internal_url(d, d.services[0])
    'http://a.default.svc.cluster.local:8080'
    """
    scheme = "http" if design.mesh.technology != "none" else "https"
    host = service.name
    if design.platform.orchestrator == "kubernetes":
        host = f"{service.name}.{design.platform.namespace}.svc.cluster.local"
    return f"{scheme}://{host}:{service.deployment.port}"


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _is_param(segment: str) -> bool:
    return bool(_PARAM.fullmatch(segment))


def _prefix(route: Route, path: str) -> tuple[str, int] | None:
    """The gateway prefix under which ``path`` is served by ``route``, and the match length.

    Without strip_path the gateway forwards the whole path, so the route's path
    must end with the start of the endpoint's (``/api/v1/orders`` serves
    ``/v1/orders/{id}`` under ``/api``). With strip_path the route's path is
    removed before forwarding, so it is the prefix of every endpoint.
    """
    route_parts = _segments(route.path)
    if route.version and route.version not in route_parts:
        # The gateway serves a versioned route under its version, as
        # designkit.generate.kong does: '/orders' with v1 is '/v1/orders'.
        route_parts = [route.version, *route_parts]
    if route.strip_path or not route_parts:
        return "/" + "/".join(route_parts), 0
    parts = _segments(path)
    for k in range(len(route_parts)):
        tail = route_parts[k:]
        if len(tail) <= len(parts) and all(
            t == p or _is_param(t) for t, p in zip(tail, parts, strict=False)
        ):
            return "/" + "/".join(route_parts[:k]), len(tail)
    return None


@dataclass(frozen=True)
class _Operation:
    endpoint: Endpoint
    route: Route | None
    server: str


def _operations(design: Design, service: Service) -> list[_Operation]:
    routes = [
        r for r in (design.gateway.routes if design.gateway else []) if r.service == service.name
    ]
    inside = internal_url(design, service)
    ops = []
    for endpoint in rest_endpoints(service):
        best: tuple[int, Route, str] | None = None
        for route in routes:
            if endpoint.method not in route.methods:
                continue
            found = _prefix(route, endpoint.path)
            if found is not None and (best is None or found[1] > best[0]):
                best = (found[1], route, found[0])
        if best is None:
            ops.append(_Operation(endpoint, None, inside))
        else:
            ops.append(_Operation(endpoint, best[1], best[2]))
    return ops


def _operation_id(endpoint: Endpoint) -> str:
    words = [endpoint.method.lower()]
    for segment in _segments(endpoint.path):
        param = _PARAM.fullmatch(segment)
        text = f"by {param.group(1)}" if param else segment
        words.extend(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", text))
    return "".join(words)


def _scope_descriptions(design: Design, scopes: list[str]) -> dict[str, str]:
    out = {}
    for scope in scopes:
        roles = [r.name for r in design.security.roles if scope in r.permissions]
        out[scope] = (
            f"Granted to: {', '.join(roles)}" if roles else "No role in the design grants it"
        )
    return out


class _Security:
    """Collects the security schemes the operations use, in order of first use."""

    def __init__(self, design: Design, service: Service) -> None:
        self.design = design
        self.service = service
        self.schemes: dict[str, dict[str, Any]] = {}
        self.oauth_scopes: list[str] = []

    def requirement(self, op: _Operation) -> list[dict[str, list[str]]]:
        auth = op.route.auth if op.route else self.service.auth
        if auth == "none":
            return []
        scopes = list(op.endpoint.scopes or (op.route.scopes if op.route else []))
        if auth == "oauth2":
            self.schemes.setdefault("oauth2", {})
            self.oauth_scopes.extend(s for s in scopes if s not in self.oauth_scopes)
            return [{"oauth2": scopes}]
        name, scheme = _SCHEMES[auth]
        scheme = dict(scheme)
        if auth == "api-key":
            if op.route is None:
                name = "serviceApiKey"
            elif self.design.gateway and self.design.gateway.technology == "kong":
                scheme["name"] = "apikey"  # Kong key-auth's header, as the kong generator sets
        self.schemes.setdefault(name, scheme)
        # OpenAPI 3.1 lets non-OAuth2 requirements list the roles (here: scopes) needed.
        return [{name: scopes}]

    def components(self) -> dict[str, Any]:
        out = {}
        for name, scheme in self.schemes.items():
            out[name] = self._oauth2() if name == "oauth2" else scheme
        return out

    def _oauth2(self) -> dict[str, Any]:
        scopes = self.oauth_scopes
        flows: dict[str, Any] = {}
        # People sign in to public APIs; partners have both people and machines;
        # inside the platform, callers are services.
        exposure = self.service.exposure
        if exposure in ("public", "partner"):
            flows["authorizationCode"] = {
                "authorizationUrl": f"{IDP_PLACEHOLDER}/oauth2/authorize",
                "tokenUrl": f"{IDP_PLACEHOLDER}/oauth2/token",
                "scopes": _scope_descriptions(self.design, scopes),
            }
        if exposure in ("partner", "internal"):
            flows["clientCredentials"] = {
                "tokenUrl": f"{IDP_PLACEHOLDER}/oauth2/token",
                "scopes": _scope_descriptions(self.design, scopes),
            }
        idp = self.design.security.identity_provider
        return {
            "type": "oauth2",
            "description": (
                f"Tokens from the identity provider ({idp}); the URLs are placeholders "
                "for the provider's own."
            ),
            "flows": flows,
        }


def _rate_limit(route: Route | None) -> str | None:
    limit = route.rate_limit if route else None
    if limit is None:
        return None
    parts = [
        f"{value} per {unit}"
        for value, unit in (
            (limit.per_second, "second"),
            (limit.per_minute, "minute"),
            (limit.per_hour, "hour"),
        )
        if value is not None
    ]
    return f"{', '.join(parts)} by {limit.by}" if parts else None


def _responses(op: _Operation, secured: bool) -> dict[str, Any]:
    method = op.endpoint.method
    responses: dict[str, Any] = {}
    if method in ("DELETE", "OPTIONS"):
        responses["204"] = {"description": "Done; no content."}
    elif method == "HEAD":
        responses["200"] = {"description": "The resource exists."}
    else:
        responses["200"] = {
            "description": "Success.",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    codes = ["400"]
    if secured:
        codes += ["401", "403"]
    if _PARAM.search(op.endpoint.path):
        codes.append("404")
    if method in _WRITES:
        codes.append("409")
    limit = _rate_limit(op.route)
    if limit:
        codes.append("429")
    codes += ["500", "503"]
    for code in codes:
        ref = {"$ref": f"#/components/responses/{_ERRORS[code][0]}"}
        if code == "429":
            ref["description"] = f"Rate limit exceeded ({limit})."
        responses[code] = ref
    return responses


def _error_components(codes: list[str]) -> dict[str, Any]:
    out = {}
    for code in codes:
        name, text = _ERRORS[code]
        response: dict[str, Any] = {
            "description": text,
            "content": {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            },
        }
        if code in _RETRY_AFTER:
            response["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait, or an HTTP date (RFC 9110, 10.2.3).",
                    "schema": {"type": "string"},
                }
            }
        out[name] = response
    return out


def _problem_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Problem details for HTTP APIs (RFC 9457).",
        "properties": {
            "type": {
                "type": "string",
                "format": "uri-reference",
                "default": "about:blank",
                "description": "Identifies the problem type.",
            },
            "title": {"type": "string", "description": "Short summary of the problem type."},
            "status": {"type": "integer", "minimum": 100, "maximum": 599},
            "detail": {"type": "string", "description": "This occurrence, for a person."},
            "instance": {"type": "string", "format": "uri-reference"},
        },
    }


def _operation(op: _Operation, op_id: str, tag: str, security: _Security) -> dict[str, Any]:
    endpoint = op.endpoint
    out: dict[str, Any] = {"tags": [tag]}
    if endpoint.summary:
        out["summary"] = endpoint.summary
    out["operationId"] = op_id
    if endpoint.idempotent and endpoint.method in ("POST", "PATCH"):
        out["parameters"] = [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": True,
                "description": "Unique per logical request: a retry with the same key "
                "returns the first outcome instead of repeating it.",
                "schema": {"type": "string"},
            }
        ]
    if endpoint.method in _BODIES:
        out["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    requirement = security.requirement(op)
    out["responses"] = _responses(op, bool(requirement))
    out["security"] = requirement
    return out


def openapi(design: Design, service: Service) -> dict[str, Any] | None:
    """The OpenAPI 3.1 document of ``service``, or None if it has no REST endpoint."""
    ops = _operations(design, service)
    if not ops:
        return None
    main_server = Counter(op.server for op in ops).most_common(1)[0][0]
    security = _Security(design, service)
    tags: dict[str, str] = {}
    paths: dict[str, dict[str, Any]] = {}
    used_ids: set[str] = set()
    built: list[dict[str, Any]] = []
    for op in ops:
        tag = op.route.name if op.route else service.name
        if tag not in tags:
            tags[tag] = (
                f"Gateway route {op.route.path}" if op.route else f"Endpoints of {service.name}"
            )
        op_id = base = _operation_id(op.endpoint)
        n = 2
        while op_id in used_ids:
            op_id, n = f"{base}{n}", n + 1
        used_ids.add(op_id)
        item = paths.setdefault(op.endpoint.path, {})
        names = _PARAM.findall(op.endpoint.path)
        if names and "parameters" not in item:
            item["parameters"] = [
                {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                for p in dict.fromkeys(names)
            ]
        operation = _operation(op, op_id, tag, security)
        if op.server != main_server:
            operation["servers"] = [_server(design, ops, op.server, service)]
        item[op.endpoint.method.lower()] = operation
        built.append(operation)
    used_codes = [code for code in _ERRORS if any(code in o["responses"] for o in built)]
    components: dict[str, Any] = {
        "schemas": {"Problem": _problem_schema()},
        "responses": _error_components(used_codes),
    }
    schemes = security.components()
    if schemes:
        components["securitySchemes"] = schemes
    return {
        "openapi": "3.1.0",
        "info": _info(design, service),
        "servers": [_server(design, ops, main_server, service)],
        "tags": [{"name": name, "description": text} for name, text in tags.items()],
        "paths": paths,
        "components": components,
    }


def _server(design: Design, ops: list[_Operation], url: str, service: Service) -> dict[str, str]:
    """The server at ``url``: the service itself, or the gateway routes serving under it."""
    routes = [o.route for o in ops if o.route is not None and o.server == url]
    if not routes:
        return {"url": url, "description": f"{service.name} inside the platform"}
    gateway = design.gateway.technology if design.gateway else "gateway"
    names = list(dict.fromkeys(r.name for r in routes))
    versions = list(dict.fromkeys(r.version for r in routes if r.version))
    text = f"API gateway ({gateway}), route{'s' * (len(names) > 1)} {', '.join(names)}"
    if versions:
        text += f", version {', '.join(versions)}"
    return {"url": url, "description": text}


def _info(design: Design, service: Service) -> dict[str, Any]:
    info: dict[str, Any] = {
        "title": f"{service.name} API",
        "summary": f"The {service.name} service of {design.metadata.title or design.metadata.name}",
        "version": design.metadata.version,
    }
    text = [service.description] if service.description else []
    rpc = [e.path for e in service.endpoints if not e.path.startswith("/")]
    if rpc:
        text.append("RPC methods, described in the service's own IDL: " + ", ".join(rpc) + ".")
    if text:
        info["description"] = "\n\n".join(text)
    if service.team:
        info["contact"] = {"name": service.team}
    return info


def build(design: Design) -> list[Document]:
    """One ``openapi/<service>.yaml`` per service with REST endpoints.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "endpoints": [{"path": "/v1/things/{id}"}]}, {"name": "b"}]})
    >>> [doc.path for doc in build(d)]
    ['openapi/a.yaml']
    >>> list(build(d)[0].content["paths"]["/v1/things/{id}"]["get"]["responses"])
    ['200', '400', '401', '403', '404', '500', '503']
    """
    docs = []
    for service in design.services:
        content = openapi(design, service)
        if content is not None:
            docs.append(Document(f"openapi/{service.name}.yaml", content))
    return docs


GENERATOR = Generator(
    "openapi",
    "OpenAPI 3.1 document per service with REST endpoints",
    build,
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
