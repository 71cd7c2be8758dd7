"""What the workshop must still decide: the design's open questions as a table.

The list holds the facilitators' parking lot and what an import of
deployment files could not tell (teams, SLOs, load, owners); both read the
same way: the phase that should answer, the question, the part of the design
it concerns and where it came from (a file and line for imported gaps).
"""

from __future__ import annotations

import pandas as pd

from ..model import Design
from ..phases import PHASES
from ._frames import frame

__all__ = ["open_questions"]


def open_questions(design: Design, *, include_resolved: bool = False) -> pd.DataFrame:
    """The open questions, by phase (questions of no phase last), numbered from 1.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "open_questions": [
    ...     {"text": "Which SLOs?", "phase": 6, "path": "slos", "source": "import of k8s/"},
    ...     {"text": "Who owns cart?", "phase": 1}]})
    >>> open_questions(d)["Question"].tolist()
    ['Who owns cart?', 'Which SLOs?']
    >>> open_questions(d).loc[2, "Phase"], open_questions(d).loc[2, "From"]
    ('6 Observability and SLOs', 'import of k8s/')
    """
    names = {p.number: p.title for p in PHASES}
    items = [q for q in design.open_questions if include_resolved or q.status == "open"]
    items.sort(key=lambda q: 99 if q.phase is None else q.phase)
    rows = [
        {
            "#": i,
            "Phase": "" if q.phase is None else f"{q.phase} {names.get(q.phase, '')}".strip(),
            "Question": q.text,
            "Concerns": q.path or "",
            "From": q.source or "",
            "Status": q.status,
        }
        for i, q in enumerate(items, start=1)
    ]
    columns = ["#", "Phase", "Question", "Concerns", "From"]
    if include_resolved:
        columns.append("Status")
    return frame([{k: r[k] for k in columns} for r in rows], "#", columns)
