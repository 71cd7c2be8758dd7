"""Kong declarative configuration (``_format_version: "3.0"``) from the gateway routes.

One Kong service per upstream service (in the order routes first name them),
its routes under it, and on each route the plugins the design asks for:

- authentication by ``route.auth``: ``jwt``, ``oauth2``, ``key-auth`` (api-key)
  or ``basic-auth`` (basic); ``none`` adds none. No consumers or credentials
  are generated: they are secrets, provisioned apart;
- ``rate-limiting`` (per second, minute and hour; ``policy: local``);
- ``cors``; the route then also accepts ``OPTIONS``, or the browsers'
  preflight requests would find no route and the plugin would never answer
  them (the cors plugin answers a preflight before any authentication
  plugin runs; those that can are told to skip preflights all the same).
  Routes sharing a path (``GET`` and ``POST /reviews`` with different auth)
  get one ``<first route>-preflight`` route instead, answering ``OPTIONS``
  with the union of their CORS policies;
- ``request-size-limiting`` from ``max_body_kb``: whole megabytes when the
  limit is a multiple of 1024 kB, else kilobytes, so the limit stays exact;
- ``response-transformer`` adding security headers when
  ``gateway.security_headers`` (HSTS, nosniff, DENY framing, no referrer and a
  Content-Security-Policy of ``default-src 'none'``, as fits an API).

A versioned route whose path lacks its version gets it as a prefix
(``/orders`` with ``v1`` is served at ``/v1/orders``); the upstream receives the
path as matched. A path template (``/orders/{id}``) becomes a Kong regex path.
The Kong service's timeouts come from the gateway service's call to the
upstream; with a mesh, Kong does not retry (the mesh's route retries, and two
layers of retries multiply).
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..analysis.resilience import EffectiveCall, effective_calls
from ..model import Cors, Design, Route, Service
from .kubernetes_meta import namespace
from .registry import Document, Generator

__all__ = ["GENERATOR", "SECURITY_HEADERS", "config", "documents", "kong_path"]

SECURITY_HEADERS = (
    "Strict-Transport-Security:max-age=31536000; includeSubDomains",
    "X-Content-Type-Options:nosniff",
    "X-Frame-Options:DENY",
    "Referrer-Policy:no-referrer",
    "Content-Security-Policy:default-src 'none'; frame-ancestors 'none'",
)
"""Headers added to every response (``Name:value``, as the response-transformer takes them)."""

_AUTH_PLUGIN = {"jwt": "jwt", "oauth2": "oauth2", "api-key": "key-auth", "basic": "basic-auth"}
_TEMPLATE = re.compile(r"\{([^{}/]*)\}")
_GROUP_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")
_REGEX_SPECIAL = re.compile(r"([.^$*+?()\[\]{}|\\])")

Entity = dict[str, Any]


def kong_path(route: Route) -> str:
    """The path Kong matches for ``route``: its version added, a template made a regex.

    Examples
    --------
    >>> kong_path(Route(name="r", path="/orders", service="o"))
    '/v1/orders'
    >>> kong_path(Route(name="r", path="/api/v1/orders", service="o"))
    '/api/v1/orders'
    >>> kong_path(Route(name="r", path="/orders/{id}", service="o", version=None))
    '~/orders/(?<id>[^/]+)'
    """
    path = route.path if route.path.startswith("/") else f"/{route.path}"
    if route.version and route.version not in path.strip("/").split("/"):
        path = f"/{route.version}{path.rstrip('/') if path != '/' else ''}"
    if not _TEMPLATE.search(path):
        return path
    parts = []
    for index, piece in enumerate(_TEMPLATE.split(path)):
        if index % 2 == 0:
            parts.append(_REGEX_SPECIAL.sub(r"\\\1", piece))
        elif _GROUP_NAME.match(piece):
            parts.append(f"(?<{piece}>[^/]+)")
        else:
            parts.append("([^/]+)")
    return "~" + "".join(parts)


def _auth(route: Route) -> Entity | None:
    name = _AUTH_PLUGIN.get(route.auth)
    if name is None:
        return None
    preflight = route.cors is None  # a preflight carries no credentials
    config: Entity
    if name == "jwt":
        config = {"claims_to_verify": ["exp"], "run_on_preflight": preflight}
    elif name == "oauth2":
        config = {
            "enable_authorization_code": True,
            "pkce": "strict",
            "global_credentials": True,
            "accept_http_if_already_terminated": True,
        }
        if route.scopes:
            config |= {"scopes": list(route.scopes), "mandatory_scope": True}
    elif name == "key-auth":
        config = {"key_names": ["apikey"], "hide_credentials": True, "run_on_preflight": preflight}
    else:
        config = {"hide_credentials": True}
    return {"name": name, "config": config}


def _rate_limit(route: Route) -> Entity | None:
    limit = route.rate_limit
    if limit is None:
        return None
    config: Entity = {}
    for field, period in (("per_second", "second"), ("per_minute", "minute"), ("per_hour", "hour")):
        value = getattr(limit, field)
        if value is not None:
            config[period] = value
    if not config:
        return None
    return {"name": "rate-limiting", "config": {**config, "limit_by": limit.by, "policy": "local"}}


def _cors(policies: list[Cors]) -> Entity:
    """The cors plugin of one policy, or of the union of several (one preflight route)."""

    def union(field: str) -> list[str]:
        return list(dict.fromkeys(item for c in policies for item in getattr(c, field)))

    return {
        "name": "cors",
        "config": {
            "origins": union("origins"),
            "methods": union("methods"),
            "headers": union("headers"),
            "credentials": any(c.credentials for c in policies),
            "max_age": min(c.max_age_s for c in policies),
            "preflight_continue": False,
        },
    }


def _size_limit(max_body_kb: int) -> Entity:
    if max_body_kb % 1024 == 0:
        size, unit = max_body_kb // 1024, "megabytes"
    else:
        size, unit = max_body_kb, "kilobytes"
    return {
        "name": "request-size-limiting",
        "config": {"allowed_payload_size": size, "size_unit": unit},
    }


def _route(route: Route, security_headers: bool, preflight: bool) -> Entity:
    methods = list(route.methods)
    if preflight and "OPTIONS" not in methods:
        methods.append("OPTIONS")
    plugins = [p for p in (_auth(route), _rate_limit(route)) if p is not None]
    if route.cors is not None:
        plugins.append(_cors([route.cors]))
    plugins.append(_size_limit(route.max_body_kb))
    if security_headers:
        plugins.append(
            {"name": "response-transformer", "config": {"add": {"headers": list(SECURITY_HEADERS)}}}
        )
    tags = ["designkit", f"auth:{route.auth}"]
    if route.version:
        tags.append(f"version:{route.version}")
    return {
        "name": route.name,
        "paths": [kong_path(route)],
        "methods": methods,
        "strip_path": route.strip_path,
        "tags": tags,
        "plugins": plugins,
    }


def _preflight(name: str, path: str, routes: list[Route]) -> Entity:
    """One route answering the preflights of several routes sharing a path."""
    return {
        "name": f"{name}-preflight",
        "paths": [path],
        "methods": ["OPTIONS"],
        "strip_path": False,
        "tags": ["designkit", "preflight"],
        "plugins": [_cors([r.cors for r in routes if r.cors is not None])],
    }


def _gateway_calls(design: Design) -> dict[str, EffectiveCall]:
    """The first call of any gateway service to each upstream, in file order."""
    gateways = {s.name for s in design.services if s.kind == "gateway"}
    first: dict[str, EffectiveCall] = {}
    for call in effective_calls(design):
        if call.caller in gateways:
            first.setdefault(call.callee, call)
    return first


def _upstream(design: Design, svc: Service, gateway_calls: dict[str, EffectiveCall]) -> Entity:
    name = svc.name
    service: Entity = {
        "name": name,
        "url": f"http://{name}.{namespace(design)}.svc.cluster.local:{svc.deployment.port}",
        "tags": ["designkit"],
    }
    call = gateway_calls.get(name)
    mesh = design.mesh.technology != "none"
    if call is None:
        timeout = design.mesh.defaults.timeout_ms if mesh else None
        retries = design.mesh.defaults.retries if mesh else 0
    else:
        timeout, retries = call.timeout_ms, call.retries
    if timeout is not None:
        ms = math.ceil(timeout)
        service |= {"connect_timeout": ms, "read_timeout": ms, "write_timeout": ms}
    service["retries"] = 0 if mesh else retries
    return service


def config(design: Design) -> Entity:
    """The Kong declarative configuration of ``design.gateway`` (empty without one)."""
    gateway = design.gateway
    routes = gateway.routes if gateway else []
    headers = bool(gateway and gateway.security_headers)
    with_cors: dict[str, list[Route]] = {}
    for route in routes:
        if route.cors is not None:
            with_cors.setdefault(kong_path(route), []).append(route)
    services: dict[str, Entity] = {}
    upstreams: dict[str, Service] = {}
    for svc in design.services:
        upstreams.setdefault(svc.name, svc)  # the first of a name, as Design.service finds it
    gateway_calls = _gateway_calls(design)
    for route in routes:
        if route.service not in services:
            upstream = _upstream(design, upstreams[route.service], gateway_calls)
            services[route.service] = {**upstream, "routes": []}
        path = kong_path(route)
        # Routes sharing a path share one preflight route: two routes both taking
        # OPTIONS would leave it to Kong which one (and whose CORS) answers.
        sharing = with_cors.get(path, [])
        own = route.cors is not None and len(sharing) == 1
        entries = services[route.service]["routes"]
        entries.append(_route(route, headers, own))
        if len(sharing) > 1 and sharing[0] is route:
            entries.append(_preflight(route.name, path, sharing))
    return {"_format_version": "3.0", "services": list(services.values())}


def documents(design: Design) -> list[Document]:
    """``gateway/kong.yaml`` when the design's gateway is Kong."""
    if design.gateway is None or design.gateway.technology != "kong":
        return []
    return [Document("gateway/kong.yaml", config(design))]


GENERATOR = Generator(
    "kong",
    "Kong declarative configuration of the gateway routes",
    documents,
    aliases=("gateway",),
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
