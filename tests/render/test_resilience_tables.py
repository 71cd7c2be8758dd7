"""Phase 7 tables: one row per thing, indexed, from the analysis results."""

from __future__ import annotations

import pytest

import designkit
from designkit.analysis.blast_radius import blast_radius
from designkit.analysis.chaos import chaos_plan
from designkit.analysis.readiness import WEIGHTS, readiness
from designkit.analysis.recovery import recovery_plan
from designkit.analysis.resilience_plan import resilience_plan
from designkit.generate.adr import records
from designkit.render import resilience_tables as rt
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def design():
    return ecommerce()


def test_dependency_resilience(design):
    frame = rt.dependency_resilience(resilience_plan(design))
    assert len(frame) == sum(len(s.dependencies) for s in design.services)
    row = frame.loc[("product-catalog", "inventory")]
    assert row["Back-off ms"] == "25"
    assert row["Worst case ms"] == 100.0
    assert row["Breaker"] == "5 errors / 10 s, eject 30 s, max 50%"
    assert row["Hard"] == "no" and row["Fallback"].startswith("Show the last stock level")
    assert frame.loc[("order", "payment")]["Protocol"] == "async (payment-commands)"
    assert str(frame["Bulkhead"].dtype) == "Int64"
    assert frame.loc[("gateway", "auth")]["Bulkhead"] == 108  # 60 req/s x 1.5 s x 1.2


def test_chains(design):
    frame = rt.chains(resilience_plan(design))
    assert frame.loc["gateway -> product-catalog -> inventory"]["Attempts per hop"] == "2 x 2"
    assert set(frame["OK"]) == {"yes"}


def test_blast_matrix_and_spofs(design):
    result = blast_radius(design)
    matrix = rt.blast_matrix(result)
    assert matrix.shape == (15, 10)
    assert matrix.loc["cart", "checkout"] == "fails"
    assert matrix.loc["payment", "checkout"] == "delayed"
    assert matrix.loc["image", "checkout"] == ""
    top = rt.spofs(result, 3)
    assert list(top.index) == ["gateway", "product-catalog", "search"]
    assert top.loc["gateway", "Failed %"] == pytest.approx(100)
    assert top.loc["gateway", "Regions"] == "1 of 2 serving"


def test_experiments(design):
    frame = rt.experiments(chaos_plan(design))
    assert len(frame) == 13
    row = frame.loc["product-catalog-http-abort"]
    assert row["Target"] == "gateway -> product-catalog"
    assert row["Abort when"].endswith("> 0.0144")
    assert row["Budget spend %"] == pytest.approx(14.4 * 300 / 2592000 * 100)


def test_recovery_tables(design):
    stores = rt.store_recovery(recovery_plan(design))
    assert stores.loc["review-db", "Meets RPO"] == "yes"  # nightly backups plus PITR
    design = design.model_copy(deep=True)  # the fixture is shared: edit a copy
    review = next(s for s in design.stores if s.name == "review-db")
    review.backup.point_in_time = False  # nightly backups alone against a 60-minute RPO
    plan = recovery_plan(design)
    stores = rt.store_recovery(plan)
    assert stores.loc["review-db", "Meets RPO"] == "no"
    assert stores.loc["inventory-cache", "Meets RPO"] == "rebuilt"
    assert stores.loc["order-db", "Restore takes min"] == pytest.approx(15 + 400 / 250 * 60)
    services = rt.service_recovery(plan)
    assert services.loc["order", "RPO min"] == 1.0
    regions = rt.regions(plan)
    assert regions.loc["checkout", "Budget min"] == pytest.approx(43.2)


def test_readiness_tables():
    rows = readiness(designkit.load(FIXTURES / "phase7" / "not-production-ready.yaml"))
    wide = rt.readiness(rows)
    assert list(wide.columns)[-2:] == ["Score", "Grade"]
    assert len(wide.columns) == len(WEIGHTS) + 2
    assert wide.loc["payment", "Readiness and liveness probes"] == "\u2717"
    long = rt.readiness_items(rows)
    assert long.loc[("payment", "SLO of its own"), "Detail"] == "no SLO of its own"


def test_adrs(design):
    frame = rt.adrs(records(design))
    assert list(frame.index) == [f"{n:04d}" for n in range(1, 8)]
    assert frame.loc["0007", "Origin"] == "derived from the design"


def test_tables_leave_results_untouched(design):
    plan = resilience_plan(design)
    again = resilience_plan(design)
    rt.dependency_resilience(plan)
    rt.chains(plan)
    assert plan == again
