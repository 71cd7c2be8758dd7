from datetime import timedelta

import pytest

from designkit.analysis.slos import (
    error_budgets,
    journey_availability,
    latency_budgets,
    slo_report,
)
from tests.analysis._examples import ecommerce
from tests.conftest import make


def svc(name, availability=0.9995, service_time_ms=20.0, deps=()):
    return {
        "name": name,
        "profile": {"availability": availability, "service_time_ms": service_time_ms},
        "dependencies": [d if isinstance(d, dict) else {"target": d} for d in deps],
    }


def test_three_in_series():
    # 0.999^3 = 0.997002999: below a 0.999 objective, and none has the extra nine.
    d = make(
        services=[svc("a", 0.999, deps=["b"]), svc("b", 0.999, deps=["c"]), svc("c", 0.999)],
        journeys=[{"name": "j", "entry": "a"}],
    )
    j = journey_availability(d)["j"]
    assert j.services == ("a", "b", "c")
    assert j.composite == pytest.approx(0.997002999, abs=1e-15)
    assert (j.objective, j.objective_source, j.meets) == (0.999, "requirements.availability", False)
    # (1 - 0.997002999) / (1 - 0.999) = 2.997001: the dependencies alone spend ~3 budgets.
    assert j.budget_used == pytest.approx(2.997001)
    assert j.failing == ("a", "b", "c")


def test_soft_dependencies_are_excluded():
    # a -> b hard; a -> c soft with a fallback; c's own hard dependency d is behind it.
    d = make(
        services=[
            svc("a", 0.9999, deps=["b", {"target": "c", "hard": False, "fallback": "cache"}]),
            svc("b", 0.9999),
            svc("c", 0.5, deps=["d"]),
            svc("d", 0.5),
        ],
        journeys=[{"name": "j", "entry": "a"}],
    )
    j = journey_availability(d)["j"]
    assert j.services == ("a", "b")
    assert j.excluded == ("c", "d")
    assert j.composite == pytest.approx(0.9999 * 0.9999)  # 0.99980001


def test_a_dependency_on_several_paths_counts_once():
    # a -> b -> d and a -> c -> d, all at 0.99: 0.99^4 = 0.96059601, not 0.99^5.
    d = make(
        services=[
            svc("a", 0.99, deps=["b", "c"]),
            svc("b", 0.99, deps=["d"]),
            svc("c", 0.99, deps=["d"]),
            svc("d", 0.99),
        ],
        journeys=[{"name": "j", "entry": "a"}],
    )
    assert journey_availability(d)["j"].composite == pytest.approx(0.96059601)


def test_extra_nine_rule_boundary():
    # Objective 0.999 allows each dependency (1 - 0.999) / 10 = 0.0001 unavailability:
    # 0.9999 is exactly on the line (passes), 0.9998 is twice over (fails).
    d = make(
        services=[svc("gw", 0.9999, deps=["ok", "bad"]), svc("ok", 0.9999), svc("bad", 0.9998)],
        journeys=[{"name": "j", "entry": "gw"}],
        slos=[{"name": "j-up", "journey": "j", "objective": 0.999}],
    )
    j = journey_availability(d)["j"]
    assert [(c.service, c.ok) for c in j.checks] == [("gw", True), ("ok", True), ("bad", False)]
    assert j.checks[0].allowed == pytest.approx(0.0001)
    assert j.failing == ("bad",)
    assert j.objective_source == "slo: j-up"
    assert j.meets  # 0.9999^2 x 0.9998 = 0.99960002 >= 0.999


GATEWAY = {
    "services": [
        svc("gw", 0.9999, 2, deps=["a", "b"]),
        svc("a", 0.5, 500),
        svc("b", 0.999, 10, deps=["c"]),
        svc("c", 0.999, 30),
    ],
    "gateway": {"routes": [{"name": "to-b", "path": "/b", "service": "b"}]},
}


