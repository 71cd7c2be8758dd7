"""Every table as a reader expects it in print: whole, in words, aligned and rounded.

The table modules return plain DataFrames (tests and callers use their values);
this module is how they are *shown*. In a notebook kernel
:func:`use_for_dataframes` makes it the HTML form of every DataFrame, so the
notebooks and the report show:

- headers in words (``"timeout ms"`` -> ``"Timeout (ms)"``, ``"upstream_roles"``
  -> ``"Upstream roles"``), the index as ordinary first columns, one header row;
- numbers right-aligned and rounded for reading (``30.03``, ``1,902``,
  ``99.95``), text left-aligned;
- empty cells as an em dash, never ``NaN``, ``None`` or ``<NA>``;
- every row and every character: no pandas elision, no ``...`` truncation;
- a column of field paths in the design file (:data:`REFERENCE`) as a small
  reference that may break after each ``.``, not as words a reader must decode.

Cell text is escaped.
"""

from __future__ import annotations

import math
import numbers
import re
from html import escape
from typing import Any

import pandas as pd

__all__ = [
    "EMPTY",
    "MAX_ROWS",
    "REFERENCE",
    "cell_text",
    "header",
    "table_html",
    "use_for_dataframes",
]

EMPTY = "\u2014"
"""What an empty cell shows (an em dash)."""

MAX_ROWS = 5000
"""Frames longer than this (not ours: a user's own data) keep pandas' own, elided form."""

REFERENCE = "Field path"
"""A column of field paths (``services[3].dependencies[0]``): printed small, breakable."""

# Units as they end a column name, and how a header spells them.
_UNITS = {
    "ms": "ms",
    "s": "s",
    "min": "min",
    "h": "hours",
    "d": "days",
    "%": "%",
    "gb": "GB",
    "gib": "GiB",
    "mb": "MB",
    "mib": "MiB",
    "mcpu": "mCPU",
    "m": "millicores",
    "usd": "USD",
    "eur": "EUR",
    "req/s": "requests/s",
    "msg/s": "messages/s",
    "mb/s": "MB/s",
}
# Abbreviations and field names a reader should not have to decode.
_WORDS = {
    "t": "Time step",
    "req/s": "Requests/s",
    "msg/s": "Messages/s",
    "total/s": "Total/s",
    "svc": "Service time",
    "resp": "Response time",
    "util": "Utilisation",
    "unavail": "Unavailability",
    "repl": "Replication",
    "deps": "Dependencies",
    "cfg": "Configuration",
    "id": "ID",
    "rps": "Requests/s",
    "hpa": "HPA",
    "slo": "SLO",
    "rpo": "RPO",
    "rto": "RTO",
}
_NUMBER_TEXT = re.compile(
    r"^[<>~\u2248\u2264\u2265]?\s*[-+\u2212]?\$?\d[\d,]*(\.\d+)?\s*(%|[A-Za-z/]{1,9})?$"
)


def header(name: Any) -> str:
    """A column name in words, its unit in brackets.

    >>> [header(n) for n in ("timeout ms", "objective %", "upstream_roles", "Team", "req/s")]
    ['Timeout (ms)', 'Objective (%)', 'Upstream roles', 'Team', 'Requests/s']
    >>> header("window d"), header("resp ms"), header("p95 ms"), header("Error budget min")
    ('Window (days)', 'Response time (ms)', 'p95 (ms)', 'Error budget (min)')
    """
    text = " ".join(str(name).replace("_", " ").split())
    if not text or "-" in text:  # a name from the design (auth-db), not a field
        return text
    if text.lower() in _WORDS and not text[0].isupper():
        return _WORDS[text.lower()]
    words = text.split(" ")
    unit = ""
    if len(words) > 1 and words[-1].lower() in _UNITS:
        unit = f" ({_UNITS[words.pop().lower()]})"
    if not text[0].isupper():
        words = [_WORDS.get(w.lower(), w) for w in words]
    first = words[0]
    if not re.fullmatch(r"p\d+(\.\d+)?", first):  # percentiles stay p95, p99.9
        words[0] = first[:1].upper() + first[1:]
    return " ".join(words) + unit


