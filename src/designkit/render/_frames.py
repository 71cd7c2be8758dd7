"""The two helpers every table module uses: a DataFrame from rows, and a joined list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from .table_html import use_for_dataframes

__all__ = ["frame", "join"]


def frame(rows: list[dict[str, Any]], index: str | list[str], columns: list[str]) -> pd.DataFrame:
    """Rows as a DataFrame with ``columns`` in that order, indexed by ``index``.

    The column list keeps an empty table's header (no rows, same columns).

    >>> frame([], "Service", ["Service", "Team"]).columns.tolist()
    ['Team']
    """
    return pd.DataFrame(rows, columns=columns).set_index(index)


def join(items: Sequence[str]) -> str:
    """Items as one comma-separated cell.

    >>> join(["a", "b"])
    'a, b'
    """
    return ", ".join(items)


# Every table module imports this one: in a notebook kernel, frames are then shown
# whole, in words, aligned and rounded (designkit.render.table_html).
use_for_dataframes()
