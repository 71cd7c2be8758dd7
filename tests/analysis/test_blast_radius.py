"""Blast radius: hard dependencies fail a journey, soft ones degrade it, async ones delay it."""

from __future__ import annotations

import pytest

import designkit
from designkit.analysis.blast_radius import IMPACTS, blast_radius
from designkit.analysis.slos import journey_availability
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES, make

PHASE7 = FIXTURES / "phase7"


def load(name: str):
    return designkit.load(PHASE7 / f"{name}.yaml")


@pytest.mark.parametrize(
    ("fixture", "impact", "reason"),
    [
        ("hard-dependency-fails", "fails", "hard: web -> order -> payment"),
        (
            "soft-dependency-degrades",
            "degraded",
            "soft: web -> order -> payment (fallback: accept the order and charge later)",
        ),
        ("async-dependency-delays", "delayed", "async: order =[payment-commands]=> payment"),
    ],
)
def test_payment_down_on_checkout(fixture, impact, reason):
    result = blast_radius(load(fixture))
    found = result.impacts[("payment", "checkout")]
    assert (found.impact, found.reason) == (impact, reason)
    # search is on no path of checkout, whatever the kind of the payment dependency
    assert result.impact("search", "checkout") == "unaffected"
    # the services the journey passes through fail it in every variant
    assert result.impact("web", "checkout") == result.impact("order", "checkout") == "fails"


def test_only_hard_failures_make_a_spof():
    hard = blast_radius(load("hard-dependency-fails"))
    assert [s.service for s in hard.spofs(None)] == ["web", "order", "payment"]
    soft = blast_radius(load("soft-dependency-degrades"))
    assert [s.service for s in soft.spofs(None)] == ["web", "order"]
    payment = soft.services["payment"]
    assert (payment.failed, payment.degraded, payment.degraded_rps) == ((), ("checkout",), 40.0)


def test_failed_set_is_the_availability_maths_hard_path():
    """The services a journey's composite availability multiplies are the ones that fail it."""
    design = ecommerce()
    result = blast_radius(design)
    for name, availability in journey_availability(design).items():
        failing = {s for s in result.services if result.impact(s, name) == "fails"}
        assert failing == set(availability.services), name
        degraded = {s for s in result.services if result.impact(s, name) == "degraded"}
        assert degraded == set(availability.excluded), name


def test_spofs_ranked_by_failed_traffic_with_replicas_and_regions():
    d = make(
        services=[
            {"name": "gw", "dependencies": [{"target": "a"}, {"target": "b"}]},
            {"name": "a", "deployment": {"replicas": 1, "autoscaling": None}},
            {"name": "b", "deployment": {"replicas": 2, "autoscaling": {"min_replicas": 4}}},
        ],
        journeys=[
            {"name": "ja", "entry": "gw", "peak_rps": 10, "via": ["a"]},
            {"name": "jb", "entry": "gw", "peak_rps": 30, "via": ["b"]},
        ],
        platform={"regions": ["r1", "r2"]},
        disaster_recovery={"strategy": "active-active"},
    )
    ranked = blast_radius(d).spofs(None)
    assert [(s.service, s.failed_rps, s.replicas) for s in ranked] == [
        ("gw", 40.0, 2),
        ("b", 30.0, 4),
        ("a", 10.0, 1),
    ]
    assert ranked[1].failed_share == pytest.approx(0.75)
    assert (ranked[0].regions, ranked[0].active_regions) == (("r1", "r2"), 2)


def test_ecommerce_makes_sense():
    result = blast_radius(ecommerce())
    # the gateway is every journey's entry: it fails all 3,150 req/s
    top = result.spofs(3)
    assert [s.service for s in top] == ["gateway", "product-catalog", "search"]
    assert top[0].failed_rps == result.total_rps == 3150
    # inventory is soft everywhere (cached stock levels): it degrades, never fails
    inventory = result.services["inventory"]
    assert inventory.failed == () and "browse-catalog" in inventory.degraded
    # the saga runs over topics: payment down delays checkout but does not fail it
    assert result.impact("payment", "checkout") == "delayed"
    assert result.impact("cart", "checkout") == "fails"
    assert set(IMPACTS) >= {i.impact for i in result.impacts.values()}


def test_only_reached_pairs_are_stored_and_input_untouched():
    design = ecommerce()
    before = design.model_dump()
    result = blast_radius(design)
    assert all(i.impact != "unaffected" for i in result.impacts.values())
    assert len(result.impacts) < len(design.services) * len(design.journeys)
    assert result.impact("image", "checkout") == "unaffected"
    assert result.journey_rps["checkout"] == 60
    assert design.model_dump() == before
    assert blast_radius(design) == result


def test_no_journeys():
    result = blast_radius(make(services=[{"name": "a"}]))
    assert result.journeys == () and result.spofs() == [] and result.total_rps == 0
    assert result.services["a"].failed_share == 0.0
