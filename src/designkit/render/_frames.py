"""The helpers every table module uses: a DataFrame from rows, and a joined list.

A table with no rows is shown as a short note, "Not decided yet - captured in
phase N", instead of an empty grid of headers: on a new or partial design the
facilitator sees what to capture next, and the report does not print pages of
empty tables. The phase is the one that captures what the table's rows are (a
table of services: phase 1), or else the phase of the notebook showing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

import pandas as pd

from .table_html import use_for_dataframes

__all__ = ["NotDecided", "frame", "join", "noted", "set_phase"]

# What a table's rows are (its index label) -> the phase that captures them.
_CAPTURED_IN = {
    "Capability": 0,
    "Team": 0,
    "Requirement": 0,
    "Sticky": 1,
    "Context": 1,
    "Service": 1,
    "Term": 1,
    "Route": 2,
    "Store": 3,
    "Topic": 3,
    "Event": 3,
    "Saga": 3,
    "Journey": 6,
    "SLO": 6,
    "Secret": 7,
    "Role": 7,
    "ADR": 8,
}
_phase: list[int | None] = [None]


def set_phase(number: int | None) -> None:
    """Remember the phase whose notebook is running (``html.phase_card`` calls it)."""
    _phase[0] = number


class NotDecided(pd.DataFrame):
    """An empty table that displays as a note on what is still to be decided.

    It is an ordinary (empty) DataFrame to code; only its display differs.
    Anything derived from it (``drop``, ``copy``, ...) is a plain DataFrame.

    >>> t = frame([], "Service", ["Service", "Team"])
    >>> t.empty, t.columns.tolist()
    (True, ['Team'])
    >>> t
    Not decided yet - captured in phase 1.
    """

    _metadata = ["note"]  # noqa: RUF012 - pandas' own convention for subclass attributes
    note: str

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    def __repr__(self) -> str:
        return self.note

    def _repr_html_(self) -> str:
        return f'<p class="designkit-not-decided"><i>{escape(self.note)}</i></p>'

    def to_html(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return self._repr_html_()


def _note(label: object) -> str:
    number = _CAPTURED_IN.get(str(label), _phase[0])
    if number is None:
        return "Not decided yet."
    return f"Not decided yet - captured in phase {number}."


def noted(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` itself, or a :class:`NotDecided` note when it has no rows.

    For tables not built with :func:`frame`; the note's phase is taken from the
    index name (or the first column when the index has none).

    >>> import pandas as pd
    >>> noted(pd.DataFrame(columns=["Topic", "Partitions"]))
    Not decided yet - captured in phase 3.
    """
    if len(table):
        return table
    label = table.index.names[0] or (table.columns[0] if len(table.columns) else "")
    empty = NotDecided(table)
    empty.note = _note(label)
    return empty


def frame(
    rows: list[dict[str, Any]],
    index: str | list[str],
    columns: list[str],
    *,
    none: str | None = None,
) -> pd.DataFrame:
    """Rows as a DataFrame with ``columns`` in that order, indexed by ``index``.

    The column list keeps an empty table's header (no rows, same columns); an
    empty table displays as a :class:`NotDecided` note.

    >>> frame([{"Service": "cart", "Team": "a"}], "Service", ["Service", "Team"]).loc["cart"].Team
    'a'
    >>> frame([], "Caller", ["Caller", "Why"], none="No chatty pair.")
    No chatty pair.
    """
    table = noted(pd.DataFrame(rows, columns=columns).set_index(index))
    if none is not None and isinstance(table, NotDecided):
        table.note = none  # an analysis that found nothing, not a decision to take
    return table


def join(items: Sequence[str]) -> str:
    """Items as one comma-separated cell.

    >>> join(["a", "b"])
    'a, b'
    """
    return ", ".join(items)


# Every table module imports this one: in a notebook kernel, frames are then shown
# whole, in words, aligned and rounded (designkit.render.table_html).
use_for_dataframes()
