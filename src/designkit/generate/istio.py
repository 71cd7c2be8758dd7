"""Istio resources from the mesh policy: mTLS, traffic policy, routes, faults, authorization.

Layout (``kubectl apply -R -f istio/base``, then an environment's overlay):

- ``istio/base/peer-authentication.yaml``: mTLS for the whole namespace;
- ``istio/base/authorization-policies.yaml``: allow-nothing, then one ALLOW per
  callee naming exactly its callers' service accounts (zero trust);
- ``istio/base/<service>/destination-rule.yaml``: mTLS to the service, its
  connection pool (the callers' bulkheads), outlier detection (the circuit
  breaker) and the stable/canary subsets;
- ``istio/base/<service>/virtual-service.yaml``: timeout, retries and the
  canary split of the calls to the service;
- ``istio/overlays/<env>/faults.yaml``: the VirtualServices of faulted services
  again, with the faults, for the environments a fault lists only. Each
  replaces the base VirtualService of the same name when applied after it
  (``kubectl apply`` replaces lists), and re-applying the base removes it.

A VirtualService is per host, so every caller of a service gets the same
route. When callers set different timeouts or retries, the default route takes
the most common setting (a tie goes to the first caller in the file) and each
other setting keeps its callers through a route matched on their pod labels
(``sourceLabels``); the ``designkit.io/route-settings`` annotation says which.
Pods are selected by the labels of :mod:`designkit.generate.kubernetes_meta`;
canary subsets by the ``version`` label (``stable`` or the canary's version),
which the CI workflow sets.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..analysis.capacity import capacity_plan
from ..analysis.resilience import effective_calls
from ..analysis.security.paths import INTERNET, mesh_callers
from ..model import CircuitBreaker, Design, Fault, Service
from ..sizing.retries import envoy_backoff_upper_ms, min_caller_timeout_ms
from .kubernetes_meta import MANAGED_BY, dns_label, labels, namespace, selector
from .registry import Document, Generator

__all__ = [
    "GENERATOR",
    "INGRESS_PRINCIPAL",
    "VERSION_LABEL",
    "CalleeRoutes",
    "RouteSettings",
    "allowed_callers",
    "canary_weights",
    "documents",
    "injected_faults",
    "principal",
    "retry_budget_problems",
    "route_settings",
]

INGRESS_PRINCIPAL = "cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"
"""The identity of Istio's default ingress gateway: what reaches the edge from outside."""

VERSION_LABEL = "version"
"""Pod label the stable and canary subsets select on (Istio's telemetry reads it too)."""

Resource = dict[str, Any]


@dataclass(frozen=True)
class RouteSettings:
    """Timeout and retries of one HTTP route, from the callers' effective settings."""

    timeout_ms: float | None
    retries: int
    per_try_timeout_ms: float | None


@dataclass(frozen=True)
class CalleeRoutes:
    """The routes to one callee: the default setting and the callers that differ."""

    callee: str
    default: RouteSettings
    default_callers: tuple[str, ...]
    others: tuple[tuple[RouteSettings, tuple[str, ...]], ...] = ()
    """Each other setting with the callers that use it, in file order."""


def principal(design: Design, service: str) -> str:
    """The SPIFFE identity of ``service``'s service account (named after the service).

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "platform": {"namespace": "shop"}, "services": [{"name": "a"}]})
    >>> principal(d, "a")
    'cluster.local/ns/shop/sa/a'
    """
    return f"cluster.local/ns/{namespace(design)}/sa/{service}"


def _host(design: Design, service: str) -> str:
    return f"{service}.{namespace(design)}.svc.cluster.local"


def _seconds(ms: float) -> str:
    text = f"{ms / 1000:.6f}".rstrip("0").rstrip(".")
    return f"{text}s"


