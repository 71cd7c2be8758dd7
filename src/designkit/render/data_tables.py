"""Tables of phase 3's data analyses: stores, migrations, consistency, read models, findings.

Each function takes an analysis result and returns a DataFrame indexed by
what it lists; none mutates its input. pandas escapes cell text when it
renders HTML. Events, topics and consumers are in
:mod:`~designkit.render.event_tables`; sagas in :mod:`~designkit.render.saga_tables`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

import pandas as pd

from ..analysis.antipatterns import Finding
from ..analysis.consistency import Interaction
from ..analysis.data_architecture import StoreChoice
from ..analysis.migrations import STEPS, Migration
from ..analysis.read_models import EventLog, ReadModel, Tradeoff
from . import tables
from ._frames import frame as _frame
from ._frames import join as _join
from .html import Html

__all__ = [
    "consistency",
    "consistency_summary",
    "event_logs",
    "findings",
    "migration_steps",
    "migrations",
    "read_models",
    "store_choices",
    "tradeoffs",
]


def store_choices(choices: Sequence[StoreChoice]) -> pd.DataFrame:
    """Per service and store: technology, purpose, load, what it is good at, what to review.

    Examples
    --------
    >>> from designkit.analysis.data_architecture import store_choices as choose
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}],
    ...     "stores": [{"name": "db", "owner": "a"}]})
    >>> store_choices(choose(d)).loc[("a", "db"), "Fits"]
    'yes'
    """
    rows = [
        {
            "Service": c.owner or "(no owner)",
            "Store": c.store,
            "Technology": c.technology,
            "Purpose": c.purpose,
            "Entities": _join(c.entities),
            "Access": c.load,
            "Consistency": c.consistency,
            "Good at": c.strengths,
            "Fits": "yes" if c.fits else "review",
            "Review": c.review,
        }
        for c in sorted(choices, key=lambda c: (c.owner or "~", c.store))
    ]
    columns = [
        "Service",
        "Store",
        "Technology",
        "Purpose",
        "Entities",
        "Access",
        "Consistency",
        "Good at",
        "Fits",
        "Review",
    ]
    return _frame(rows, ["Service", "Store"], columns)


def migrations(items: Sequence[Migration]) -> pd.DataFrame:
    """The migration strategy of every store, with its reason (steps: :func:`migration_steps`)."""
    return _frame(
        [
            {
                "Store": m.store,
                "Owner": m.owner,
                "Strategy": m.strategy,
                "Source": "design" if m.chosen else "derived",
                "Why": m.reason,
            }
            for m in items
        ],
        "Store",
        ["Store", "Owner", "Strategy", "Source", "Why"],
    )


def migration_steps() -> pd.DataFrame:
    """The steps of each migration strategy.

    Examples
    --------
    >>> list(migration_steps().index)
    ['expand-contract', 'dual-write', 'cdc']
    """
    return _frame(
        [{"Strategy": name, "Steps": steps} for name, steps in STEPS.items()],
        "Strategy",
        ["Strategy", "Steps"],
    )


def findings(items: Sequence[Finding], *, none: str = "No findings.") -> pd.DataFrame | Html:
    """The findings table, or ``none`` as a sentence when there are none.

    Examples
    --------
    >>> findings([], none="No shared databases.")
    No shared databases.
    """
    return tables.findings(items) if items else Html(f"<p>{escape(none)}</p>")


def consistency(items: Sequence[Interaction]) -> pd.DataFrame:
    """Every interaction with its consistency and the reasoning."""
    return _frame(
        [
            {
                "#": i + 1,
                "Caller": x.caller,
                "Callee": x.callee,
                "Via": x.topic or x.protocol,
                "Consistency": x.consistency,
                "Source": "design" if x.chosen else "derived",
                "Why": x.reason,
            }
            for i, x in enumerate(items)
        ],
        "#",
        ["#", "Caller", "Callee", "Via", "Consistency", "Source", "Why"],
    )


def consistency_summary(items: Sequence[Interaction]) -> pd.DataFrame:
    """How many interactions get each consistency, synchronous and through topics.

    Examples
    --------
    >>> from designkit.analysis.consistency import Interaction
    >>> x = Interaction("a", "b", "rest", "", "strong", False, "", "strong")
    >>> consistency_summary([x]).loc["strong"].tolist()
    [1, 0, 1]
    """
    sync: Counter[str] = Counter(x.consistency for x in items if not x.topic)
    messages: Counter[str] = Counter(x.consistency for x in items if x.topic)
    levels = ["strong", "read-your-writes", "eventual"]
    return _frame(
        [
            {
                "Consistency": level,
                "Synchronous": sync[level],
                "Through topics": messages[level],
                "Total": sync[level] + messages[level],
            }
            for level in levels
        ],
        "Consistency",
        ["Consistency", "Synchronous", "Through topics", "Total"],
    )


def read_models(items: Sequence[ReadModel]) -> pd.DataFrame:
    """CQRS read models: where each lives, what feeds it and how to rebuild it."""
    return _frame(
        [
            {
                "Read model": m.name,
                "Service": m.service,
                "Store": f"{m.store} ({m.technology})" if m.store else "",
                "Board sticky": m.sticky,
                "Fed by": _join(m.fed_by),
                "Sources": _join(m.sources),
                "Rebuild": m.rebuild,
            }
            for m in items
        ],
        "Read model",
        ["Read model", "Service", "Store", "Board sticky", "Fed by", "Sources", "Rebuild"],
    )


def event_logs(
    items: Sequence[EventLog], *, none: str = "No store keeps events."
) -> pd.DataFrame | Html:
    """Event-sourced stores and event archives, or ``none`` as a sentence.

    Examples
    --------
    >>> event_logs([])
    No store keeps events.
    """
    if not items:
        return Html(f"<p>{escape(none)}</p>")
    return _frame(
        [
            {
                "Store": e.store,
                "Service": e.service,
                "Technology": e.technology,
                "Kind": e.kind,
                "Entities": _join(e.entities),
                "Note": e.note,
            }
            for e in items
        ],
        "Store",
        ["Store", "Service", "Technology", "Kind", "Entities", "Note"],
    )


def tradeoffs(items: Sequence[Tradeoff]) -> pd.DataFrame:
    """Each consistency pattern: where the design uses it, what it gains and costs."""
    return _frame(
        [
            {"Pattern": t.pattern, "Where": t.where, "Gains": t.gains, "Costs": t.costs}
            for t in items
        ],
        "Pattern",
        ["Pattern", "Where", "Gains", "Costs"],
    )
