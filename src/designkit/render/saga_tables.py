"""Tables of sagas: what each participant sees, and the failure simulation.

Each function takes an analysis result and returns a DataFrame; none mutates
its input. The sequence diagrams are :mod:`designkit.render.sequence`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..analysis.saga_flow import Participant
from ..analysis.saga_simulation import Outcome
from ._frames import frame as _frame

__all__ = ["participants", "simulation"]


def participants(items: Sequence[Participant]) -> pd.DataFrame:
    """Per saga and service: its role, steps, and the messages in and out.

    Examples
    --------
    >>> from designkit.analysis.saga_flow import Participant
    >>> p = Participant("s", "pay", "participant", ("charge",), ("Charge",), ("Refund",),
    ...                 ("cmd: Charge",), ("evt: Charged",), ())
    >>> participants([p]).loc[("s", "pay"), "Receives"]
    'cmd: Charge'
    """
    return _frame(
        [
            {
                "Saga": p.saga,
                "Service": p.service,
                "Role": p.role,
                "Steps": ", ".join(p.steps),
                "Undoes": "; ".join(p.undoes),
                "Receives": "; ".join(p.receives),
                "Sends": "; ".join(p.sends),
                "Calls": ", ".join(p.calls),
            }
            for p in items
        ],
        ["Saga", "Service"],
        ["Saga", "Service", "Role", "Steps", "Undoes", "Receives", "Sends", "Calls"],
    )


def simulation(outcomes: Sequence[Outcome]) -> pd.DataFrame:
    """A failure at each step: the compensations that run (in order) and the final state.

    Examples
    --------
    >>> from designkit.analysis.saga_simulation import Compensation, Outcome
    >>> o = Outcome("s", "charge", 1, "the pivot", ("hold",),
    ...             (Compensation("hold", "a", "release", True),), "", "compensated", "undid 1")
    >>> simulation([o]).loc[("s", 2), "Compensations run"]
    'hold (a): release'
    """
    return _frame(
        [
            {
                "Saga": o.saga,
                "Fails at": o.index + 1,
                "Step": o.failed,
                "Stage": o.stage,
                "Done before": ", ".join(o.done),
                "Compensations run": " -> ".join(
                    f"{c.step} ({c.service}): {c.action}" for c in o.compensations
                ),
                "Final state": o.final,
                "Why": o.reason,
            }
            for o in outcomes
        ],
        ["Saga", "Fails at"],
        [
            "Saga",
            "Fails at",
            "Step",
            "Stage",
            "Done before",
            "Compensations run",
            "Final state",
            "Why",
        ],
    )
