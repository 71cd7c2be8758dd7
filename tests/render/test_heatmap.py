"""The heat map: well-formed, deterministic, escaped, with a legend; the blast radius on it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import designkit
from designkit.analysis.blast_radius import blast_radius
from designkit.render.heatmap import BLAST_CATEGORIES, Category, blast_radius_svg, heatmap_svg
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES, make

NS = "{http://www.w3.org/2000/svg}"


def cells(svg: str) -> dict[str, str]:
    """Tooltip of each grid cell -> its fill colour."""
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter(f"{NS}g"):
        rect = g.find(f"{NS}rect")
        if rect is not None:
            out[g.find(f"{NS}title").text] = rect.get("fill")
    return out


def labels(svg: str) -> list[str]:
    """Visible text of every <text> (row and column labels carry a <title> first)."""
    out = []
    for t in ET.fromstring(svg).iter(f"{NS}text"):
        title = t.find(f"{NS}title")
        out.append(title.tail if title is not None else t.text)
    return out


def test_cells_take_their_category_colour_and_missing_cells_are_blank():
    cats = [Category("hot", "#e15759", "!", "hot"), Category("cold", "#eeeeee", "", "cold")]
    svg = heatmap_svg(["r1", "r2"], ["c1"], {("r1", "c1"): "hot", ("r2", "c1"): "cold"}, cats)
    assert cells(svg) == {"r1 / c1: hot": "#e15759", "r2 / c1: cold": "#eeeeee"}
    blank = heatmap_svg(["r1"], ["c1"], {}, cats)
    assert cells(blank) == {"r1 / c1: n/a": "#ffffff"}


def test_user_text_is_escaped_everywhere():
    evil = '<script>alert("x")</script>'
    svg = heatmap_svg(
        [evil],
        [evil],
        {(evil, evil): "k"},
        [Category("k", "#e15759", "<", evil)],
        title=evil,
        tooltips={(evil, evil): evil},
        row_notes={evil: evil},
    )
    assert "<script>" not in svg
    ET.fromstring(svg)  # still well-formed XML


def test_blast_radius_heat_map():
    design = designkit.load(FIXTURES / "phase7" / "soft-dependency-degrades.yaml")
    svg = blast_radius_svg(blast_radius(design))
    colours = {c.key: c.colour for c in BLAST_CATEGORIES}
    got = cells(svg)
    assert got["web down: checkout fails (entry)"] == colours["fails"]
    assert (
        got[
            "payment down: checkout degraded (soft: web -> order -> payment "
            "(fallback: accept the order and charge later))"
        ]
        == colours["degraded"]
    )
    assert got["search down: checkout unaffected"] == colours["unaffected"]
    texts = labels(svg)
    # rows worst first, the failed traffic at the end of each row, a legend
    assert texts.index("web") < texts.index("order") < texts.index("payment")
    assert "40 req/s fail" in texts and "checkout (40/s)" in texts
    assert {c.label for c in BLAST_CATEGORIES} <= set(texts)


def test_ecommerce_heat_map_is_deterministic():
    result = blast_radius(ecommerce())
    svg = blast_radius_svg(result)
    assert svg == blast_radius_svg(blast_radius(ecommerce()))
    assert len(cells(svg)) == len(result.services) * len(result.journeys) == 15 * 10
    assert svg._repr_svg_() == str(svg)


def test_large_maps_are_trimmed_and_say_so():
    result = blast_radius(ecommerce())
    svg = blast_radius_svg(result, max_rows=3, max_columns=2)
    assert len(cells(svg)) == 3 * 2
    assert "Blast radius (top 3 of 15 services, top 2 of 10 journeys)" in labels(svg)
    # the worst rows and the busiest journeys are the ones kept
    assert "gateway down: browse-catalog fails (entry)" in cells(svg)


def test_empty_design_still_draws():
    svg = blast_radius_svg(blast_radius(make(services=[{"name": "a"}])))
    ET.fromstring(svg)
    assert cells(svg) == {}
