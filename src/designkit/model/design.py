"""The root of the model: one ``Design`` holds every phase's decisions."""

from __future__ import annotations

from typing import Any

from pydantic import Field, PrivateAttr, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from .base import Model, empty_list
from .data import DataStore, Event, Saga, Topic
from .domain import BoundedContext, ContextRelation, Domain, EventStorming
from .edge import Gateway, Mesh
from .operations import (
    Decision,
    DisasterRecovery,
    Journey,
    Observability,
    Platform,
    Security,
    Slo,
)
from .references import reference_problems
from .requirements import Metadata, Requirements, Team
from .services import Service
from .workshop import AcceptedFinding, OpenQuestion, Workshop

__all__ = ["SCHEMA_VERSION", "Design"]

SCHEMA_VERSION = 1
"""Version of the design file format this code reads and writes."""


class Design(Model):
    """A whole microservice design: the single source of truth of every phase.

    Examples
    --------
    >>> d = Design.model_validate({
    ...     "metadata": {"name": "shop"},
    ...     "services": [{"name": "cart"}, {"name": "order",
    ...                   "dependencies": [{"target": "cart"}]}],
    ... })
    >>> [s.name for s in d.services]
    ['cart', 'order']
    >>> d.service("order").dependencies[0].target
    'cart'
    """

    schema_version: int = SCHEMA_VERSION
    """Version of the file format; designkit migrates older files and refuses newer ones."""
    metadata: Metadata
    requirements: Requirements = Field(default_factory=Requirements)
    teams: list[Team] = Field(default_factory=empty_list)
    event_storming: EventStorming = Field(default_factory=EventStorming)
    domain: Domain = Field(default_factory=Domain)
    contexts: list[BoundedContext] = Field(default_factory=empty_list)
    context_map: list[ContextRelation] = Field(default_factory=empty_list)
    services: list[Service] = Field(default_factory=empty_list)
    stores: list[DataStore] = Field(default_factory=empty_list)
    topics: list[Topic] = Field(default_factory=empty_list)
    events: list[Event] = Field(default_factory=empty_list)
    sagas: list[Saga] = Field(default_factory=empty_list)
    journeys: list[Journey] = Field(default_factory=empty_list)
    slos: list[Slo] = Field(default_factory=empty_list)
    gateway: Gateway | None = None
    mesh: Mesh = Field(default_factory=Mesh)
    platform: Platform = Field(default_factory=Platform)
    observability: Observability = Field(default_factory=Observability)
    security: Security = Field(default_factory=Security)
    disaster_recovery: DisasterRecovery = Field(default_factory=DisasterRecovery)
    decisions: list[Decision] = Field(default_factory=empty_list)
    open_questions: list[OpenQuestion] = Field(default_factory=empty_list)
    """What the workshop must still decide: the parking lot, and the gaps an import left."""
    accepted: list[AcceptedFinding] = Field(default_factory=empty_list)
    """Findings accepted as known risks (rule, path, reason, until): shown, not failing."""
    workshop: Workshop = Field(default_factory=Workshop)
    """The workshop day: agenda with timeboxes, the current phase, ticked criteria."""

    # Opaque bookkeeping for designkit.io (where the design was loaded from);
    # never serialised and never read by the model itself.
    _source: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _references_resolve(self) -> Design:
        problems = reference_problems(self)
        if problems:
            raise ValidationError.from_exception_data(
                "Design",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("reference", "{message}", {"message": message}),
                        loc=loc,
                        input=value,
                    )
                    for loc, message, value in problems
                ],
            )
        return self

    def service(self, name: str) -> Service:
        """Return the service called ``name`` (KeyError if there is none)."""
        for service in self.services:
            if service.name == name:
                return service
        raise KeyError(name)

    def __eq__(self, other: object) -> bool:
        # pydantic also compares private attributes; where a design was loaded
        # from (_source) is not part of it, so a saved and reloaded copy is equal.
        if not isinstance(other, Design):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __repr__(self) -> str:
        return (
            f"Design({self.metadata.name!r}: {len(self.services)} services, "
            f"{len(self.contexts)} contexts, {len(self.topics)} topics)"
        )
