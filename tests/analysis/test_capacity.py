import math

import pytest

from designkit.analysis.capacity import CapacityOptions, capacity_plan, latency_goal
from designkit.sizing.queueing import erlang_c
from tests.analysis._examples import ecommerce
from tests.conftest import make

NO_MESH = {"technology": "none"}
LOOSE = {"latency": {"percentile": 95, "threshold_ms": 10_000}}  # utilization decides


def one_service(rps, *, slo=False, requirements=LOOSE, **profile):
    return make(
        requirements=requirements,
        services=[{"name": "a", "profile": profile}],
        journeys=[{"name": "j", "entry": "a", "peak_rps": rps}],
        slos=[{"name": "a-up", "service": "a"}] if slo else [],
    )


def test_servers_from_the_utilization_bound():
    # 100 req/s x 10 ms = 1 busy server; at most 70% busy: c >= 1 / 0.7 = 1.43 -> 2.
    # M/M/2 at rho = 0.5 waits with probability 2 rho^2 / (1 + rho) = 1/3.
    a = capacity_plan(one_service(100, service_time_ms=10)).services["a"]
    assert (a.rate_rps, a.servers, a.utilization) == (100, 2, 0.5)
    assert a.p_wait == pytest.approx(1 / 3)
    assert a.replicas == 1  # ceil(2 / 8 workers); no SLO, so no floor of 2
    assert a.goal_met and a.note == ""


def test_servers_from_the_latency_goal():
    # 200 req/s, 40 ms, p99 < 200 ms: Erlang C needs 10 servers (sizing.queueing's
    # reference), the 70% bound 8 / 0.7 = 11.4 -> 12; the larger wins.
    d = one_service(
        200,
        service_time_ms=40,
        requirements={"latency": {"percentile": 99, "threshold_ms": 200}},
    )
    a = capacity_plan(d).services["a"]
    assert a.servers == 12 and a.utilization == pytest.approx(8 / 12)
    assert a.p_wait == pytest.approx(erlang_c(200, 25, 12))
    assert a.response_ms <= 200
    # A looser utilization bound lets the latency goal decide: 10 servers.
    assert capacity_plan(d, CapacityOptions(target_utilization=0.9)).services["a"].servers == 10


def test_unreachable_latency_goal_is_noted():
    # 100 ms mean service: its p99 alone is -ln(0.01) x 100 = 460.5 ms > 200 ms.
    d = one_service(
        10,
        service_time_ms=100,
        requirements={"latency": {"percentile": 99, "threshold_ms": 200}},
    )
    a = capacity_plan(d).services["a"]
    assert not a.goal_met
    assert "p99 of 461 ms > 200 ms" in a.note
    assert a.servers == 2  # 10 x 0.1 = 1 busy; 1 / 0.7 -> 2


def test_replicas_respect_the_floor_for_services_with_an_slo():
    tiny = dict(service_time_ms=10, workers_per_replica=8)
    assert capacity_plan(one_service(1, **tiny)).services["a"].replicas == 1
    a = capacity_plan(one_service(1, slo=True, **tiny)).services["a"]
    assert (a.replica_floor, a.replicas, a.hpa_min, a.hpa_max) == (2, 2, 2, 2)
    assert capacity_plan(one_service(0.001, **tiny), CapacityOptions()).services["a"].servers == 1


