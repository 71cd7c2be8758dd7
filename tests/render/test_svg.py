import xml.etree.ElementTree as ET

import networkx as nx

from designkit.analysis.graph import dependency_graph
from designkit.render.svg import layered_svg

NS = "{http://www.w3.org/2000/svg}"


def test_svg_is_well_formed_and_deterministic(small_shop):
    g = dependency_graph(small_shop)
    first = layered_svg(g, group="context", title="Deps")
    assert first == layered_svg(dependency_graph(small_shop), group="context", title="Deps")
    root = ET.fromstring(first)
    assert root.tag == f"{NS}svg"
    labels = [t.text for t in root.iter(f"{NS}text")]
    assert {"web", "order", "stock", "Sales", "Fulfilment"} <= set(labels)
    paths = [p for p in root.iter(f"{NS}path") if "dk-e" in p.get("class", "")]
    assert len([p for p in paths if p.get("marker-end")]) == g.number_of_edges()


def test_ranks_follow_call_direction():
    svg = layered_svg(nx.DiGraph([("a", "b"), ("b", "c")]))
    root = ET.fromstring(svg)
    boxes = {}
    for g in root.iter(f"{NS}g"):
        title = g.find(f"{NS}title").text
        boxes[title] = float(g.find(f"{NS}rect").get("x"))
    assert boxes["a"] < boxes["b"] < boxes["c"]


def test_cycles_are_drawn_not_lost():
    g = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    root = ET.fromstring(layered_svg(g))
    edges = [p for p in root.iter(f"{NS}path") if p.get("marker-end")]
    assert len(edges) == 3


def test_labels_are_escaped():
    g = nx.DiGraph()
    g.add_node("<script>alert(1)</script>", context="A&B")
    svg = layered_svg(g, group="context", title="<t>")
    assert "<script>" not in svg
    ET.fromstring(svg)  # still well-formed XML


def test_empty_graph():
    ET.fromstring(layered_svg(nx.DiGraph()))
