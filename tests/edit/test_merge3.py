"""Three-way merge of design data: field by field, named items by name, conflicts reported."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from designkit.edit.merge3 import Conflict, merge3

BASE = {
    "metadata": {"name": "shop"},
    "services": [{"name": "cart"}, {"name": "order", "team": "a"}],
    "open_questions": [{"text": "Which broker?"}],
}


def test_edits_of_different_fields_both_survive():
    theirs = {**BASE, "metadata": {"name": "shop", "domain": "retail"}}
    ours = {**BASE, "services": [{"name": "cart", "team": "b"}, {"name": "order", "team": "a"}]}
    result = merge3(BASE, theirs, ours)
    assert result.conflicts == []
    assert result.data["metadata"] == {"name": "shop", "domain": "retail"}
    assert result.data["services"][0] == {"name": "cart", "team": "b"}


def test_items_added_on_both_sides_are_all_kept_and_deletions_respected():
    theirs = {**BASE, "services": [*BASE["services"], {"name": "payment"}]}
    ours = {
        **BASE,
        "services": [{"name": "order", "team": "a"}],  # cart deleted here
        "open_questions": [*BASE["open_questions"], {"text": "Who owns refunds?"}],
    }
    result = merge3(BASE, theirs, ours)
    assert [s["name"] for s in result.data["services"]] == ["order", "payment"]
    assert [q["text"] for q in result.data["open_questions"]] == [
        "Which broker?",
        "Who owns refunds?",
    ]
    assert result.conflicts == []


def test_the_same_value_changed_differently_is_a_conflict_that_keeps_theirs():
    theirs = {**BASE, "services": [{"name": "cart"}, {"name": "order", "team": "x"}]}
    ours = {**BASE, "services": [{"name": "cart"}, {"name": "order", "team": "y"}]}
    result = merge3(BASE, theirs, ours)
    assert result.data == theirs
    assert result.conflicts == [Conflict("services[order].team", "a", "x", "y")]


def test_deleted_on_one_side_and_changed_on_the_other_is_a_conflict():
    theirs = {**BASE, "services": [{"name": "cart"}]}
    ours = {**BASE, "services": [{"name": "cart"}, {"name": "order", "team": "z"}]}
    result = merge3(BASE, theirs, ours)
    assert [c.path for c in result.conflicts] == ["services[order]"]
    assert result.data["services"] == [{"name": "cart"}]


def test_sessions_merge_by_phase():
    base = {"workshop": {"sessions": [{"phase": 1, "minutes": 90}]}}
    theirs = {"workshop": {"sessions": [{"phase": 1, "minutes": 100}]}}
    ours = {"workshop": {"sessions": [{"phase": 1, "minutes": 90}, {"phase": 2, "minutes": 60}]}}
    result = merge3(base, theirs, ours)
    assert result.data["workshop"]["sessions"] == [
        {"phase": 1, "minutes": 100},
        {"phase": 2, "minutes": 60},
    ]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=8,
)


@given(json_values, json_values)
def test_a_change_on_one_side_only_is_taken_as_it_is(base, changed):
    assert merge3(base, base, changed).data == changed
    assert merge3(base, changed, base).data == changed
    assert merge3(base, changed, changed).data == changed
    assert merge3(base, changed, base).conflicts == []


@given(json_values, json_values, json_values)
def test_without_conflicts_both_sides_changes_survive(base, theirs, ours):
    result = merge3(base, theirs, ours)
    if not result.conflicts and theirs != base and ours == base:
        assert result.data == theirs
