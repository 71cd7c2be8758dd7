"""Board edits: each op, its refusals, and that the input design is never touched."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import designkit
import designkit.io as dio
from designkit.edit import (
    EditError,
    add_sticky,
    delete_sticky,
    edit_sticky,
    group,
    link,
    move_sticky,
    ungroup,
    unlink,
)
from designkit.model import Design, Sticky
from tests.conftest import FIXTURES, make

BOARD = FIXTURES / "board" / "checkout-flow.yaml"


@pytest.fixture
def board() -> Design:
    return designkit.load(BOARD)


def names(design: Design) -> list[str]:
    return [s.name for s in design.event_storming.stickies]


def sticky(design: Design, name: str) -> Sticky:
    return design.event_storming.stickies[names(design).index(name)]


# Every op, applied to the fixture, for the "never mutates" and "stays valid" checks.
OPS = {
    "add": lambda d: add_sticky(d, "Order Shipped", "domain-event", context="Ordering"),
    "rename": lambda d: edit_sticky(d, "Order", new_name="Basket"),
    "kind": lambda d: edit_sticky(d, "Order Summary", kind="aggregate"),
    "notes": lambda d: edit_sticky(d, "Order", notes="holds the lines"),
    "owner": lambda d: edit_sticky(d, "Who refunds split orders?", owner=None),
    "move": lambda d: move_sticky(d, "Order Placed", t=7.5, lane=3),
    "delete": lambda d: delete_sticky(d, "Order Placed"),
    "link": lambda d: link(d, "Order Placed", "Order Summary"),
    "unlink": lambda d: unlink(d, "Order", "Order Placed"),
    "group": lambda d: group(d, ["Shopper", "Order"], "Checkout", create=True),
    "ungroup": lambda d: ungroup(d, ["Order"]),
}


@pytest.mark.parametrize("op", sorted(OPS))
def test_an_edit_leaves_its_input_alone_and_returns_a_valid_design(op, board):
    before, text = board.model_dump(), dio.dumps(board)
    after = OPS[op](board)
    assert after is not board and after != board
    assert board.model_dump() == before and dio.dumps(board) == text
    # The result passes the model's full validation, not just the edit's checks.
    assert Design.model_validate(after.model_dump()) == after


@pytest.mark.parametrize("op", sorted(OPS))
def test_an_edited_design_saves_over_the_file_it_came_from(op, tmp_path, board):
    path = tmp_path / "board.yaml"
    path.write_bytes(BOARD.read_bytes())
    design = OPS[op](designkit.load(path))
    designkit.save(design, path)  # no conflict: where it was loaded from travels along
    assert designkit.load(path) == design
    assert "# the command that starts checkout" in path.read_text()


def test_add_appends_after_the_last_sticky_and_writes_only_what_was_given(board):
    new = add_sticky(board, " Order Shipped ", "domain-event", lane=2)
    added = new.event_storming.stickies[-1]
    assert (added.name, added.t, added.lane) == ("Order Shipped", 7.0, 2)
    assert "- name: Order Shipped\n      kind: domain-event\n      t: 7.0\n      lane: 2\n" in (
        dio.dumps(new)
    )
    assert add_sticky(make(), "First", "command").event_storming.stickies[0].t == 0.0


@pytest.mark.parametrize(
    ("kwargs", "path", "message"),
    [
        (
            {"name": "Order Placed", "kind": "domain-event"},
            "event_storming.stickies[8].name",
            "sticky 'Order Placed': a sticky named 'Order Placed' already exists "
            "(event_storming.stickies[3])",
        ),
        (
            {"name": "Paid", "kind": "event"},
            "event_storming.stickies[8].kind",
            "sticky 'Paid': 'event' is not a sticky kind (did you mean 'domain-event'?)",
        ),
        (
            {"name": "  ", "kind": "command"},
            "event_storming.stickies[8].name",
            "string should have at least 1 character",
        ),
        (
            {"name": "Paid", "kind": "domain-event", "leads_to": ["Ordr"]},
            "event_storming.stickies[8].leads_to[0]",
            "sticky 'Paid': 'Ordr' is not a sticky (did you mean 'Order'?)",
        ),
        (
            {"name": "Paid", "kind": "domain-event", "leads_to": ["Paid"]},
            "event_storming.stickies[8].leads_to",
            "a sticky cannot lead to itself",
        ),
        (
            {"name": "Paid", "kind": "domain-event", "context": "Paymnts"},
            "event_storming.stickies[8].context",
            "'Paymnts' is not a bounded context (did you mean 'Payments'?); "
            "pass create=True to add it",
        ),
        (
            {"name": "Paid", "kind": "domain-event", "t": math.inf},
            "event_storming.stickies[8].t",
            "t must be a finite number (got inf)",
        ),
    ],
)
def test_add_refuses_with_the_path_the_sticky_and_the_reason(board, kwargs, path, message):
    with pytest.raises(EditError) as caught:
        add_sticky(board, **kwargs)
    assert caught.value.path == path
    assert message in str(caught.value)
    assert str(caught.value).startswith(path + ": ")


def test_add_with_create_adds_the_context_once(board):
    new = add_sticky(board, "Ship", "command", context="Shipping", create=True)
    assert [c.name for c in new.contexts] == ["Ordering", "Payments", "Shipping"]
    assert new.contexts[-1].kind == "supporting"
    again = add_sticky(new, "Shipped", "domain-event", context="Shipping")
    assert len(again.contexts) == 3


def test_rename_follows_every_link_that_pointed_at_the_old_name(board):
    new = edit_sticky(board, "Order", new_name="Basket")
    assert sticky(new, "Place Order").leads_to == ["Basket"]
    assert sticky(new, "Basket").leads_to == ["Order Placed"]
    assert "Order" not in names(new)


def test_rename_to_a_name_in_use_is_refused(board):
    with pytest.raises(EditError, match=r"stickies\[2\]\.name: sticky 'Order': a sticky named "):
        edit_sticky(board, "Order", new_name="Order Placed")


def test_edit_kind_notes_and_owner(board):
    new = edit_sticky(board, "Order Summary", kind="aggregate", notes="per customer", owner="Ana")
    s = sticky(new, "Order Summary")
    assert (s.kind, s.notes, s.owner) == ("aggregate", "per customer", "Ana")
    with pytest.raises(EditError, match="'view' is not a sticky kind"):
        edit_sticky(board, "Order Summary", kind="view")


def test_clearing_the_owner_removes_the_key_from_the_file(board):
    new = edit_sticky(board, "Who refunds split orders?", owner=None, notes="")
    assert sticky(new, "Who refunds split orders?").owner is None
    assert "owner" not in dio.dumps(new) and "Ask finance" not in dio.dumps(new)


def test_unknown_sticky_is_named_with_a_hint(board):
    with pytest.raises(EditError) as caught:
        move_sticky(board, "Order Plcaed", t=1)
    assert str(caught.value) == (
        "event_storming.stickies: no sticky named 'Order Plcaed' (did you mean 'Order Placed'?)"
    )
    with pytest.raises(EditError, match=r"\(the board is empty\)"):
        delete_sticky(make(), "x")


def test_move_and_its_refusals(board):
    s = sticky(move_sticky(board, "Order", lane=4), "Order")
    assert (s.t, s.lane) == (3.0, 4)
    with pytest.raises(EditError, match=r"stickies\[2\]\.lane: sticky 'Order': .*fractional"):
        move_sticky(board, "Order", lane=1.5)  # type: ignore[arg-type]
    with pytest.raises(EditError, match="finite"):
        move_sticky(board, "Order", t=math.nan)


def test_delete_removes_dangling_links(board):
    new = delete_sticky(board, "Order Placed")
    assert "Order Placed" not in names(new)
    assert sticky(new, "Order").leads_to == []
    assert all("Order Placed" not in s.leads_to for s in new.event_storming.stickies)


def test_link_and_unlink(board):
    linked = link(board, "Order Placed", "Order Summary")
    assert sticky(linked, "Order Placed").leads_to == ["Take Payment", "Order Summary"]
    assert link(linked, "Order Placed", "Order Summary") is linked  # already linked
    unlinked = unlink(linked, "Order Placed", "Take Payment")
    assert sticky(unlinked, "Order Placed").leads_to == ["Order Summary"]
    assert unlink(unlinked, "Order Placed", "Take Payment") is unlinked
    with pytest.raises(EditError, match="cannot lead to itself"):
        link(board, "Order", "Order")
    with pytest.raises(EditError, match="no sticky named 'Nope'"):
        link(board, "Order", "Nope")


def test_group_into_a_known_context_a_used_one_or_a_created_one(board):
    grouped = group(board, ["Shopper", "Who refunds split orders?"], "Payments")
    assert sticky(grouped, "Shopper").context == "Payments"
    assert grouped.contexts == board.contexts
    with pytest.raises(EditError) as caught:
        group(board, ["Shopper"], "Checkout")
    assert caught.value.sticky == "Shopper" and "pass create=True" in caught.value.reason
    created = group(board, ["Shopper"], " Checkout ", create=True)
    assert sticky(created, "Shopper").context == "Checkout"
    assert [c.name for c in created.contexts][-1] == "Checkout"


def test_a_context_only_stickies_use_needs_no_create():
    design = make(
        event_storming={
            "stickies": [
                {"name": "A", "kind": "command", "context": "Sketch"},
                {"name": "B", "kind": "command"},
            ]
        }
    )
    assert sticky(group(design, ["B"], "Sketch"), "B").context == "Sketch"


def test_ungroup_keeps_the_context_and_refuses_an_empty_selection(board):
    new = ungroup(board, ["Take Payment", "Payment Provider"])
    assert sticky(new, "Take Payment").context is None
    assert [c.name for c in new.contexts] == ["Ordering", "Payments"]
    assert "context: Payments" not in dio.dumps(new)
    with pytest.raises(EditError, match="choose at least one sticky"):
        ungroup(board, [])


_ops = st.lists(
    st.tuples(
        st.sampled_from(["move", "link", "unlink", "delete", "group", "add"]),
        st.integers(0, 20),
        st.integers(0, 20),
        st.floats(-5, 50, allow_nan=False),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(_ops)
def test_any_sequence_of_edits_keeps_the_design_valid(ops):
    design = designkit.load(BOARD)
    for op, i, j, t in ops:
        current = names(design)
        if not current:
            break
        a, b = current[i % len(current)], current[j % len(current)]
        try:
            if op == "move":
                design = move_sticky(design, a, t=t, lane=j % 4)
            elif op == "link":
                design = link(design, a, b)
            elif op == "unlink":
                design = unlink(design, a, b)
            elif op == "delete":
                design = delete_sticky(design, a)
            elif op == "group":
                design = group(design, [a, b], f"C{j % 3}", create=True)
            else:
                design = add_sticky(design, f"S{i}-{j}", "policy", t=t)
        except EditError as exc:
            assert (op, a) == ("link", b) or "already exists" in str(exc)
    assert Design.model_validate(design.model_dump()) == design
    assert dio.loads(dio.dumps(design)) == design
