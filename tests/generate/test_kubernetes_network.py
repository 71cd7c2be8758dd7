"""Zero trust: the NetworkPolicies open exactly the dependency graph's sync edges.

The policies are read back from the written YAML into (from, to) pairs and
compared with the graph, so a rule too many fails as surely as one missing.
"""

from __future__ import annotations

from typing import Any

import pytest

from designkit.analysis.graph import dependency_graph
from designkit.generate.kubernetes_meta import label_value
from designkit.generate.kubernetes_network import BROKER_PORTS, async_participants
from designkit.model import Design
from tests.conftest import make
from tests.generate.test_kubernetes import CASES, design_of, parse_all, parsed_of, rendered

DNS = "kube-dns"
OUTSIDE = "*"
CLUSTER = "cluster"


def policies(design: Design, name: str | None = None) -> list[dict[str, Any]]:
    """The written policies of ``design`` (of case ``name``, cached, when given)."""
    path = "kubernetes/base/network-policies.yaml"
    found = parsed_of(name)[path] if name else parse_all(rendered(design)[path])
    assert {p["kind"] for p in found} == {"NetworkPolicy"}
    return found


def _name(selector: dict[str, Any]) -> str:
    return str(selector["matchLabels"]["app.kubernetes.io/name"])


def _peer(peer: dict[str, Any], design: Design) -> str:
    """A peer as a name: a service, the DNS, the broker or the whole cluster."""
    pods = peer.get("podSelector")
    namespaces = peer.get("namespaceSelector")
    if namespaces is None:
        assert pods is not None and set(peer) == {"podSelector"}, peer
        labels = pods["matchLabels"]
        assert labels["app.kubernetes.io/part-of"] == label_value(design.metadata.name), peer
        return _name(pods)
    if namespaces == {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}:
        assert pods == {"matchLabels": {"k8s-app": "kube-dns"}}, peer
        return DNS
    assert namespaces == {}, peer
    if pods is None:
        return CLUSTER
    return f"broker:{_name(pods)}"


def flows(
    design: Design, name: str | None = None
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(ingress pairs, egress pairs) the policies allow, checking ports on the way.

    An ingress pair is (source, policy's service); an egress pair is (service,
    destination). A policy for all pods (``podSelector: {}``) stands for ``all``.
    """
    ports = {s.name: s.deployment.port for s in design.services}
    ingress: set[tuple[str, str]] = set()
    egress: set[tuple[str, str]] = set()
    for policy in policies(design, name):
        spec = policy["spec"]
        selected = _name(spec["podSelector"]) if spec["podSelector"] else "all"
        for rule in spec.get("ingress", []):
            assert rule["ports"] == [{"protocol": "TCP", "port": ports[selected]}]
            for source in [_peer(p, design) for p in rule["from"]] if "from" in rule else [OUTSIDE]:
                ingress.add((source, selected))
        for rule in spec.get("egress", []):
            assert "to" in rule, "an egress rule without `to` opens everything"
            for target in (_peer(p, design) for p in rule["to"]):
                egress.add((selected, target))
                if target == DNS:
                    expected = [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]
                elif target.startswith("broker:"):
                    expected = [{"protocol": "TCP", "port": BROKER_PORTS[target[7:]]}]
                else:
                    expected = [{"protocol": "TCP", "port": ports[target]}]
                assert rule["ports"] == expected, (policy["metadata"]["name"], rule)
    return ingress, egress


@pytest.mark.parametrize("name", CASES)
def test_policies_allow_exactly_the_sync_edges(name: str) -> None:
    design = design_of(name)
    graph = dependency_graph(design)
    sync = {(a, b) for a, b, is_sync in graph.edges(data="sync") if is_sync}
    assert sync or name == "edge-cases"
    edge = set()
    for svc in design.services:
        if svc.kind == "gateway":
            edge.add((OUTSIDE if svc.exposure != "internal" else CLUSTER, svc.name))
    broker = design.platform.broker
    to_broker = (
        {(s, f"broker:{broker}") for s in async_participants(design)}
        if broker in BROKER_PORTS
        else set()
    )

    ingress, egress = flows(design, name)

    assert ingress == sync | edge
    assert egress == sync | {("all", DNS)} | to_broker


@pytest.mark.parametrize("name", CASES)
def test_the_namespace_starts_closed(name: str) -> None:
    design = design_of(name)
    deny, *others = policies(design, name)
    assert deny["metadata"]["name"] == "default-deny-all"
    assert deny["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    assert deny["metadata"]["namespace"] == design.platform.namespace.lower()
    for policy in others:
        spec = policy["spec"]
        assert policy["metadata"]["namespace"] == deny["metadata"]["namespace"]
        # Each policy type it names has rules: none stands for a second default deny.
        types = {t for t, key in (("Ingress", "ingress"), ("Egress", "egress")) if spec.get(key)}
        assert set(spec["policyTypes"]) == types


def test_async_dependencies_open_no_path_between_services() -> None:
    design = make(
        services=[
            {"name": "a", "publishes": ["t"], "dependencies": [{"target": "c"}]},
            {"name": "b"},
            {"name": "c", "dependencies": [{"target": "b", "protocol": "async", "topic": "t"}]},
        ],
        topics=[{"name": "t", "consumers": ["b"]}],
    )
    ingress, egress = flows(design)
    assert ingress == {("a", "c")}
    assert egress == {
        ("a", "c"),
        ("all", DNS),
        ("a", "broker:kafka"),
        ("b", "broker:kafka"),
        ("c", "broker:kafka"),
    }


@pytest.mark.parametrize("broker", ["sqs", "none"])
def test_no_broker_rule_without_an_in_cluster_broker(broker: str) -> None:
    design = make(
        platform={"broker": broker},
        services=[{"name": "a", "publishes": ["t"]}, {"name": "b"}],
        topics=[{"name": "t", "consumers": ["b"]}],
    )
    ingress, egress = flows(design)
    assert ingress == set()
    assert egress == {("all", DNS)}