def route_settings(design: Design) -> dict[str, CalleeRoutes]:
    """The route settings of every service called synchronously, in file order.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "c", "timeout_ms": 300}]},
    ...     {"name": "b", "dependencies": [{"target": "c", "timeout_ms": 300}]},
    ...     {"name": "d", "dependencies": [{"target": "c", "timeout_ms": 900}]},
    ...     {"name": "c"}]})
    >>> r = route_settings(d)["c"]
    >>> r.default.timeout_ms, r.default_callers, [(s.timeout_ms, c) for s, c in r.others]
    (300.0, ('a', 'b'), [(900.0, ('d',))])
    """
    by_callee: dict[str, dict[str, RouteSettings]] = {}
    for call in effective_calls(design):
        settings = RouteSettings(call.timeout_ms, call.retries, call.per_try_timeout_ms)
        # A second call to the same callee shares the first's route (as it shares its bulkhead).
        by_callee.setdefault(call.callee, {}).setdefault(call.caller, settings)
    result = {}
    for callee, callers in by_callee.items():
        counts = Counter(callers.values())
        default = max(counts, key=lambda s: counts[s])  # first seen wins a tie
        groups: dict[RouteSettings, list[str]] = {}
        for caller, settings in callers.items():
            groups.setdefault(settings, []).append(caller)
        result[callee] = CalleeRoutes(
            callee=callee,
            default=default,
            default_callers=tuple(groups.pop(default)),
            others=tuple((s, tuple(c)) for s, c in groups.items()),
        )
    return result


def canary_weights(weight: float) -> tuple[int, int]:
    """Stable and canary route weights (percent, summing to 100) for a canary share.

    The canary gets at least 1 and at most 99 percent, rounded half up.

    Examples
    --------
    >>> canary_weights(0.1), canary_weights(0.125), canary_weights(0.001)
    ((90, 10), (87, 13), (99, 1))
    """
    canary = min(99, max(1, int(weight * 100 + 0.5)))
    return 100 - canary, canary


def _attempts_ms(settings: RouteSettings) -> float | None:
    if settings.per_try_timeout_ms is None:
        return None
    backoffs = [envoy_backoff_upper_ms(n) for n in range(1, settings.retries + 1)]
    return min_caller_timeout_ms(settings.retries, settings.per_try_timeout_ms, backoffs)


def retry_budget_problems(design: Design) -> list[str]:
    """Routes whose retries cannot all run within the route's timeout, as Istio runs them.

    For each route of :func:`route_settings` with retries and a timeout: the
    worst case ``(retries + 1) x perTryTimeout + Envoy's back-off upper bounds``
    (:func:`~designkit.sizing.retries.min_caller_timeout_ms`) must not exceed
    the timeout, and a retried route needs a per-try timeout at all (without
    one the first attempt may use the whole timeout).

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "timeout_ms": 500,
    ...      "retries": 2, "per_try_timeout_ms": 200}]}, {"name": "b"}]})
    >>> retry_budget_problems(d)
    ['a -> b: 3 attempts x 200 ms + back-offs up to 75 ms = 675 ms > timeout 500 ms']
    """
    problems = []
    for routes in route_settings(design).values():
        for settings, callers in ((routes.default, routes.default_callers), *routes.others):
            if settings.retries == 0 or settings.timeout_ms is None:
                continue
            who = f"{', '.join(callers)} -> {routes.callee}"
            needed = _attempts_ms(settings)
            if needed is None:
                retries = "a retry" if settings.retries == 1 else f"{settings.retries} retries"
                problems.append(
                    f"{who}: {retries} without a per-try timeout: the first attempt may use "
                    f"the whole {settings.timeout_ms:g} ms timeout"
                )
            elif needed > settings.timeout_ms:
                per_try = settings.per_try_timeout_ms or 0.0
                backoff = needed - (settings.retries + 1) * per_try
                problems.append(
                    f"{who}: {settings.retries + 1} attempts x {per_try:g} ms + back-offs up "
                    f"to {backoff:g} ms = {needed:g} ms > timeout {settings.timeout_ms:g} ms"
                )
    return problems