def test_route_is_the_only_first_hop_for_availability_and_latency():
    d = make(
        **GATEWAY,
        journeys=[{"name": "j", "entry": "gw", "route": "to-b"}],
        requirements={"latency": {"percentile": 99, "threshold_ms": 84}},
    )
    j = journey_availability(d)["j"]
    assert j.services == ("gw", "b", "c")  # a (0.5) is not on this journey
    assert j.composite == pytest.approx(0.9999 * 0.999 * 0.999)
    # Critical path gw -> b -> c: 2 + 10 + 30 = 42 ms of an 84 ms goal: each hop gets
    # twice its service time.
    b = latency_budgets(d)["j"]
    assert b.path == ("gw", "b", "c")
    assert [h.budget_ms for h in b.hops] == pytest.approx([4, 20, 60])
    assert (b.quantile, b.total_ms, b.slack_ms) == (0.99, 42, 42)
    assert [h.timeout_ms for h in b.hops] == [None, 1000, 1000]  # mesh default timeout


def test_via_restricts_availability():
    d = make(**GATEWAY, journeys=[{"name": "j", "entry": "gw", "via": ["b"]}])
    assert journey_availability(d)["j"].services == ("gw", "b")


def test_cycles_terminate():
    d = make(
        services=[svc("a", deps=["b"]), svc("b", deps=["c"]), svc("c", deps=["a"])],
        journeys=[{"name": "j", "entry": "a"}],
    )
    report = slo_report(d)
    assert report.journeys["j"].services == ("a", "b", "c")
    assert report.latency["j"].path == ("a", "b", "c")


def test_latency_budget_uses_the_journey_slo_and_the_slowest_chain():
    # a (10) -> b (10) or a -> c (30) -> d (5): the slowest chain is a, c, d = 45 ms.
    d = make(
        services=[
            svc("a", service_time_ms=10, deps=["b", {"target": "c", "hard": False}]),
            svc("b", service_time_ms=10),
            svc("c", service_time_ms=30, deps=["d"]),
            svc("d", service_time_ms=5),
        ],
        journeys=[{"name": "j", "entry": "a"}],
        slos=[
            {
                "name": "j-fast",
                "journey": "j",
                "sli": "latency",
                "threshold_ms": 90,
                "percentile": 99,
            }
        ],
    )
    b = latency_budgets(d)["j"]
    assert b.path == ("a", "c", "d")  # soft calls still take time
    assert (b.threshold_ms, b.quantile, b.source) == (90, 0.99, "slo: j-fast")
    assert [h.budget_ms for h in b.hops] == pytest.approx([20, 60, 10])  # 90 x 10/45 ...
    assert sum(h.share for h in b.hops) == pytest.approx(1)


def test_error_budgets_and_alerts():
    d = make(
        services=[{"name": "a"}],
        slos=[
            {"name": "a-up", "service": "a", "objective": 0.999},
            {"name": "a-short", "service": "a", "objective": 0.99, "window_days": 2},
        ],
    )
    up, short = error_budgets(d)
    # (1 - 0.999) x 30 d x 1440 = 43.2 min; SRE Workbook table 5-8: 14.4, 6, 1.
    assert up.budget_minutes == pytest.approx(43.2)
    assert [a.burn_rate for a in up.alerts] == [14.4, 6.0, 1.0]
    assert [a.long_window for a in up.alerts] == [
        timedelta(hours=1),
        timedelta(hours=6),
        timedelta(days=3),
    ]
    assert up.alerts[0].error_ratio_threshold == pytest.approx(0.0144)
    # A 2-day window is shorter than the ticket's 3-day window: no alerts, a note.
    assert short.budget_minutes == pytest.approx(28.8)
    assert short.alerts == () and "period_days" in short.note


def test_input_not_mutated(small_shop):
    before = small_shop.model_dump()
    slo_report(small_shop)
    assert small_shop.model_dump() == before


def test_empty_design():
    report = slo_report(make())
    assert (dict(report.journeys), dict(report.latency), report.budgets) == ({}, {}, ())


def test_ecommerce_journeys():
    report = slo_report(ecommerce())
    checkout = report.journeys["checkout"]
    # gateway 0.9999 x order 0.9998 x cart 0.9998 = 0.99950004.
    assert checkout.services == ("gateway", "order", "cart")
    assert checkout.composite == pytest.approx(0.9999 * 0.9998 * 0.9998)
    # Browsing reaches inventory only through a soft call (stock badge with a fallback).
    assert report.journeys["browse-catalog"].excluded == ("inventory",)
    assert all(j.meets for j in report.journeys.values())
    assert all(b.slack_ms > 0 for b in report.latency.values())
    assert len(report.budgets) == len(ecommerce().slos)
