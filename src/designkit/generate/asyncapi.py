"""One AsyncAPI 3.0.0 document for the whole design (``asyncapi/<design>.yaml``).

- ``servers``: the broker (``platform.broker``) at its in-cluster address,
  which the design does not give: ``<broker>.<namespace>.svc.cluster.local``
  on the broker's usual port, to be replaced per environment.
- ``channels``: one per topic, its address the topic's name, with the Kafka
  binding (partitions, replicas, cleanup policy, retention) on Kafka.
- ``components.messages``: one per event version (``<event>.v<version>``);
  JSON events carry their payload as JSON Schema, Avro events as their Avro
  schema (the wire format), both built by :mod:`designkit.generate.schemas`.
  On Kafka the message binding gives the key's schema (the topic's key field).
- ``operations``: ``send`` for each publisher of a topic (``publishes`` and
  async dependencies) and for each consumer that dead-letters into it;
  ``receive`` for each consumer (the topic's consumers and the targets of
  async dependencies), with its consumer group on Kafka.
"""

from __future__ import annotations

import re
from typing import Any

from ..analysis.schema_evolution import unique_fields
from ..analysis.traffic import topic_ends
from ..model import Consumer, Design, Event, Topic
from .registry import Document, Generator
from .schemas import avro_schema, field_schema, payload_schema

__all__ = ["GENERATOR", "asyncapi", "build", "message_id"]

_PROTOCOLS: dict[str, tuple[str, int]] = {
    "kafka": ("kafka", 9092),
    "rabbitmq": ("amqp", 5672),
    "pulsar": ("pulsar", 6650),
    "nats": ("nats", 4222),
    "sqs": ("sqs", 443),
}
_KAFKA_BINDING = "0.5.0"
_AVRO_FORMAT = "application/vnd.apache.avro;version=1.9.0"
_AVRO_CONTENT = "avro/binary"
"""The content type the Avro specification gives binary-encoded data."""


def _key(text: str) -> str:
    """A component key (the spec allows letters, digits, '.', '-' and '_')."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", text) or "_"


class _Keys:
    """Unique keys, stable for a given input order."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, text: str) -> str:
        key = base = _key(text)
        n = 2
        while key in self.used:
            key, n = f"{base}_{n}", n + 1
        self.used.add(key)
        return key


def message_id(event: Event) -> str:
    """The message's name in the document, before de-duplication: 'OrderPlaced.v2'.

    Examples
    --------
    >>> from designkit.model import Event
    >>> message_id(Event(name="Order placed", version=2, topic="t"))
    'Order_placed.v2'
    """
    return _key(f"{event.name}.v{event.version}")


def _server(design: Design) -> dict[str, Any] | None:
    broker = design.platform.broker
    if broker not in _PROTOCOLS:
        return None
    protocol, port = _PROTOCOLS[broker]
    if broker == "sqs":
        region = design.platform.regions[0] if design.platform.regions else "us-east-1"
        host = f"sqs.{region}.amazonaws.com"
    elif design.platform.orchestrator == "kubernetes":
        host = f"{broker}.{design.platform.namespace}.svc.cluster.local:{port}"
    else:
        host = f"{broker}:{port}"
    return {
        "host": host,
        "protocol": protocol,
        "description": f"The {broker} broker; the address is assumed, set it per environment.",
    }


def _channel(topic: Topic, messages: list[str], kafka: bool) -> dict[str, Any]:
    channel: dict[str, Any] = {"address": topic.name}
    if topic.key:
        channel["description"] = (
            f"Keyed by {topic.key}: messages with the same {topic.key} stay in order."
        )
    if messages:
        channel["messages"] = {m: {"$ref": f"#/components/messages/{m}"} for m in messages}
    if kafka:
        channel["bindings"] = {
            "kafka": {
                "partitions": topic.partitions,
                "replicas": topic.replication_factor,
                "topicConfiguration": {
                    "cleanup.policy": [topic.cleanup],
                    "retention.ms": round(topic.retention_hours * 3_600_000),
                },
                "bindingVersion": _KAFKA_BINDING,
            }
        }
    return channel


def _message(design: Design, event: Event, topic: Topic | None, kafka: bool) -> dict[str, Any]:
    message: dict[str, Any] = {"name": event.name, "title": f"{event.name} v{event.version}"}
    if event.description:
        message["summary"] = event.description
    if event.format == "avro":
        message["contentType"] = _AVRO_CONTENT
        message["payload"] = {
            "schemaFormat": _AVRO_FORMAT,
            "schema": avro_schema(event, design.metadata.name),
        }
    else:
        message["payload"] = payload_schema(event)
    if kafka and topic is not None and topic.key:
        key_field = next((f for f in unique_fields(event) if f.name == topic.key), None)
        key = field_schema(key_field) if key_field else {"type": "string"}
        message["bindings"] = {"kafka": {"key": key, "bindingVersion": _KAFKA_BINDING}}
    return message


