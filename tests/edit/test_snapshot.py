"""A board snapshot, changed the way the board's view changes it, applied back as edits."""

from __future__ import annotations

import copy

import pytest

import designkit
from designkit.edit import EditError, apply_snapshot, snapshot
from designkit.model import Design, Sticky
from tests.conftest import FIXTURES

BOARD = FIXTURES / "board" / "checkout-flow.yaml"


@pytest.fixture
def board() -> Design:
    return designkit.load(BOARD)


def record(items: list[dict], name: str) -> dict:
    return next(item for item in items if item["name"] == name)


def sticky(design: Design, name: str) -> Sticky:
    return next(s for s in design.event_storming.stickies if s.name == name)


def test_snapshot_lists_every_sticky_in_file_order_with_its_name_as_id(board):
    items = snapshot(board)
    assert [i["name"] for i in items] == [s.name for s in board.event_storming.stickies]
    assert all(i["id"] == i["name"] for i in items)
    assert record(items, "Who refunds split orders?")["owner"] == "Dana"


def test_an_unchanged_snapshot_changes_nothing(board):
    applied = apply_snapshot(board, snapshot(board))
    assert applied.design is board and applied.changes == []


def test_move(board):
    items = snapshot(board)
    record(items, "Order")["t"] = 8
    record(items, "Order")["lane"] = 2.0  # JSON numbers may arrive as floats
    applied = apply_snapshot(board, items)
    assert (sticky(applied.design, "Order").t, sticky(applied.design, "Order").lane) == (8.0, 2)
    assert applied.changes == ["moved 'Order' to t=8, lane 2"]


def test_rename_keeps_the_id_and_the_links_that_use_it(board):
    items = snapshot(board)
    record(items, "Order")["name"] = "Basket"
    record(items, "Order Summary")["leads_to"] = ["Order"]  # a link by id, made at the same time
    design = apply_snapshot(board, items).design
    assert sticky(design, "Place Order").leads_to == ["Basket"]
    assert sticky(design, "Order Summary").leads_to == ["Basket"]


def test_add_edit_and_link_a_new_sticky(board):
    items = snapshot(board)
    items.append(
        {"id": None, "name": "Order Shipped", "kind": "domain-event", "t": 7, "lane": 0,
         "context": "Shipping", "leads_to": [], "notes": "", "owner": None}
    )  # fmt: skip
    record(items, "Order Placed")["leads_to"].append("Order Shipped")
    applied = apply_snapshot(board, items)
    design = applied.design
    assert sticky(design, "Order Shipped").context == "Shipping"
    assert "Shipping" in [c.name for c in design.contexts]  # a live board creates contexts
    assert sticky(design, "Order Placed").leads_to == ["Take Payment", "Order Shipped"]
    assert applied.changes[0] == "added domain-event 'Order Shipped'"
    assert snapshot(design)[-1]["id"] == "Order Shipped"


def test_a_new_sticky_sent_again_before_its_id_came_back_is_not_added_twice(board):
    items = snapshot(board)
    items.append({"id": None, "name": "Refund", "kind": "command", "t": 9})
    once = apply_snapshot(board, items).design
    items[-1]["t"] = 10  # the view still has id None
    twice = apply_snapshot(once, items).design
    assert [s.name for s in twice.event_storming.stickies].count("Refund") == 1
    assert sticky(twice, "Refund").t == 10.0


def test_delete_drops_links_the_view_left_behind(board):
    items = [i for i in snapshot(board) if i["name"] != "Order Placed"]
    design = apply_snapshot(board, items).design
    assert "Order Placed" not in [s.name for s in design.event_storming.stickies]
    assert sticky(design, "Order").leads_to == []


def test_kind_notes_owner_context_and_links_from_the_details_panel(board):
    items = snapshot(board)
    r = record(items, "Order Summary")
    r.update(kind="aggregate", notes="per customer", owner=" Ana ", context="")
    record(items, "Order")["leads_to"] = []
    applied = apply_snapshot(board, items)
    s = sticky(applied.design, "Order Summary")
    assert (s.kind, s.notes, s.owner, s.context) == ("aggregate", "per customer", "Ana", None)
    assert sticky(applied.design, "Order").leads_to == []
    assert "ungrouped 'Order Summary'" in applied.changes
    assert "unlinked 'Order' -> 'Order Placed'" in applied.changes


def test_the_input_design_and_items_are_left_alone(board):
    before = board.model_dump()
    items = snapshot(board)
    record(items, "Order")["t"] = 30
    kept = copy.deepcopy(items)
    apply_snapshot(board, items)
    assert board.model_dump() == before
    assert items == kept


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda items: items.append("x"), "board[8]: expected a sticky record, got str"),
        (lambda items: items[0].update(name=None), "board[0].name: a sticky needs a name"),
        (lambda items: items[0].update(t="soon"), "board[0].t: sticky 'Shopper': expected a"),
        (lambda items: items[0].update(lane=0.5), "board[0].lane: sticky 'Shopper': a lane is"),
        (lambda items: items[0].update(notes=3), "board[0].notes: sticky 'Shopper': expected text"),
        (lambda items: items[1].update(leads_to="Order"), "board[1].leads_to: sticky 'Place"),
        (lambda items: items[1].update(id="Shopper"), "board[1].id: sticky 'Shopper': two records"),
        (lambda items: items[2].update(name="Order Placed"), "a sticky named 'Order Placed'"),
        (lambda items: items[2].update(kind="thing"), "'thing' is not a sticky kind"),
        (lambda items: items[2].update(leads_to=["Nowhere"]), "no sticky named 'Nowhere'"),
    ],
)
def test_a_refused_snapshot_raises_and_applies_nothing(board, change, message):
    items = snapshot(board)
    record(items, "Order Summary")["t"] = 99  # a valid change that must not half-apply
    change(items)
    before = board.model_dump()
    with pytest.raises(EditError) as caught:
        apply_snapshot(board, items)
    assert message in str(caught.value)
    assert board.model_dump() == before
