"""DOT source: Context Mapper's relationship ends, edge styles, and quoting of user text."""

from __future__ import annotations

import re

import networkx as nx
import pytest

import designkit
from designkit.analysis.context_map import collapse_by_context, context_map_graph
from designkit.analysis.graph import dependency_graph
from designkit.render.dot import context_map_dot, dependency_dot, html_text, quote
from tests.conftest import FIXTURES


@pytest.fixture
def every_pattern_dot():
    design = designkit.load(FIXTURES / "context-map-every-pattern.yaml")
    graph = context_map_graph(design)
    ids = {n: f"n{i}" for i, n in enumerate(sorted(graph.nodes))}
    return context_map_dot(graph), ids


def _edge_lines(source: str, tail: str, head: str) -> list[str]:
    return [line for line in source.splitlines() if line.startswith(f"{tail} -> {head} [")]


def test_upstream_end_is_the_tail_and_downstream_the_head(every_pattern_dot):
    dot, ids = every_pattern_dot
    first, second = _edge_lines(dot.source, ids["Catalog"], ids["Ordering"])
    tail = re.search(r"taillabel=<(.*?)>, headlabel", first).group(1)
    head = re.search(r"headlabel=<(.*?)>, labeldistance", first).group(1)
    assert ">U</TD>" in tail and ">OHS, PL</TD>" in tail
    assert ">D</TD>" in head and ">ACL</TD>" in head
    assert 'label="Customer/Supplier"' in first and "dir=none" in first
    # the plain upstream-downstream relation: U and D without patterns, no name
    assert ">U</TD>" in second and 'TD BGCOLOR="white">D</TD>' in second
    assert "label=" not in second.replace("taillabel", "").replace("headlabel", "")


@pytest.mark.parametrize(
    ("pair", "name", "style"),
    [
        (("Ordering", "Billing"), "Partnership", "bold"),
        (("Ordering", "Shipping"), "Shared Kernel", "bold"),
        (("Billing", "Reporting"), "Separate Ways", "dashed"),
    ],
)
def test_symmetric_relations_are_named_on_the_line(every_pattern_dot, pair, name, style):
    dot, ids = every_pattern_dot
    (line,) = _edge_lines(dot.source, ids[pair[0]], ids[pair[1]])
    assert f'label="{name}"' in line and f"style={style}" in line
    assert "taillabel" not in line and "headlabel" not in line


def test_titles_name_what_the_ids_stand_for(every_pattern_dot):
    dot, ids = every_pattern_dot
    assert dot.titles[ids["Catalog"]].startswith("Catalog\ncore")
    both = dot.titles[f"{ids['Catalog']}->{ids['Ordering']}"]
    assert "Customer/Supplier: U (OHS, PL) → D (ACL)" in both
    assert "a second relation between the same pair" in both


def test_dependency_edges_sync_solid_async_dashed_with_topic():
    g = nx.DiGraph()
    g.add_node("a", context="X")
    g.add_node("b", context="Y")
    g.add_node("c", context=None)
    g.add_edge("a", "b", sync=True, protocol="grpc", hard=True, topic=None)
    g.add_edge("b", "c", sync=False, protocol="async", hard=False, topic="orders")
    g.add_edge("c", "a", sync=True, protocol="rest", hard=False, topic=None)
    source = dependency_dot(g, {"X": "#4e79a7", "Y": "#f28e2b"}).source
    assert "n0 -> n1 [style=solid];" in source
    assert 'n1 -> n2 [style=dashed, color="#888888", label="orders", fontcolor="#666666"];' in (
        source
    )
    assert 'n2 -> n0 [style=solid, color="#999999"];' in source  # soft: lighter
    assert 'subgraph cluster_0 { label="X";' in source and 'label="c"' in source


def test_collapsed_edges_are_as_wide_as_their_calls():
    design = designkit.load(FIXTURES / "small-shop.yaml")
    folded = collapse_by_context(dependency_graph(design))
    source = dependency_dot(folded, {"Sales": "#4e79a7", "Fulfilment": "#f28e2b"}).source
    (line,) = [x for x in source.splitlines() if " -> " in x]
    assert "penwidth=1.00" in line and "label=" not in line  # one call: thin, unlabelled
    g = nx.DiGraph()
    g.add_node("X", type="context", context="X", services=("a", "b"))
    g.add_node("Y", type="context", context="Y", services=("c",))
    g.add_edge("X", "Y", calls=4, sync_calls=0, async_calls=4, sync=False)
    line = dependency_dot(g, {}).source.splitlines()
    (edge,) = [x for x in line if " -> " in x]
    assert "style=dashed" in edge and "penwidth=3.00" in edge and 'label="4 calls"' in edge


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('a "b"', r'"a \"b\""'),
        ("back\\", r'"back\\"'),  # a trailing backslash cannot escape the closing quote
        ("\\N", r'"\\N"'),  # shown as \N, not replaced by the node name
        ("<b>x</b>", '"<b>x</b>"'),  # a quoted string is never an HTML-like label
        ("two\nlines", '"two lines"'),
    ],
)
def test_quote(text, quoted):
    assert quote(text) == quoted


def test_html_text_escapes_markup_and_backslashes():
    assert html_text("<i>&\"'\\N") == "&lt;i&gt;&amp;&quot;&#x27;\\\\N"


def test_layout_engine_by_size_and_shape():
    from designkit.render.dot import LAYERED_MAX_EDGES, LAYERED_MAX_FOLDED_EDGES, engine_for

    assert engine_for(100, LAYERED_MAX_EDGES, folded=False) == "dot"
    assert engine_for(100, LAYERED_MAX_EDGES + 1, folded=False) == "neato"
    assert engine_for(30, LAYERED_MAX_FOLDED_EDGES, folded=True) == "dot"
    assert engine_for(30, LAYERED_MAX_FOLDED_EDGES + 1, folded=True) == "neato"
    assert engine_for(5000, 9000, folded=False) == "sfdp"
