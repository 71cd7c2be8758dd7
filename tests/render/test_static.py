"""Static SVG of the context map and the dependency graph: Graphviz dot, and the fallback."""

from __future__ import annotations

import copy
import os
import stat
import xml.etree.ElementTree as ET

import pytest

import designkit
from designkit.analysis import context_map as cm
from designkit.analysis.context_map import UnknownContextError
from designkit.render import static
from designkit.render.static import context_map_svg, dependency_svg, find_dot, render_dot
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES

NS = "{http://www.w3.org/2000/svg}"
HAS_DOT = find_dot() is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot is not installed")
HOSTILE = ("<script>", "<img", "<b>bold", "alert(1)</script>")


@pytest.fixture
def every_pattern():
    return designkit.load(FIXTURES / "context-map-every-pattern.yaml")


@pytest.fixture
def hostile():
    return designkit.load(FIXTURES / "hostile-names.yaml")


@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    """A PATH with no dot on it, as on a machine without Graphviz."""
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_dot() is None


def _fake_dot(tmp_path, monkeypatch, script: str) -> None:
    exe = tmp_path / "dot"
    exe.write_text(f"#!/bin/sh\n{script}\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path) + os.pathsep + os.environ.get("PATH", ""))


def _texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{NS}text")]


def _desc(svg: str) -> str:
    return ET.fromstring(svg).find(f"{NS}desc").text


def _edges(svg: str) -> dict[str, bool]:
    """Edge tooltip -> dashed, from dot's SVG."""
    out = {}
    for g in ET.fromstring(svg).iter(f"{NS}g"):
        if g.get("class") == "edge":
            path = g.find(f"{NS}path")
            out[g.find(f"{NS}title").text] = path.get("stroke-dasharray") is not None
    return out


@needs_dot
def test_context_map_with_dot_labels_every_pattern(every_pattern):
    svg = context_map_svg(every_pattern)
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!--" not in svg
    assert _desc(svg) == "Drawn with Graphviz dot."
    texts = _texts(svg)
    for label in ("Customer/Supplier", "Partnership", "Shared Kernel", "Separate Ways"):
        assert label in texts
    for end in ("U", "D", "OHS, PL", "ACL", "OHS", "CF"):
        assert end in texts
    for ctx in ("Catalog", "Ordering", "Identity", "Reporting"):
        assert ctx in texts
    assert "core · 1 service" in texts and "generic · 0 services" in texts


@needs_dot
def test_context_map_colours_contexts_by_kind(every_pattern):
    from designkit.render.graph_style import KIND_COLOURS

    svg = context_map_svg(every_pattern)
    for colour in KIND_COLOURS.values():
        assert f'fill="{colour}"' in svg


@needs_dot
def test_dependency_graph_with_dot_distinguishes_sync_and_async():
    svg = dependency_svg(ecommerce())
    edges = _edges(svg)
    sync = [t for t in edges if t.endswith(" call") or "call (soft" in t]
    not_sync = [t for t in edges if ": async via " in t]
    assert sync and not_sync
    assert not any(edges[t] for t in sync)  # solid
    assert all(edges[t] for t in not_sync)  # dashed
    texts = _texts(svg)
    assert "Legend" in texts and "synchronous call" in texts and "Ordering" in texts


@needs_dot
def test_same_design_same_bytes(every_pattern):
    assert context_map_svg(every_pattern) == context_map_svg(copy.deepcopy(every_pattern))
    assert dependency_svg(ecommerce()) == dependency_svg(ecommerce())


def test_fallback_same_bytes(no_dot, every_pattern):
    assert context_map_svg(every_pattern) == context_map_svg(every_pattern)
    assert dependency_svg(ecommerce()) == dependency_svg(ecommerce())


@needs_dot
@pytest.mark.parametrize("draw", [context_map_svg, dependency_svg])
def test_user_text_is_escaped_with_dot(hostile, draw):
    svg = draw(hostile)
    for raw in HOSTILE:
        assert raw not in svg
    ET.fromstring(svg)
    # shown literally: not read as a Graphviz escape (\N) or an HTML-like label
    assert any("Say \"hi\" & 'bye' \\N" in t for t in _texts(svg))
    assert any("<b>bold</b>" in t for t in _texts(svg))


@pytest.mark.parametrize("draw", [context_map_svg, dependency_svg])
def test_user_text_is_escaped_without_dot(no_dot, hostile, draw):
    svg = draw(hostile)
    for raw in HOSTILE:
        assert raw not in svg
    ET.fromstring(svg)
    assert "Drawn without Graphviz" in _desc(svg)


def test_fallback_says_why_and_still_labels_patterns(no_dot, every_pattern):
    svg = context_map_svg(every_pattern)
    assert _desc(svg).startswith("Drawn without Graphviz (Graphviz dot was not found on PATH)")
    texts = _texts(svg)
    assert "Catalog → Ordering: Customer/Supplier: U (OHS, PL) → D (ACL)" in texts
    assert "Ordering — Billing: Partnership" in texts
    assert "Billing — Reporting: Separate Ways" in texts
    assert "relationship" in texts and "separate ways" in texts  # the legend's line samples


def test_fallback_dependency_graph_dashes_async(no_dot):
    svg = dependency_svg(ecommerce())
    root = ET.fromstring(svg)
    edges = [p for p in root.iter(f"{NS}path") if p.get("marker-end")]
    dashed = [p for p in edges if "dk-async" in p.get("class", "")]
    assert dashed and len(dashed) < len(edges)
    assert all(": async via " in p.find(f"{NS}title").text for p in dashed)


def test_failing_dot_falls_back(tmp_path, monkeypatch, every_pattern):
    _fake_dot(tmp_path, monkeypatch, "echo 'Error: syntax error in line 1' >&2; exit 3")
    svg = context_map_svg(every_pattern)
    assert "Graphviz dot failed (exit 3): Error: syntax error in line 1" in _desc(svg)


def test_slow_dot_times_out_and_falls_back(tmp_path, monkeypatch, every_pattern):
    _fake_dot(tmp_path, monkeypatch, "exec sleep 5")
    svg = dependency_svg(ecommerce(), timeout=0.2)
    assert "did not finish within 0.2 s" in _desc(svg)


@needs_dot
def test_render_dot_strips_prolog_and_comments():
    svg = render_dot("digraph { a -> b }")
    assert svg.startswith("<svg") and "<!--" not in svg and "<?xml" not in svg


def test_render_dot_without_dot_raises(no_dot):
    with pytest.raises(static.GraphvizError, match="not found"):
        render_dot("digraph { a }")


def _node_titles(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [
        g.find(f"{NS}title").text.split("\n")[0]
        for g in root.iter(f"{NS}g")
        if g.get("class") == "node" and g.find(f"{NS}title").text != "Legend"
    ]


@pytest.mark.parametrize("dot", [True, False], ids=["dot", "fallback"])
def test_collapses_above_the_threshold(dot, monkeypatch, tmp_path):
    if dot and not HAS_DOT:
        pytest.skip("Graphviz dot is not installed")
    if not dot:
        monkeypatch.setenv("PATH", str(tmp_path))
    design = ecommerce()  # 15 services in 12 groups
    monkeypatch.setattr(cm, "COLLAPSE_ABOVE", 15)
    flat = dependency_svg(design)
    monkeypatch.setattr(cm, "COLLAPSE_ABOVE", 14)
    folded = dependency_svg(design)
    if dot:
        assert "order" in _node_titles(flat) and "Ordering: 2 services, 1 call inside" in {
            t for t in _raw_titles(folded)
        }
        assert len(_node_titles(folded)) == 12
    else:
        assert "order" in _texts(flat) and "order" not in _texts(folded)
        assert "Ordering" in _texts(folded)
    assert dependency_svg(design, collapse=False) == flat  # the parameter wins


def _raw_titles(svg: str) -> list[str]:
    return [t.text.split("\n")[0] for t in ET.fromstring(svg).iter(f"{NS}title")]


@needs_dot
def test_expand_drills_into_one_context():
    svg = dependency_svg(ecommerce(), expand=["Ordering"])
    names = _node_titles(svg)
    assert {"order", "cart"} <= set(names)
    assert "product-catalog" not in names and "Catalog: 2 services, 1 call inside" in _raw_titles(
        svg
    )


@needs_dot
def test_context_parameter_draws_one_context_and_its_neighbours():
    svg = dependency_svg(ecommerce(), context="Ordering")
    names = _node_titles(svg)
    assert {"order", "cart"} <= set(names)
    assert not {"search", "product-catalog"} & set(names)  # services of other contexts fold
    assert "Service dependencies: Ordering" in _texts(svg)


def test_unknown_context_is_an_error():
    with pytest.raises(UnknownContextError, match=r"'Orderin'.*did you mean 'Ordering'"):
        dependency_svg(ecommerce(), context="Orderin")
    with pytest.raises(UnknownContextError):
        dependency_svg(ecommerce(), expand=["nope"])


def test_static_drawings_do_not_mutate_the_design(every_pattern):
    design = ecommerce()
    before = copy.deepcopy(design), copy.deepcopy(every_pattern)
    dependency_svg(design, expand=["Ordering"])
    context_map_svg(every_pattern)
    assert (design, every_pattern) == before


def test_dense_folded_graphs_use_a_force_layout(tmp_path, monkeypatch):
    from designkit.render import dot

    log = tmp_path / "args"
    _fake_dot(
        tmp_path,
        monkeypatch,
        f'echo "$@" > {log}; echo \'<svg xmlns="http://www.w3.org/2000/svg"></svg>\'',
    )
    monkeypatch.setattr(dot, "LAYERED_MAX_FOLDED_EDGES", 10)
    svg = dependency_svg(ecommerce(), collapse=True)  # 40 edges between contexts
    assert log.read_text().split() == ["-Kneato", "-Tsvg"]
    assert _desc(svg) == "Drawn with Graphviz neato."
    dependency_svg(ecommerce())  # services: still layered
    assert log.read_text().split() == ["-Kdot", "-Tsvg"]


def test_plain_text_is_short_and_the_same_with_or_without_dot(monkeypatch, tmp_path, every_pattern):
    shown = repr(context_map_svg(every_pattern)), repr(dependency_svg(ecommerce()))
    assert shown == (
        "<static graph 'Context map': 6 contexts, 6 relationships>",
        "<static graph 'Service dependencies': 15 nodes, 47 edges>",
    )
    monkeypatch.setenv("PATH", str(tmp_path))
    assert (repr(context_map_svg(every_pattern)), repr(dependency_svg(ecommerce()))) == shown
    assert dependency_svg(ecommerce())._repr_svg_().startswith("<svg")
