"""Timeouts, circuit breakers, timeout budgets along chains and retry amplification."""

from __future__ import annotations

import pytest

from designkit.model import Design
from tests.analysis.antipatterns._support import Case, check_case, fixture, run
from tests.conftest import make


def _call(mesh: str = "none", **dep: object) -> Design:
    return make(
        services=[{"name": "a", "dependencies": [{"target": "b", **dep}]}, {"name": "b"}],
        mesh={"technology": mesh},
    )


BREAKER = {"consecutive_errors": 5}

CASES = {
    "missing-timeout": Case(lambda: _call(), lambda: _call(timeout_ms=200)),
    "missing-circuit-breaker": Case(
        lambda: _call(timeout_ms=200), lambda: _call(timeout_ms=200, circuit_breaker=BREAKER)
    ),
    "timeout-budget": Case(fixture("timeout-budget.yaml"), fixture("no-timeout-budget.yaml")),
    "retry-amplification": Case(
        fixture("retry-amplification.yaml"), fixture("no-retry-amplification.yaml")
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    check_case(rule_id, CASES[rule_id])


def test_mesh_defaults_supply_timeout_and_breaker():
    design = _call(mesh="istio")
    assert run(design, "missing-timeout") == []
    assert run(design, "missing-circuit-breaker") == []


def test_missing_timeout_points_at_the_field():
    (finding,) = run(_call(), "missing-timeout")
    assert (finding.path, finding.subject, finding.severity) == (
        "services[0].dependencies[0].timeout_ms",
        "a -> b",
        "error",
    )
    assert "no mesh" in finding.message


def test_async_dependencies_need_no_timeout():
    design = make(
        services=[
            {"name": "a", "dependencies": [{"target": "b", "protocol": "async", "topic": "t"}]},
            {"name": "b"},
        ],
        topics=[{"name": "t"}],
        mesh={"technology": "none"},
    )
    assert run(design, "missing-timeout") == []


def test_chain_budget_names_the_three_services():
    (finding,) = run(fixture("timeout-budget.yaml")(), "timeout-budget")
    assert finding.subject == "web -> order -> stock"
    assert finding.path == "services[0].dependencies[0].per_try_timeout_ms"
    # order waits at most min(timeout 400, 2 x 180 + 25 back-off) = 385 ms on stock.
    assert "150 ms" in finding.message and "385 ms" in finding.message


@pytest.mark.parametrize(
    ("mesh", "flagged"),
    [
        ("istio", True),  # 2 x 28 + 25 ms back-off: the retry keeps 7 ms of its 28
        ("linkerd", False),  # no back-off modelled: 2 x 28 = 56 ms fits in 60
    ],
)
def test_retry_cut_short_by_its_own_timeout(mesh, flagged):
    design = _call(mesh=mesh, timeout_ms=60, retries=1, per_try_timeout_ms=28)
    found = run(design, "timeout-budget")
    assert bool(found) is flagged
    if found:
        assert "only 7 ms" in found[0].message and "81 ms" in found[0].message


def test_last_attempt_share_threshold():
    # 2 x 90 + 25 = 205 ms needed in 200: the retry keeps 85 of its 90 ms.
    design = _call(mesh="istio", timeout_ms=200, retries=1, per_try_timeout_ms=90)
    assert run(design, "timeout-budget") == []
    assert run(design, "timeout-budget", min_last_attempt_share=1)


def test_per_try_as_long_as_the_timeout_leaves_no_retry():
    design = _call(mesh="istio", timeout_ms=200, retries=2, per_try_timeout_ms=300)
    (finding,) = run(design, "timeout-budget")
    assert finding.path.endswith("per_try_timeout_ms")
    assert "none of its 2 retries can run" in finding.message


def test_amplification_reported_where_it_crosses_the_bound():
    design = fixture("retry-amplification.yaml")()
    (finding,) = run(design, "retry-amplification")
    assert finding.subject == "web -> order -> pricing -> stock"
    assert finding.path == "services[2].dependencies[0].retries"
    assert "27 attempts" in finding.message and "3 x 3 x 3" in finding.message
    assert run(design, "retry-amplification", max_retry_amplification=27) == []
    (lower,) = run(design, "retry-amplification", max_retry_amplification=8)
    assert lower.subject == "web -> order -> pricing"
