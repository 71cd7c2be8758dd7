"""Phases 5-7: platform, journeys and SLOs, observability, security, recovery, decisions."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from .base import Model, Name, Objective, PositiveFloat, PositiveInt, Text, empty_list

__all__ = [
    "Decision",
    "DisasterRecovery",
    "Journey",
    "Observability",
    "Platform",
    "Role",
    "Secret",
    "Security",
    "Slo",
]


class Platform(Model):
    """Where and how services are deployed."""

    orchestrator: Literal["kubernetes", "nomad", "ecs", "other"] = "kubernetes"
    kubernetes_version: Name = "1.31"
    namespace: Name = "default"
    registry: Name = "registry.example.com"
    environments: list[Name] = Field(default_factory=lambda: ["dev", "staging", "prod"])
    packaging: Literal["kustomize", "helm"] = "kustomize"
    ci: Literal["github-actions", "gitlab-ci", "jenkins", "other"] = "github-actions"
    secrets: Literal["vault", "external-secrets", "sealed-secrets", "cloud-kms", "other"] = "vault"
    regions: list[Name] = Field(default_factory=lambda: ["region-a"])
    broker: Literal["kafka", "rabbitmq", "pulsar", "nats", "sqs", "none"] = "kafka"


class Journey(Model):
    """A user journey: a request entering at one service and the calls it triggers."""

    name: Name
    description: Text = ""
    entry: Name
    """The service that receives the request (usually the gateway)."""
    route: Name | None = None
    """The gateway route it comes through."""
    peak_rps: PositiveFloat = 1.0
    via: list[Name] = Field(default_factory=empty_list)
    """Services the journey passes through; empty means every service reachable from entry."""


class Slo(Model):
    """A service level objective for a service or a journey."""

    name: Name
    service: Name | None = None
    journey: Name | None = None
    sli: Literal["availability", "latency"] = "availability"
    objective: Objective = 0.999
    """Share of good events, e.g. 0.999."""
    threshold_ms: PositiveFloat | None = None
    """For latency SLIs: a request is good when faster than this."""
    percentile: float | None = Field(default=None, gt=0, lt=100)
    """For latency SLIs stated as a percentile (p95 < threshold means objective 0.95)."""
    window_days: PositiveInt = 30

    @model_validator(mode="after")
    def _shape(self) -> Slo:
        if (self.service is None) == (self.journey is None):
            raise ValueError("an SLO names exactly one of service or journey")
        if self.sli == "latency" and self.threshold_ms is None:
            raise ValueError("a latency SLO needs threshold_ms")
        if self.sli == "availability" and self.threshold_ms is not None:
            raise ValueError("an availability SLO takes no threshold_ms")
        return self


class Observability(Model):
    """Telemetry choices."""

    metrics: Literal["prometheus", "otel", "other"] = "prometheus"
    tracing: Literal["opentelemetry", "none"] = "opentelemetry"
    trace_sampling: float = Field(default=0.1, ge=0, le=1)
    log_retention_days: PositiveInt = 30
    audit_log_retention_days: PositiveInt | None = None
    on_call: bool = True


class Role(Model):
    """An RBAC role and the operations it may perform."""

    name: Name
    description: Text = ""
    permissions: list[Name] = Field(default_factory=empty_list)
    """Scopes or 'service:operation' strings."""


class Secret(Model):
    """A secret a service needs, and how often it is rotated."""

    name: Name
    description: Text = ""
    services: list[Name] = Field(default_factory=empty_list)
    rotation_days: PositiveInt = 90
    kind: Literal["database", "api-key", "certificate", "signing-key", "other"] = "other"


class Security(Model):
    """Identity and access at the edge and inside."""

    identity_provider: Literal["oidc", "saml", "none"] = "oidc"
    token_lifetime_minutes: PositiveInt = 15
    roles: list[Role] = Field(default_factory=empty_list)
    secrets: list[Secret] = Field(default_factory=empty_list)
    encryption_in_transit: bool = True
    audit_logging: bool = False


class DisasterRecovery(Model):
    """How the system survives the loss of a zone, a region or its data."""

    strategy: Literal["backup-restore", "pilot-light", "warm-standby", "active-active"] = (
        "backup-restore"
    )
    rpo_minutes: float = Field(default=60.0, ge=0)
    """Default recovery point objective for stores that set none."""
    rto_minutes: float = Field(default=240.0, ge=0)
    """Default recovery time objective for stores that set none."""
    regions: list[Name] = Field(default_factory=empty_list)
    drill_interval_days: PositiveInt = 90


class Decision(Model):
    """An architecture decision record (MADR)."""

    title: Name
    status: Literal["proposed", "accepted", "rejected", "deprecated", "superseded"] = "proposed"
    date: dt.date | None = None
    context: Text = ""
    options: list[Text] = Field(default_factory=empty_list)
    outcome: Text = ""
    consequences: list[Text] = Field(default_factory=empty_list)
    phase: int | None = Field(default=None, ge=0, le=8)
    superseded_by: Name | None = None
    deciders: list[Name] = Field(default_factory=empty_list)
    drivers: list[Text] = Field(default_factory=empty_list)
