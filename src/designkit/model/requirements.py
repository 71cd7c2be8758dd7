"""Phase 0: what the design is for: metadata, requirements and the teams."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Model, Name, NonNegInt, Objective, PositiveFloat, PositiveInt, Text, empty_list

__all__ = [
    "Budget",
    "Capability",
    "Compliance",
    "LatencyTarget",
    "Metadata",
    "Requirements",
    "Team",
    "Traffic",
]

Compliance = Literal["pci-dss", "hipaa", "gdpr", "sox", "iso-27001", "soc2"]


class Metadata(Model):
    """Who and what the design is."""

    name: Name
    """Short identifier of the design, e.g. 'ecommerce'."""
    title: Name | None = None
    """Human title for the report's title page."""
    domain: Name | None = None
    """The business domain, e.g. 'Retail / e-commerce'."""
    description: Text = ""
    version: Name = "0.1"
    """The design's own version (not the file format's)."""
    authors: list[Name] = Field(default_factory=empty_list)


class Capability(Model):
    """A business capability the system must provide."""

    name: Name
    description: Text = ""
    context: Name | None = None
    """The bounded context that realises it, once known."""


class Traffic(Model):
    """Expected load at the edge."""

    peak_rps: PositiveFloat = 10.0
    """Peak requests per second over all journeys."""
    average_rps: PositiveFloat | None = None
    growth_per_year: float = Field(default=0.0, ge=0, le=100)
    """Expected yearly growth as a fraction, e.g. 0.5 for +50% a year."""
    read_ratio: float = Field(default=0.8, ge=0, le=1)
    """Share of requests that only read."""


class LatencyTarget(Model):
    """A latency objective: the given percentile must be under the threshold."""

    percentile: float = Field(default=95.0, gt=0, lt=100)
    threshold_ms: PositiveFloat = 200.0


class Budget(Model):
    """Money available to run the system."""

    monthly: PositiveFloat
    currency: Name = "USD"


class Requirements(Model):
    """What the system must do and under which constraints (phase 0)."""

    kind: Literal["greenfield", "migration"] = "greenfield"
    """Greenfield build, or migration of an existing system (strangler fig)."""
    capabilities: list[Capability] = Field(default_factory=empty_list)
    traffic: Traffic = Field(default_factory=Traffic)
    latency: LatencyTarget = Field(default_factory=LatencyTarget)
    availability: Objective = 0.999
    """Availability target of the system as a fraction, e.g. 0.999."""
    compliance: list[Compliance] = Field(default_factory=empty_list)
    budget: Budget | None = None
    constraints: list[Text] = Field(default_factory=empty_list)
    """Technology or organisational constraints, one per line."""
    domain_complexity: Literal["low", "medium", "high"] = "medium"
    """How intricate the business rules are; simple domains rarely need microservices."""
    mvp: bool = False
    """True while the product is still searching for its market."""
    expected_lifetime_years: PositiveInt = 5


class Team(Model):
    """A team that owns services (Team Topologies types)."""

    name: Name
    size: PositiveInt = 6
    kind: Literal["stream-aligned", "platform", "enabling", "complicated-subsystem"] = (
        "stream-aligned"
    )
    skills: list[Name] = Field(default_factory=empty_list)
    """Languages and technologies the team is fluent in."""
    on_call: bool = True
    timezone: Name | None = None
    max_services: NonNegInt | None = None
    """The most services the team says it can own (cognitive load); None: no limit set."""
