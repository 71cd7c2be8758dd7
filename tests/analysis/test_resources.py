"""CPU and memory requests and limits from the capacity math, read alike everywhere."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import designkit
from designkit.analysis.capacity import capacity_plan
from designkit.analysis.cost import cost_report, default_price_sheet, load_price_sheet
from designkit.analysis.resources import quantity_value, service_resources
from designkit.cli import main
from designkit.generate.kubernetes import manifests
from designkit.io import save
from designkit.model import Service
from designkit.synth import synthesize
from tests.conftest import EXAMPLES, FIXTURES, make

LOOSE = {"latency": {"percentile": 50, "threshold_ms": 10_000}}


def one(rps: float, *, slo: bool = True, deployment: dict | None = None, **profile: object):
    return make(
        requirements=LOOSE,
        services=[{"name": "a", "profile": profile, "deployment": deployment or {}}],
        journeys=[{"name": "j", "entry": "a", "peak_rps": rps}],
        slos=[{"name": "a-up", "service": "a"}] if slo else [],
    )


def test_analyze_json_reports_resources_for_every_service(capsys):
    main(["analyze", str(EXAMPLES / "ecommerce.yaml"), "--json"])
    capacity = json.loads(capsys.readouterr().out)["capacity"]
    assert capacity
    for name, entry in capacity.items():
        assert isinstance(entry["cpu_request_m"], int) and entry["cpu_request_m"] > 0, name
        assert entry["cpu_limit_m"] >= entry["cpu_request_m"], name
        assert entry["memory_limit_mib"] >= entry["memory_request_mib"] > 0, name


def test_hand_checked_derivation_from_the_service_time():
    # 100 req/s x 10 ms = 1 busy worker, /0.7 -> 2 workers: 1 replica, SLO floor 2.
    # No CPU figure: c = a quarter of the service time, 2.5 ms (assumed). Per replica
    # 50 req/s: request 50 x 2.5 / 0.7 = 178.6 -> 200m; limit
    # min(8 x 2.5/10 x 1000 = 2000, 2 x 200 = 400) = 400m;
    # memory 224 + 4 x 8 = 256Mi, limit 2 x 256 = 512Mi.
    a = capacity_plan(one(100, service_time_ms=10)).services["a"]
    r = a.resources
    assert a.replicas == 2 and r.rate_per_replica_rps == 50
    assert (r.cpu_request, r.cpu_limit, r.memory_request, r.memory_limit) == (
        "200m",
        "400m",
        "256Mi",
        "512Mi",
    )
    assert r.cpu_basis == "25% of profile.service_time_ms (assumed)"
    assert a.cpu_request_m == 200
    assert set(r.sources.values()) == {"derived"}


def test_hand_checked_derivation_from_cpu_per_request_and_workers():
    # c = 2 ms, 32 workers, HPA target 0.5: 50 x 2 / 0.5 = 200m;
    # limit min(32 x 2/10 x 1000 = 6400, 2 x 200 = 400) = 400m;
    # memory 224 + 4 x 32 = 352Mi, limit 704Mi.
    d = one(
        100,
        service_time_ms=10,
        cpu_ms_per_request=2,
        workers_per_replica=32,
        deployment={"autoscaling": {"target_cpu_utilization": 0.5}},
    )
    r = capacity_plan(d).services["a"].resources
    assert (r.cpu_request, r.cpu_limit, r.memory_request, r.memory_limit) == (
        "200m",
        "400m",
        "352Mi",
        "704Mi",
    )
    assert r.cpu_basis == "profile.cpu_ms_per_request"


def test_the_limit_is_the_all_workers_busy_figure_when_lower():
    # c = 1 ms of 10 ms, 2 workers: all busy use 2 x 0.1 x 1000 = 200m; the request
    # 50 x 1 / 0.7 = 71.4 -> 100m; 2 x 100 = 200m: the limit is 200m either way.
    # With 1 worker: 100m < 2 x 100 -> the all-busy figure wins, 100m.
    d = one(100, service_time_ms=10, cpu_ms_per_request=1, workers_per_replica=1)
    r = capacity_plan(d).services["a"].resources
    assert (r.cpu_request, r.cpu_limit) == ("100m", "100m")


def test_values_the_design_sets_win_field_by_field():
    d = one(
        100,
        service_time_ms=10,
        cpu_ms_per_request=40,
        deployment={"resources": {"cpu_request": "1", "memory_limit": "1Gi"}},
    )
    r = capacity_plan(d).services["a"].resources
    assert r.cpu_request == "1" and r.cpu_request_m == 1000
    assert r.memory_limit == "1Gi" and r.memory_limit_mib == 1024
    assert r.memory_request == "256Mi"  # derived
    assert r.sources == {
        "cpu_request": "design",
        "cpu_limit": "derived",
        "memory_request": "derived",
        "memory_limit": "design",
    }


def test_a_design_request_below_the_peak_need_is_noted():
    # 50 req/s per replica x 40 ms / 0.7 = 2857m needed; the design asks for 1 core.
    d = one(
        100,
        service_time_ms=50,
        cpu_ms_per_request=40,
        deployment={"resources": {"cpu_request": "1"}},
    )
    cap = capacity_plan(d).services["a"]
    assert cap.replicas == 2 and cap.cpu_request_m == 1000
    assert "cpu_request 1 is below the 2857m the peak needs at the 70% CPU target" in cap.note
    # Without a CPU figure the service time is only an upper bound: no note.
    loose = one(100, service_time_ms=50, deployment={"resources": {"cpu_request": "1"}})
    assert capacity_plan(loose).services["a"].note == ""


def test_an_explicit_null_cpu_limit_means_none_and_low_limits_are_raised():
    d = one(100, service_time_ms=10, deployment={"resources": {"cpu_limit": None}})
    assert capacity_plan(d).services["a"].resources.cpu_limit is None
    low = one(100, service_time_ms=10, deployment={"resources": {"cpu_limit": "100m"}})
    cap = capacity_plan(low).services["a"]
    assert cap.resources.cpu_limit == "200m" == cap.resources.cpu_request
    assert "cpu_limit 100m below the request 200m: raised to it" in cap.note


def test_no_traffic_keeps_the_model_default_request():
    d = make(services=[{"name": "a"}])
    r = capacity_plan(d).services["a"].resources
    assert (r.cpu_request, r.sources["cpu_request"]) == ("250m", "default")


@settings(max_examples=60, deadline=None)
@given(
    per_replica=st.floats(0.01, 5000),
    service_ms=st.floats(0.1, 2000),
    share=st.floats(0.01, 1.0),
    workers=st.integers(1, 512),
    target=st.floats(0.05, 1.0),
)
def test_the_autoscaler_holds_the_planned_share_at_its_cpu_target(
    per_replica, service_ms, share, workers, target
):
    # At the peak a replica uses per_replica x c millicores: at most the HPA target
    # of the request (so the HPA does not add pods beyond the plan), and within one
    # rounding step of it (so it does not shed the ones the plan needs).
    svc = Service.model_validate(
        {
            "name": "a",
            "profile": {
                "service_time_ms": service_ms,
                "cpu_ms_per_request": service_ms * share,
                "workers_per_replica": workers,
            },
            "deployment": {"autoscaling": {"target_cpu_utilization": target}},
        }
    )
    r = service_resources(svc, per_replica * 3, 3)
    use = r.rate_per_replica_rps * r.cpu_ms_per_request
    assert r.cpu_request_m is not None and r.cpu_limit_m is not None
    assert use <= target * r.cpu_request_m * (1 + 1e-9)
    assert r.cpu_request_m <= max(50, use / target + 50) + 1e-6
    assert r.cpu_limit_m >= r.cpu_request_m


@pytest.mark.parametrize("name", ["ecommerce", "banking", "healthcare", "small-shop", "synth"])
def test_manifests_hpa_cost_and_json_read_the_same_numbers(name, capsys, tmp_path):
    # The examples set every resource (the design wins); small-shop sets none and the
    # synthetic design states cpu_ms_per_request (both derived).
    if name == "synth":
        path = save(synthesize(40, seed=3), tmp_path / "synth.yaml")
    else:
        path = FIXTURES / "small-shop.yaml" if name == "small-shop" else EXAMPLES / f"{name}.yaml"
    design = designkit.load(path)
    plan = capacity_plan(design)
    sheet = default_price_sheet()
    assert sheet is not None
    cost = cost_report(design, load_price_sheet(sheet), plan=plan)
    main(["analyze", str(path), "--json"])
    capacity = json.loads(capsys.readouterr().out)["capacity"]
    containers = {}
    hpas = {}
    for doc in manifests(design):
        if doc["kind"] in {"Deployment", "StatefulSet"}:
            (containers[doc["metadata"]["name"]],) = doc["spec"]["template"]["spec"]["containers"]
        if doc["kind"] == "HorizontalPodAutoscaler":
            hpas[doc["metadata"]["name"]] = doc["spec"]["metrics"][0]["resource"]["target"]
    checked = 0
    for svc in design.services:
        if svc.name not in containers:
            continue
        checked += 1
        r = plan.services[svc.name].resources
        limits = {"memory": r.memory_limit}
        if r.cpu_limit is not None:
            limits = {"cpu": r.cpu_limit, **limits}
        assert containers[svc.name]["resources"] == {
            "requests": {"cpu": r.cpu_request, "memory": r.memory_request},
            "limits": limits,
        }
        if svc.name in hpas:
            percent = hpas[svc.name]["averageUtilization"]
            assert percent == round(r.target_cpu_utilization * 100)
        priced = cost.services[svc.name]
        assert priced.cpu_cores == quantity_value(r.cpu_request)
        assert priced.memory_gib * 1024 == r.memory_request_mib
        assert capacity[svc.name]["cpu_request_m"] == r.cpu_request_m
        assert capacity[svc.name]["memory_request_mib"] == r.memory_request_mib
    assert checked
