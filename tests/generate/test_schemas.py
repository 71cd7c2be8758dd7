"""Event schemas: JSON Schema and Avro that their validators accept, and compatibility rules.

Also home of the helpers the other contract tests share: the bundled examples,
loaded once per session, and the golden-file check.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import uuid
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import fastavro
import pytest
from jsonschema import Draft202012Validator

import designkit
from designkit.generate import Document, generators
from designkit.generate.schemas import (
    DECIMAL_SCALE,
    avro_schema,
    build,
    compatible,
    json_schema,
    version_checks,
)
from designkit.generate.write import render, safe_path
from designkit.model import Design, Event
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, make

GOLDEN = Path(__file__).parent / "golden" / "contracts"
EXAMPLE_NAMES = ("ecommerce", "banking", "healthcare")


@cache
def example(name: str) -> Design:
    """A bundled example, loaded once per session (a load takes about a second).

    Shared by the contract tests; generators never mutate a design (each tests it).
    """
    if name == "ecommerce":
        return ecommerce()  # the copy the other generator tests share
    return designkit.load(EXAMPLES / f"{name}.yaml")


def check_golden(doc: Document, source: str = "ecommerce.yaml") -> None:
    """``doc`` rendered equals its golden file, byte for byte.

    DESIGNKIT_UPDATE_GOLDEN=1 rewrites the golden file instead (review the diff).
    """
    path = GOLDEN / safe_path(doc.path)
    actual = render(doc, source).encode("utf-8")
    if os.environ.get("DESIGNKIT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
    if not path.exists():
        pytest.fail(f"no golden file {path}; run with DESIGNKIT_UPDATE_GOLDEN=1 to create it")
    assert actual == path.read_bytes(), (
        f"{doc.path} differs from {path}; if the change is intended, "
        "rerun with DESIGNKIT_UPDATE_GOLDEN=1 and review the diff"
    )


def designs(small_shop: Design) -> dict[str, Design]:
    return {name: example(name) for name in EXAMPLE_NAMES} | {"small-shop": small_shop}


# Sample values per field type: JSON (as a producer would write them) and Avro (Python).
_JSON_SAMPLE: dict[str, Any] = {
    "string": "text",
    "integer": 3,
    "number": 2.5,
    "boolean": True,
    "timestamp": "2024-05-01T12:30:00Z",
    "date": "2024-05-01",
    "uuid": "6f1c5a4e-8b0f-4a7e-9a57-0d1c2b3a4f5e",
    "decimal": "19.99",
    "object": {"line1": "1 Main St"},
    "array": [{"sku": "A-1"}],
}
_AVRO_SAMPLE: dict[str, Any] = {
    "string": "text",
    "integer": 3,
    "number": 2.5,
    "boolean": True,
    "timestamp": dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC),
    "date": dt.date(2024, 5, 1),
    "uuid": uuid.UUID("6f1c5a4e-8b0f-4a7e-9a57-0d1c2b3a4f5e"),
    "decimal": Decimal("19.99").quantize(Decimal(1).scaleb(-DECIMAL_SCALE)),
    "object": '{"line1": "1 Main St"}',
    "array": '[{"sku": "A-1"}]',
}


def json_sample(event: Event, *, optional: bool = True) -> dict[str, Any]:
    return {f.name: _JSON_SAMPLE[f.type] for f in event.fields if optional or f.required}


def avro_record(event: Event, schema: dict[str, Any], *, optional: bool = True) -> dict[str, Any]:
    # Avro field names may be rewritten from the event's; pair them by position.
    return {
        avro_field["name"]: (_AVRO_SAMPLE[f.type] if optional or f.required else None)
        for f, avro_field in zip(event.fields, schema["fields"], strict=True)
    }


def round_trip(record: dict[str, Any], writer: Any, reader: Any = None) -> dict[str, Any]:
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, writer, record)
    buffer.seek(0)
    result: dict[str, Any] = fastavro.schemaless_reader(buffer, writer, reader)
    return result


@pytest.mark.parametrize("name", [*EXAMPLE_NAMES, "small-shop"])
def test_json_schemas_pass_check_schema_and_accept_samples(name, small_shop):
    design = designs(small_shop)[name]
    docs = {d.path: d for d in build(design)}
    for event in design.events:
        schema = docs[f"schemas/{event.name}.v{event.version}.schema.json"].content
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        for sample in (json_sample(event), json_sample(event, optional=False)):
            assert not list(validator.iter_errors(sample)), (event.name, sample)
        required = [f for f in event.fields if f.required]
        if required:
            missing = json_sample(event)
            del missing[required[0].name]
            assert not validator.is_valid(missing)


@pytest.mark.parametrize("name", [*EXAMPLE_NAMES, "small-shop"])
def test_avro_schemas_parse_and_round_trip(name, small_shop):
    design = designs(small_shop)[name]
    avro_docs = [d for d in build(design) if d.path.endswith(".avsc")]
    avro_events = [e for e in design.events if e.format == "avro"]
    assert len(avro_docs) == len(avro_events)
    for event, doc in zip(avro_events, avro_docs, strict=True):
        parsed = fastavro.parse_schema(doc.content)
        for optional in (True, False):
            record = avro_record(event, doc.content, optional=optional)
            assert round_trip(record, parsed) == record


def test_field_types_map_to_avro_as_documented():
    event = Event.model_validate(
        {
            "name": "Typed",
            "topic": "t",
            "format": "avro",
            "fields": [
                {"name": "at", "type": "timestamp"},
                {"name": "id", "type": "uuid"},
                {"name": "amount", "type": "decimal"},
                {"name": "note", "required": False},
                {"name": "9-lives", "type": "integer"},
            ],
        }
    )
    fields = {f["name"]: f for f in avro_schema(event, "small-shop")["fields"]}
    assert fields["at"]["type"] == {"type": "long", "logicalType": "timestamp-millis"}
    assert fields["id"]["type"] == {"type": "string", "logicalType": "uuid"}
    assert fields["amount"]["type"] == {
        "type": "bytes",
        "logicalType": "decimal",
        "precision": 18,
        "scale": 4,
    }
    assert fields["note"]["type"] == ["null", "string"]
    assert fields["note"]["default"] is None
    assert fields["_9_lives"]["type"] == "long"
    assert avro_schema(event, "small-shop")["namespace"] == "small_shop"


def test_only_avro_events_get_avro_schemas():
    design = make(
        topics=[{"name": "t"}],
        events=[
            {"name": "A", "topic": "t"},
            {"name": "A", "version": 2, "topic": "t", "format": "avro"},
            {"name": "P", "topic": "t", "format": "protobuf"},
        ],
    )
    assert [d.path for d in build(design)] == [
        "schemas/A.v1.schema.json",
        "schemas/A.v2.schema.json",
        "schemas/A.v2.avsc",
        "schemas/P.v1.schema.json",
    ]
    assert {d.format for d in build(design)} == {"json"}


def test_json_schema_declares_2020_12_and_keeps_repeated_fields_once():
    event = Event.model_validate(
        {"name": "E", "topic": "t", "fields": [{"name": "a"}, {"name": "a", "type": "integer"}]}
    )
    schema = json_schema(event)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"] == {"a": {"type": "string"}}
    assert schema["required"] == ["a"]


# Compatibility: each case is (old fields, new fields) and the modes it passes.
_CASES = {
    "add optional field": ([{"name": "id"}], [{"name": "id"}, {"name": "x", "required": False}]),
    "add required field": ([{"name": "id"}], [{"name": "id"}, {"name": "x"}]),
    "remove optional field": ([{"name": "id"}, {"name": "x", "required": False}], [{"name": "id"}]),
    "remove required field": ([{"name": "id"}, {"name": "x"}], [{"name": "id"}]),
    "optional becomes required": (
        [{"name": "id"}, {"name": "x", "required": False}],
        [{"name": "id"}, {"name": "x"}],
    ),
    "required becomes optional": (
        [{"name": "id"}, {"name": "x"}],
        [{"name": "id"}, {"name": "x", "required": False}],
    ),
    "integer widens to number": (
        [{"name": "n", "type": "integer"}],
        [{"name": "n", "type": "number"}],
    ),
    "number narrows to integer": (
        [{"name": "n", "type": "number"}],
        [{"name": "n", "type": "integer"}],
    ),
    "string becomes integer": ([{"name": "n"}], [{"name": "n", "type": "integer"}]),
}
_PASSES = {
    "add optional field": {"backward", "forward", "full"},
    "add required field": {"forward"},
    "remove optional field": {"backward", "forward", "full"},
    "remove required field": {"backward"},
    "optional becomes required": {"forward"},
    "required becomes optional": {"backward"},
    "integer widens to number": {"backward"},
    "number narrows to integer": {"forward"},
    "string becomes integer": set(),
}


def _pair(case: str, fmt: str = "json") -> tuple[Event, Event]:
    old_fields, new_fields = _CASES[case]
    old = Event(name="E", topic="t", format=fmt, fields=old_fields)  # type: ignore[arg-type]
    new = Event(name="E", version=2, topic="t", format=fmt, fields=new_fields)  # type: ignore[arg-type]
    return old, new


@pytest.mark.parametrize("mode", ["backward", "forward", "full"])
@pytest.mark.parametrize("case", list(_CASES))
def test_compatibility_per_mode(case, mode):
    old, new = _pair(case)
    problems = compatible(old, new, mode)
    if mode in _PASSES[case]:
        assert problems == []
    else:
        assert problems
        assert all(p.split(":")[0] in {"backward", "forward"} for p in problems)
        assert all("'x'" in p or "'n'" in p for p in problems), problems


@pytest.mark.parametrize("case", list(_CASES))
def test_compatibility_agrees_with_avro_schema_resolution(case):
    """What compatible() allows, fastavro's reader resolves; what it refuses, fails.

    Backward: a reader with the new schema reads old data; forward: the reverse.
    Optional values are written as null, the case that breaks a required reader.
    """
    old, new = _pair(case, "avro")
    for mode, writer, reader in (("backward", old, new), ("forward", new, old)):
        writer_schema = fastavro.parse_schema(avro_schema(writer))
        reader_schema = fastavro.parse_schema(avro_schema(reader))
        record = avro_record(writer, avro_schema(writer), optional=False)
        try:
            round_trip(record, writer_schema, reader_schema)
            resolved = True
        except (fastavro.read.SchemaResolutionError, ValueError, TypeError):
            resolved = False
        assert resolved == (compatible(old, new, mode) == []), (case, mode)


def test_mode_defaults_to_the_new_versions_and_none_checks_nothing():
    old, new = _pair("add required field")
    assert compatible(old, new) == compatible(old, new, "backward")
    assert compatible(old, new.model_copy(update={"compatibility": "forward"})) == []
    assert compatible(old, new, "none") == []
    assert compatible(*_pair("string becomes integer"), "none") == []


def test_problems_name_the_field_the_versions_and_the_fix():
    old, new = _pair("add required field")
    assert compatible(old, new, "full") == [
        "backward: v2 adds required field 'x'; consumers on v2 cannot read v1 data, "
        "which lacks it (add it as optional)"
    ]


def test_version_checks_follow_each_events_history():
    design = make(
        topics=[{"name": "t"}],
        events=[
            {"name": "A", "version": 2, "topic": "t", "fields": [{"name": "id"}, {"name": "x"}]},
            {"name": "A", "topic": "t", "fields": [{"name": "id"}]},
            {"name": "B", "topic": "t"},
            {
                "name": "A",
                "version": 3,
                "topic": "t",
                "compatibility": "forward",
                "fields": [{"name": "id"}, {"name": "x"}, {"name": "y"}],
            },
        ],
    )
    checks = version_checks(design)
    assert [(c.event, c.old, c.new, c.mode) for c in checks] == [
        ("A", 1, 2, "backward"),
        ("A", 2, 3, "forward"),
    ]
    assert len(checks[0].problems) == 1
    assert checks[1].problems == ()


def test_registered_deterministic_and_input_untouched():
    design = example("banking")
    before = design.model_dump()
    assert generators()["schemas"].build is build
    first = json.dumps([(d.path, d.content) for d in build(design)])
    assert first == json.dumps([(d.path, d.content) for d in build(design)])
    assert design.model_dump() == before


@pytest.mark.parametrize(
    "path", ["schemas/ProductViewed.v1.schema.json", "schemas/ProductViewed.v1.avsc"]
)
def test_golden(path):
    docs = {d.path: d for d in build(example("ecommerce"))}
    check_golden(docs[path])
