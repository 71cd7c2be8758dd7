"""A cut beside the design's current bounded contexts."""

from __future__ import annotations

import pytest

import designkit
from designkit.analysis.decomposition import (
    DecompositionError,
    compare_with_contexts,
    decompose,
)
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES

CASES = FIXTURES / "decomposition"


def _compare(name: str):
    design = designkit.load(CASES / f"{name}.yaml")
    return compare_with_contexts(design, decompose(design))


def test_contexts_that_match_the_cut_move_nothing():
    result = _compare("matching-contexts")
    assert result.moved == () and result.agreement == 1.0
    assert result.matches == {"Invoice": "Sales", "Item": "Stock"}
    assert result.contexts == result.candidates


def test_a_misplaced_entity_moves_and_the_contexts_score_worse():
    result = _compare("misplaced-entity")
    assert [(m.nanoentity, m.context, m.candidate_context) for m in result.moved] == [
        ("Invoice.amount", "Stock", "Sales"),
        ("Invoice.id", "Stock", "Sales"),
    ]
    assert result.agreement == pytest.approx(5 / 7)
    # the invoice's ties to the order cross contexts today: more coupling, less modularity
    assert result.contexts["coupling"] > result.candidates["coupling"] == 0
    assert result.contexts["modularity"] < result.candidates["modularity"]
    assert result.contexts["cohesion"] < result.candidates["cohesion"] == 1.0


def test_context_violations_are_listed():
    design = ecommerce()
    result = compare_with_contexts(design, decompose(design))
    assert result.candidates["violations"] == 0
    assert result.contexts["groups"] == len({e.context for e in design.domain.entities})
    data = result.to_dict()
    assert set(data) == {
        "contexts",
        "candidates",
        "agreement",
        "matches",
        "moved",
        "context_violations",
    }
    assert all(
        set(m) == {"nanoentity", "entity", "context", "candidate", "candidate_context"}
        for m in data["moved"]
    )


def test_a_cut_of_another_design_is_refused():
    other = designkit.load(CASES / "aggregate.yaml")
    with pytest.raises(DecompositionError, match="does not cover"):
        compare_with_contexts(ecommerce(), decompose(other))
