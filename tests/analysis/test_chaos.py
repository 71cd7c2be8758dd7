"""The chaos plan: which dependencies, which faults, the steady state and the abort."""

from __future__ import annotations

import pytest

import designkit
from designkit.analysis.chaos import SLI_RATIO, chaos_plan, critical_calls
from designkit.generate import generate
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES, make


def shop(**extra):
    return make(
        services=[
            {
                "name": "gw",
                "deployment": {"replicas": 3},
                "dependencies": [
                    {"target": "order", "per_try_timeout_ms": 200, "timeout_ms": 500, "retries": 1}
                ],
            },
            {
                "name": "order",
                "deployment": {"replicas": 2},
                "dependencies": [
                    {
                        "target": "price",
                        "protocol": "grpc",
                        "timeout_ms": 80,
                        "hard": False,
                        "fallback": "last price",
                    }
                ],
            },
            {"name": "price", "deployment": {"replicas": 1, "autoscaling": None}},
        ],
        journeys=[{"name": "buy", "entry": "gw", "peak_rps": 50}],
        slos=[
            {"name": "buy-up", "journey": "buy", "objective": 0.999},
            {"name": "buy-fast", "journey": "buy", "sli": "latency", "objective": 0.99,
             "threshold_ms": 300},
        ],
        **extra,
    )  # fmt: skip


def test_experiments_per_call_and_spof():
    plan = chaos_plan(shop())
    assert [(e.name, e.fault) for e in plan.experiments] == [
        ("gw-order-delay", "network-delay"),
        ("order-http-abort", "http-abort"),  # REST: abort the callee's requests
        ("order-price-delay", "network-delay"),
        ("order-price-partition", "network-partition"),  # gRPC: cut the connection
        ("gw-pod-kill", "pod-kill"),
        ("order-pod-kill", "pod-kill"),
    ]
    # price fails nothing (soft), so it is no SPOF; and one replica would be noted, not killed
    assert plan.environment == "staging"


def test_delay_exceeds_the_timeout_it_tests():
    experiments = {e.name: e for e in chaos_plan(shop()).experiments}
    assert experiments["gw-order-delay"].delay_ms == 300  # 1.5 x the 200 ms per-try timeout
    assert experiments["order-price-delay"].delay_ms == 120  # 1.5 x the 80 ms timeout
    assert experiments["gw-order-delay"].expected == "fails fast"
    assert experiments["order-price-delay"].expected == "degraded"
    assert "fallback (last price)" in experiments["order-price-delay"].hypothesis


def test_abort_is_the_fast_burn_page_sre_workbook():
    # SRE Workbook table 5-8: page at burn rate 14.4 over 1 h (2% of a 30-day budget).
    experiments = {e.name: e for e in chaos_plan(shop()).experiments}
    abort = experiments["order-http-abort"].steady_state
    assert abort is not None and abort.slo == "buy-up"
    assert abort.abort_burn_rate == pytest.approx(14.4)
    assert abort.abort_error_ratio == pytest.approx(0.0144)
    assert abort.query == f'{SLI_RATIO}{{sloth_slo="buy-up"}}'
    assert abort.abort_query == f'{SLI_RATIO}{{sloth_slo="buy-up"}} > 0.0144'
    # a 300 s fault at 14.4x spends at most 14.4 x 300 / (30 x 86400) of the budget
    assert experiments["order-http-abort"].budget_spend == pytest.approx(14.4 * 300 / 2592000)
    # delays watch the latency SLO: 14.4 x (1 - 0.99) = 0.144 of requests over 300 ms
    delay = experiments["gw-order-delay"].steady_state
    assert delay is not None and delay.slo == "buy-fast"
    assert delay.abort_error_ratio == pytest.approx(0.144)


def test_steady_state_reads_a_recording_rule_the_prometheus_generator_writes():
    design = shop()
    rules = generate(design, ["prometheus"])
    records = {
        (rule["record"], rule["labels"]["sloth_slo"])
        for doc in rules
        for group in doc.content["groups"]
        for rule in group["rules"]
        if "record" in rule and "sloth_window" in rule["labels"]
    }
    for experiment in chaos_plan(design).experiments:
        state = experiment.steady_state
        assert state is not None
        assert (SLI_RATIO, state.slo) in records


def test_single_replica_spof_is_noted_not_killed():
    d = make(
        services=[{"name": "a", "deployment": {"replicas": 1, "autoscaling": None}}],
        journeys=[{"name": "j", "entry": "a"}],
    )
    plan = chaos_plan(d)
    assert plan.experiments == ()
    assert plan.notes == (
        "a runs 1 pod: killing it fails j; add replicas before a pod-kill experiment",
    )


def test_no_slo_means_no_steady_state_and_a_note():
    d = make(
        services=[
            {"name": "a", "dependencies": [{"target": "b", "timeout_ms": 100}]},
            {"name": "b"},
        ],
        journeys=[{"name": "j", "entry": "a"}],
    )
    plan = chaos_plan(d, spofs=0)
    assert all(e.steady_state is None and e.budget_spend is None for e in plan.experiments)
    assert len(plan.notes) == len(plan.experiments) == 2


def test_critical_calls_rank_by_journey_traffic():
    ranked = critical_calls(ecommerce())
    top = [(c.caller, c.callee, w) for c, w, _ in ranked[:3]]
    # browse (1200) + recommendations (400) + cart (300) all reach inventory via the catalog
    assert top == [
        ("product-catalog", "inventory", 1900.0),
        ("gateway", "product-catalog", 1200.0),
        ("gateway", "search", 800.0),
    ]


def test_ecommerce_plan_is_deterministic_and_input_untouched():
    design = ecommerce()
    before = design.model_dump()
    plan = chaos_plan(design)
    assert plan == chaos_plan(design)
    assert design.model_dump() == before
    assert len({e.name for e in plan.experiments}) == len(plan.experiments) == 13
    assert all(e.steady_state is not None for e in plan.experiments)


def test_banking_environment_is_its_pre_production():
    banking = designkit.load(FIXTURES.parent.parent / "data" / "examples" / "banking.yaml")
    plan = chaos_plan(banking)
    assert plan.environment == "preprod"
    fraud = next(e for e in plan.experiments if e.name == "transaction-fraud-delay")
    assert fraud.expected == "degraded" and "Rules-only decision" in fraud.hypothesis
