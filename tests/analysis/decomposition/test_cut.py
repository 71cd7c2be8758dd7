"""Cutting designs: determinism, hard constraints, explanations, options."""

from __future__ import annotations

import random
from functools import cache

import pytest

import designkit
from designkit.analysis.decomposition import (
    ALGORITHMS,
    DecompositionError,
    compare_with_contexts,
    decompose,
)
from designkit.analysis.decomposition.constraints import violations
from designkit.analysis.decomposition.inputs import inputs
from designkit.model import Design
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, FIXTURES, SHARED

CASES = FIXTURES / "decomposition"
EXAMPLE_NAMES = ["ecommerce", "banking", "healthcare"]


def _load(name: str) -> Design:
    return designkit.load(CASES / f"{name}.yaml")


def _groups(cut):
    return [c.nanoentities for c in cut.candidates]


def _shuffled(design: Design, seed: int) -> Design:
    """The same design with every list that order should not matter for shuffled."""
    rng = random.Random(seed)
    data = design.model_dump(mode="json", exclude_defaults=True)
    domain = data.get("domain", {})
    for key in ("entities", "use_cases", "shared_owner_groups", "security_access_groups"):
        rng.shuffle(domain.get(key, []))
    for entity in domain.get("entities", []):
        rng.shuffle(entity.get("attributes", []))
        rng.shuffle(entity.get("relations", []))
    for uc in domain.get("use_cases", []):
        rng.shuffle(uc.get("reads", []))
        rng.shuffle(uc.get("writes", []))
    rng.shuffle(data.get("event_storming", {}).get("stickies", []))
    return Design.model_validate(data)


@pytest.mark.parametrize("algorithm", sorted(ALGORITHMS))
def test_same_input_same_result_whatever_the_order(algorithm):
    design = ecommerce()
    first = decompose(design, algorithm=algorithm)
    assert decompose(design, algorithm=algorithm).to_dict() == first.to_dict()
    for seed in range(3):
        again = decompose(_shuffled(design, seed), algorithm=algorithm)
        assert again.to_dict() == first.to_dict(), seed


def test_the_design_is_not_modified():
    design = ecommerce()
    before = design.model_dump()
    cut = decompose(design, {"latency": "XXL"}, n=5)
    compare_with_contexts(design, cut)
    assert design.model_dump() == before


def test_separated_zone_keeps_its_members_apart_despite_coupling():
    apart = decompose(_load("separated-zone"))
    together = decompose(_load("no-separated-zone"))
    assert ("Card.pan",) in _groups(apart)
    assert ("Card.brand", "Card.holder", "Card.pan") in _groups(together)
    assert apart.scores["violations"] == 0


def test_aggregate_is_never_split():
    held = decompose(_load("aggregate"))
    loose = decompose(_load("no-aggregate"))
    assert ("Order.id", "Order.status", "Order.total", "OrderLine.qty", "OrderLine.sku") in _groups(
        held
    )
    line = next(g for g in _groups(loose) if "OrderLine.sku" in g)
    assert "Product.sku" in line and "Order.id" not in line


def test_predefined_service_is_exactly_one_candidate():
    cut = decompose(_load("predefined-service"))
    billing = next(c for c in cut.candidates if c.name == "Billing")
    assert billing.nanoentities == ("Customer.email", "Invoice.id", "Invoice.total")
    assert billing.predefined == "Billing"
    off = decompose(_load("predefined-service"), {"predefined_service": "IGNORE"})
    assert "Billing" not in [c.name for c in off.candidates]


@cache
def _constrained_designs():
    designs = [(n, designkit.load(EXAMPLES / f"{n}.yaml")) for n in EXAMPLE_NAMES]
    designs += [(n, _load(n)) for n in ("separated-zone", "aggregate", "predefined-service")]
    return designs


@pytest.mark.parametrize("algorithm", sorted(ALGORITHMS))
@pytest.mark.parametrize("n", [None, 1, 3, 12])
def test_zones_and_predefined_services_are_never_violated(algorithm, n):
    for name, design in _constrained_designs():
        cut = decompose(design, algorithm=algorithm, n=n)
        groups = [cut.candidate_of(x) for x in inputs(design).names]
        broken = violations(inputs(design), groups)
        assert not [v for v in broken if "aggregate" not in v], (name, broken)
        # an aggregate may only give way to a zone (healthcare's psychotherapy notes)
        assert all("Encounter" in v for v in broken), (name, broken)


