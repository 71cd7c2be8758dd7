"""The context map as a graph, its Context Mapper labels, and collapsing by context."""

from __future__ import annotations

import copy

import networkx as nx
import pytest

import designkit
from designkit.analysis.context_map import (
    COLLAPSE_ABOVE,
    NO_CONTEXT,
    UnknownContextError,
    collapse_by_context,
    context_map_graph,
    focus_context,
    relationship,
    should_collapse,
)
from designkit.analysis.graph import dependency_graph
from designkit.errors import DesignKitError
from designkit.model import ContextRelation
from designkit.synth import synthesize
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES, make


@pytest.fixture
def every_pattern():
    return designkit.load(FIXTURES / "context-map-every-pattern.yaml")


# Context Mapper's generator (ContextMapGenerator.java) writes "U"/"D" at the ends
# with the patterns beside them, and names Partnership, Shared Kernel and
# Customer/Supplier on the line.
@pytest.mark.parametrize(
    ("kind", "up", "down", "name", "upstream_end", "downstream_end"),
    [
        (
            "customer-supplier",
            ["published-language", "open-host-service"],
            ["anticorruption-layer"],
            "Customer/Supplier",
            "U (OHS, PL)",
            "D (ACL)",
        ),
        ("upstream-downstream", ["open-host-service"], ["conformist"], "", "U (OHS)", "D (CF)"),
        ("upstream-downstream", [], [], "", "U", "D"),
        ("partnership", [], [], "Partnership", "", ""),
        ("shared-kernel", [], [], "Shared Kernel", "", ""),
        ("separate-ways", [], [], "Separate Ways", "", ""),
    ],
)
def test_relationship_labels_follow_context_mapper(
    kind, up, down, name, upstream_end, downstream_end
):
    rel = ContextRelation(
        upstream="A", downstream="B", kind=kind, upstream_roles=up, downstream_roles=down
    )
    label = relationship(rel)
    assert (label.name, label.upstream_end, label.downstream_end) == (
        name,
        upstream_end,
        downstream_end,
    )
    assert label.symmetric == (kind in {"partnership", "shared-kernel", "separate-ways"})


def test_relationship_text():
    rel = ContextRelation(
        upstream="A",
        downstream="B",
        kind="customer-supplier",
        upstream_roles=["open-host-service"],
        downstream_roles=["conformist"],
    )
    assert relationship(rel).text == "Customer/Supplier: U (OHS) → D (CF)"
    assert relationship(ContextRelation(upstream="A", downstream="B")).text == "U → D"


def test_context_map_graph_nodes_and_edges(every_pattern):
    g = context_map_graph(every_pattern)
    assert sorted(g.nodes) == sorted(c.name for c in every_pattern.contexts)
    assert g.nodes["Catalog"]["kind"] == "core"
    assert g.nodes["Identity"]["kind"] == "generic"
    assert g.nodes["Ordering"]["services"] == ("order",)
    assert g.nodes["Shipping"]["services"] == ()
    # two relations between Catalog and Ordering: one edge holding both, in file order
    both = g.edges["Catalog", "Ordering"]["relations"]
    assert [r.kind for r in both] == ["customer-supplier", "upstream-downstream"]
    assert g.number_of_edges() == 5
    assert g.edges["Billing", "Reporting"]["sync"] is False  # separate ways do not rank
    assert g.edges["Ordering", "Billing"]["sync"] is True


def test_context_map_graph_of_a_design_without_a_map():
    g = context_map_graph(make(contexts=[{"name": "Solo"}]))
    assert list(g.nodes) == ["Solo"] and g.number_of_edges() == 0


def test_context_map_graph_does_not_mutate(every_pattern):
    before = copy.deepcopy(every_pattern)
    context_map_graph(every_pattern)
    assert every_pattern == before


