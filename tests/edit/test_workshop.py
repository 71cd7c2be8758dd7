"""Pure edits of the workshop record: timeboxes, current phase, ticks, parking lot."""

from __future__ import annotations

import pytest

from designkit.edit import EditError
from designkit.edit.workshop import (
    add_question,
    delete_question,
    resolve_question,
    set_current,
    set_done,
    set_timebox,
    tick,
)
from designkit.model import OpenQuestion
from tests.conftest import make


def test_edits_never_touch_their_input():
    d = make()
    before = d.model_dump()
    set_timebox(d, 1, 100)
    tick(d, 0, "Budget stated")
    add_question(d, "Who owns refunds?")
    assert d.model_dump() == before


def test_timeboxes_keep_one_session_per_phase_in_phase_order():
    d = set_timebox(set_timebox(make(), 3, 90), 1, 100)
    d = set_timebox(d, 3, 120)
    assert [(s.phase, s.minutes) for s in d.workshop.sessions] == [(1, 100), (3, 120)]


@pytest.mark.parametrize(
    ("phase", "minutes", "path"),
    [(9, 30, "workshop.sessions"), (1, 0, "workshop.sessions[0].minutes"), (1, 481, "minutes")],
)
def test_bad_timeboxes_are_refused_with_the_path(phase, minutes, path):
    with pytest.raises(EditError, match=path.replace("[", r"\[").replace("]", r"\]")):
        set_timebox(make(), phase, minutes)


def test_ticks_are_stored_per_phase_and_can_be_undone():
    d = tick(tick(make(), 2, "Routes listed"), 2, "mTLS decided")
    assert d.workshop.sessions[0].ticked == ["Routes listed", "mTLS decided"]
    d = tick(d, 2, "Routes listed", ticked=False)
    assert d.workshop.sessions[0].ticked == ["mTLS decided"]
    assert tick(d, 2, "mTLS decided").workshop.sessions[0].ticked == ["mTLS decided"]


def test_current_phase_and_done():
    d = set_done(set_current(make(), 4), 4)
    assert d.workshop.current == 4 and d.workshop.sessions[0].done
    with pytest.raises(EditError, match=r"workshop\.current"):
        set_current(d, 12)


def test_the_parking_lot_is_the_designs_open_questions():
    d = make(open_questions=[{"text": "Which broker?", "source": "k8s/cart.yaml:3"}])
    d = add_question(d, "  Who owns refunds?  ", kind="decision", phase=1, owner="ana")
    assert [q.text for q in d.open_questions] == ["Which broker?", "Who owns refunds?"]
    assert d.open_questions[1] == OpenQuestion(
        text="Who owns refunds?", kind="decision", phase=1, owner="ana", source="workshop"
    )
    d = resolve_question(d, 0, "Kafka, as the platform team runs it")
    assert d.open_questions[0].status == "resolved"
    assert d.open_questions[0].source == "k8s/cart.yaml:3"
    assert [q.text for q in delete_question(d, 0).open_questions] == ["Who owns refunds?"]


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda d: add_question(d, "   "), r"open_questions\[0\]\.text"),
        (lambda d: add_question(d, "x", kind="wish"), r"open_questions\[0\]\.kind"),
        (lambda d: resolve_question(d, 3), r"open_questions\[3\]"),
        (lambda d: delete_question(d, -1), r"open_questions\[-1\]"),
    ],
)
def test_bad_parking_lot_edits_are_refused(call, path):
    with pytest.raises(EditError, match=path):
        call(make())
