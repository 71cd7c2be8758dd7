"""Synthetic designs: deterministic, valid at every size, realistic in shape, and the CLI."""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter

import networkx as nx
import pytest

import designkit.io as dio
from designkit.analysis.antipatterns import analyze, rules, summary
from designkit.analysis.graph import dependency_graph
from designkit.analysis.traffic import service_traffic
from designkit.cli import main
from designkit.synth import MIN_SERVICES, synthesize
from designkit.synth.topology import MAX_CALLERS

DNS_LABEL = re.compile(r"^[a-z]([a-z0-9-]*[a-z0-9])?$")


@pytest.fixture(scope="module")
def design300():
    return synthesize(300, seed=0)


def test_same_seed_same_text_other_seed_other_text():
    text = dio.dumps(synthesize(20, seed=7))
    assert dio.dumps(synthesize(20, seed=7)) == text
    assert dio.dumps(synthesize(20, seed=8)) != text


def test_leaves_the_global_random_generator_alone():
    random.seed(1234)
    before = random.getstate()
    synthesize(30, seed=1)
    assert random.getstate() == before


@pytest.mark.parametrize("size", [5, 50, 300])
def test_valid_with_the_asked_number_of_services_and_no_errors(size):
    design = synthesize(size, seed=size)
    assert len(design.services) == size
    # The smell rules (what the synthetic designs are built to pass); the other
    # families (recovery, security) do report realistic gaps in them.
    smells = [r.id for r in rules() if r.check.__module__.startswith("designkit.analysis.antipat")]
    findings = analyze(design, rules=smells)
    assert summary(findings)["error"] == 0
    assert len(findings) <= size // 20, [str(f) for f in findings]


def test_too_few_services_is_refused():
    with pytest.raises(ValueError, match=f"at least {MIN_SERVICES}"):
        synthesize(MIN_SERVICES - 1)


def test_degree_distribution_has_hubs(design300):
    graph = dependency_graph(design300)
    inner = [n for n in graph if n != "gateway"]
    degrees = [graph.in_degree(n) for n in inner]
    assert max(degrees) >= 5 * max(statistics.median(degrees), 1)
    sync = dependency_graph(design300, include_async=False)
    callers = [len(set(sync.predecessors(n)) - {"gateway"}) for n in inner]
    assert max(callers) <= MAX_CALLERS  # hubs are event consumers, not hub-like services
    assert statistics.median(callers) <= 2  # mostly sparse


@pytest.mark.parametrize("size,seed", [(50, 0), (300, 1), (700, 2)])
def test_no_sync_cycles_and_chains_within_four_hops(size, seed):
    sync = dependency_graph(synthesize(size, seed), include_async=False)
    assert nx.is_directed_acyclic_graph(sync)
    assert nx.dag_longest_path_length(sync) <= 4


def test_names_unique_and_dns_labels(design300):
    d = design300
    sections = {
        "services": [s.name for s in d.services],
        "contexts": [c.name for c in d.contexts],
        "teams": [t.name for t in d.teams],
        "stores": [s.name for s in d.stores],
        "topics": [t.name for t in d.topics],
        "entities": [e.name for e in d.domain.entities],
        "journeys": [j.name for j in d.journeys],
        "routes": [r.name for r in d.gateway.routes] if d.gateway else [],
    }
    for section, names in sections.items():
        assert len(names) == len(set(names)), section
    for name in sections["services"] + sections["contexts"]:
        assert DNS_LABEL.match(name) and len(name) <= 63, name


def test_contexts_of_three_to_twelve_each_owned_by_one_team(design300):
    d = design300
    members = Counter(s.context for s in d.services if s.context)
    assert set(members) == {c.name for c in d.contexts}
    assert all(3 <= n <= 12 for n in members.values())
    team_of = {c.name: c.team for c in d.contexts}
    assert all(s.team == team_of[s.context] for s in d.services if s.context)


def test_stores_owned_and_used_only_by_their_owner(design300):
    owners = {s.name: s.owner for s in design300.stores}
    uses = [(svc.name, use.store) for svc in design300.services for use in svc.stores]
    assert all(owners[store] == name for name, store in uses)
    assert set(owners) == {store for _, store in uses}


def test_about_four_nanoentities_per_service_and_use_cases(design300):
    d = design300
    nanoentities = sum(len(e.attributes) for e in d.domain.entities)
    assert 3.5 <= nanoentities / len(d.services) <= 4.5
    assert len(d.domain.use_cases) >= len(d.domain.entities)
    assert all(uc.reads or uc.writes for uc in d.domain.use_cases)


def test_gateway_journeys_slos_events_and_sagas(design300):
    d = design300
    assert d.gateway is not None
    routed = {r.service for r in d.gateway.routes}
    assert routed == {s.name for s in d.services if s.exposure == "public" and s.kind != "gateway"}
    assert all(j.entry == "gateway" and j.route and j.peak_rps > 0 for j in d.journeys)
    journey_slos = Counter(s.journey for s in d.slos if s.journey)
    assert all(journey_slos[j.name] == 2 for j in d.journeys)  # availability and latency
    critical = {s.name for s in d.services if s.criticality == "critical"}
    latency = {s.service for s in d.slos if s.service and s.sli == "latency"}
    assert critical <= latency
    assert all(e.fields for e in d.events)
    assert {e.topic for e in d.events} == {t.name for t in d.topics}
    assert d.sagas and any(dep.protocol == "async" for s in d.services for dep in s.dependencies)
    assert not service_traffic(d).unreached  # every service gets requests or messages


def test_save_and_load_round_trip(tmp_path):
    design = synthesize(12, seed=3)
    path = dio.save(design, tmp_path / "synth.yaml")
    assert dio.load(path) == design


def test_cli_writes_a_valid_design_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "big.yaml"
    assert main(["synth", "--services", "8", "--seed", "1", "--out", str(out)]) == 0
    assert "8 services" in capsys.readouterr().out
    assert main(["validate", str(out)]) == 0
    written = out.read_bytes()
    assert main(["synth", "--services", "9", "--out", str(out)]) == 1
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == written
    assert main(["synth", "--services", "9", "--out", str(out), "--force"]) == 0
    assert len(dio.load(out).services) == 9


def test_cli_refuses_too_few_services(tmp_path, capsys):
    assert main(["synth", "--services", "2", "--out", str(tmp_path / "x.yaml")]) == 2
    assert "at least" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()
