"""Phase 1: event storming, the domain model and bounded contexts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import Model, Name, Text, empty_list

__all__ = [
    "Attribute",
    "BoundedContext",
    "ContextRelation",
    "Domain",
    "Entity",
    "EventStorming",
    "Group",
    "Relation",
    "Sticky",
    "StickyKind",
    "Term",
    "UseCase",
]

StickyKind = Literal[
    "domain-event",
    "command",
    "actor",
    "aggregate",
    "policy",
    "read-model",
    "external-system",
    "hotspot",
]

Level = Literal["low", "normal", "high", "critical"]


class Sticky(Model):
    """One sticky note on the event-storming board."""

    name: Name
    """The text on the sticky: events in past tense ('Order Placed'), commands imperative."""
    kind: StickyKind
    t: float = 0.0
    """Position on the timeline, left to right (any unit; only the order matters)."""
    lane: int = 0
    """Swim lane (row) on the board."""
    context: Name | None = None
    """The candidate bounded context this sticky is grouped into."""
    leads_to: list[Name] = Field(default_factory=empty_list)
    """Names of stickies this one triggers (actor -> command -> aggregate -> event -> policy)."""
    notes: Text = ""
    owner: Name | None = None
    """Who follows up (for hotspots: the parking lot's owner)."""


class EventStorming(Model):
    """The event-storming board."""

    stickies: list[Sticky] = Field(default_factory=empty_list)


class Attribute(Model):
    """An attribute of an entity (a Service Cutter 'nanoentity' when written Entity.attribute).

    The characteristics below are optional annotations used by decomposition.
    """

    name: Name
    type: Name = "string"
    description: Text = ""
    classification: Literal["public", "internal", "confidential", "pii", "pci", "phi"] | None = None
    content_volatility: Level | None = None
    """How often the value changes."""
    structural_volatility: Level | None = None
    """How often the attribute's shape changes."""
    consistency_criticality: Level | None = None
    availability_criticality: Level | None = None
    security_criticality: Level | None = None
    storage_size: Literal["tiny", "normal", "huge"] | None = None


class Relation(Model):
    """A relation from one entity to another."""

    target: Name
    kind: Literal["association", "aggregation", "composition", "inheritance"] = "association"
    many: bool = False
    """True if one source instance relates to many targets."""


class Entity(Model):
    """A domain entity with its attributes."""

    name: Name
    context: Name | None = None
    aggregate: Name | None = None
    """The aggregate (root entity name) this entity belongs to; the root names itself."""
    description: Text = ""
    attributes: list[Attribute] = Field(default_factory=empty_list)
    relations: list[Relation] = Field(default_factory=empty_list)
    origin: Text | None = None
    """Where an import found it (``k8s/cart.yaml:12``); None for what was typed."""


class UseCase(Model):
    """A use case and the data it touches, as 'Entity.attribute' or 'Entity'."""

    name: Name
    actor: Name | None = None
    reads: list[Name] = Field(default_factory=empty_list)
    writes: list[Name] = Field(default_factory=empty_list)
    latency_critical: bool = False
    frequency_per_day: float | None = Field(default=None, ge=0)


class Group(Model):
    """A named group of entities or attributes (owner groups, security zones, ...)."""

    name: Name
    members: list[Name] = Field(default_factory=empty_list)


class Domain(Model):
    """Entities, use cases and the groupings that constrain decomposition."""

    entities: list[Entity] = Field(default_factory=empty_list)
    use_cases: list[UseCase] = Field(default_factory=empty_list)
    shared_owner_groups: list[Group] = Field(default_factory=empty_list)
    security_access_groups: list[Group] = Field(default_factory=empty_list)
    separated_security_zones: list[Group] = Field(default_factory=empty_list)
    predefined_services: list[Group] = Field(default_factory=empty_list)


class Term(Model):
    """An entry of a bounded context's ubiquitous language."""

    term: Name
    meaning: Text


class BoundedContext(Model):
    """A bounded context (DDD), classified by strategic importance."""

    name: Name
    kind: Literal["core", "supporting", "generic"] = "supporting"
    description: Text = ""
    team: Name | None = None
    """The team that owns the context."""
    language: list[Term] = Field(default_factory=empty_list)
    origin: Text | None = None
    """Where an import found it (``k8s/cart.yaml:12``); None for what was typed."""


RelationKind = Literal[
    "partnership", "shared-kernel", "customer-supplier", "upstream-downstream", "separate-ways"
]


class ContextRelation(Model):
    """An edge of the context map (Context Mapper's model of DDD relationships).

    Symmetric kinds (partnership, shared-kernel, separate-ways) read ``upstream``
    and ``downstream`` simply as the two parties. Roles refine the asymmetric ones:
    the upstream may be an open host service and publish a published language;
    the downstream is a conformist or protects itself with an anticorruption layer.
    """

    upstream: Name
    downstream: Name
    kind: RelationKind = "upstream-downstream"
    upstream_roles: list[Literal["open-host-service", "published-language"]] = Field(
        default_factory=empty_list
    )
    downstream_roles: list[Literal["conformist", "anticorruption-layer"]] = Field(
        default_factory=empty_list
    )
    description: Text = ""
    origin: Text | None = None
    """Where an import found it (``k8s/cart.yaml:12``); None for what was typed."""

    @model_validator(mode="after")
    def _roles_need_direction(self) -> ContextRelation:
        symmetric = {"partnership", "shared-kernel", "separate-ways"}
        if self.kind in symmetric and (self.upstream_roles or self.downstream_roles):
            raise ValueError(
                f"a {self.kind} relation is symmetric and takes no upstream/downstream roles"
            )
        return self
