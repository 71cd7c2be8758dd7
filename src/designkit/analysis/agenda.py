"""The workshop day: one timeboxed session per phase, and what each has achieved.

The agenda comes from the phase plan (:data:`designkit.phases.PHASES`); a
facilitator's own timeboxes, stored in ``design.workshop.sessions``, replace the
typical lengths. A day of 8 to 12 hours is what the workshop format expects;
:func:`agenda_notes` says when the timeboxes add up to something else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Design
from ..phases import PHASES
from .checklist import checklist

__all__ = [
    "DAY_MINUTES",
    "CheckItem",
    "Slot",
    "agenda",
    "agenda_notes",
    "hours",
    "phase_checklist",
]

DAY_MINUTES = (8 * 60, 12 * 60)
"""The length of a whole workshop, shortest and longest, in minutes."""


@dataclass(frozen=True)
class Slot:
    """One session of the day: its phase, timebox, place in the day and progress."""

    phase: int
    title: str
    minutes: int
    typical: str
    """The phase's typical length, e.g. '1.5-2 h'."""
    offset: int
    """Minutes from the start of the day to the start of this session."""
    starts: dt.time | None
    ends: dt.time | None
    met: int
    """Success criteria met (computed from the design, or ticked)."""
    total: int
    done: bool
    current: bool


@dataclass(frozen=True)
class CheckItem:
    """A success criterion: met by the design, ticked by the facilitator, or neither."""

    text: str
    detail: str
    met: bool
    ticked: bool

    @property
    def done(self) -> bool:
        """Met by the design or ticked off in the room."""
        return self.met or self.ticked


def hours(minutes: int) -> str:
    """Minutes as people say them: ``'1 h 30 min'``, ``'45 min'``, ``'2 h'``.

    >>> hours(90), hours(45), hours(120)
    ('1 h 30 min', '45 min', '2 h')
    """
    h, m = divmod(minutes, 60)
    return " ".join(p for p in (f"{h} h" if h else "", f"{m} min" if m else "") if p) or "0 min"


def _clock(start: dt.time | None, minutes: int) -> dt.time | None:
    if start is None:
        return None
    moment = dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)
    return moment.time()


def phase_checklist(design: Design, phase: int) -> list[CheckItem]:
    """The phase's success criteria, each with whether the design meets it and whether it is ticked.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "workshop": {"sessions": [
    ...     {"phase": 0, "minutes": 30, "ticked": ["Budget stated"]}]}})
    >>> [(c.text, c.done) for c in phase_checklist(d, 0)][-1]
    ('Budget stated', True)
    """
    ticked = set()
    for session in design.workshop.sessions:
        if session.phase == phase:
            ticked = set(session.ticked)
    return [CheckItem(c.text, c.detail, c.met, c.text in ticked) for c in checklist(design, phase)]


def agenda(design: Design) -> list[Slot]:
    """Every phase's session, in order, with its timebox and clock times (if a start is set).

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "workshop": {
    ...     "start": "09:00", "sessions": [{"phase": 1, "minutes": 100}]}})
    >>> [(s.phase, s.minutes, s.starts.isoformat("minutes")) for s in agenda(d)][:3]
    [(0, 30, '09:00'), (1, 100, '09:30'), (2, 60, '11:10')]
    """
    own = {s.phase: s for s in design.workshop.sessions}
    start = design.workshop.start
    slots = []
    offset = 0
    for phase in PHASES:
        session = own.get(phase.number)
        minutes = session.minutes if session else phase.minutes[0]
        items = phase_checklist(design, phase.number)
        slots.append(
            Slot(
                phase=phase.number,
                title=phase.title,
                minutes=minutes,
                typical=phase.duration,
                offset=offset,
                starts=_clock(start, offset),
                ends=_clock(start, offset + minutes),
                met=sum(i.done for i in items),
                total=len(items),
                done=bool(session and session.done),
                current=design.workshop.current == phase.number,
            )
        )
        offset += minutes
    return slots


def agenda_notes(slots: list[Slot]) -> list[str]:
    """What a facilitator should know about the agenda's length, in sentences.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}})
    >>> agenda_notes(agenda(d))
    ['The day is 9 h 15 min of sessions (a workshop runs 8-12 h).']
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "workshop": {"sessions": [
    ...     {"phase": 1, "minutes": 300}]}})
    >>> agenda_notes(agenda(d))[1]
    'That is longer than 12 h: shorten some sessions or plan a second day.'
    """
    total = sum(s.minutes for s in slots)
    notes = [f"The day is {hours(total)} of sessions (a workshop runs 8-12 h)."]
    if total < DAY_MINUTES[0]:
        notes.append("That is shorter than 8 h: check no phase is squeezed too hard.")
    elif total > DAY_MINUTES[1]:
        notes.append("That is longer than 12 h: shorten some sessions or plan a second day.")
    return notes
