"""The workshop's agenda and parking lot as tables, for the notebooks and the report."""

from __future__ import annotations

import pandas as pd

from ..analysis.agenda import Slot, hours
from ..model import Design
from ..phases import PHASES
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


def open_questions(design: Design, *, include_resolved: bool = False) -> pd.DataFrame:
    """The parking lot: what the workshop must still decide, by phase.

    One list holds what the room parked and what an import could not read from
    deployment files (teams, SLOs, load, owners); questions of no phase come
    last, each with the part of the design it concerns and where it came from
    (``workshop``, or a file and line). Resolved items only on request.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "open_questions": [
    ...     {"text": "Which SLOs?", "phase": 6, "path": "slos", "source": "k8s/a.yaml:3"},
    ...     {"text": "Who owns refunds?", "phase": 1}]})
    >>> open_questions(d)["Question"].tolist()
    ['Who owns refunds?', 'Which SLOs?']
    >>> open_questions(d).loc[2, ["Phase", "From"]].tolist()
    ['6 Observability and SLOs', 'k8s/a.yaml:3']
    """
    names = {p.number: p.title for p in PHASES}
    items = [q for q in design.open_questions if include_resolved or q.status == "open"]
    items.sort(key=lambda q: 99 if q.phase is None else q.phase)  # stable: typed order kept
    rows = [
        {
            "#": i,
            "Phase": "" if q.phase is None else f"{q.phase} {names.get(q.phase, '')}".strip(),
            "Question": q.text,
            "Kind": q.kind,
            "Concerns": q.path or "",
            "Owner": q.owner or "",
            "From": q.source,
            "Status": q.status,
            "Resolution": q.resolution,
        }
        for i, q in enumerate(items, start=1)
    ]
    columns = ["#", "Phase", "Question", "Kind", "Concerns", "Owner", "From"]
    if include_resolved:
        columns += ["Status", "Resolution"]
    table = frame([{k: r[k] for k in columns} for r in rows], "#", columns)
    if isinstance(table, NotDecided):
        table.note = "Nothing parked yet."
    return table