def test_autoscaler_bounds():
    # One worker per replica, so replicas = servers. 70 req/s x 100 ms = 7 busy:
    # peak 7 / 0.7 = 10 replicas. Average 250 of a 1000 req/s peak = 25%: 17.5 req/s,
    # 1.75 / 0.7 = 2.5 -> 3. Max: 70 x (1 + 0.5) x 1.5 = 157.5 req/s, 15.75 / 0.7 = 22.5 -> 23.
    d = make(
        requirements={
            **LOOSE,
            "traffic": {"peak_rps": 1000, "average_rps": 250, "growth_per_year": 0.5},
        },
        services=[{"name": "a", "profile": {"service_time_ms": 100, "workers_per_replica": 1}}],
        journeys=[{"name": "j", "entry": "a", "peak_rps": 70}],
    )
    a = capacity_plan(d).services["a"]
    assert (a.hpa_min, a.replicas, a.hpa_max) == (3, 10, 23)
    assert (a.average_rps, a.scaled_rps) == (pytest.approx(17.5), pytest.approx(157.5))
    # Without average_rps the average is a third of peak: 23.3 req/s, 2.33 / 0.7 -> 4.
    d2 = d.model_copy(deep=True)
    d2.requirements.traffic.average_rps = None
    assert capacity_plan(d2).services["a"].hpa_min == 4
    assert capacity_plan(d, CapacityOptions(average_share=0.5)).services["a"].hpa_min == 5


@pytest.mark.parametrize(
    ("cpu_ms", "millicores"),
    [
        # 100 req/s x cpu ms / 2 replicas / 0.7 (the HPA target), rounded up to 50m.
        (30, 2150),  # 2142.9 -> 2150
        (7, 500),  # 500 exactly
        (7.3, 550),  # 521.4 -> 550
        (0.1, 50),  # 7.1 -> at least one step
    ],
)
def test_cpu_request(cpu_ms, millicores):
    d = one_service(100, slo=True, service_time_ms=10, cpu_ms_per_request=cpu_ms)
    a = capacity_plan(d).services["a"]
    assert a.replicas == 2
    assert a.cpu_request_m == millicores


def test_cpu_request_from_the_service_time_without_cpu_per_request():
    # 10 req/s on 1 replica x 5 ms (a quarter of the 20 ms service time, assumed)
    # / 0.7 = 71.4 -> 100m.
    a = capacity_plan(one_service(10)).services["a"]
    assert (a.replicas, a.cpu_request_m) == (1, 100)
    assert a.resources.cpu_basis == "25% of profile.service_time_ms (assumed)"


def bulkhead_design(**dep):
    return make(
        services=[{"name": "a", "dependencies": [{"target": "b", **dep}]}, {"name": "b"}],
        journeys=[{"name": "j", "entry": "a", "peak_rps": 100}],
        mesh=NO_MESH,
    )


@pytest.mark.parametrize(
    ("dep", "timeout", "kind", "limit"),
    [
        # Little's law: 100 req/s x 0.2 s per try x 1.2 safety = 24 in flight.
        ({"timeout_ms": 500, "per_try_timeout_ms": 200}, 200, "per-try", 24),
        # No per-try timeout: the whole call's, 100 x 0.5 x 1.2 = 60.
        ({"timeout_ms": 500}, 500, "timeout", 60),
        # No timeout at all: nothing bounds it.
        ({}, None, "none", None),
    ],
)
def test_bulkheads_by_littles_law(dep, timeout, kind, limit):
    (head,) = capacity_plan(bulkhead_design(**dep)).services["a"].bulkheads
    assert (head.callee, head.rate_rps, head.timeout_ms, head.timeout_kind) == (
        "b",
        100,
        timeout,
        kind,
    )
    assert head.max_concurrent == limit


def test_latency_goal_prefers_the_services_slo():
    d = make(
        services=[{"name": "a"}, {"name": "b"}],
        slos=[
            {"name": "a-fast", "service": "a", "sli": "latency", "threshold_ms": 50},
            {
                "name": "b-p99",
                "service": "b",
                "sli": "latency",
                "threshold_ms": 80,
                "percentile": 99,
            },
        ],
    )
    goal = latency_goal(d, "a")  # stated as an objective: 99.9% under 50 ms
    assert (goal.quantile, goal.threshold_ms, goal.source) == (0.999, 50, "slo: a-fast")
    b = latency_goal(d, "b")
    assert (b.quantile, b.threshold_ms) == (0.99, 80)
    c = latency_goal(make(services=[{"name": "c"}]), "c")
    assert (c.quantile, c.threshold_ms, c.source) == (0.95, 200, "requirements.latency")


