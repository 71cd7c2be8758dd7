"""Resilience per dependency and along chains, against published reference values."""

from __future__ import annotations

from itertools import pairwise

import pytest

import designkit
from designkit.analysis.antipatterns import analyze
from designkit.analysis.resilience_plan import CHAIN_RULES, backoffs_ms, resilience_plan
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES, make


def chain(retries: int, mesh: str = "istio"):
    """web -> order -> pricing -> stock, every hop retrying ``retries`` times."""
    names = ["web", "order", "pricing", "stock"]
    return make(
        services=[
            {
                "name": a,
                "dependencies": [
                    {"target": b, "retries": retries, "timeout_ms": 1000, "per_try_timeout_ms": 200}
                ],
            }
            for a, b in pairwise(names)
        ]
        + [{"name": "stock"}],
        mesh={"technology": mesh},
        journeys=[{"name": "j", "entry": "web", "peak_rps": 100}],
    )


def test_envoy_backoff_bounds():
    # Envoy router docs (x-envoy-max-retries): retry N waits in [0, (2^N - 1) x 25 ms),
    # capped at 10 x base = 250 ms.
    assert backoffs_ms(chain(5), 5) == (25, 75, 175, 250, 250)
    assert backoffs_ms(chain(2, mesh="linkerd"), 2) == (0.0, 0.0)


def test_worst_case_is_attempts_plus_backoffs_capped_by_the_timeout():
    plan = resilience_plan(chain(2))
    web = plan.dependencies[0]
    # 3 attempts x 200 ms + 25 + 75 ms of back-off = 700 ms, under the 1000 ms timeout
    assert (web.retries, web.backoff_ms, web.worst_case_ms) == (2, (25, 75), 700.0)
    capped = resilience_plan(chain(4)).dependencies[0]
    # 5 x 200 + 25 + 75 + 175 + 250 = 1525 ms > 1000 ms: the timeout cuts the last retry
    assert capped.worst_case_ms == 1000.0
    assert capped.issues == ("attempts and back-offs need 1525 ms > timeout 1000",)


def test_retry_amplification_along_the_chain_sre_book():
    # SRE book ch. 22: three layers of 4 attempts each give 4 x 4 x 4 = 64 attempts.
    plan = resilience_plan(chain(3))
    (only,) = plan.chains
    assert only.path == ("web", "order", "pricing", "stock")
    assert (only.attempts, only.amplification, only.ok) == ((4, 4, 4), 64, False)
    assert not resilience_plan(chain(0)).chains[0].tight_hops
    assert resilience_plan(chain(0)).chains[0].ok


def test_bulkhead_from_littles_law():
    # 100 req/s x 0.2 s per-try timeout x 1.2 safety = 24 calls in flight
    plan = resilience_plan(chain(0))
    assert plan.dependencies[0].rate_rps == pytest.approx(100)
    assert plan.dependencies[0].bulkhead == 24


def test_tight_hop_when_the_caller_gives_up_first():
    d = make(
        services=[
            {"name": "a", "dependencies": [{"target": "b", "timeout_ms": 100, "retries": 0}]},
            {"name": "b", "dependencies": [{"target": "c", "timeout_ms": 300, "retries": 0}]},
            {"name": "c"},
        ]
    )
    (check,) = resilience_plan(d).chains
    assert check.tight_hops == ("a -> b",) and not check.ok


def test_findings_are_notebook_02s_rules():
    d = designkit.load(FIXTURES / "antipatterns" / "retry-amplification.yaml")
    plan = resilience_plan(d)
    assert list(plan.findings) == analyze(d, rules=CHAIN_RULES)
    assert "retry-amplification" in {f.rule for f in plan.findings}
    (strict,) = resilience_plan(d).chains
    (loose,) = resilience_plan(d, thresholds={"max_retry_amplification": 30}).chains
    assert (strict.amplification, strict.limit, loose.limit) == (27, 10, 30)


def test_async_rows_show_delivery():
    d = make(
        services=[
            {"name": "a", "dependencies": [{"target": "b", "protocol": "async", "topic": "t"}]},
            {"name": "b"},
        ],
        topics=[{"name": "t", "consumers": [{"service": "b", "retries": 2}]}],
    )
    (row,) = resilience_plan(d).dependencies
    assert (row.protocol, row.topic, row.retries) == ("async", "t", 2)
    assert row.delivery == "2 retries, dead letter none, not idempotent"
    assert len(row.issues) == 2


def test_missing_timeout_and_breaker_are_issues():
    d = make(
        services=[{"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}],
        mesh={"technology": "none"},
    )
    (row,) = resilience_plan(d).dependencies
    assert row.issues == ("no timeout: a hung callee hangs the caller", "no circuit breaker")
    assert (row.worst_case_ms, row.bulkhead) == (None, None)


def test_ecommerce_rows_in_file_order_and_untouched():
    design = ecommerce()
    before = design.model_dump()
    plan = resilience_plan(design)
    deps = [(s.name, d.target) for s in design.services for d in s.dependencies]
    assert [(r.caller, r.callee) for r in plan.dependencies] == deps
    assert all(c.ok for c in plan.chains)  # retries at one layer: amplification at most 4
    assert max(c.amplification for c in plan.chains) == 4
    assert design.model_dump() == before


def test_retries_with_a_per_try_but_no_overall_timeout_are_called_out():
    d = make(
        mesh={"defaults": {"timeout_ms": None, "per_try_timeout_ms": None, "retries": 0}},
        services=[
            {
                "name": "a",
                "dependencies": [{"target": "b", "retries": 3, "per_try_timeout_ms": 100}],
            },
            {"name": "b"},
        ],
    )
    (row,) = resilience_plan(d).dependencies
    assert "no overall timeout: retries are bounded only by their count" in row.issues
    bounded = make(
        services=[
            {
                "name": "a",
                "dependencies": [
                    {"target": "b", "retries": 3, "per_try_timeout_ms": 100, "timeout_ms": 900}
                ],
            },
            {"name": "b"},
        ],
    )
    (row,) = resilience_plan(bounded).dependencies
    assert not any("no overall timeout" in issue for issue in row.issues)
