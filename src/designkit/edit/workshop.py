"""Pure edits of the workshop record: timeboxes, the current phase, ticks, the parking lot.

Each takes a Design and returns a new one (the input is never modified); a
refused edit raises :class:`~designkit.edit.EditError` naming the field path.
The parking lot is ``design.open_questions``, the same list importers add to.

Examples
--------
>>> from designkit.model import Design
>>> d = Design.model_validate({"metadata": {"name": "shop"}})
>>> d2 = add_question(d, "Who owns refunds?", phase=1)
>>> len(d.open_questions), d2.open_questions[0].source
(0, 'workshop')
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..model import Design, OpenQuestion, Session, Workshop
from ..phases import PHASES
from .base import EditError

__all__ = [
    "add_question",
    "delete_question",
    "resolve_question",
    "set_current",
    "set_done",
    "set_timebox",
    "tick",
]


def _with_workshop(design: Design, workshop: Workshop) -> Design:
    new = design.model_copy(update={"workshop": workshop})
    new._source = design._source
    return new


def _session(design: Design, phase: int) -> tuple[list[Session], int]:
    if phase not in range(len(PHASES)):
        raise EditError("workshop.sessions", f"no phase {phase}; phases are 0-8")
    sessions = list(design.workshop.sessions)
    for i, s in enumerate(sessions):
        if s.phase == phase:
            return sessions, i
    sessions.append(Session(phase=phase, minutes=PHASES[phase].minutes[0]))
    sessions.sort(key=lambda s: s.phase)
    return sessions, next(i for i, s in enumerate(sessions) if s.phase == phase)


def _update_session(design: Design, phase: int, **changes: Any) -> Design:
    sessions, i = _session(design, phase)
    try:
        data = {**sessions[i].model_dump(exclude_unset=True), **changes}
        sessions[i] = Session.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise EditError(f"workshop.sessions[{i}].{field}", err["msg"]) from None
    return _with_workshop(design, design.workshop.model_copy(update={"sessions": sessions}))


def set_timebox(design: Design, phase: int, minutes: int) -> Design:
    """The design with phase ``phase``'s session timeboxed to ``minutes``.

    >>> from designkit.model import Design
    >>> d = set_timebox(Design.model_validate({"metadata": {"name": "x"}}), 2, 75)
    >>> [(s.phase, s.minutes) for s in d.workshop.sessions]
    [(2, 75)]
    >>> set_timebox(d, 2, 0)
    Traceback (most recent call last):
    ...
    designkit.edit.base.EditError: workshop.sessions[0].minutes: Input should be greater than 0
    """
    return _update_session(design, phase, minutes=minutes)


def set_done(design: Design, phase: int, done: bool = True) -> Design:
    """The design with phase ``phase``'s session marked held (or not)."""
    return _update_session(design, phase, done=done)


def tick(design: Design, phase: int, criterion: str, ticked: bool = True) -> Design:
    """The design with ``criterion`` of phase ``phase`` ticked off (or unticked).

    >>> from designkit.model import Design
    >>> d = tick(Design.model_validate({"metadata": {"name": "x"}}), 0, "Budget stated")
    >>> d.workshop.sessions[0].ticked
    ['Budget stated']
    >>> tick(d, 0, "Budget stated", False).workshop.sessions[0].ticked
    []
    """
    sessions, i = _session(design, phase)
    have = [t for t in sessions[i].ticked if t != criterion]
    return _update_session(design, phase, ticked=[*have, criterion] if ticked else have)


def set_current(design: Design, phase: int | None) -> Design:
    """The design with ``phase`` as the session running now (None: none)."""
    if phase is not None and phase not in range(len(PHASES)):
        raise EditError("workshop.current", f"no phase {phase}; phases are 0-8")
    return _with_workshop(design, design.workshop.model_copy(update={"current": phase}))


def _questions(design: Design, questions: list[OpenQuestion]) -> Design:
    new = design.model_copy(update={"open_questions": questions})
    new._source = design._source
    return new


def add_question(
    design: Design,
    text: str,
    *,
    kind: str = "question",
    phase: int | None = None,
    owner: str | None = None,
) -> Design:
    """The design with a new parking-lot item (a question, or a decision to revisit)."""
    index = len(design.open_questions)
    try:
        data = {"text": text.strip(), "kind": kind, "phase": phase, "owner": owner}
        item = OpenQuestion.model_validate(
            {**{k: v for k, v in data.items() if v is not None}, "source": "workshop"}
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise EditError(f"open_questions[{index}].{field}", err["msg"]) from None
    return _questions(design, [*design.open_questions, item])


def _at(design: Design, index: int) -> OpenQuestion:
    if not 0 <= index < len(design.open_questions):
        raise EditError(f"open_questions[{index}]", "no such item in the parking lot")
    return design.open_questions[index]


def resolve_question(design: Design, index: int, resolution: str = "") -> Design:
    """The design with parking-lot item ``index`` resolved (``resolution``: how)."""
    data = _at(design, index).model_dump(exclude_unset=True)
    data["status"] = "resolved"
    if resolution.strip():
        data["resolution"] = resolution.strip()
    item = OpenQuestion.model_validate(data)
    questions = list(design.open_questions)
    questions[index] = item
    return _questions(design, questions)


def delete_question(design: Design, index: int) -> Design:
    """The design without parking-lot item ``index``."""
    _at(design, index)
    return _questions(design, [q for i, q in enumerate(design.open_questions) if i != index])
