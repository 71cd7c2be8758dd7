"""Phase 2: the API gateway and the service mesh."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Model, Name, NonNegInt, PositiveFloat, PositiveInt, empty_list
from .services import CircuitBreaker, HttpMethod

__all__ = ["Cors", "Fault", "Gateway", "Mesh", "MeshDefaults", "Mtls", "RateLimit", "Route"]


def _methods(*methods: HttpMethod) -> list[HttpMethod]:
    return list(methods)


class RateLimit(Model):
    """Requests allowed per client per period."""

    per_second: PositiveInt | None = None
    per_minute: PositiveInt | None = None
    per_hour: PositiveInt | None = None
    by: Literal["consumer", "ip", "credential"] = "consumer"


class Cors(Model):
    """Cross-origin resource sharing for browser clients."""

    origins: list[Name] = Field(default_factory=empty_list)
    methods: list[HttpMethod] = Field(default_factory=lambda: _methods("GET", "POST"))
    headers: list[Name] = Field(default_factory=lambda: ["Authorization", "Content-Type"])
    credentials: bool = False
    max_age_s: NonNegInt = 3600


class Route(Model):
    """A route the gateway exposes, to one upstream service."""

    name: Name
    path: Name
    """Path prefix or template, e.g. '/api/v1/orders'."""
    methods: list[HttpMethod] = Field(default_factory=lambda: _methods("GET"))
    service: Name
    """The upstream service."""
    auth: Literal["none", "jwt", "oauth2", "api-key", "basic"] = "oauth2"
    scopes: list[Name] = Field(default_factory=empty_list)
    rate_limit: RateLimit | None = None
    version: Name | None = "v1"
    """API version served by this route; None: unversioned (a finding)."""
    cors: Cors | None = None
    strip_path: bool = False
    max_body_kb: PositiveInt = 1024


class Gateway(Model):
    """The API gateway at the edge."""

    technology: Literal["kong", "envoy-gateway", "nginx", "aws-api-gateway", "other"] = "kong"
    routes: list[Route] = Field(default_factory=empty_list)
    security_headers: bool = True
    """Add HSTS, X-Content-Type-Options, X-Frame-Options and friends to responses."""


class Mtls(Model):
    """Mutual TLS between workloads."""

    mode: Literal["STRICT", "PERMISSIVE", "DISABLE"] = "STRICT"
    rotation_hours: PositiveFloat = 24.0
    """Workload certificate lifetime; the mesh rotates before expiry."""


class MeshDefaults(Model):
    """Resilience settings applied to every call that does not set its own."""

    timeout_ms: PositiveFloat | None = 1000.0
    retries: NonNegInt = 2
    per_try_timeout_ms: PositiveFloat | None = 300.0
    retry_on: list[Name] = Field(
        default_factory=lambda: ["connect-failure", "refused-stream", "unavailable", "503"]
    )
    circuit_breaker: CircuitBreaker | None = Field(default_factory=CircuitBreaker)
    max_connections: PositiveInt = 100
    max_pending_requests: PositiveInt = 100


class Fault(Model):
    """A fault injected on calls to a service (for chaos testing in staging)."""

    service: Name
    environments: list[Name] = Field(default_factory=lambda: ["staging"])
    """Environments the fault is injected in; never production unless listed."""
    delay_ms: PositiveFloat | None = None
    delay_percent: float = Field(default=0.0, ge=0, le=100)
    abort_status: int | None = Field(default=None, ge=400, le=599)
    abort_percent: float = Field(default=0.0, ge=0, le=100)


class Mesh(Model):
    """The service mesh and its policy."""

    technology: Literal["istio", "linkerd", "consul", "none"] = "istio"
    mtls: Mtls = Field(default_factory=Mtls)
    defaults: MeshDefaults = Field(default_factory=MeshDefaults)
    faults: list[Fault] = Field(default_factory=empty_list)
