"""The static board SVG: deterministic, escaped, complete, coloured, and sane at 300 stickies."""

from __future__ import annotations

import random
import time
import xml.etree.ElementTree as ET

import pytest

import designkit
from designkit.model import Design
from designkit.render.board import KIND_COLOURS, board_svg, context_colours, legend
from designkit.render.svg import Svg
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES, make

NS = "{http://www.w3.org/2000/svg}"
BOARD = FIXTURES / "board" / "checkout-flow.yaml"


@pytest.fixture
def board() -> Design:
    return designkit.load(BOARD)


def stickies_in(svg: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter(f"{NS}g") if g.get("class") == "dk-sticky"]


def titles(svg: str, css: str) -> list[str]:
    root = ET.fromstring(svg)
    return [g.find(f"{NS}title").text for g in root.iter(f"{NS}g") if g.get("class") == css]


def test_same_design_same_bytes_whatever_the_order_of_the_file(board):
    first = board_svg(board)
    assert isinstance(first, Svg) and first._repr_svg_() == first
    assert board_svg(designkit.load(BOARD)) == first
    data = board.model_dump(exclude_unset=True)
    random.Random(7).shuffle(data["event_storming"]["stickies"])
    assert board_svg(Design.model_validate(data)) == first


def test_every_sticky_is_drawn_in_its_kind_colour(board):
    svg = board_svg(board)
    drawn = stickies_in(svg)
    assert len(drawn) == 8
    by_name = {}
    for g in drawn:
        rect = g.find(f"{NS}rect")
        assert rect.get("fill") == KIND_COLOURS[g.get("data-kind")]
        by_name[g.find(f"{NS}title").text.split(" (")[0]] = g.get("data-kind")
    assert by_name == {s.name: s.kind for s in board.event_storming.stickies}
    assert KIND_COLOURS["domain-event"] == "#ff9f1c"


def test_every_sticky_of_the_ecommerce_example_is_drawn():
    design = ecommerce()
    svg = board_svg(design)
    names = {t.split(" (")[0] for t in titles(svg, "dk-sticky")}
    assert names == {s.name for s in design.event_storming.stickies}


def test_contexts_are_regions_and_links_are_arrows(board):
    svg = board_svg(board)
    assert titles(svg, "dk-region") == ["Ordering", "Payments"]
    links = [p for p in ET.fromstring(svg).iter(f"{NS}path") if p.get("class") == "dk-link"]
    assert len(links) == sum(len(s.leads_to) for s in board.event_storming.stickies) == 5
    assert not [p for p in ET.fromstring(board_svg(board, arrows=False)).iter(f"{NS}path")
                if p.get("class") == "dk-link"]  # fmt: skip
    assert 'fill="#4e79a7"' in svg  # Ordering, the design's first context


def test_a_context_that_comes_back_later_gets_a_second_region():
    design = make(
        contexts=[{"name": "A"}],
        event_storming={
            "stickies": [
                {"name": "a1", "kind": "command", "t": 1, "context": "A"},
                {"name": "b", "kind": "command", "t": 2},
                {"name": "c", "kind": "command", "t": 3},
                {"name": "a2", "kind": "command", "t": 4, "context": "A"},
                {"name": "a3", "kind": "domain-event", "t": 5, "context": "A"},
            ]
        },
    )
    assert titles(board_svg(design), "dk-region") == ["A", "A"]


def test_user_text_is_escaped_everywhere():
    evil = "<script>alert(1)</script>"
    design = make(
        metadata={"name": evil},
        event_storming={
            "stickies": [
                {"name": evil, "kind": "hotspot", "context": "A&B <ctx>", "notes": evil,
                 "owner": '"quoted"'},
                {"name": "x", "kind": "command", "leads_to": [evil]},
            ]
        },
    )  # fmt: skip
    svg = board_svg(design, title=f"title {evil}")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "A&amp;B &lt;ctx&gt;" in svg
    ET.fromstring(svg)  # still well-formed XML
    assert "<script>" not in board_svg(design)  # the default title is the design's name


def test_long_names_wrap_and_are_clipped():
    name = "Customer Requested An Extraordinarily Long Refund Explanation " * 3
    svg = board_svg(make(event_storming={"stickies": [{"name": name, "kind": "policy"}]}))
    lines = [t.text for t in ET.fromstring(svg).iter(f"{NS}tspan")]
    assert 1 < len(lines) <= 3 and lines[-1].endswith("…")
    assert all(len(line) <= 16 for line in lines)
    assert name.strip() in titles(svg, "dk-sticky")[0]  # the tooltip keeps the whole name


def test_an_empty_board_says_so():
    svg = board_svg(make())
    assert "No stickies on the board yet." in svg and "0 stickies" in svg
    ET.fromstring(svg)


def test_the_board_wraps_into_rows_of_columns(board):
    root = ET.fromstring(board_svg(board, columns=3))
    ticks = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "dk-t"]
    assert ticks == ["t=1", "t=2", "t=3", "t=4", "t=5", "t=6"]
    assert int(root.get("width")) < int(ET.fromstring(board_svg(board)).get("width")) + 1
    with pytest.raises(ValueError, match="columns: must be at least 1"):
        board_svg(board, columns=0)


def test_300_stickies_stay_bounded_and_fast():
    rng = random.Random(300)
    kinds = list(KIND_COLOURS)
    stickies = [
        {
            "name": f"Sticky {i} " + "word " * rng.randint(0, 12),
            "kind": kinds[i % len(kinds)],
            "t": float(rng.randint(0, 120)),
            "lane": rng.randint(0, 5),
            "context": f"Context {i % 17}" if i % 3 else None,
        }
        for i in range(300)
    ]
    for before, after in zip(stickies[::2], stickies[1::2], strict=True):
        before["leads_to"] = [after["name"].strip()]
    design = make(event_storming={"stickies": stickies})
    start = time.perf_counter()
    svg = board_svg(design)
    elapsed = time.perf_counter() - start
    root = ET.fromstring(svg)
    assert len(stickies_in(svg)) == 300
    assert int(root.get("width")) <= 1100  # wraps instead of growing sideways
    assert len(svg) < 400_000
    assert elapsed < 2.0


def test_the_input_design_is_left_alone(board):
    before = board.model_dump()
    board_svg(board)
    context_colours(board)
    assert board.model_dump() == before


def test_legend_and_context_colours():
    assert [k["kind"] for k in legend()] == list(KIND_COLOURS)
    assert [k["small"] for k in legend()].count(True) == 1  # actors are small stickies
    design = make(
        contexts=[{"name": "Zeta"}, {"name": "Alpha"}],
        event_storming={"stickies": [{"name": "s", "kind": "command", "context": "Beta"}]},
    )
    # The design's own order first, then contexts only stickies use: adding one
    # never recolours the others.
    assert list(context_colours(design)) == ["Zeta", "Alpha", "Beta"]
