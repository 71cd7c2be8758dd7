"""The criteria catalog and priorities, against Service Cutter's published values.

Sources: ServiceCutter/ServiceCutter Engine (CouplingCriterion.java,
CouplingCriterionCharacteristic defaults in the catalog, SolverPriority.java)
and the Editor's defaults (solver.controller.js: cohesiveness and constraints M,
compatibilities XS), as Context Mapper's .servicecutter.yml also lists them.
"""

from __future__ import annotations

import pytest

from designkit.analysis.decomposition import (
    CRITERIA,
    DEFAULT_PRIORITIES,
    PRIORITY_SCALE,
    DecompositionError,
    resolve_priorities,
)
from designkit.analysis.decomposition.criteria import CHARACTERISTICS, criterion


def test_sixteen_criteria_in_card_order_with_service_cutters_kinds():
    assert [c.code for c in CRITERIA] == [f"CC-{i}" for i in range(1, 17)]
    kinds = {c.code: c.kind for c in CRITERIA}
    assert [k for k, v in kinds.items() if v == "constraint"] == ["CC-9", "CC-12", "CC-16"]
    assert [k for k, v in kinds.items() if v == "cohesiveness"] == [
        "CC-1",
        "CC-2",
        "CC-3",
        "CC-5",
        "CC-14",
    ]
    assert len({c.key for c in CRITERIA}) == 16


def test_priority_scale_is_service_cutters():
    assert PRIORITY_SCALE == {
        "IGNORE": 0.0,
        "XS": 0.5,
        "S": 1.0,
        "M": 3.0,
        "L": 5.0,
        "XL": 8.0,
        "XXL": 13.0,
    }


def test_defaults_match_context_mappers_servicecutter_yml():
    published = {
        "Identity & Lifecycle Commonality": "M",
        "Security Constraint": "M",
        "Storage Similarity": "XS",
        "Security Criticality": "XS",
        "Latency": "M",
        "Structural Volatility": "XS",
        "Consistency Criticality": "XS",
        "Predefined Service Constraint": "M",
        "Availability Criticality": "XS",
        "Semantic Proximity": "M",
        "Consistency Constraint": "M",
        "Shared Owner": "M",
        "Content Volatility": "XS",
        "Security Contextuality": "M",
    }
    for name, level in published.items():
        assert DEFAULT_PRIORITIES[criterion(name).key] == level, name


def test_characteristic_weights_are_service_cutters():
    assert CHARACTERISTICS["content_volatility"].weights == {
        "Often": 10,
        "Regularly": 5,
        "Rarely": 0,
    }
    assert CHARACTERISTICS["content_volatility"].default == "Regularly"
    assert CHARACTERISTICS["consistency_criticality"].default == "High"
    assert CHARACTERISTICS["storage_similarity"].weights["Normal"] == 3
    assert CHARACTERISTICS["security_criticality"].weights["Internal"] == 3


def test_priorities_accept_keys_names_codes_levels_and_numbers():
    p = resolve_priorities({"Latency": "xxl", "cc-3": "IGNORE", "mutability": 2})
    assert (p["latency"], p["shared_owner"], p["mutability"]) == (13.0, 0.0, 2.0)
    assert p["semantic_proximity"] == 3.0 and p["content_volatility"] == 0.5


@pytest.mark.parametrize(
    ("priorities", "message"),
    [
        ({"latncy": "M"}, "'latncy' is not a coupling criterion (did you mean 'latency'?)"),
        ({"latency": "HUGE"}, "priorities.latency: 'HUGE' is not a priority"),
        ({"latency": -1}, "priorities.latency: -1 must be a number >= 0"),
        ({"latency": float("nan")}, "priorities.latency: nan must be a number >= 0"),
        ({"latency": None}, "priorities.latency: None is not a priority"),
    ],
)
def test_bad_priorities_name_the_criterion_and_the_value(priorities, message):
    with pytest.raises(DecompositionError) as info:
        resolve_priorities(priorities)
    assert message in str(info.value)
