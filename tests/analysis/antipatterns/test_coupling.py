"""Cyclic synchronous dependencies, long chains, hubs and hard-coded endpoints."""

from __future__ import annotations

import pytest

from designkit.model import Design
from tests.analysis.antipatterns._support import Case, check_case, fixture, run
from tests.conftest import make


def _hub(callers: int) -> Design:
    services = [{"name": "gateway", "kind": "gateway", "dependencies": [{"target": "auth"}]}]
    services += [{"name": f"s{i}", "dependencies": [{"target": "auth"}]} for i in range(callers)]
    return make(services=[*services, {"name": "auth"}])


def _discovery(kind: str) -> Design:
    return make(
        services=[
            {"name": "order", "dependencies": [{"target": "payment", "discovery": kind}]},
            {"name": "payment"},
        ]
    )


CASES = {
    "cyclic-sync-dependency": Case(fixture("cyclic-sync.yaml"), fixture("no-cyclic-sync.yaml")),
    "long-sync-chain": Case(fixture("long-sync-chain.yaml"), fixture("no-long-sync-chain.yaml")),
    "hub-service": Case(lambda: _hub(8), lambda: _hub(7)),
    "hardcoded-endpoint": Case(
        lambda: _discovery("hardcoded"),
        lambda: _discovery("dns"),
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    check_case(rule_id, CASES[rule_id])


def test_cycle_reported_once_with_its_path():
    (finding,) = run(fixture("cyclic-sync.yaml")(), "cyclic-sync-dependency")
    assert finding.severity == "error"
    assert finding.subject == "order -> payment -> ledger -> order"
    assert finding.path == "services[0].dependencies[0]"


def test_two_separate_cycles_are_two_findings():
    d = make(
        services=[
            {"name": "a", "dependencies": [{"target": "b"}]},
            {"name": "b", "dependencies": [{"target": "a"}]},
            {"name": "c", "dependencies": [{"target": "d"}]},
            {"name": "d", "dependencies": [{"target": "c"}]},
        ]
    )
    assert [f.subject for f in run(d, "cyclic-sync-dependency")] == ["a -> b -> a", "c -> d -> c"]


def test_long_chain_names_every_hop_and_obeys_the_threshold():
    design = fixture("long-sync-chain.yaml")()
    (finding,) = run(design, "long-sync-chain")
    assert finding.subject == "gateway -> a -> b -> c -> d -> e"
    assert finding.path == "services[0].dependencies[0]"
    assert "5 synchronous hops" in finding.message
    assert run(design, "long-sync-chain", max_sync_hops=5) == []


def test_hub_does_not_count_gateways():
    (finding,) = run(_hub(8), "hub-service")
    assert finding.subject == "auth" and "8 services" in finding.message
    assert "gateway" not in finding.message
    assert run(_hub(8), "hub-service", hub_min_callers=9) == []


def test_hardcoded_endpoint_points_at_the_discovery_field():
    (finding,) = run(_discovery("hardcoded"), "hardcoded-endpoint")
    assert finding.path == "services[0].dependencies[0].discovery"
    assert finding.subject == "order -> payment"
