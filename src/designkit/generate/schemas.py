"""Event schemas: JSON Schema for every event version, Avro for Avro events.

One JSON Schema (draft 2020-12) per event and version
(``schemas/<event>.v<version>.schema.json``), and for events whose ``format``
is ``avro`` an Avro schema beside it (``schemas/<event>.v<version>.avsc``).
:func:`compatible` checks two versions of an event against a compatibility
mode with Confluent Schema Registry's semantics.

Choices the design does not make, so this module makes them:

- JSON payloads are an open content model (no ``additionalProperties: false``):
  a tolerant reader ignores fields it does not know, which is what lets a
  topic evolve under the backward and forward rules.
- ``decimal`` is a string of digits in JSON (binary floating point would round
  money) and Avro's ``bytes`` with logical type ``decimal``, precision
  :data:`DECIMAL_PRECISION` and scale :data:`DECIMAL_SCALE`.
- ``integer`` is Avro's ``long`` (JSON integers are not bounded to 32 bits).
- ``object`` and ``array`` fields carry no structure in the design, so Avro
  writes them as JSON text (``string``) rather than invent their fields.
- An optional field is absent-or-present in JSON and a union with ``null``,
  default ``null``, in Avro.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..analysis.schema_evolution import (
    Mode,
    VersionCheck,
    compatible,
    unique_fields,
    version_checks,
)
from ..model import Design, Event, EventField
from .registry import Document, Generator

__all__ = [
    "DECIMAL_PRECISION",
    "DECIMAL_SCALE",
    "GENERATOR",
    "JSON_SCHEMA_DIALECT",
    "Mode",
    "VersionCheck",
    "avro_schema",
    "build",
    "compatible",
    "json_schema",
    "payload_schema",
    "version_checks",
]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

DECIMAL_PRECISION = 18
"""Digits of an Avro decimal: 14 before the point, enough for any amount of money."""
DECIMAL_SCALE = 4
"""Digits after the point: ISO 4217's largest minor unit is 4 (e.g. CLF, UYW)."""

DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"

_JSON_TYPES: dict[str, dict[str, str]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "timestamp": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "uuid": {"type": "string", "format": "uuid"},
    "decimal": {"type": "string", "pattern": DECIMAL_PATTERN},
    "object": {"type": "object"},
    "array": {"type": "array"},
}

_AVRO_TYPES: dict[str, str | dict[str, Any]] = {
    "string": "string",
    "integer": "long",
    "number": "double",
    "boolean": "boolean",
    "timestamp": {"type": "long", "logicalType": "timestamp-millis"},
    "date": {"type": "int", "logicalType": "date"},
    "uuid": {"type": "string", "logicalType": "uuid"},
    "decimal": {
        "type": "bytes",
        "logicalType": "decimal",
        "precision": DECIMAL_PRECISION,
        "scale": DECIMAL_SCALE,
    },
    "object": "string",
    "array": "string",
}


def field_schema(field: EventField) -> dict[str, Any]:
    """The JSON Schema of one field (a fresh dict each call)."""
    schema: dict[str, Any] = dict(_JSON_TYPES[field.type])
    if field.description:
        schema["description"] = field.description
    return schema


def payload_schema(event: Event) -> dict[str, Any]:
    """The JSON Schema of the event's payload, valid in draft-07 and 2020-12.

    Examples
    --------
    >>> from designkit.model import Event
    >>> ev = Event(name="Paid", topic="t", fields=[
    ...     {"name": "id", "type": "uuid"}, {"name": "note", "required": False}])
    >>> payload_schema(ev)["required"]
    ['id']
    >>> payload_schema(ev)["properties"]["id"]
    {'type': 'string', 'format': 'uuid'}
    """
    fields = unique_fields(event)
    schema: dict[str, Any] = {"title": event.name}
    if event.description:
        schema["description"] = event.description
    schema["type"] = "object"
    schema["properties"] = {f.name: field_schema(f) for f in fields}
    required = [f.name for f in fields if f.required]
    if required:
        schema["required"] = required
    return schema


def json_schema(event: Event) -> dict[str, Any]:
    """A standalone JSON Schema (draft 2020-12) document for one event version."""
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$comment": (
            f"{event.name} version {event.version} on topic {event.topic}; "
            f"compatibility: {event.compatibility}"
        ),
        **payload_schema(event),
    }


def avro_name(text: str) -> str:
    """An Avro name ([A-Za-z_][A-Za-z0-9_]*) from any text.

    Examples
    --------
    >>> avro_name("order-placed v2"), avro_name("3ds")
    ('order_placed_v2', '_3ds')
    """
    name = re.sub(r"[^A-Za-z0-9_]", "_", text) or "_"
    return f"_{name}" if name[0].isdigit() else name


def _avro_field_names(fields: list[EventField]) -> Iterator[str]:
    used: set[str] = set()
    for field in fields:
        name = base = avro_name(field.name)
        n = 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name)
        yield name


def avro_schema(event: Event, namespace: str | None = None) -> dict[str, Any]:
    """The Avro record schema of one event version.

    Field names that are not Avro names are rewritten (see :func:`avro_name`).

    Examples
    --------
    >>> from designkit.model import Event
    >>> ev = Event(name="Paid", topic="t", format="avro", fields=[
    ...     {"name": "at", "type": "timestamp"}, {"name": "note", "required": False}])
    >>> [f["type"] for f in avro_schema(ev, "shop")["fields"]]
    [{'type': 'long', 'logicalType': 'timestamp-millis'}, ['null', 'string']]
    """
    record: dict[str, Any] = {"type": "record", "name": avro_name(event.name)}
    if namespace:
        record["namespace"] = ".".join(avro_name(part) for part in namespace.split("."))
    if event.description:
        record["doc"] = event.description
    fields = unique_fields(event)
    record["fields"] = [
        _avro_field(field, name)
        for field, name in zip(fields, _avro_field_names(fields), strict=True)
    ]
    return record


def _avro_field(field: EventField, name: str) -> dict[str, Any]:
    base = _AVRO_TYPES[field.type]
    avro_type: Any = dict(base) if isinstance(base, dict) else base
    out: dict[str, Any] = {"name": name}
    if field.required:
        out["type"] = avro_type
    else:
        out["type"] = ["null", avro_type]
        out["default"] = None
    doc = field.description
    if field.type in ("object", "array"):
        doc = f"{doc} (JSON text: the design gives no structure)".strip()
    if doc:
        out["doc"] = doc
    return out


def schema_path(event: Event, extension: str) -> str:
    """Where an event version's schema is written, e.g. 'schemas/Paid.v1.avsc'."""
    return f"schemas/{event.name}.v{event.version}.{extension}"


def build(design: Design) -> list[Document]:
    """One JSON Schema per event version, plus an Avro schema for Avro events.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "shop"}, "topics": [{"name": "t"}],
    ...     "events": [{"name": "Paid", "topic": "t", "format": "avro"}]})
    >>> [doc.path for doc in build(d)]
    ['schemas/Paid.v1.schema.json', 'schemas/Paid.v1.avsc']
    """
    docs = []
    for event in design.events:
        docs.append(Document(schema_path(event, "schema.json"), json_schema(event), "json"))
        if event.format == "avro":
            avro = avro_schema(event, design.metadata.name)
            docs.append(Document(schema_path(event, "avsc"), avro, "json"))
    return docs


GENERATOR = Generator(
    "schemas",
    "JSON Schema for every event version, and Avro for Avro events",
    build,
    aliases=("jsonschema", "avro"),
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
