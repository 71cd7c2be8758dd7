"""Trace sampling recommendation and the logging-retention table, checked by hand."""

from __future__ import annotations

import pytest

from designkit.analysis.telemetry import (
    COMPLIANCE_AUDIT_DAYS,
    LoggingOptions,
    SamplingOptions,
    log_retention,
    sampling_plan,
)
from tests.analysis._examples import ecommerce
from tests.conftest import make


def chain(rps=1000, b_stores=(), **sections):
    """A journey at ``rps`` into a, which calls b once per request (no retries)."""
    return make(
        services=[
            {"name": "a", "dependencies": [{"target": "b", "retries": 0}]},
            {"name": "b", "stores": [{"store": name} for name in b_stores]},
        ],
        journeys=[{"name": "j", "entry": "a", "peak_rps": rps}],
        **sections,
    )


def test_ratio_fills_the_budget_left_by_errors_and_slow_traces():
    plan = sampling_plan(
        chain(), SamplingOptions(max_traces_per_s=200, error_share=0.01, slow_share=0.04)
    )
    # 1000 traces/s, 2 spans each; the tail keeps 5% = 50/s; 150/s left for the ratio:
    # (200/1000 - 0.05) / 0.95 = 0.1579 -> 0.15 (two significant digits, rounded down).
    assert (plan.traces_per_s, plan.spans_per_s, plan.spans_per_trace) == (1000, 2000, 2)
    assert plan.tail_share == pytest.approx(0.05)
    assert plan.head_ratio == 0.15
    assert plan.kept_traces_per_s == pytest.approx(1000 * (0.05 + 0.95 * 0.15))
    assert plan.kept_traces_per_s <= 200
    # The design's 10% keeps 1000 x (0.05 + 0.95 x 0.1) = 145/s: within the budget.
    assert plan.configured_ratio == 0.1
    assert plan.configured_kept_per_s == pytest.approx(145)
    assert plan.within_budget
    # 192.5 traces/s x 2 spans x 1000 B x 86,400 s = 33.264 GB a day.
    assert plan.kept_gb_per_day == pytest.approx(192.5 * 2 * 1000 * 86400 / 1e9)
    assert plan.collector_spans_per_s == 2000


def test_defaults_come_from_the_requirements():
    d = chain(requirements={"availability": 0.99, "latency": {"percentile": 90}})
    plan = sampling_plan(d)
    assert plan.error_share == pytest.approx(0.01)
    assert plan.slow_share == pytest.approx(0.10)
    assert plan.slow_threshold_ms == 200


def test_a_small_system_keeps_everything():
    plan = sampling_plan(chain(rps=10), SamplingOptions(max_traces_per_s=100))
    assert plan.head_ratio == 1.0 and plan.kept_traces_per_s == pytest.approx(10)


def test_when_the_tail_alone_is_over_budget_the_ratio_is_zero_and_said_so():
    plan = sampling_plan(
        chain(), SamplingOptions(max_traces_per_s=20, error_share=0.05, slow_share=0)
    )
    assert plan.head_ratio == 0
    assert "exceed the budget of 20 traces/s" in plan.note
    assert not plan.within_budget


def test_no_journeys_no_traces():
    plan = sampling_plan(make(services=[{"name": "a"}]))
    assert plan.traces_per_s == 0 and plan.head_ratio == 1.0 and plan.note


def test_application_and_audit_logs():
    d = chain(
        rps=100,
        b_stores=["db"],
        requirements={"traffic": {"peak_rps": 100, "average_rps": 25}, "compliance": ["hipaa"]},
        stores=[{"name": "db", "owner": "b", "classification": ["phi"]}],
    )
    rows = log_retention(
        d, LoggingOptions(lines_per_request=2, audit_lines_per_request=1, bytes_per_line=500)
    )
    assert [(r.service, r.stream) for r in rows] == [
        ("a", "application"),
        ("b", "application"),
        ("b", "audit"),
    ]
    app, _b_app, audit = rows
    # 100 req/s at peak, a quarter on average: 25 req/s x 2 lines = 50 lines/s;
    # 50 x 500 B x 86,400 s = 2.16 GB a day, 30 days kept (the default).
    assert app.lines_per_s == pytest.approx(50)
    assert app.gb_per_day == pytest.approx(2.16)
    assert (app.retention_days, app.stored_gb) == (30, pytest.approx(64.8))
    # b touches PHI under HIPAA: an audit line per request, kept 6 years.
    assert audit.lines_per_s == pytest.approx(25)
    assert audit.retention_days == COMPLIANCE_AUDIT_DAYS["hipaa"] == 2190
    assert audit.basis == "hipaa minimum"


def test_audit_retention_set_in_the_design_wins():
    rows = log_retention(ecommerce())
    audit = [r for r in rows if r.stream == "audit"]
    assert audit and all(r.retention_days == 365 for r in audit)
    assert {r.basis for r in audit} == {"observability.audit_log_retention_days"}
    # PCI DSS v4.0 req. 10.5.1: at least 12 months of audit history.
    assert COMPLIANCE_AUDIT_DAYS["pci-dss"] == 365


def test_no_audit_stream_without_sensitive_data_or_a_reason_to_audit():
    d = chain(
        rps=10, b_stores=["db"], stores=[{"name": "db", "owner": "b", "classification": ["pii"]}]
    )
    assert {r.stream for r in log_retention(d)} == {"application"}


def test_pure_and_deterministic():
    design = ecommerce()
    before = design.model_dump()
    assert sampling_plan(design) == sampling_plan(design)
    assert log_retention(design) == log_retention(design)
    assert design.model_dump() == before
