"""The root model (model/design.py): stable repr and dump, equality, JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from designkit.model import Design


def representative() -> Design:
    return Design.model_validate(
        {
            "metadata": {"name": "shop", "title": "The Shop"},
            "teams": [{"name": "web", "size": 4}],
            "contexts": [{"name": "sales", "kind": "core", "team": "web"}],
            "services": [
                {"name": "payment", "context": "sales", "team": "web"},
                {
                    "name": "order",
                    "context": "sales",
                    "dependencies": [
                        {"target": "payment", "timeout_ms": 250},
                        {"target": "shipping", "protocol": "async", "topic": "orders"},
                    ],
                },
                {"name": "shipping"},
            ],
            "topics": [{"name": "orders", "consumers": ["shipping"]}],
            "slos": [{"name": "order-up", "service": "order", "objective": 0.999}],
            "decisions": [{"title": "use kafka", "date": "2024-01-02"}],
        }
    )


def test_repr_is_short_and_stable() -> None:
    assert repr(representative()) == "Design('shop': 3 services, 1 contexts, 1 topics)"


def test_nested_reprs_show_only_what_was_set() -> None:
    design = representative()
    assert repr(design.services[1].dependencies[0]) == (
        "Dependency(target='payment', timeout_ms=250.0)"
    )
    assert repr(design.topics[0]) == (
        "Topic(name='orders', consumers=[Consumer(service='shipping')])"
    )
    assert repr(design.decisions[0]) == (
        "Decision(title='use kafka', date=datetime.date(2024, 1, 2))"
    )


def test_text_plain_has_no_memory_addresses() -> None:
    # nbval compares text/plain outputs; an address would differ on every run.
    pretty = pytest.importorskip("IPython.lib.pretty")
    design = representative()
    texts = [
        pretty.pretty(design),
        pretty.pretty(design.services),
        pretty.pretty(design.services[1]),
        repr(design.mesh),
        str(design.services[0]),
    ]
    for text in texts:
        assert not re.search(r"0x[0-9a-f]{6,}|object at", text), text
    assert pretty.pretty(design) == repr(design)
    assert [pretty.pretty(design.services[1])] == [pretty.pretty(representative().services[1])]


def test_model_dump_is_stable() -> None:
    first, second = representative().model_dump(), representative().model_dump()
    assert first == second
    assert list(first) == list(Design.model_fields)  # field order is the model's
    assert first["services"][1]["dependencies"][0]["timeout_ms"] == 250.0
    assert first["decisions"][0]["date"] == dt.date(2024, 1, 2)
    as_json = representative().model_dump_json()
    assert as_json == representative().model_dump_json()
    assert json.loads(as_json)["decisions"][0]["date"] == "2024-01-02"


def test_loaded_and_built_designs_are_equal() -> None:
    from designkit.io import dumps, loads

    design = representative()
    loaded = loads(dumps(design))
    assert loaded == design
    loaded.services[0].team = None
    assert loaded != design
    assert design != object() and design != design.model_dump()


def test_designs_are_not_hashable() -> None:
    with pytest.raises(TypeError):
        hash(representative())


def test_service_lookup() -> None:
    design = representative()
    assert design.service("order").name == "order"
    with pytest.raises(KeyError):
        design.service("nope")


def test_json_schema() -> None:
    schema = Design.model_json_schema()
    assert set(schema["properties"]) == set(Design.model_fields)
    assert schema["required"] == ["metadata"]
    assert schema["additionalProperties"] is False  # unknown keys are errors
    service = schema["$defs"]["Service"]
    assert service["properties"]["name"]["pattern"] == r"^[a-z]([a-z0-9-]*[a-z0-9])?$"
    assert service["properties"]["exposure"]["description"].startswith("'public' and 'partner'")
    json.dumps(schema)  # serialisable as is


def test_json_schema_accepts_a_dumped_design() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data: dict[str, Any] = representative().model_dump(mode="json")
    jsonschema.validate(data, Design.model_json_schema())
    data["services"][0]["nmae"] = "typo"
    with pytest.raises(jsonschema.ValidationError, match="nmae"):
        jsonschema.validate(data, Design.model_json_schema())