def _meta(design: Design, name: str, service: Service | None = None) -> Resource:
    meta: Resource = {"name": name, "namespace": namespace(design)}
    meta["labels"] = (
        labels(design, service) if service else {"app.kubernetes.io/managed-by": MANAGED_BY}
    )
    return meta


def _peer_authentication(design: Design) -> Resource:
    return {
        "apiVersion": "security.istio.io/v1",
        "kind": "PeerAuthentication",
        "metadata": _meta(design, "default"),
        "spec": {"mtls": {"mode": design.mesh.mtls.mode}},
    }


def allowed_callers(design: Design) -> dict[str, list[str]]:
    """Principals allowed to call each service: its synchronous callers, plus the edge.

    An exposed (public or partner) service also admits the gateway: the
    principal of the design's gateway services, or Istio's ingress gateway for
    a gateway service itself (or when the design has none). The callers come
    from :func:`~designkit.analysis.security.paths.mesh_callers`, which the
    zero-trust analysis reads too.
    """
    return {
        name: sorted(
            INGRESS_PRINCIPAL if caller == INTERNET else principal(design, caller)
            for caller in callers
        )
        for name, callers in mesh_callers(design).items()
    }


def _by_name(design: Design) -> dict[str, Service]:
    """Services by name, the first of a name winning as in ``Design.service``."""
    services: dict[str, Service] = {}
    for svc in design.services:
        services.setdefault(svc.name, svc)
    return services


def _authorization_policies(design: Design) -> list[Resource]:
    services = _by_name(design)
    policies: list[Resource] = [
        {
            "apiVersion": "security.istio.io/v1",
            "kind": "AuthorizationPolicy",
            "metadata": _meta(design, "allow-nothing"),
            "spec": {},
        }
    ]
    for name, principals in allowed_callers(design).items():
        svc = services[name]
        policies.append(
            {
                "apiVersion": "security.istio.io/v1",
                "kind": "AuthorizationPolicy",
                "metadata": _meta(design, f"allow-{name}", svc),
                "spec": {
                    "selector": {"matchLabels": selector(design, svc)},
                    "action": "ALLOW",
                    "rules": [{"from": [{"source": {"principals": principals}}]}],
                },
            }
        )
    return policies


def _breakers(design: Design) -> dict[str, CircuitBreaker | None]:
    """Each called service's callers' most common circuit breaker, in one pass over the calls.

    A service nobody calls is absent: it takes the mesh default.
    """
    by_callee: dict[str, dict[str, CircuitBreaker | None]] = {}
    for call in effective_calls(design):
        by_callee.setdefault(call.callee, {}).setdefault(call.caller, call.circuit_breaker)
    result = {}
    for callee, seen in by_callee.items():
        keys = {
            caller: None if b is None else tuple(b.model_dump().items())
            for caller, b in seen.items()
        }
        counts = Counter(keys.values())
        best = max(counts, key=lambda k: counts[k])
        result[callee] = next(seen[c] for c, k in keys.items() if k == best)
    return result


def _connection_pool(
    design: Design, svc: Service, bulkheads: dict[str, int]
) -> tuple[Resource, str]:
    defaults = design.mesh.defaults
    if svc.name in bulkheads:
        size = bulkheads[svc.name]
        note = f"bulkhead: {size} concurrent calls (Little's law at peak, largest caller)"
        return {
            "tcp": {"maxConnections": size},
            "http": {"http1MaxPendingRequests": size, "http2MaxRequests": size},
        }, note
    note = "mesh.defaults: no bulkhead (no traffic at peak, or no timeout bounds it)"
    return {
        "tcp": {"maxConnections": defaults.max_connections},
        "http": {
            "http1MaxPendingRequests": defaults.max_pending_requests,
            "http2MaxRequests": defaults.max_connections,
        },
    }, note


