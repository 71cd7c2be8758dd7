"""Services, their endpoints, data access, dependencies and deployment."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import (
    Model,
    Name,
    NonNegInt,
    Objective,
    PositiveFloat,
    PositiveInt,
    ResourceName,
    Text,
    empty_list,
)

__all__ = [
    "Autoscaling",
    "Canary",
    "CircuitBreaker",
    "Dependency",
    "Deployment",
    "Endpoint",
    "Probe",
    "Probes",
    "Profile",
    "Resources",
    "Service",
    "Stack",
    "StoreAccess",
]

HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


class Stack(Model):
    """The technology a service is built with."""

    language: Name = "java"
    framework: Name | None = None
    runtime: Name | None = None


class Endpoint(Model):
    """An operation a service offers (REST path or gRPC method)."""

    method: HttpMethod = "GET"
    path: Name
    """URL path template, e.g. '/v1/orders/{id}'; for gRPC 'Service/Method'."""
    summary: Text = ""
    scopes: list[Name] = Field(default_factory=empty_list)
    """OAuth2 scopes a caller needs."""
    idempotent: bool | None = None
    """None: follow the HTTP method's semantics."""
    origin: Text | None = None
    """Where an import found it (``k8s/cart.yaml:12``); None for what was typed."""


class StoreAccess(Model):
    """A service's use of a data store."""

    store: Name
    access: Literal["read", "write", "read-write"] = "read-write"


class CircuitBreaker(Model):
    """Outlier detection: eject a host after consecutive errors."""

    consecutive_errors: PositiveInt = 5
    interval_s: PositiveFloat = 30.0
    """How often hosts are analysed for ejection."""
    base_ejection_s: PositiveFloat = 30.0
    max_ejection_percent: float = Field(default=50.0, gt=0, le=100)


class Dependency(Model):
    """A call from this service to another, synchronous or through a topic."""

    target: Name
    """The service called (for async: the consuming service)."""
    protocol: Literal["rest", "grpc", "graphql", "async"] = "rest"
    topic: Name | None = None
    """For async dependencies: the topic the message travels through."""
    calls_per_request: float = Field(default=1.0, ge=0)
    """Calls made to the target for each request this service handles."""
    timeout_ms: PositiveFloat | None = None
    """Per-call timeout; None means the mesh default (or none: a finding)."""
    retries: NonNegInt | None = None
    """Retries after the first attempt; None means the mesh default."""
    per_try_timeout_ms: PositiveFloat | None = None
    circuit_breaker: CircuitBreaker | None = None
    hard: bool = True
    """False if this service can still answer when the target is down."""
    fallback: Text | None = None
    """What happens instead when the call fails (cache, default, degrade)."""
    discovery: Literal["mesh", "dns", "registry", "hardcoded"] = "mesh"
    consistency: Literal["strong", "eventual", "read-your-writes"] | None = None
    """What the caller may assume about the data it sees; None: derived from the link."""
    description: Text = ""
    origin: Text | None = None
    """Where an import found it (``k8s/cart.yaml:12``); None for what was typed."""

    @model_validator(mode="after")
    def _topic_iff_async(self) -> Dependency:
        if self.protocol == "async" and not self.topic:
            raise ValueError("an async dependency needs the topic it goes through")
        if self.protocol != "async" and self.topic:
            raise ValueError(f"a {self.protocol} dependency takes no topic (use protocol: async)")
        return self


class Probe(Model):
    """An HTTP health probe."""

    path: Name
    period_s: PositiveInt = 10
    failure_threshold: PositiveInt = 3
    initial_delay_s: NonNegInt = 0


class Probes(Model):
    """Readiness answers "send me traffic?"; liveness answers "restart me?"."""

    readiness: Probe | None = Field(default_factory=lambda: Probe(path="/health/ready"))
    liveness: Probe | None = Field(default_factory=lambda: Probe(path="/health/live"))
    startup: Probe | None = None


class Resources(Model):
    """Kubernetes resource requests and limits, in Kubernetes quantity syntax.

    A field the file sets is used as written; one it leaves out is derived from
    the capacity plan (designkit.analysis.resources); the defaults below stand
    in only where nothing can be derived (the CPU request of a service no
    traffic reaches). ``cpu_limit: null`` written in the file means no CPU limit."""

    cpu_request: Name = "250m"
    cpu_limit: Name | None = None
    memory_request: Name = "256Mi"
    memory_limit: Name = "512Mi"


class Autoscaling(Model):
    """Horizontal autoscaling bounds and target."""

    min_replicas: PositiveInt = 2
    max_replicas: PositiveInt = 10
    target_cpu_utilization: float = Field(default=0.7, gt=0, le=1)

    @model_validator(mode="after")
    def _bounds(self) -> Autoscaling:
        if self.max_replicas < self.min_replicas:
            raise ValueError(
                f"max_replicas ({self.max_replicas}) is below min_replicas ({self.min_replicas})"
            )
        return self


class Canary(Model):
    """A canary release: share of traffic sent to the new version."""

    weight: float = Field(default=0.1, gt=0, lt=1)
    version: Name = "canary"


class Deployment(Model):
    """How a service runs on the platform."""

    image: Name | None = None
    """Container image with a pinned tag or digest; None: derived from the service name."""
    replicas: PositiveInt = 2
    port: int = Field(default=8080, ge=1, le=65535)
    resources: Resources = Field(default_factory=Resources)
    autoscaling: Autoscaling | None = Field(default_factory=Autoscaling)
    probes: Probes = Field(default_factory=Probes)
    strategy: Literal["rolling", "canary", "blue-green", "recreate"] = "rolling"
    canary: Canary | None = None
    unit: Name | None = None
    """Deployment unit; services sharing one are deployed together (a finding)."""
    stateful: bool = False


class Profile(Model):
    """How a service performs; inputs of the capacity and availability math."""

    service_time_ms: PositiveFloat = 20.0
    """Mean time one replica worker spends on a request."""
    workers_per_replica: PositiveInt = 8
    """Requests one replica serves concurrently."""
    availability: Objective = 0.9995
    """The service's own availability, dependencies excluded."""
    cpu_ms_per_request: PositiveFloat | None = None
    """CPU time one request burns, ms; None: a quarter of the service time, assumed."""


class Service(Model):
    """A deployable service."""

    name: ResourceName
    context: Name | None = None
    team: Name | None = None
    kind: Literal["business", "gateway", "frontend", "worker", "platform"] = "business"
    description: Text = ""
    responsibilities: list[Text] = Field(default_factory=empty_list)
    stack: Stack = Field(default_factory=Stack)
    exposure: Literal["internal", "public", "partner"] = "internal"
    """'public' and 'partner' services are reached from outside, through the gateway."""
    endpoints: list[Endpoint] = Field(default_factory=empty_list)
    stores: list[StoreAccess] = Field(default_factory=empty_list)
    dependencies: list[Dependency] = Field(default_factory=empty_list)
    publishes: list[Name] = Field(default_factory=empty_list)
    """Topics this service publishes to."""
    profile: Profile = Field(default_factory=Profile)
    deployment: Deployment = Field(default_factory=Deployment)
    criticality: Literal["critical", "high", "standard", "low"] = "standard"
    auth: Literal["none", "jwt", "mtls", "api-key", "oauth2"] = "jwt"
    """How callers authenticate to this service."""
    outbox: bool = False
    """Writes and publishes through a transactional outbox."""
    origin: Text | None = None
    """Where an import found it (``k8s/cart.yaml:12``); None for what was typed."""