def _is_empty(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().lower() in {"nan", "none", "<na>"}


def _decimals(value: float) -> int:
    """Decimals a reader needs: none from 1,000 up; availability-like 99.x keeps its nines."""
    magnitude = abs(value)
    if magnitude >= 1000:
        return 0
    if magnitude >= 100:
        return 1
    if 99 <= magnitude < 100:
        return 4
    if magnitude >= 1:
        return 2
    if magnitude == 0:
        return 0
    # Small numbers keep three significant digits (0.000123), at most six decimals.
    return min(6, 2 - math.floor(math.log10(magnitude)))


def cell_text(value: Any) -> str:
    """One cell as text: numbers rounded with thousands separators, empty as an em dash.

    >>> [cell_text(v) for v in (30.0300, 1901.9, 99.95, 3, 0.000123, float("nan"), None, True)]
    ['30.03', '1,902', '99.95', '3', '0.000123', '\u2014', '\u2014', 'yes']
    """
    if _is_empty(value):
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isinf(number):
            return "\u221e" if number > 0 else "\u2212\u221e"
        text = f"{number:,.{_decimals(number)}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in {"-0", ""} else text
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(cell_text(v) for v in value) or EMPTY
    return str(value)


def _numeric(texts: list[str], values: list[Any]) -> bool:
    """A column is numeric when every filled cell is a number (or a number with a unit)."""
    filled = [(t, v) for t, v in zip(texts, values, strict=True) if t != EMPTY and t != ""]
    if not filled:
        return False
    return all(
        (isinstance(v, numbers.Real) and not isinstance(v, bool)) or bool(_NUMBER_TEXT.match(t))
        for t, v in filled
    )


def table_html(df: pd.DataFrame) -> str:
    """The frame as one escaped HTML table for print (see the module docstring).

    >>> df = pd.DataFrame({"svc ms": [1.5, None], "note": ["a", None]}, index=["x", "y"])
    >>> html = table_html(df.rename_axis("Service"))
    >>> [cell for cell in html.replace("><", ">\\n<").splitlines() if cell.startswith("<th ")][:3]
    ['<th class="dk-text">Service</th>', '<th class="dk-num">Service time (ms)</th>', \
'<th class="dk-text">Note</th>']
    >>> "\u2014" in html and "NaN" not in html
    True
    >>> ref = table_html(pd.DataFrame({REFERENCE: ["services[3].dependencies[0]"]}))
    >>> ref.split("<td ")[1].split("</td>")[0]
    'class="dk-text dk-ref">services[3]<wbr>.dependencies[0]'
    """
    named_index = any(n is not None for n in df.index.names)
    flat = df.reset_index() if named_index else df
    key_columns = df.index.nlevels if named_index else 0
    columns = list(flat.columns)
    body = [[cell_text(v) for v in flat.iloc[:, j].tolist()] for j in range(len(columns))]
    numeric = [_numeric(body[j], flat.iloc[:, j].tolist()) for j in range(len(columns))]
    classes = ["dk-num" if n else "dk-text" for n in numeric]
    reference = [_label(c) == REFERENCE for c in columns]
    classes = [f"{c} dk-ref" if r else c for c, r in zip(classes, reference, strict=True)]
    # A matrix (many columns of short marks, like services x stores) stands its
    # column headers on end so that it fits the page.
    matrix = (
        len(columns) - key_columns >= 8
        and len(flat) > 0
        and all(len(text) <= 6 for column in body[key_columns:] for text in column)
    )
    kind = "dataframe dk-table dk-matrix" if matrix else "dataframe dk-table"
    head = "".join(
        f'<th class="{classes[j]}">{escape(header(_label(c)))}</th>' for j, c in enumerate(columns)
    )
    rows = []
    for i in range(len(flat)):
        cells = []
        for j in range(len(columns)):
            text = escape(body[j][i])
            if reference[j]:  # a path breaks before each field, never inside a name
                text = text.replace(".", "<wbr>.")
            if j < key_columns:
                cells.append(f'<th class="{classes[j]}" scope="row">{text}</th>')
            else:
                cells.append(f'<td class="{classes[j]}">{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="{kind}">'
        f"<thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )


def _label(column: Any) -> str:
    if isinstance(column, tuple):  # a MultiIndex column: its levels joined
        return " ".join(str(c) for c in column if str(c))
    return str(column)


def _formatter(df: pd.DataFrame) -> str | None:
    # A registered printer wins over _repr_html_ and IPython does not fall back
    # when it returns None: hand over explicitly to a subclass's own HTML (the
    # "not decided yet" note) and, for very long frames, to pandas'.
    if type(df)._repr_html_ is not pd.DataFrame._repr_html_ or len(df) > MAX_ROWS:
        return df._repr_html_()  # type: ignore[no-any-return]
    return table_html(df)


def use_for_dataframes() -> bool:
    """Show every DataFrame in the running IPython kernel with :func:`table_html`.

    Returns False (and does nothing) outside IPython. Frames of more than
    :data:`MAX_ROWS` rows keep pandas' own display.
    """
    import sys

    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return False
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, _formatter)
    return True
