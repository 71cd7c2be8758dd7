"""Decomposition tables and the static drawing of a cut."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import designkit
from designkit.analysis.decomposition import compare_with_contexts, decompose
from designkit.model import Design
from designkit.render import decomposition as render
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES


def test_candidates_table_lists_every_candidate():
    cut = decompose(ecommerce())
    table = render.candidates(cut)
    assert list(table.index) == [c.name for c in cut.candidates]
    assert table["nanoentities"].sum() == cut.scores["nanoentities"]
    assert table["cohesion"].between(0, 1).all()
    first = cut.candidates[0]
    assert (
        table.loc[first.name, "held together by"].split(", ")[0]
        == {c.key: c.name for c in render.CRITERIA}[first.reasons[0]]
    )


def test_explanations_and_cut_ties():
    cut = decompose(ecommerce())
    explained = render.explanations(cut)
    assert list(explained.index) == [c.name for c in cut.candidates]
    assert "Semantic Proximity" in explained.columns
    ties = render.cut_ties(cut, limit=5)
    assert len(ties) == 5
    assert list(ties["weight"]) == sorted(ties["weight"], reverse=True)
    assert list(ties.columns) == [
        "candidate",
        "other",
        "entity",
        "other entity",
        "criterion",
        "weight",
        "pairs",
    ]


def test_comparison_and_moves():
    design = designkit.load(FIXTURES / "decomposition" / "misplaced-entity.yaml")
    result = compare_with_contexts(design, decompose(design))
    table = render.comparison(result)
    assert table.loc["nanoentities that move", "candidate cut"] == 2
    assert table.loc["modularity", "candidate cut"] > table.loc["modularity", "current contexts"]
    moved = render.moves(result)
    assert moved.to_dict("records") == [
        {
            "entity": "Invoice",
            "context": "Stock",
            "candidate": "Invoice",
            "candidate's context": "Sales",
            "count": 2,
            "attributes": "amount, id",
        }
    ]


def test_criteria_table_shows_levels():
    table = render.criteria({"latency": 8.0, "mutability": 1.5})
    assert table.loc["latency", "priority"] == "XL"
    assert table.loc["mutability", "priority"] == "1.5"


HOSTILE = Design.model_validate(
    {
        "metadata": {"name": "x"},
        "domain": {
            "entities": [
                {
                    "name": "<script>alert(1)</script>",
                    "attributes": [{"name": "a&b"}, {"name": "c"}],
                },
                {"name": 'Quote"d', "attributes": [{"name": "x"}]},
            ],
            "use_cases": [{"name": "u", "writes": ["<script>alert(1)</script>.a&b", 'Quote"d.x']}],
        },
    }
)


def test_svg_is_escaped_well_formed_and_deterministic():
    cut = decompose(HOSTILE, n=2)
    svg = render.cut_svg(cut, title="<b>cut</b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)  # well-formed XML
    assert render.cut_svg(decompose(HOSTILE, n=2), title="<b>cut</b>") == svg


def test_svg_draws_a_box_per_candidate_and_a_line_per_cut_pair():
    cut = decompose(ecommerce())
    svg = render.cut_svg(cut)
    assert svg.count('class="dk-box"') == len(cut.candidates)
    cut_weights = [float(w) for w in re.findall(r": ([0-9.]+) cut</title>", svg)]
    assert len(cut_weights) == svg.count('class="dk-cut"') > 0
    assert sum(cut_weights) == pytest.approx(cut.scores["coupling"], abs=0.1 * len(cut_weights))
    assert svg._repr_svg_() == svg


def test_rendering_leaves_the_design_alone():
    design = ecommerce()
    before = design.model_dump()
    cut = decompose(design)
    render.candidates(cut), render.explanations(cut), render.cut_svg(cut)
    render.comparison(compare_with_contexts(design, cut))
    assert design.model_dump() == before


def test_an_empty_domain_renders_empty_tables_and_a_valid_svg():
    empty = Design.model_validate({"metadata": {"name": "empty"}})
    cut = decompose(empty)
    assert render.candidates(cut).empty and render.cut_ties(cut).empty
    ET.fromstring(render.cut_svg(cut))
    assert render.moves(compare_with_contexts(empty, cut)).empty
