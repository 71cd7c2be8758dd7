"""The zero-trust paths are exactly what the generated policies open."""

from __future__ import annotations

import pytest
import yaml

from designkit.analysis.security.paths import (
    CLUSTER,
    DNS,
    INTERNET,
    async_participants,
    broker_peer,
    flows,
    mesh_callers,
    message_topics,
)
from designkit.generate import istio
from designkit.model import Design
from tests.conftest import make
from tests.generate.test_kubernetes import CASES, design_of
from tests.generate.test_kubernetes_network import CLUSTER as K8S_CLUSTER
from tests.generate.test_kubernetes_network import DNS as K8S_DNS
from tests.generate.test_kubernetes_network import OUTSIDE
from tests.generate.test_kubernetes_network import flows as policy_flows


def _k8s_name(design: Design, peer: str) -> str:
    return {INTERNET: OUTSIDE, CLUSTER: K8S_CLUSTER, DNS: K8S_DNS}.get(
        peer, f"broker:{design.platform.broker}" if peer == broker_peer(design) else peer
    )


@pytest.mark.parametrize("name", CASES)
def test_network_layer_matches_the_written_network_policies(name):
    design = design_of(name)
    ingress, egress = policy_flows(design, name)
    opened = [f for f in flows(design) if f.network]
    mine_in = {
        (_k8s_name(design, f.source), f.target) for f in opened if f.kind in ("call", "edge")
    }
    mine_out = {(f.source, _k8s_name(design, f.target)) for f in opened if f.kind != "edge"}
    assert mine_in == ingress
    # The policies open DNS once for all pods; the flows list it per service.
    k8s_out = {(s, t) for s, t in egress if s != "all"}
    assert {p for p in mine_out if p[1] != K8S_DNS} == k8s_out
    assert ("all", K8S_DNS) in egress
    assert {s for s, t in mine_out if t == K8S_DNS} == {s.name for s in design.services}


def _authorization(design: Design) -> dict[str, set[str]]:
    """Callee -> principals, read back from the written AuthorizationPolicies."""
    docs = {d.path: d.content for d in istio.documents(design)}
    text = yaml.safe_dump_all(docs["istio/base/authorization-policies.yaml"])
    out: dict[str, set[str]] = {}
    for policy in yaml.safe_load_all(text):
        spec = policy["spec"]
        if not spec:
            continue  # allow-nothing
        callee = spec["selector"]["matchLabels"]["app.kubernetes.io/name"]
        out[callee] = set(spec["rules"][0]["from"][0]["source"]["principals"])
    return out


@pytest.mark.parametrize("name", ["ecommerce", "banking", "healthcare", "small-shop"])
def test_mesh_layer_matches_the_written_authorization_policies(name):
    design = design_of(name)
    admitted: dict[str, set[str]] = {}
    for f in flows(design):
        if f.mesh:
            who = (
                istio.INGRESS_PRINCIPAL
                if f.source == INTERNET
                else istio.principal(design, f.source)
            )
            admitted.setdefault(f.target, set()).add(who)
    assert admitted == _authorization(design)


def _gateway_design(*, declared: bool, mesh: str = "istio") -> Design:
    deps = [{"target": "api"}] if declared else []
    return make(
        mesh={"technology": mesh},
        services=[
            {"name": "gw", "kind": "gateway", "exposure": "public", "dependencies": deps},
            {"name": "api", "exposure": "public"},
        ],
    )


def test_a_caller_only_the_mesh_admits_is_blocked():
    blocked = [f for f in flows(_gateway_design(declared=False)) if not f.allowed]
    assert [(f.source, f.target, f.network, f.mesh) for f in blocked] == [
        ("gw", "api", False, True)
    ]
    assert all(f.allowed for f in flows(_gateway_design(declared=True)))


def test_without_istio_the_mesh_checks_nothing():
    found = flows(_gateway_design(declared=True, mesh="linkerd"))
    assert {f.mesh for f in found} == {None}
    assert ("gw", "api") in {(f.source, f.target) for f in found}


def test_an_internal_gateway_is_open_to_the_cluster_but_not_admitted_by_the_mesh():
    design = make(services=[{"name": "gw", "kind": "gateway", "exposure": "internal"}])
    (edge,) = [f for f in flows(design) if f.kind == "edge"]
    assert (edge.source, edge.network, edge.mesh, edge.allowed) == (CLUSTER, True, False, False)


def test_broker_flows_carry_the_topics():
    design = make(
        services=[
            {
                "name": "a",
                "publishes": ["t"],
                "dependencies": [{"target": "c", "protocol": "async", "topic": "u"}],
            },
            {"name": "b"},
            {"name": "c"},
        ],
        topics=[{"name": "t", "consumers": ["b"]}, {"name": "u"}],
    )
    broker = {f.source: f for f in flows(design) if f.kind == "broker"}
    assert sorted(broker) == sorted(async_participants(design)) == ["a", "b", "c"]
    assert (broker["a"].publishes, broker["a"].consumes, broker["a"].port) == (("t", "u"), (), 9092)
    assert broker["c"].consumes == ("u",)
    assert message_topics(design) == {("a", "b"): ("t",), ("a", "c"): ("u",)}


@pytest.mark.parametrize("broker", ["sqs", "none"])
def test_no_broker_flow_for_a_broker_outside_the_cluster(broker):
    design = make(
        platform={"broker": broker},
        services=[{"name": "a", "publishes": ["t"]}],
        topics=[{"name": "t"}],
    )
    assert [f for f in flows(design) if f.kind == "broker"] == []


def test_mesh_callers_without_a_gateway_admit_the_internet():
    design = make(services=[{"name": "a", "exposure": "partner"}, {"name": "b"}])
    assert mesh_callers(design) == {"a": [INTERNET]}
