"""Phase 3: data stores, topics, events and sagas."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, model_validator

from .base import Model, Name, NonNegInt, PositiveFloat, PositiveInt, Text, empty_list

__all__ = [
    "Backup",
    "Consumer",
    "DataStore",
    "Event",
    "EventField",
    "Saga",
    "SagaStep",
    "Topic",
]

StoreTechnology = Literal[
    "postgresql",
    "mysql",
    "oracle",
    "sqlserver",
    "mongodb",
    "cassandra",
    "dynamodb",
    "redis",
    "elasticsearch",
    "opensearch",
    "clickhouse",
    "s3",
    "neo4j",
    "eventstore",
    "other",
]

Classification = Literal["public", "internal", "confidential", "pii", "pci", "phi"]


class Backup(Model):
    """Backup schedule of a store."""

    schedule: Name = "0 2 * * *"
    """Cron expression (UTC)."""
    retention_days: PositiveInt = 30
    point_in_time: bool = False
    """Continuous archiving allows restore to any moment (small RPO)."""


class DataStore(Model):
    """A database, cache, index or bucket, owned by exactly one service."""

    name: Name
    technology: StoreTechnology = "postgresql"
    owner: Name | None = None
    """The service that owns the store's schema and data."""
    team: Name | None = None
    """The team that runs the store; None: the owning service's team."""
    exposure: Literal["internal", "partner", "public"] = "internal"
    """Who can reach the store directly: ``internal`` (only the system's services)."""
    purpose: Literal["primary", "cache", "search", "analytics", "objects", "events"] = "primary"
    entities: list[Name] = Field(default_factory=empty_list)
    """Domain entities kept in this store."""
    classification: list[Classification] = Field(default_factory=empty_list)
    encrypted_at_rest: bool = True
    replication: Literal["none", "multi-az", "multi-region"] = "multi-az"
    rpo_minutes: float | None = Field(default=None, ge=0)
    """Recovery point objective: data loss tolerated, in minutes."""
    rto_minutes: float | None = Field(default=None, ge=0)
    """Recovery time objective: downtime tolerated, in minutes."""
    backup: Backup | None = Field(default_factory=Backup)
    size_gb: PositiveFloat | None = None
    migration: Literal["expand-contract", "dual-write", "cdc"] | None = None
    """How schema and data changes reach production; None: derived from the store's use."""
    origin: Text | None = None
    """Where an import found it (``k8s/cart.yaml:12``); None for what was typed."""


class Consumer(Model):
    """A service consuming a topic."""

    __shorthand__: ClassVar[str] = "service"
    """Written as just the service name when nothing else is set."""

    service: Name
    group: Name | None = None
    """Consumer group; None: the service name."""
    idempotent: bool = False
    """True if processing the same message twice is harmless (an idempotency key)."""
    retries: NonNegInt = 3
    dead_letter: Name | None = None
    """Topic that receives messages that still fail after the retries."""
    idempotency_key: Name | None = None
    """Message field or header that identifies a redelivery; None: the message id."""


def _consumer_shorthand(value: Any) -> Any:
    # `consumers: [shipping, notification]` is shorthand for `- service: shipping`.
    return {"service": value} if isinstance(value, str) else value


ConsumerRef = Annotated[
    Consumer, BeforeValidator(_consumer_shorthand, json_schema_input_type=str | Consumer)
]


class Topic(Model):
    """A broker topic (Kafka semantics)."""

    name: Name
    partitions: PositiveInt = 6
    replication_factor: PositiveInt = 3
    retention_hours: PositiveFloat = 168.0
    cleanup: Literal["delete", "compact"] = "delete"
    key: Name | None = None
    """The ordering key: messages with the same key stay in order."""
    consumers: list[ConsumerRef] = Field(default_factory=empty_list)
    """Consuming services: a name, or an object with group, retries and dead letter."""
    message_bytes: PositiveInt = 1024
    """Typical message size, for storage sizing."""
    team: Name | None = None
    """The team that owns the topic; None: the team of its one producing service."""
    exposure: Literal["internal", "partner", "public"] = "internal"
    """Who can reach the topic on the broker directly: ``internal`` (only the system's services)."""
    origin: Text | None = None
    """Where an import found it (``k8s/cart.yaml:12``); None for what was typed."""


class EventField(Model):
    """A field of an event's payload."""

    name: Name
    type: Literal[
        "string",
        "integer",
        "number",
        "boolean",
        "timestamp",
        "date",
        "uuid",
        "decimal",
        "object",
        "array",
    ] = "string"
    required: bool = True
    description: Text = ""
    classification: Classification | None = None


class Event(Model):
    """A domain or integration event and its schema."""

    name: Name
    version: PositiveInt = 1
    topic: Name
    format: Literal["json", "avro", "protobuf"] = "json"
    description: Text = ""
    fields: list[EventField] = Field(default_factory=empty_list)
    compatibility: Literal["backward", "forward", "full", "none"] = "backward"
    origin: Text | None = None
    """Where an import found it (``k8s/cart.yaml:12``); None for what was typed."""


class SagaStep(Model):
    """A local transaction of a saga and what undoes it."""

    name: Name
    service: Name
    action: Text
    compensation: Text | None = None
    """The action that semantically undoes this step; None for steps that need none."""
    pivot: bool = False
    """The go/no-go step: after it the saga only retries forward."""
    side_effects: bool = True
    """False for steps that only read or check (they need no compensation)."""
    retryable: bool = True
    timeout_s: PositiveFloat | None = None
    compensation_idempotent: bool = True
    """False if running the compensation twice undoes twice (it is retried until it succeeds)."""


class Saga(Model):
    """A long-running business transaction across services."""

    name: Name
    style: Literal["orchestration", "choreography"] = "orchestration"
    orchestrator: Name | None = None
    """The service that coordinates an orchestrated saga."""
    description: Text = ""
    timeout_s: PositiveFloat = 300.0
    steps: list[SagaStep] = Field(default_factory=empty_list)

    @model_validator(mode="after")
    def _shape(self) -> Saga:
        pivots = [s.name for s in self.steps if s.pivot]
        if len(pivots) > 1:
            raise ValueError(f"a saga has at most one pivot step; found {', '.join(pivots)}")
        if self.style == "orchestration" and not self.orchestrator:
            raise ValueError("an orchestrated saga needs an orchestrator service")
        if self.style == "choreography" and self.orchestrator:
            raise ValueError("a choreographed saga has no orchestrator")
        return self
