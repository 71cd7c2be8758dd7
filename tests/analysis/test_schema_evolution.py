"""Schema evolution (Confluent Schema Registry semantics); generate/schemas re-exports it."""

from __future__ import annotations

from designkit.analysis.schema_evolution import compatible, unique_fields
from designkit.model import Event


def event(version, *fields, mode="backward"):
    return Event(
        name="E", version=version, topic="t", compatibility=mode, fields=[dict(f) for f in fields]
    )


ID = {"name": "id"}
OPTIONAL = {"name": "note", "required": False}
REQUIRED = {"name": "note"}


def test_adding_an_optional_field_is_fully_compatible():
    assert compatible(event(1, ID), event(2, ID, OPTIONAL, mode="full")) == []


def test_full_checks_both_directions():
    problems = compatible(event(1, ID, REQUIRED), event(2, ID, mode="full"))
    # Dropping a required field is fine for new readers, not for old ones.
    assert [p.split(":")[0] for p in problems] == ["forward"]
    problems = compatible(event(1, ID), event(2, ID, REQUIRED, mode="full"))
    assert [p.split(":")[0] for p in problems] == ["backward"]


def test_integer_to_number_is_a_promotion_one_way_only():
    old = event(1, {"name": "n", "type": "integer"})
    new = event(2, {"name": "n", "type": "number"})
    assert compatible(old, new, "backward") == []  # new readers read old integers
    assert compatible(old, new, "forward") != []  # old readers cannot read new doubles


def test_none_checks_nothing_and_duplicates_are_ignored():
    assert compatible(event(1, ID), event(2, {"name": "id", "type": "uuid"}), "none") == []
    assert [f.type for f in unique_fields(event(1, ID, {"name": "id", "type": "uuid"}))] == [
        "string"
    ]
