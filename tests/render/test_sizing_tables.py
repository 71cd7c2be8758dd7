import inspect

import pandas as pd
import pytest

from designkit.analysis.capacity import capacity_plan
from designkit.analysis.slos import slo_report
from designkit.analysis.traffic import service_traffic
from designkit.render import sizing_tables
from tests.analysis._examples import ecommerce
from tests.conftest import make

VIEWS = {
    name: next(iter(inspect.signature(fn).parameters.values())).annotation
    for name, fn in inspect.getmembers(sizing_tables, inspect.isfunction)
    # cost, sampling and log_retention take other results; tested on their own below
    if name in sizing_tables.__all__
    and name not in {"path_text", "cost", "sampling", "log_retention"}
}


def results(design):
    traffic = service_traffic(design)
    return {
        "TrafficReport": traffic,
        "CapacityPlan": capacity_plan(design, traffic=traffic),
        "SloReport": slo_report(design),
    }


def test_every_result_type_has_views():
    assert set(VIEWS.values()) == {"TrafficReport", "CapacityPlan", "SloReport"}
    assert len(VIEWS) == 11


@pytest.fixture(scope="module")
def shop_results():
    return results(ecommerce())


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_views_of_the_ecommerce_example(name, shop_results):
    frame = getattr(sizing_tables, name)(shop_results[VIEWS[name]])
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    assert frame.index.is_unique


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_views_of_an_empty_design(name):
    frame = getattr(sizing_tables, name)(results(make())[VIEWS[name]])
    assert isinstance(frame, pd.DataFrame) and frame.empty


def test_the_pipeline_leaves_the_design_alone(small_shop):
    before = small_shop.model_dump()
    computed = results(small_shop)
    for name, kind in VIEWS.items():
        getattr(sizing_tables, name)(computed[kind])
    assert small_shop.model_dump() == before


SHOP = make(
    services=[
        {
            "name": "a",
            "publishes": ["t"],
            "profile": {"service_time_ms": 10},
            "dependencies": [{"target": "b", "calls_per_request": 2, "retries": 0}],
        },
        {"name": "b", "profile": {"service_time_ms": 5, "availability": 0.999}},
        {"name": "c"},
    ],
    topics=[{"name": "t", "consumers": ["c"]}],
    journeys=[{"name": "j", "entry": "a", "peak_rps": 100}],
    slos=[{"name": "j-up", "journey": "j", "objective": 0.99}],
)


def test_traffic_tables():
    computed = results(SHOP)["TrafficReport"]
    frame = sizing_tables.traffic(computed)
    assert list(frame.index) == ["b", "a", "c"]  # busiest first: 200, 100, 100 (messages)
    assert frame.loc["b", "req/s"] == 200 and frame.loc["c", "msg/s"] == 100
    paths = sizing_tables.contributions(computed)
    assert paths.loc[("b", "j", 1), "path"] == "a -> b"
    assert paths.loc[("c", "j", 1), "path"] == "a =[t]=> c"
    assert paths.loc[("c", "j", 1), "kind"] == "message"
    assert sizing_tables.messages(computed).loc[("t", "c"), "msg/s"] == 100


def test_capacity_tables():
    computed = results(SHOP)["CapacityPlan"]
    frame = sizing_tables.capacity(computed)
    assert frame.index.name == "Service"
    # b: 200 req/s x 5 ms = 1 busy server, 1 / 0.7 -> 2 servers at 50%.
    assert (frame.loc["b", "servers"], frame.loc["b", "util"]) == (2, 0.5)
    assert {"req/s", "svc ms", "resp ms", "P(wait)", "replicas", "HPA max"} <= set(frame)
    heads = sizing_tables.bulkheads(computed)
    assert heads.loc[("a", "b"), "req/s"] == 200
    assert sizing_tables.topics(computed).loc["t", "partitions"] == 1


def test_slo_tables():
    computed = results(SHOP)["SloReport"]
    journeys = sizing_tables.journey_availability(computed)
    # 0.9995 (default) x 0.999 = 0.9985005, as a percentage.
    assert journeys.loc["j", "composite %"] == pytest.approx(99.85005)
    assert journeys.loc["j", "objective %"] == pytest.approx(99)
    checks = sizing_tables.feasibility(computed)
    assert bool(checks.loc[("j", "a"), "ok"]) is True  # 0.0005 <= 0.001
    budget = sizing_tables.latency_budget(computed)
    assert list(budget.loc["j", "Service"]) == ["a", "b"]
    assert budget.loc[("j", 1), "budget ms"] == pytest.approx(200 * 10 / 15)
    alerts = sizing_tables.slo_alerts(computed)
    assert alerts.loc[("j-up", "page", 1.0), "burn rate"] == pytest.approx(14.4)
    assert sizing_tables.error_budgets(computed).loc["j-up", "budget min"] == pytest.approx(432)


def test_cost_sampling_and_log_tables(small_shop):
    from designkit.analysis.capacity import capacity_plan
    from designkit.analysis.cost import cost_report, default_price_sheet, load_price_sheet
    from designkit.analysis.telemetry import log_retention, sampling_plan
    from designkit.render import sizing_tables

    plan = capacity_plan(small_shop)
    sheet_path = default_price_sheet()
    assert sheet_path is not None
    report = cost_report(small_shop, load_price_sheet(sheet_path), plan=plan)
    frame = sizing_tables.cost(report)
    currency = report.sheet.currency
    assert frame.loc["TOTAL", f"total {currency}"] == round(report.total, 2)
    assert set(frame.index) >= {"order", "stock", "web", "TOTAL"}
    sampling = sizing_tables.sampling(sampling_plan(small_shop))
    assert sampling.loc["Within budget", "Value"] in {"yes", "no"}
    logs = sizing_tables.log_retention(log_retention(small_shop, plan=plan))
    assert ("order", "application") in logs.index