def _receive_text(consumer: Consumer | None) -> str | None:
    if consumer is None:
        return None
    text = f"{consumer.retries} {'retry' if consumer.retries == 1 else 'retries'}"
    text += f", then to {consumer.dead_letter}" if consumer.dead_letter else ", no dead letter"
    return text + ("; idempotent." if consumer.idempotent else "; not idempotent.")


def _operation(
    action: str, channel: str, messages: list[str], summary: str, description: str | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "action": action,
        "channel": {"$ref": f"#/channels/{channel}"},
        "summary": summary,
    }
    if description:
        out["description"] = description
    if messages:
        out["messages"] = [{"$ref": f"#/channels/{channel}/messages/{m}"} for m in messages]
    return out


def _operations(
    design: Design, channel_of: dict[str, str], by_topic: dict[str, list[str]], kafka: bool
) -> dict[str, Any]:
    """Send for publishers and dead-lettering consumers, receive for consumers, per topic."""
    publishers, consumers = topic_ends(design)
    detail = {t.name: {c.service: c for c in t.consumers} for t in design.topics}
    dead_letters: dict[str, list[tuple[str, Consumer]]] = {}
    for topic in design.topics:
        for consumer in topic.consumers:
            if consumer.dead_letter:
                dead_letters.setdefault(consumer.dead_letter, []).append((topic.name, consumer))
    keys = _Keys()
    operations: dict[str, Any] = {}
    for topic in design.topics:
        channel, refs = channel_of[topic.name], by_topic[topic.name]
        for service in publishers.get(topic.name, []):
            summary = f"{service} publishes to {topic.name}"
            operations[keys(f"{service}.send.{topic.name}")] = _operation(
                "send", channel, refs, summary
            )
        for source, consumer in dead_letters.get(topic.name, []):
            summary = (
                f"{consumer.service} sends messages from {source} that still fail "
                f"after {consumer.retries} {'retry' if consumer.retries == 1 else 'retries'}"
            )
            operations[keys(f"{consumer.service}.send.{topic.name}")] = _operation(
                "send", channel, refs, summary
            )
        for service in consumers.get(topic.name, []):
            found = detail[topic.name].get(service)
            summary = f"{service} consumes {topic.name}"
            op = _operation("receive", channel, refs, summary, _receive_text(found))
            if kafka:
                group = (found.group if found else None) or service
                op["bindings"] = {
                    "kafka": {
                        "groupId": {"type": "string", "enum": [group]},
                        "bindingVersion": _KAFKA_BINDING,
                    }
                }
            operations[keys(f"{service}.receive.{topic.name}")] = op
    return operations


def _info(design: Design) -> dict[str, Any]:
    title = design.metadata.title or design.metadata.name
    topics, events = len(design.topics), len(design.events)
    description = design.metadata.description or (
        f"The topics and events of {title}: {topics} topic{'s' * (topics != 1)}, "
        f"{events} event version{'s' * (events != 1)}."
    )
    return {
        "title": f"{title} events",
        "version": design.metadata.version,
        "description": description,
    }


def asyncapi(design: Design) -> dict[str, Any] | None:
    """The design's AsyncAPI 3.0.0 document, or None without topics."""
    if not design.topics:
        return None
    kafka = design.platform.broker == "kafka"
    topics = {t.name: t for t in design.topics}
    channel_keys = _Keys()
    channel_of = {t.name: channel_keys(t.name) for t in design.topics}
    message_keys = _Keys()
    messages: dict[str, Any] = {}
    by_topic: dict[str, list[str]] = {t.name: [] for t in design.topics}
    for event in design.events:
        key = message_keys(message_id(event))
        messages[key] = _message(design, event, topics.get(event.topic), kafka)
        by_topic.setdefault(event.topic, []).append(key)
    document: dict[str, Any] = {"asyncapi": "3.0.0", "info": _info(design)}
    server = _server(design)
    if server is not None:
        document["servers"] = {_key(design.platform.broker): server}
    document["defaultContentType"] = "application/json"
    document["channels"] = {
        channel_of[t.name]: _channel(t, by_topic[t.name], kafka) for t in design.topics
    }
    document["operations"] = _operations(design, channel_of, by_topic, kafka)
    if messages:
        document["components"] = {"messages": messages}
    return document


def build(design: Design) -> list[Document]:
    """``asyncapi/<design>.yaml``, or nothing when the design has no topics.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "shop"},
    ...     "services": [{"name": "a", "publishes": ["t"]}, {"name": "b"}],
    ...     "topics": [{"name": "t", "consumers": ["b"]}]})
    >>> list(build(d)[0].content["operations"])
    ['a.send.t', 'b.receive.t']
    """
    content = asyncapi(design)
    return [] if content is None else [Document(f"asyncapi/{design.metadata.name}.yaml", content)]


GENERATOR = Generator(
    "asyncapi",
    "AsyncAPI 3.0.0 document of the design's topics and events",
    build,
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