def _destination_rule(
    design: Design,
    svc: Service,
    bulkheads: dict[str, int],
    breakers: dict[str, CircuitBreaker | None],
) -> Resource:
    pool, note = _connection_pool(design, svc, bulkheads)
    tls = "DISABLE" if design.mesh.mtls.mode == "DISABLE" else "ISTIO_MUTUAL"
    policy: Resource = {"tls": {"mode": tls}, "connectionPool": pool}
    breaker = breakers.get(svc.name, design.mesh.defaults.circuit_breaker)
    if breaker is not None:
        policy["outlierDetection"] = {
            "consecutive5xxErrors": breaker.consecutive_errors,
            "interval": _seconds(breaker.interval_s * 1000),
            "baseEjectionTime": _seconds(breaker.base_ejection_s * 1000),
            "maxEjectionPercent": max(1, round(breaker.max_ejection_percent)),
        }
    spec: Resource = {"host": _host(design, svc.name), "trafficPolicy": policy}
    canary = svc.deployment.canary
    if canary is not None:
        spec["subsets"] = [
            {"name": "stable", "labels": {VERSION_LABEL: "stable"}},
            {"name": "canary", "labels": {VERSION_LABEL: canary.version}},
        ]
    meta = _meta(design, svc.name, svc)
    meta["annotations"] = {"designkit.io/connection-pool": note}
    return {
        "apiVersion": "networking.istio.io/v1",
        "kind": "DestinationRule",
        "metadata": meta,
        "spec": spec,
    }


def _retries(design: Design, settings: RouteSettings) -> Resource:
    if settings.retries == 0:
        return {"attempts": 0}  # Istio retries twice by default; the design said none
    retries: Resource = {"attempts": settings.retries}
    if settings.per_try_timeout_ms is not None:
        retries["perTryTimeout"] = _seconds(settings.per_try_timeout_ms)
    retries["retryOn"] = ",".join(design.mesh.defaults.retry_on)
    return retries


def _describe(settings: RouteSettings) -> str:
    timeout = "none" if settings.timeout_ms is None else f"{settings.timeout_ms:g} ms"
    if settings.retries == 0:
        return f"timeout {timeout}, no retry"
    retries = f"{settings.retries} {'retry' if settings.retries == 1 else 'retries'}"
    if settings.per_try_timeout_ms is not None:
        retries += f", {settings.per_try_timeout_ms:g} ms per try"
    return f"timeout {timeout}, {retries}"


def _virtual_service(
    design: Design,
    svc: Service,
    routes: CalleeRoutes,
    services: dict[str, Service],
    fault: Resource | None = None,
) -> Resource:
    host = _host(design, svc.name)
    canary = svc.deployment.canary
    if canary is None:
        split: list[Resource] = [{"destination": {"host": host}}]
    else:
        stable, weight = canary_weights(canary.weight)
        split = [
            {"destination": {"host": host, "subset": "stable"}, "weight": stable},
            {"destination": {"host": host, "subset": "canary"}, "weight": weight},
        ]

    def http(name: str, settings: RouteSettings, callers: Iterable[str] = ()) -> Resource:
        route: Resource = {"name": name}
        match = [
            {
                "sourceLabels": selector(design, services[c]),
                "sourceNamespace": namespace(design),
            }
            for c in callers
        ]
        if match:
            route["match"] = match
        # Copies: a shared object would be written as a YAML anchor and alias.
        if fault is not None:
            route["fault"] = copy.deepcopy(fault)
        route["route"] = copy.deepcopy(split)
        if settings.timeout_ms is not None:
            route["timeout"] = _seconds(settings.timeout_ms)
        route["retries"] = _retries(design, settings)
        return route

    others = [http(f"from-{'-'.join(c)}", s, c) for s, c in routes.others]
    meta = _meta(design, svc.name, svc)
    who = ", ".join(routes.default_callers) or "no caller: mesh.defaults"
    note = f"default: {_describe(routes.default)} ({who})"
    for settings, callers in routes.others:
        note += f"; {', '.join(callers)}: {_describe(settings)}"
    meta["annotations"] = {"designkit.io/route-settings": note}
    return {
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": meta,
        "spec": {"hosts": [host], "http": [*others, http("default", routes.default)]},
    }


