"""The board widget, headless: set `stickies` as the browser would, save, undo, refuse."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import designkit
from designkit.edit import add_sticky, snapshot
from designkit.widgets.board import EventStormingBoard
from tests.conftest import FIXTURES

BOARD = FIXTURES / "board" / "checkout-flow.yaml"
STATIC = Path(designkit.__file__).parent / "widgets" / "static"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "checkout.yaml"
    target.write_bytes(BOARD.read_bytes())
    return target


@pytest.fixture
def widget(path: Path) -> EventStormingBoard:
    return EventStormingBoard(designkit.load(path), path=path)


def browser_sets(widget: EventStormingBoard, sticky: str, **changes: object) -> None:
    """What the view does: change a copy of the list and send the whole list back."""
    items = copy.deepcopy(widget.stickies)
    next(i for i in items if i["name"] == sticky).update(changes)
    widget.stickies = items


def test_the_view_gets_the_board_the_legend_and_the_contexts(widget):
    assert widget.stickies == snapshot(widget.design)
    assert [k["kind"] for k in widget.kinds][:2] == ["domain-event", "command"]
    assert {"name": "Payments", "colour": "#f28e2b"} in widget.contexts
    assert widget.can_save and not widget.can_undo
    assert repr(widget) == "EventStormingBoard('checkout': 8 stickies, 2 contexts)"
    assert widget._repr_mimebundle_()[0]["text/plain"] == repr(widget)  # stable for nbval


def test_a_drag_in_the_browser_moves_the_sticky_in_the_design(widget):
    original = widget.design
    browser_sets(widget, "Order", t=4.5, lane=2)
    moved = next(s for s in widget.design.event_storming.stickies if s.name == "Order")
    assert (moved.t, moved.lane) == (4.5, 2)
    assert widget.status == "moved 'Order' to t=4.5, lane 2" and widget.status_ok
    assert widget.can_undo
    assert next(s for s in original.event_storming.stickies if s.name == "Order").t == 3.0


def test_a_new_sticky_comes_back_with_its_id(widget):
    items = copy.deepcopy(widget.stickies)
    items.append({"id": None, "name": "Refund", "kind": "command", "t": 7, "lane": 1,
                  "context": "Refunds", "leads_to": [], "notes": "", "owner": None})  # fmt: skip
    widget.stickies = items
    assert widget.stickies[-1]["id"] == "Refund"
    assert "Refunds" in [c.name for c in widget.design.contexts]
    assert "Refunds" in [c["name"] for c in widget.contexts]


def test_a_refused_change_is_undone_on_the_board_and_explained(widget):
    before = widget.design
    browser_sets(widget, "Order", name="Order Placed")
    assert widget.design is before
    assert not widget.status_ok
    assert widget.status.startswith("Not applied: event_storming.stickies[2].name: sticky 'Order'")
    assert widget.stickies == snapshot(before)  # the view is put back


def test_undo(widget):
    assert not widget.undo() and widget.status == "Nothing to undo."
    first = widget.design
    browser_sets(widget, "Order", lane=3)
    widget._handle_custom_msg({"type": "undo"}, [])  # the Undo button
    assert widget.design == first and not widget.can_undo


def test_save_writes_the_file_atomically_and_it_reloads_equal(widget, path):
    browser_sets(widget, "Shopper", name="Customer")
    widget._handle_custom_msg({"type": "save"}, [])  # the Save button
    assert widget.status == "Saved 8 stickies to checkout.yaml." and widget.status_ok
    again = designkit.load(path)
    assert again == widget.design
    assert "Customer" in path.read_text() and "# the command that starts checkout" in (
        path.read_text()
    )
    browser_sets(widget, "Customer", t=0.5)  # saving twice is not a conflict with oneself
    assert widget.save()
    widget.undo()  # nor is saving after an undo
    assert widget.save()
    assert designkit.load(path) == widget.design


def test_a_failing_save_keeps_the_old_file_and_shows_why(widget, path):
    path.write_text(path.read_text().replace("name:", "nmae:", 1))  # broken by someone else
    on_disk = path.read_bytes()
    browser_sets(widget, "Order", lane=3)
    assert not widget.save()
    assert not widget.status_ok
    assert widget.status.startswith("Not saved: ")
    assert path.read_bytes() == on_disk


def test_a_sticky_added_by_another_facilitator_is_merged_not_lost(widget, path):
    other = designkit.load(path)  # a second kernel on the same file
    designkit.save(add_sticky(other, "Refund Issued", "domain-event", t=9))
    browser_sets(widget, "Order", lane=3)
    assert widget.save() and "merged" in widget.status
    saved = designkit.load(path)
    names = {s.name: s for s in saved.event_storming.stickies}
    assert "Refund Issued" in names and names["Order"].lane == 3
    assert {s["name"] for s in widget.stickies} >= {"Refund Issued", "Order"}


def test_a_board_without_a_path_cannot_save(path):
    widget = EventStormingBoard(designkit.load(path))
    assert not widget.can_save and not widget.save()
    assert "no path" in widget.status


def test_a_notebook_can_hand_the_board_an_edited_design(widget):
    widget.design = add_sticky(widget.design, "Refund Issued", "domain-event")
    assert widget.stickies[-1]["name"] == "Refund Issued" and widget.can_undo


def test_the_view_ships_in_the_package_and_needs_no_network():
    js = (STATIC / "board.js").read_text()
    css = (STATIC / "board.css").read_text()
    assert str(EventStormingBoard._esm) == js and str(EventStormingBoard._css) == css
    assert "export default" in js
    assert not re.search(r"^\s*import\b|\bimport\(", js, re.M)  # no CDN or module imports
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", js + css)
    # User text goes in as text: none of the HTML-parsing sinks is used.
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in js


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_view_is_valid_javascript():
    result = subprocess.run(
        ["node", "--check", str(STATIC / "board.js")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