def test_topic_partitions_and_storage():
    # 1000 msg/s x 10,000 bytes = 10 MB/s: producers 10 MB/s -> 1, consumers 5 -> 2.
    # Storage: 1000 x 10,000 B x 24 h x 3600 s x 3 replicas = 2.592e12 bytes.
    d = make(
        services=[{"name": "a", "publishes": ["t"]}, {"name": "b"}],
        topics=[
            {
                "name": "t",
                "consumers": ["b"],
                "message_bytes": 10_000,
                "retention_hours": 24,
                "replication_factor": 3,
                "partitions": 6,
            },
            {"name": "idle"},
        ],
        journeys=[{"name": "j", "entry": "a", "peak_rps": 1000}],
    )
    plan = capacity_plan(d)
    t = plan.topics["t"]
    assert (t.message_rps, t.mb_s, t.partitions, t.configured_partitions) == (1000, 10, 2, 6)
    assert t.storage_bytes == pytest.approx(2.592e12)
    assert (plan.topics["idle"].partitions, plan.topics["idle"].storage_bytes) == (1, 0)
    b = plan.services["b"]
    assert (b.message_rps, b.rate_rps) == (1000, 0)  # messages are not counted by default
    assert "1000 msg/s" in b.note
    counted = capacity_plan(d, CapacityOptions(include_messages=True)).services["b"]
    assert counted.rate_rps == 1000
    assert counted.servers == math.ceil(1000 * 0.020 / 0.7)  # 20 ms default service time


def test_input_not_mutated(small_shop):
    before = small_shop.model_dump()
    capacity_plan(small_shop)
    assert small_shop.model_dump() == before


def test_empty_design():
    plan = capacity_plan(make())
    assert (dict(plan.services), dict(plan.topics)) == ({}, {})


def test_ecommerce_is_sized_sensibly():
    plan = capacity_plan(ecommerce())
    services = plan.services
    # Every service has an SLO, so every one gets at least two replicas.
    assert all(s.replicas >= 2 and s.hpa_min >= 2 for s in services.values())
    assert all(s.hpa_min <= s.replicas <= s.hpa_max for s in services.values())
    assert all(s.goal_met and s.utilization <= 0.7 for s in services.values())
    assert all(s.response_ms <= s.goal.threshold_ms for s in services.values())
    # product-catalog: 1901.9 req/s x 20 ms = 38 busy -> 55 workers, 16 per replica -> 4.
    catalog = services["product-catalog"]
    assert (catalog.servers, catalog.replicas) == (55, 4)
    assert plan.traffic.services["gateway"].request_rps == 3150


def test_bulkhead_rates_are_the_traffic_between_the_pair():
    # Summed once for every pair (asking the traffic report per call was quadratic in
    # the callee's paths); the same sum, to the bit, as TrafficReport.rate_between.
    plan = capacity_plan(ecommerce())
    heads = [h for c in plan.services.values() for h in c.bulkheads]
    assert any(h.rate_rps > 0 for h in heads) and any(h.rate_rps == 0 for h in heads)
    for head in heads:
        expected = plan.traffic.rate_between(head.caller, head.callee)
        assert (head.rate_rps, type(head.rate_rps)) == (expected, type(expected))


def test_latency_goal_takes_the_services_first_latency_slo_with_a_threshold():
    d = make(
        services=[{"name": "a"}, {"name": "b"}],
        slos=[
            {"name": "a-up", "service": "a"},
            {"name": "a-fast", "service": "a", "sli": "latency", "threshold_ms": 80},
            {"name": "a-faster", "service": "a", "sli": "latency", "threshold_ms": 40},
        ],
    )
    plan = capacity_plan(d)
    assert plan.services["a"].goal == latency_goal(d, "a")
    assert plan.services["a"].goal.source == "slo: a-fast"
    assert plan.services["b"].goal.source == "requirements.latency"