def _fault(faults: list[Fault]) -> Resource | None:
    """Istio's fault for a service in one environment: the first delay and first abort given."""
    result: Resource = {}
    for fault in faults:
        if "delay" not in result and fault.delay_ms and fault.delay_percent > 0:
            result["delay"] = {
                "percentage": {"value": fault.delay_percent},
                "fixedDelay": _seconds(fault.delay_ms),
            }
        if "abort" not in result and fault.abort_status and fault.abort_percent > 0:
            result["abort"] = {
                "percentage": {"value": fault.abort_percent},
                "httpStatus": fault.abort_status,
            }
    return result or None


def injected_faults(design: Design) -> dict[str, dict[str, Resource]]:
    """Istio's fault per environment and service, for the environments faults list.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}],
    ...     "mesh": {"faults": [{"service": "a", "delay_ms": 100, "delay_percent": 5}]}})
    >>> injected_faults(d)
    {'staging': {'a': {'delay': {'percentage': {'value': 5.0}, 'fixedDelay': '0.1s'}}}}
    """
    result: dict[str, dict[str, Resource]] = {}
    by_service: dict[str, list[Fault]] = {}
    for f in design.mesh.faults:
        by_service.setdefault(f.service, []).append(f)
    for env in dict.fromkeys(e for f in design.mesh.faults for e in f.environments):
        for svc in design.services:
            fault = _fault([f for f in by_service.get(svc.name, ()) if env in f.environments])
            if fault is not None:
                result.setdefault(env, {})[svc.name] = fault
    return result


def _bulkheads(design: Design) -> dict[str, int]:
    """Largest bulkhead of any caller with traffic, per callee."""
    sizes: dict[str, int] = {}
    for capacity in capacity_plan(design).services.values():
        for head in capacity.bulkheads:
            if head.rate_rps > 0 and head.max_concurrent is not None:
                sizes[head.callee] = max(sizes.get(head.callee, 0), head.max_concurrent)
    return sizes


def documents(design: Design) -> list[Document]:
    """The Istio resources of ``design`` (none unless its mesh is Istio)."""
    if design.mesh.technology != "istio":
        return []
    docs = [
        Document("istio/base/peer-authentication.yaml", _peer_authentication(design)),
        Document(
            "istio/base/authorization-policies.yaml", _authorization_policies(design), multi=True
        ),
    ]
    bulkheads = _bulkheads(design)
    routes = route_settings(design)
    defaults = design.mesh.defaults
    fallback = RouteSettings(defaults.timeout_ms, defaults.retries, defaults.per_try_timeout_ms)
    faulted = {f.service for f in design.mesh.faults}
    breakers = _breakers(design)
    by_name = _by_name(design)
    for svc in design.services:
        docs.append(
            Document(
                f"istio/base/{svc.name}/destination-rule.yaml",
                _destination_rule(design, svc, bulkheads, breakers),
            )
        )
        if svc.name in routes or svc.deployment.canary or svc.name in faulted:
            routes.setdefault(svc.name, CalleeRoutes(svc.name, fallback, ()))
            docs.append(
                Document(
                    f"istio/base/{svc.name}/virtual-service.yaml",
                    _virtual_service(design, svc, routes[svc.name], by_name),
                )
            )
    environments: dict[str, list[Resource]] = {}
    for env, faults in injected_faults(design).items():
        environments[env] = [
            _virtual_service(design, by_name[name], routes[name], by_name, fault)
            for name, fault in faults.items()
        ]
    for env, services in environments.items():
        folder = f"istio/overlays/{dns_label(env)}"
        docs.append(Document(f"{folder}/faults.yaml", services, multi=True))
    return docs


GENERATOR = Generator(
    "istio",
    "Istio mTLS, traffic policy, routes, faults and authorization policies",
    documents,
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
