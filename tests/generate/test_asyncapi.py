"""AsyncAPI 3.0.0: valid against the official JSON Schema, and true to the design.

The schema comes from the npm package @asyncapi/specs and is fetched into the
virtual environment by scripts/fetch-asyncapi-schema.sh (``make test`` runs it).
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from ruamel.yaml import YAML

from designkit.analysis.traffic import topic_ends
from designkit.generate import generators
from designkit.generate.asyncapi import asyncapi, build
from designkit.generate.write import render
from tests.conftest import ROOT, make
from tests.generate.test_schemas import EXAMPLE_NAMES, check_golden, designs, example

SCHEMA = Path(
    os.environ.get(
        "DESIGNKIT_ASYNCAPI_SCHEMA", ROOT / ".venv" / "share" / "designkit" / "asyncapi-3.0.0.json"
    )
)


@cache
def _validator() -> Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(schema)  # the schema declares draft-07
    validator: Validator = cls(schema)
    return validator


@pytest.fixture
def official() -> Validator:
    """The official AsyncAPI 3.0.0 schema; a missing schema fails, it does not skip."""
    if not SCHEMA.is_file():
        pytest.fail(
            f"the AsyncAPI 3.0.0 JSON Schema is missing ({SCHEMA}); "
            "run scripts/fetch-asyncapi-schema.sh (needs npm) to fetch it"
        )
    return _validator()


def errors(validator: Validator, document: Any) -> list[str]:
    return [
        f"{e.json_path}: {e.message[:200]}"
        for e in sorted(validator.iter_errors(document), key=lambda e: e.json_path)
    ]


def unresolved_refs(document: Any) -> list[str]:
    """Every local $ref that points at nothing (the JSON Schema cannot check that)."""

    def resolve(pointer: str) -> bool:
        node = document
        for part in pointer.removeprefix("#/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    def walk(node: Any) -> list[str]:
        if isinstance(node, dict):
            ref = node.get("$ref")
            bad = [ref] if isinstance(ref, str) and not resolve(ref) else []
            return bad + [r for v in node.values() for r in walk(v)]
        if isinstance(node, list):
            return [r for v in node for r in walk(v)]
        return []

    return walk(document)


@pytest.mark.parametrize("name", [*EXAMPLE_NAMES, "small-shop"])
def test_documents_validate_against_the_official_schema(name, small_shop, official):
    (doc,) = build(designs(small_shop)[name])
    text = render(doc, f"{name}.yaml")
    assert "&id0" not in text, "shared nodes became YAML anchors"
    document = YAML(typ="safe", pure=True).load(text)
    assert errors(official, document) == []
    assert unresolved_refs(document) == []


def test_the_schema_catches_a_broken_document(official):
    document = asyncapi(example("ecommerce"))
    assert document is not None
    document["operations"]["order.send.order-events"]["action"] = "publish"
    del document["info"]["version"]
    found = errors(official, document)
    assert any("info" in e for e in found)
    assert any("order.send.order-events" in e for e in found)


def test_channels_messages_and_operations_follow_the_design():
    design = example("ecommerce")
    document = asyncapi(design)
    assert document is not None
    assert document["servers"]["kafka"]["protocol"] == "kafka"
    assert [c["address"] for c in document["channels"].values()] == [t.name for t in design.topics]
    assert list(document["components"]["messages"]) == [
        f"{e.name}.v{e.version}" for e in design.events
    ]
    publishers, consumers = topic_ends(design)
    ops = document["operations"]
    for topic in design.topics:
        for service in publishers[topic.name]:
            assert ops[f"{service}.send.{topic.name}"]["action"] == "send"
        for service in consumers[topic.name]:
            assert ops[f"{service}.receive.{topic.name}"]["action"] == "receive"
    orders = document["channels"]["order-events"]
    assert list(orders["messages"]) == [
        "OrderPlaced.v1",
        "OrderPlaced.v2",
        "OrderConfirmed.v1",
        "OrderCancelled.v1",
    ]
    assert orders["bindings"]["kafka"]["partitions"] == 12
    assert orders["bindings"]["kafka"]["replicas"] == 3
    receive = ops["analytics.receive.order-events"]
    assert receive["bindings"]["kafka"]["groupId"]["enum"] == ["analytics-sink"]
    placed = document["components"]["messages"]["OrderPlaced.v2"]
    assert placed["payload"]["required"][:2] == ["order_id", "customer_id"]
    assert placed["bindings"]["kafka"]["key"] == {"type": "string", "format": "uuid"}


def test_avro_events_carry_their_avro_schema():
    document = asyncapi(example("ecommerce"))
    assert document is not None
    viewed = document["components"]["messages"]["ProductViewed.v1"]
    assert viewed["contentType"] == "avro/binary"
    assert viewed["payload"]["schemaFormat"] == "application/vnd.apache.avro;version=1.9.0"
    assert viewed["payload"]["schema"]["type"] == "record"


def test_dead_letter_topics_get_a_send_per_consumer_that_parks_messages():
    design = make(
        services=[{"name": "a", "publishes": ["t"]}, {"name": "b"}],
        topics=[
            {"name": "t", "consumers": [{"service": "b", "dead_letter": "dlq", "retries": 1}]},
            {"name": "dlq"},
        ],
    )
    document = asyncapi(design)
    assert document is not None
    assert list(document["operations"]) == ["a.send.t", "b.receive.t", "b.send.dlq"]
    assert document["operations"]["b.send.dlq"]["summary"] == (
        "b sends messages from t that still fail after 1 retry"
    )
    assert "components" not in document
    assert "messages" not in document["channels"]["dlq"]


def test_other_brokers_get_no_kafka_bindings(official):
    design = make(
        platform={"broker": "rabbitmq"},
        services=[{"name": "a", "publishes": ["t t"]}, {"name": "b"}],
        topics=[{"name": "t t", "key": "id", "consumers": ["b"]}],
        events=[{"name": "E", "topic": "t t", "fields": [{"name": "id"}]}],
    )
    document = asyncapi(design)
    assert document is not None
    assert document["servers"]["rabbitmq"]["protocol"] == "amqp"
    assert "bindings" not in json.dumps(document)
    assert document["channels"]["t_t"]["address"] == "t t"
    assert errors(official, document) == []
    assert unresolved_refs(document) == []


def test_no_topics_no_document_and_no_broker_no_server():
    assert build(make()) == []
    design = make(platform={"broker": "none"}, topics=[{"name": "t"}])
    document = asyncapi(design)
    assert document is not None
    assert "servers" not in document


def test_registered_deterministic_and_input_untouched():
    design = example("banking")
    before = design.model_dump()
    assert generators()["asyncapi"].build is build
    first = json.dumps([(d.path, d.content) for d in build(design)])
    assert first == json.dumps([(d.path, d.content) for d in build(design)])
    assert design.model_dump() == before


def test_golden():
    (doc,) = build(example("ecommerce"))
    check_golden(doc)
