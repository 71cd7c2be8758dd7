from functools import cache

import pytest

import designkit
from designkit.analysis.communication import Limits, recommend_communication
from designkit.analysis.traffic import service_traffic
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, FIXTURES, make

PHASE1 = FIXTURES / "phase1"


@cache
def banking():
    return designkit.load(EXAMPLES / "banking.yaml")


def by_pair(recs):
    return {(r.caller, r.callee, r.chosen): r for r in recs}


def test_each_rule_flags_its_mismatch():
    recs = by_pair(recommend_communication(designkit.load(PHASE1 / "communication-mismatch.yaml")))
    expected = {
        ("edge", "orders", "grpc"): ("edge", "rest", "cannot call gRPC directly"),
        ("orders", "stock", "rest"): ("hot-path", "grpc", "costs more CPU"),
        ("orders", "mailer", "rest"): ("worker-callee", "messaging", "does not need now"),
        ("orders", "shipping", "rest"): ("saga-after-pivot", "messaging", "does not need now"),
        ("orders", "loyalty", "rest"): ("fire-and-forget", "messaging", "does not need now"),
        ("orders", "ledger", "messaging"): ("default", "rest", "strong consistency"),
    }
    assert set(recs) == set(expected)
    for key, (rule, style, cost) in expected.items():
        r = recs[key]
        assert (r.rule, r.recommended, r.fits) == (rule, style, False), key
        assert cost in (r.mismatch or ""), key


def test_the_same_system_in_the_right_styles_fits():
    recs = recommend_communication(designkit.load(PHASE1 / "communication-fits.yaml"))
    assert len(recs) == 6
    assert [r.path for r in recs if not r.fits] == []
    assert {r.rule for r in recs} == {"edge", "hot-path", "declared-async"}


def test_modest_internal_call_recommends_rest_and_accepts_grpc():
    d = make(
        services=[
            {"name": "a", "dependencies": [{"target": "b", "protocol": "grpc"}]},
            {"name": "b", "endpoints": [{"method": "GET", "path": "/v1/b"}]},
        ],
        journeys=[{"name": "j", "entry": "a", "peak_rps": 10}],
    )
    (r,) = recommend_communication(d)
    assert (r.recommended, r.rule, r.fits) == ("rest", "default", True)
    assert r.also_fits == ("grpc", "graphql")
    assert r.facts.journeys == ("j",)
    assert r.facts.budget_ms == 200  # requirements.latency's default threshold
    assert r.facts.interaction == "query"


@pytest.mark.parametrize(
    ("fields", "peak", "why"),
    [
        ({}, 600, "600 req/s between the pair"),  # volume: 600 >= 500
        ({"calls_per_request": 3}, 1, "3 calls per request"),
    ],
)
def test_hot_path_by_volume_or_calls_per_request(fields, peak, why):
    d = make(
        services=[{"name": "a", "dependencies": [{"target": "b", **fields}]}, {"name": "b"}],
        journeys=[{"name": "j", "entry": "a", "peak_rps": peak}],
        requirements={"latency": {"threshold_ms": 500}},
        mesh={"technology": "none"},
    )
    (r,) = recommend_communication(d)
    assert (r.rule, r.recommended, r.fits) == ("hot-path", "grpc", False)
    assert why in r.reasons[0]


def test_thresholds_come_from_limits():
    d = make(
        services=[{"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}],
        journeys=[{"name": "j", "entry": "a", "peak_rps": 600}],
        requirements={"latency": {"threshold_ms": 500}},
        mesh={"technology": "none"},
    )
    assert recommend_communication(d)[0].rule == "hot-path"
    relaxed = recommend_communication(d, limits=Limits(grpc_min_rps=1000))
    assert relaxed[0].rule == "default"


def test_journey_latency_slo_sets_the_budget():
    d = make(
        services=[{"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}],
        journeys=[{"name": "j", "entry": "a"}],
        slos=[{"name": "s", "journey": "j", "sli": "latency", "threshold_ms": 60}],
    )
    r = recommend_communication(d)[0]
    assert r.facts.budget_ms == 60
    assert r.rule == "hot-path"


def test_sync_command_nobody_waits_for_is_messaging_but_a_query_is_not():
    services = [
        {"name": "a", "dependencies": [{"target": "w"}, {"target": "r"}]},
        {"name": "w", "endpoints": [{"method": "POST", "path": "/v1/w"}]},
        {"name": "r", "endpoints": [{"method": "GET", "path": "/v1/r"}]},
        {"name": "x"},
    ]
    # A journey exists, but none follows a's calls.
    d = make(services=services, journeys=[{"name": "j", "entry": "x"}])
    write, read = recommend_communication(d)
    assert (write.rule, write.recommended) == ("fire-and-forget", "messaging")
    assert "no journey waits on it" in write.reasons[0]
    assert (read.rule, read.recommended) == ("default", "rest")


def test_eventually_consistent_query_may_also_be_messaging():
    d = make(
        services=[
            {"name": "a", "dependencies": [{"target": "b", "consistency": "eventual"}]},
            {"name": "b", "endpoints": [{"method": "GET", "path": "/v1/b"}]},
        ]
    )
    assert "messaging" in recommend_communication(d)[0].also_fits


def test_async_reasons_count_the_topic_consumers():
    d = make(
        services=[
            {
                "name": "a",
                "dependencies": [{"target": "b", "protocol": "async", "topic": "t"}],
            },
            {"name": "b"},
            {"name": "c"},
        ],
        topics=[{"name": "t", "consumers": ["b", "c"]}],
    )
    (r,) = recommend_communication(d)
    assert (r.recommended, r.rule, r.fits) == ("messaging", "declared-async", True)
    assert "topic t has 2 consumers: one message serves all" in r.reasons


def test_banking_payment_path_is_grpc_and_fits():
    recs = by_pair(recommend_communication(banking()))
    for callee in ("account", "fraud", "ledger", "aml"):
        r = recs[("transaction", callee, "grpc")]
        assert (r.recommended, r.rule, r.fits) == ("grpc", "hot-path", True), callee
    # The ledger both holds funds (before the pivot) and books them (after it).
    assert "its saga steps after the pivot could travel as messages" in (
        recs[("transaction", "ledger", "grpc")].reasons
    )
    assert recs[("gateway", "transaction", "rest")].rule == "edge"


def test_examples_have_no_mismatch():
    # The bundled examples were designed with these trade-offs in mind.
    for design in (ecommerce(), banking()):
        assert [r.path for r in recommend_communication(design) if not r.fits] == []


def test_shared_traffic_gives_the_same_answer_and_the_design_is_left_alone():
    d = ecommerce()
    before = d.model_dump()
    assert recommend_communication(d, traffic=service_traffic(d)) == recommend_communication(d)
    assert d.model_dump() == before


def test_one_recommendation_per_dependency_in_file_order():
    d = ecommerce()
    recs = recommend_communication(d)
    expected = [
        f"services[{i}].dependencies[{j}]"
        for i, s in enumerate(d.services)
        for j, _ in enumerate(s.dependencies)
    ]
    assert [r.path for r in recs] == expected
