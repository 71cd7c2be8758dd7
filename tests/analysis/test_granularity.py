from functools import cache

import designkit
from designkit.analysis.granularity import VERDICTS, Limits, granularity
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, FIXTURES, make

PHASE1 = FIXTURES / "phase1"


@cache
def banking():
    return designkit.load(EXAMPLES / "banking.yaml")


def test_chatty_pairs_found():
    report = granularity(designkit.load(PHASE1 / "chatty-pair.yaml"))
    pairs = {(p.caller, p.callee): p for p in report.chatty}
    assert set(pairs) == {("cart", "pricing"), ("search", "stock")}
    # 5 calls per request at 10 req/s: 50 req/s, chatty by calls per request alone.
    assert (pairs["cart", "pricing"].calls_per_request, pairs["cart", "pricing"].rate_rps) == (
        5,
        50,
    )
    assert "5 calls per request" in pairs["cart", "pricing"].reason
    assert "batch the calls" in pairs["cart", "pricing"].reason
    # 1 call per request at 1,500 req/s: chatty by volume alone.
    assert "1,500 req/s at peak" in pairs["search", "stock"].reason
    assert pairs["search", "stock"].path == "services[2].dependencies[0]"
    assert report.service("pricing").verdict == "chatty"


def test_no_chatty_pair():
    report = granularity(designkit.load(PHASE1 / "no-chatty-pair.yaml"))
    assert report.chatty == ()
    assert {s.verdict for s in report.services} <= {"ok", "nano-service"}


def test_chatty_limits_are_configurable():
    d = designkit.load(PHASE1 / "no-chatty-pair.yaml")
    strict = granularity(d, limits=Limits(chatty_calls_per_request=1, chatty_pair_rps=100))
    assert {(p.caller, p.callee) for p in strict.chatty} == {
        ("cart", "pricing"),
        ("search", "stock"),
    }


def test_gateways_are_not_chatty_by_volume():
    d = make(
        services=[
            {"name": "gw", "kind": "gateway", "dependencies": [{"target": "a"}]},
            {"name": "a"},
        ],
        journeys=[{"name": "j", "entry": "gw", "peak_rps": 5000}],
    )
    assert granularity(d).chatty == ()


def test_distributed_monolith_signals():
    report = granularity(designkit.load(PHASE1 / "distributed-monolith.yaml"))
    signals = {(s.kind, s.services) for s in report.signals}
    assert signals == {
        ("shared-deployment-unit", ("billing", "invoicing")),
        ("sync-cycle", ("orders", "payments")),
        ("shared-store", ("orders", "reports")),
        ("every-journey", ("catalog",)),
    }
    assert report.distributed_monolith
    for name in ("billing", "invoicing", "orders", "payments", "reports", "catalog"):
        assert report.service(name).verdict == "distributed monolith", name
    assert report.service("web").verdict == "ok"
    assert any("call each other synchronously" in r for r in report.service("orders").reasons)


def test_no_distributed_monolith():
    report = granularity(designkit.load(PHASE1 / "no-distributed-monolith.yaml"))
    assert report.signals == ()
    assert not report.distributed_monolith


def test_god_and_nano_services_reuse_the_antipattern_rules():
    endpoints = [{"method": "GET", "path": f"/v1/x{i}"} for i in range(26)]
    d = make(
        services=[
            {"name": "big", "endpoints": endpoints},
            {"name": "tiny", "endpoints": [{"method": "GET", "path": "/v1/t"}]},
        ]
    )
    report = granularity(d)
    assert report.service("big").verdict == "god service"
    assert "26 endpoints (more than 25)" in report.service("big").reasons[0]
    assert report.service("tiny").verdict == "nano-service"
    # The rule's threshold, overridden as for analyze().
    assert granularity(d, thresholds={"god_max_endpoints": 30}).service("big").verdict == "ok"


def test_the_most_serious_verdict_wins_and_every_reason_stays():
    endpoints = [{"method": "GET", "path": f"/v1/x{i}"} for i in range(26)]
    d = make(
        services=[
            {"name": "big", "endpoints": endpoints, "deployment": {"unit": "u"}},
            {"name": "other", "endpoints": endpoints[:2], "deployment": {"unit": "u"}},
        ]
    )
    row = granularity(d).service("big")
    assert row.verdict == "god service"
    assert len(row.reasons) == 2  # god service, then the shared unit
    assert VERDICTS.index("god service") < VERDICTS.index("distributed monolith")


def test_metrics_of_a_service():
    report = granularity(ecommerce())
    order = report.service("order")
    assert (order.endpoints, order.sync_out, order.sync_in, order.stores) == (4, 1, 1, 1)
    assert order.async_out == 4  # order-events and three command topics
    assert order.calls_per_request == 1
    assert set(order.entities) >= {"Order"}
    assert len(report.services) == len(ecommerce().services)


def test_banking_transaction_pairs_are_hot():
    report = granularity(banking())
    assert {p.callee for p in report.chatty if p.caller == "transaction"} == {
        "account",
        "fraud",
        "ledger",
        "aml",
    }
    assert not report.distributed_monolith


def test_the_design_is_left_alone():
    d = designkit.load(PHASE1 / "distributed-monolith.yaml")
    before = d.model_dump()
    granularity(d)
    assert d.model_dump() == before