def _graph():
    g = nx.DiGraph()
    for name, ctx in [("a1", "A"), ("a2", "A"), ("b1", "B"), ("b2", "B"), ("gw", None)]:
        g.add_node(name, context=ctx)
    g.add_edge("gw", "a1", sync=True, protocol="rest", topic=None, hard=True)
    g.add_edge("a1", "a2", sync=True, protocol="grpc", topic=None, hard=True)
    g.add_edge("a1", "b1", sync=True, protocol="rest", topic=None, hard=False)
    g.add_edge("a2", "b2", sync=False, protocol="async", topic="orders", hard=False)
    g.add_edge("b1", "a2", sync=False, protocol="async", topic="stock", hard=False)
    return g


def test_collapse_aggregates_calls_by_context():
    c = collapse_by_context(_graph())
    assert sorted(c.nodes) == sorted(["A", "B", NO_CONTEXT])
    assert c.nodes["A"]["services"] == ("a1", "a2")
    assert c.nodes["A"]["internal_calls"] == 1  # a1 -> a2 stays inside A
    ab = c.edges["A", "B"]
    assert (ab["calls"], ab["sync_calls"], ab["async_calls"], ab["weight"]) == (2, 1, 1, 2)
    assert ab["sync"] is True and ab["topics"] == ("orders",)
    ba = c.edges["B", "A"]
    assert (ba["calls"], ba["sync"]) == (1, False)  # only async: drawn dashed
    assert c.edges[NO_CONTEXT, "A"]["calls"] == 1


def test_expand_shows_a_context_as_its_services():
    c = collapse_by_context(_graph(), expand=["A"])
    assert sorted(c.nodes) == sorted(["a1", "a2", "B", NO_CONTEXT])
    assert c.nodes["a1"]["type"] == "service" and c.nodes["B"]["type"] == "context"
    assert c.edges["a1", "a2"]["protocol"] == "grpc"  # a service-to-service link keeps its data
    assert c.edges["a1", "B"]["calls"] == 1 and c.edges["B", "a2"]["sync"] is False


def test_context_node_named_like_a_service_gets_a_suffix():
    g = nx.DiGraph()
    g.add_node("order", context="order")
    g.add_node("pay", context="billing")
    g.add_edge("order", "pay", sync=True)
    assert sorted(collapse_by_context(g).nodes) == ["billing", "order (context)"]


def test_focus_keeps_one_context_and_its_neighbours():
    f = focus_context(_graph(), "B")
    assert sorted(f.nodes) == ["A", "b1", "b2"]  # the gateway does not talk to B
    assert f.edges["A", "b1"]["calls"] == 1


def test_unknown_context_is_named_with_a_suggestion():
    with pytest.raises(UnknownContextError, match=r"'Bx' is not a bounded context.*'B'"):
        focus_context(_graph(), "Bx")
    with pytest.raises(DesignKitError):
        collapse_by_context(_graph(), expand=["nope"])


def test_collapse_threshold():
    assert should_collapse(nx.empty_graph(COLLAPSE_ABOVE, create_using=nx.DiGraph)) is False
    assert should_collapse(nx.empty_graph(COLLAPSE_ABOVE + 1, create_using=nx.DiGraph)) is True
    assert should_collapse(nx.empty_graph(3, create_using=nx.DiGraph), collapse=True) is True
    assert should_collapse(nx.empty_graph(999, create_using=nx.DiGraph), collapse=False) is False


def test_collapsed_synthetic_design_keeps_every_call():
    g = dependency_graph(synthesize(200, 0))
    c = collapse_by_context(g)
    between = sum(d["calls"] for _, _, d in c.edges(data=True))
    inside = sum(d["internal_calls"] for _, d in c.nodes(data=True))
    assert between + inside == g.number_of_edges()
    assert sum(len(d["services"]) for _, d in c.nodes(data=True)) == g.number_of_nodes()
    assert c.number_of_nodes() < g.number_of_nodes() / 2


def test_collapse_does_not_mutate_its_graph():
    g = dependency_graph(ecommerce())
    before = nx.node_link_data(g, edges="links")
    collapse_by_context(g, expand=["Ordering"])
    assert nx.node_link_data(g, edges="links") == before
