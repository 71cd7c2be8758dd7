"""The workshop day from the phase plan and the facilitator's timeboxes."""

from __future__ import annotations

import datetime as dt

from designkit.analysis.agenda import DAY_MINUTES, agenda, agenda_notes, phase_checklist
from designkit.analysis.checklist import checklist
from designkit.phases import PHASES
from tests.conftest import make


def test_the_default_day_follows_the_phase_plan_and_fits_8_to_12_hours():
    slots = agenda(make())
    assert [s.minutes for s in slots] == [p.minutes[0] for p in PHASES]
    total = sum(s.minutes for s in slots)
    assert DAY_MINUTES[0] <= total <= DAY_MINUTES[1]
    assert len(agenda_notes(slots)) == 1


def test_own_timeboxes_and_clock_times():
    d = make(workshop={"start": "09:00", "sessions": [{"phase": 0, "minutes": 45}]})
    slots = agenda(d)
    assert slots[0].minutes == 45 and slots[0].ends == dt.time(9, 45)
    assert slots[1].starts == dt.time(9, 45) and slots[1].offset == 45
    assert slots[8].ends == dt.time(18, 30)  # 09:00 + 45 + 525 minutes


def test_too_long_and_too_short_days_are_flagged():
    long = make(workshop={"sessions": [{"phase": 3, "minutes": 480}]})
    assert "longer than 12 h" in agenda_notes(agenda(long))[-1]
    short = make(workshop={"sessions": [{"phase": p.number, "minutes": 30} for p in PHASES]})
    assert "shorter than 8 h" in agenda_notes(agenda(short))[-1]


def test_ticks_count_as_met_but_never_hide_what_the_design_says():
    criteria = checklist(make(), 0)
    first = criteria[0].text
    d = make(workshop={"sessions": [{"phase": 0, "minutes": 30, "ticked": [first]}]})
    items = phase_checklist(d, 0)
    assert items[0].ticked and not items[0].met and items[0].done
    assert agenda(d)[0].met == sum(c.met for c in criteria) + 1
    assert agenda(d)[0].total == len(criteria)


def test_the_current_session_is_marked():
    assert [s.current for s in agenda(make(workshop={"current": 2}))].index(True) == 2
