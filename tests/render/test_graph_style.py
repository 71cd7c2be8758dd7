"""Colours and tooltip text shared by the static and interactive graphs."""

from __future__ import annotations

from designkit.analysis.context_map import NO_CONTEXT
from designkit.render.graph_style import (
    NO_CONTEXT_COLOUR,
    context_colours,
    edge_summary,
    node_tooltip,
    text_colour,
)
from designkit.render.svg import PALETTE


def test_context_colours_do_not_depend_on_order():
    names = ["Sales", "Billing", NO_CONTEXT, "Audit"]
    assert context_colours(names) == context_colours(reversed(names))
    colours = context_colours(names)
    assert colours[NO_CONTEXT] == NO_CONTEXT_COLOUR
    assert [colours[c] for c in ("Audit", "Billing", "Sales")] == list(PALETTE[:3])


def test_text_reads_on_dark_and_light_fills():
    assert text_colour("#000000") == "#ffffff"
    assert text_colour("#ffffff") == "#111111"


def test_context_tooltip_lists_at_most_thirty_services():
    services = tuple(f"s{i:02d}" for i in range(35))
    tip = node_tooltip("X", {"type": "context", "context": "X", "services": services})
    assert tip.startswith("X: 35 services, 0 calls inside\ns00, s01")
    assert tip.endswith("s29, ... (5 more)")


def test_edge_summary_of_a_folded_edge_with_one_call():
    assert edge_summary({"calls": 1, "sync_calls": 0, "async_calls": 1, "sync": False}) == (
        "1 call (1 async)"
    )