def test_relaxed_constraint_is_reported():
    cut = decompose(designkit.load(EXAMPLES / "healthcare.yaml"))
    assert any("aggregate 'Encounter' spans separated zones" in note for note in cut.notes)


@pytest.mark.parametrize("n", [1, 2, 4, 7, 20])
def test_requested_number_of_services(n):
    cut = decompose(ecommerce(), n=n)
    # two zones (each one aggregate) and 15 aggregates in all: 3 to 15 candidates
    expected = min(max(n, 3), 15)
    assert len(cut.candidates) == expected
    assert (len(cut.candidates) != n) == any("asked for" in note for note in cut.notes)


def test_each_candidate_explains_itself_and_its_cut_ties():
    cut = decompose(ecommerce())
    for candidate in cut.candidates:
        assert list(candidate.cohesion.values()) == sorted(
            candidate.cohesion.values(), reverse=True
        )
        if len(candidate.nanoentities) > 1:
            assert candidate.reasons
    by_name = {c.name: c for c in cut.candidates}
    for tie in cut.ties:
        assert tie.candidate != tie.other
        assert tie.entity in by_name[tie.candidate].entities
        assert tie.other_entity in by_name[tie.other].entities
    weights = [t.weight for t in cut.ties]
    assert weights == sorted(weights, reverse=True)
    cut_total = sum(c.cut for c in cut.candidates) / 2
    assert cut_total == pytest.approx(cut.scores["coupling"])


def test_scores_and_json():
    cut = decompose(ecommerce())
    data = cut.to_dict()
    assert set(data) == {
        "algorithm",
        "seed",
        "requested",
        "priorities",
        "scores",
        "candidates",
        "ties",
        "notes",
    }
    assert 0 < data["scores"]["modularity"] < 1
    assert data["scores"]["nanoentities"] == sum(len(c["nanoentities"]) for c in data["candidates"])
    assert repr(cut).startswith("Decomposition(greedy-modularity: ")


def test_louvain_seed_is_explicit():
    cut = decompose(ecommerce(), algorithm="louvain", seed=3)
    assert cut.seed == 3 and cut.algorithm == "louvain"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"algorithm": "luvain"},
            "'luvain' is not a clustering algorithm (did you mean 'louvain'?)",
        ),
        ({"n": 0}, "n: the number of services must be a whole number >= 1; got 0"),
        ({"priorities": {"latency": "XXXL"}}, "priorities.latency: 'XXXL' is not a priority"),
    ],
)
def test_bad_options(kwargs, message):
    with pytest.raises(DecompositionError) as info:
        decompose(ecommerce(), **kwargs)
    assert message in str(info.value)


def test_empty_domain_gives_no_candidates():
    cut = decompose(Design.model_validate({"metadata": {"name": "empty"}}))
    assert cut.candidates == () and cut.scores["modularity"] == 0.0


@pytest.mark.skipif(not (SHARED / "servicecutter").is_dir(), reason="shared fixtures absent")
def test_cargo_tracker_cut_matches_its_domain():
    from designkit.io.servicecutter import read_servicecutter

    folder = SHARED / "servicecutter"
    design = read_servicecutter(
        folder / "ddd_1_model.json", folder / "ddd_2_user_representations.json"
    ).design
    groups = {frozenset(g) for g in _groups(decompose(design))}
    assert frozenset({"Location.name", "Location.unLocode"}) in groups
    assert (
        frozenset(
            {
                "Voyage.voyageNumber",
                "CarrierMovement.arrivalLocation",
                "CarrierMovement.arrivalTime",
                "CarrierMovement.departureLocation",
                "CarrierMovement.departureTime",
            }
        )
        in groups
    )
    tracking = next(g for g in groups if "HandlingEvent.type" in g)
    assert "Delivery.transportStatus" in tracking and "Cargo.trackingId" not in tracking
