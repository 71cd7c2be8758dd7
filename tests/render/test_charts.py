"""Phase 6 charts: deterministic SVG that shows the numbers it is given."""

from __future__ import annotations

import re

import pytest

from designkit.analysis.slos import slo_report
from designkit.analysis.sweep import traffic_sweep
from designkit.render import charts
from tests.analysis._examples import ecommerce
from tests.conftest import make


def test_budget_burn_draws_each_alert_where_it_fires() -> None:
    svg = charts.budget_burn(0.999)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "page after 1 h" in svg and "page after 6 h" in svg and "ticket after 3 d" in svg
    # 14.4x empties a 30-day budget in 30 x 24 / 14.4 = 50 h (SRE workbook, table 5-8).
    assert "burn rate 14.4 (empty in 50 h)" in svg
    assert "<dc:date>" not in svg and "<?xml" not in svg


def test_charts_are_byte_for_byte_deterministic() -> None:
    report = slo_report(ecommerce())
    assert charts.latency_budgets(report) == charts.latency_budgets(report)
    assert charts.budget_burn(0.9995) == charts.budget_burn(0.9995)


def test_latency_budgets_label_each_journey_with_its_percentile() -> None:
    report = slo_report(ecommerce())
    svg = charts.latency_budgets(report)
    for name in report.latency:
        assert f"{name} (p95)" in svg


def test_replicas_vs_traffic_names_the_busiest_services() -> None:
    design = ecommerce()
    sweep = traffic_sweep(design, [0.5, 1.0, 4.0])
    svg = charts.replicas_vs_traffic(sweep, top=3)
    busiest = sorted(sweep.request_rps, key=lambda s: (-sweep.request_rps[s][1], s))[:3]
    for name in busiest:
        assert f">{name}<" in svg
    assert "4x" in svg and "70% target utilisation" in svg


def test_user_text_is_escaped() -> None:
    design = make(
        services=[{"name": "api"}],
        journeys=[{"name": "<b>&buy", "entry": "api", "peak_rps": 5}],
    )
    svg = charts.latency_budgets(slo_report(design))
    assert "<b>&buy" not in svg and "&lt;b&gt;&amp;buy" in svg
    assert not re.search(r"<script", svg)


def test_sweep_replicas_never_shrink_as_traffic_grows() -> None:
    sweep = traffic_sweep(ecommerce(), [0.25, 1, 2, 5, 10])
    for name, replicas in sweep.replicas.items():
        assert list(replicas) == sorted(replicas), name


def test_sweep_refuses_non_positive_multipliers() -> None:
    with pytest.raises(ValueError, match="multipliers"):
        traffic_sweep(ecommerce(), [1, 0])
