"""The workshop's agenda and parking lot as tables, for the notebooks and the report."""

from __future__ import annotations

import pandas as pd

from ..analysis.agenda import Slot, hours
from ..model import Design
from ._frames import NotDecided, frame

__all__ = ["agenda", "open_questions"]


def agenda(slots: list[Slot]) -> pd.DataFrame:
    """The day's sessions: timebox, clock times (when a start is set), criteria met.

    Examples
    --------
    >>> from designkit.analysis.agenda import agenda as plan
    >>> from designkit.model import Design
    >>> table = agenda(plan(Design.model_validate({"metadata": {"name": "x"}})))
    >>> table.loc[1, ["Timebox", "Typical"]].tolist()
    ['1 h 30 min', '1.5-2 h']
    """
    clock = any(s.starts is not None for s in slots)
    rows = [
        {
            "Phase": s.phase,
            "Session": s.title + (" (now)" if s.current else ""),
            "Timebox": hours(s.minutes),
            "Typical": s.typical,
            **(
                {"Time": f"{s.starts:%H:%M}-{s.ends:%H:%M}"}
                if clock and s.starts and s.ends
                else {}
            ),
            "Criteria met": f"{s.met} of {s.total}",
            "Held": "yes" if s.done else "",
        }
        for s in slots
    ]
    columns = ["Phase", "Session", "Timebox", "Typical"]
    columns += ["Time"] if clock else []
    return frame(rows, "Phase", [*columns, "Criteria met", "Held"])


def open_questions(design: Design, *, status: str | None = None) -> pd.DataFrame:
    """The parking lot: open questions and decisions to revisit (``status``: only those).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "open_questions": [
    ...     {"text": "Who owns refunds?", "phase": 1}]})
    >>> open_questions(d).loc[1, ["Question", "Phase"]].tolist()
    ['Who owns refunds?', '1']
    """
    rows = [
        {
            "#": i + 1,
            "Question": q.text,
            "Kind": q.kind,
            "Phase": "" if q.phase is None else str(q.phase),
            "Owner": q.owner or "",
            "Status": q.status,
            "Resolution": q.resolution,
            "From": q.source,
        }
        for i, q in enumerate(design.open_questions)
        if status is None or q.status == status
    ]
    columns = ["#", "Question", "Kind", "Phase", "Owner", "Status", "Resolution", "From"]
    table = frame(rows, "#", columns)
    if isinstance(table, NotDecided):
        table.note = "Nothing parked yet."
    return table
