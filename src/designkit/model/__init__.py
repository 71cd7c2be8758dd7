"""The design model: pydantic v2 types of a whole microservice design.

This package imports nothing else of designkit's; everything else imports it.
"""

from __future__ import annotations

from .base import Model
from .data import Backup, Consumer, DataStore, Event, EventField, Saga, SagaStep, Topic
from .design import SCHEMA_VERSION, Design
from .domain import (
    Attribute,
    BoundedContext,
    ContextRelation,
    Domain,
    Entity,
    EventStorming,
    Group,
    Relation,
    Sticky,
    StickyKind,
    Term,
    UseCase,
)
from .edge import Cors, Fault, Gateway, Mesh, MeshDefaults, Mtls, RateLimit, Route
from .operations import (
    Decision,
    DisasterRecovery,
    Journey,
    Observability,
    Platform,
    Role,
    Secret,
    Security,
    Slo,
)
from .references import suggest
from .requirements import Budget, Capability, LatencyTarget, Metadata, Requirements, Team, Traffic
from .services import (
    Autoscaling,
    Canary,
    CircuitBreaker,
    Dependency,
    Deployment,
    Endpoint,
    Probe,
    Probes,
    Profile,
    Resources,
    Service,
    Stack,
    StoreAccess,
)

__all__ = [
    "SCHEMA_VERSION", "Attribute", "Autoscaling", "Backup", "BoundedContext", "Budget",
    "Canary", "Capability", "CircuitBreaker", "Consumer", "ContextRelation", "Cors",
    "DataStore", "Decision", "Dependency", "Deployment", "Design", "DisasterRecovery",
    "Domain", "Endpoint", "Entity", "Event", "EventField", "EventStorming", "Fault",
    "Gateway", "Group", "Journey", "LatencyTarget", "Mesh", "MeshDefaults", "Metadata",
    "Model", "Mtls", "Observability", "Platform", "Probe", "Probes", "Profile",
    "RateLimit", "Relation", "Requirements", "Resources", "Role", "Route", "Saga",
    "SagaStep", "Secret", "Security", "Service", "Slo", "Stack", "Sticky", "StickyKind",
    "StoreAccess", "Team", "Term", "Topic", "Traffic", "UseCase", "suggest",
]
