"""Production readiness: a weighted checklist per service."""

from __future__ import annotations

import pytest

import designkit
from designkit.analysis.readiness import WEIGHTS, grade, readiness
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES

PHASE7 = FIXTURES / "phase7"


def by_service(name: str):
    return {r.service: r for r in readiness(designkit.load(PHASE7 / f"{name}.yaml"))}


def test_weights_add_up_to_100():
    assert sum(WEIGHTS.values()) == 100
    assert grade(100) == "ready"


def test_a_ready_service_passes_everything():
    payment = by_service("production-ready")["payment"]
    assert payment.failed == ()
    assert (payment.score, payment.grade) == (100.0, "ready")
    assert [i.id for i in payment.items] == list(WEIGHTS)
    details = {i.id: i.detail for i in payment.items}
    assert details["replicas"] == "3 replica(s)"
    assert details["alerts"] == "1 SLO(s) x 3 burn-rate alerts"


def test_an_unready_service_fails_what_it_lacks():
    payment = by_service("not-production-ready")["payment"]
    assert set(payment.failed) == {
        "probes",
        "slo",
        "alerts",
        "mtls",
        "runbook",
        "tests",
        "replicas",
        "autoscaling",
    }
    # limits (defaults), dashboards (Prometheus), resilience (no calls), recovery (no stores) pass
    assert payment.score == pytest.approx(8 + 4 + 7 + 7)
    assert payment.grade == "not ready"
    details = {i.id: i.detail for i in payment.items}
    assert details["probes"] == "no readiness or liveness probe"
    assert details["tests"] == (
        "no known CI system (platform.ci: other); no event schema on payment-events"
    )
    order = by_service("not-production-ready")["order"]
    # no mesh: no default timeout or breaker on order -> payment
    assert "resilience" in order.failed


def test_weights_can_be_overridden():
    design = designkit.load(PHASE7 / "not-production-ready.yaml")
    only_limits = {key: 0 for key in WEIGHTS} | {"limits": 1}
    payment = {r.service: r for r in readiness(design, weights=only_limits)}["payment"]
    assert payment.score == 100.0
    with pytest.raises(ValueError, match="unknown readiness item 'pdb'"):
        readiness(design, weights={"pdb": 5})


def test_ecommerce_is_mostly_ready_and_names_what_misses():
    design = ecommerce()
    before = design.model_dump()
    rows = {r.service: r for r in readiness(design)}
    assert design.model_dump() == before
    assert all(r.grade == "ready" for r in rows.values())
    # order-db's 400 GB cannot be restored within its 30-minute RTO
    assert rows["order"].failed == ("recovery",)
    assert rows["gateway"].score == 100.0
