"""Static, deterministic SVG heat maps (rows x columns of categories) with a legend.

The same input gives the same bytes, so reports and nbval outputs are stable;
every label and tooltip is XML-escaped. Each category has a colour and a glyph,
so the map still reads in greyscale and for colour-blind readers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from ..analysis.blast_radius import BlastRadius
from .svg import Svg

__all__ = ["BLAST_CATEGORIES", "Category", "blast_radius_svg", "heatmap_svg"]

_CELL, _PAD, _CHAR = 24, 16, 6.6
"""Cell size, outer padding and the width of one character of 12 px text (approximate)."""


@dataclass(frozen=True)
class Category:
    """A kind of cell: its key in ``cells``, colour, glyph and legend text."""

    key: str
    colour: str
    glyph: str
    label: str


BLAST_CATEGORIES = (
    Category("fails", "#e15759", "\u2715", "fails (hard dependency)"),
    Category("degraded", "#f28e2b", "~", "degraded (soft, fallback)"),
    Category("delayed", "#edc948", "\u2026", "delayed (async, queued)"),
    Category("unaffected", "#f2f2f2", "", "unaffected"),
)
"""The blast radius's impacts, worst first."""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def heatmap_svg(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Mapping[tuple[str, str], str],
    categories: Sequence[Category],
    *,
    title: str | None = None,
    tooltips: Mapping[tuple[str, str], str] | None = None,
    row_notes: Mapping[str, str] | None = None,
) -> Svg:
    """Draw ``cells[(row, column)]`` (a category key) as a grid with a legend.

    Rows are labelled on the left, columns on top (slanted), ``row_notes`` on
    the right. A missing cell is drawn blank.

    Examples
    --------
    >>> cats = [Category("bad", "#e15759", "x", "bad <1>"), Category("ok", "#eeeeee", "", "ok")]
    >>> svg = heatmap_svg(["a"], ["j"], {("a", "j"): "bad"}, cats, title="<t>")
    >>> svg.startswith("<svg") and "&lt;t&gt;" in svg and "bad &lt;1&gt;" in svg
    True
    >>> svg == heatmap_svg(["a"], ["j"], {("a", "j"): "bad"}, cats, title="<t>")
    True
    """
    style = {c.key: c for c in categories}
    tips = tooltips or {}
    notes = row_notes or {}
    row_w = min(max((len(r) for r in rows), default=4), 28) * _CHAR + 10
    col_h = min(max((len(c) for c in columns), default=4), 32) * _CHAR * 0.72 + 14
    note_w = max((len(n) for n in notes.values()), default=0) * _CHAR + (12 if notes else 0)
    top = _PAD + (26 if title else 0) + col_h
    left = _PAD + row_w
    grid_w = len(columns) * _CELL
    width = int(left + grid_w + note_w + col_h * 0.72 + _PAD)
    legend_y = top + len(rows) * _CELL + 22
    per_line = max(1, int((width - 2 * _PAD) // 190))
    lines = -(-len(categories) // per_line)
    height = int(legend_y + lines * 20 + _PAD)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="12" role="img">'
    ]
    if title:
        out.append(
            f'<text x="{_PAD}" y="{_PAD + 12}" font-size="15" font-weight="bold">'
            f"{escape(title)}</text>"
        )
    for j, column in enumerate(columns):
        x = left + j * _CELL + _CELL / 2
        out.append(
            f'<text transform="translate({x:g},{top - 6:g}) rotate(-45)">'
            f"<title>{escape(column)}</title>{escape(_clip(column, 32))}</text>"
        )
    for i, row in enumerate(rows):
        y = top + i * _CELL
        out.append(
            f'<text x="{left - 6:g}" y="{y + _CELL / 2 + 4:g}" text-anchor="end">'
            f"<title>{escape(row)}</title>{escape(_clip(row, 28))}</text>"
        )
        for j, column in enumerate(columns):
            cat = style.get(cells.get((row, column), ""))
            fill = cat.colour if cat else "#ffffff"
            x = left + j * _CELL
            tip = tips.get((row, column), f"{row} / {column}: {cat.label if cat else 'n/a'}")
            glyph = (
                f'<text x="{x + _CELL / 2:g}" y="{y + _CELL / 2 + 4:g}" text-anchor="middle" '
                f'fill="#222">{escape(cat.glyph)}</text>'
                if cat and cat.glyph
                else ""
            )
            out.append(
                f'<g><title>{escape(tip)}</title><rect x="{x:g}" y="{y:g}" width="{_CELL}" '
                f'height="{_CELL}" fill="{fill}" stroke="#ffffff" stroke-width="1.5"/>'
                f"{glyph}</g>"
            )
        if row in notes:
            out.append(
                f'<text x="{left + grid_w + 8:g}" y="{y + _CELL / 2 + 4:g}" fill="#444">'
                f"{escape(notes[row])}</text>"
            )
    for k, cat in enumerate(categories):
        x = _PAD + (k % per_line) * 190
        y = legend_y + (k // per_line) * 20
        out.append(
            f'<rect x="{x}" y="{y - 11:g}" width="14" height="14" fill="{cat.colour}" '
            f'stroke="#999"/><text x="{x + 7}" y="{y:g}" text-anchor="middle" '
            f'font-size="10">{escape(cat.glyph)}</text>'
            f'<text x="{x + 20}" y="{y:g}">{escape(cat.label)}</text>'
        )
    out.append("</svg>")
    return Svg("\n".join(out))


def blast_radius_svg(
    result: BlastRadius,
    *,
    title: str | None = "Blast radius",
    max_rows: int | None = 40,
    max_columns: int | None = 30,
) -> Svg:
    """Services (rows, worst first) x journeys (columns, busiest first), one cell per impact.

    Rows are ranked like :meth:`BlastRadius.spofs`, then by delayed traffic;
    each row ends with the journey traffic its outage fails. Only the first
    ``max_rows`` services and ``max_columns`` journeys are drawn (None: all);
    the title then says how many of each are shown.

    Examples
    --------
    >>> from designkit.analysis.blast_radius import blast_radius
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "hard": False}]}, {"name": "b"}],
    ...     "journeys": [{"name": "j", "entry": "a", "peak_rps": 10}]})
    >>> svg = blast_radius_svg(blast_radius(d))
    >>> "a down: j fails (entry)" in svg and "10 req/s fail" in svg
    True
    """
    services = list(result.services.values())
    order = {s.service: i for i, s in enumerate(services)}
    rows = [
        s.service
        for s in sorted(
            services,
            key=lambda s: (-s.failed_rps, -s.degraded_rps, -s.delayed_rps, order[s.service]),
        )
    ]
    peak = result.journey_rps
    columns = sorted(result.journeys, key=lambda j: (-peak[j], result.journeys.index(j)))
    shown = []
    if max_rows is not None and len(rows) > max_rows:
        shown.append(f"top {max_rows} of {len(rows)} services")
        rows = rows[:max_rows]
    if max_columns is not None and len(columns) > max_columns:
        shown.append(f"top {max_columns} of {len(columns)} journeys")
        columns = columns[:max_columns]
    if title and shown:
        title = f"{title} ({', '.join(shown)})"
    labels = {j: f"{j} ({peak[j]:g}/s)" for j in columns}
    cells = {}
    tips = {}
    for service in rows:
        for journey in columns:
            key = (service, labels[journey])
            found = result.impacts.get((service, journey))
            cells[key] = found.impact if found else "unaffected"
            why = f" ({found.reason})" if found and found.reason else ""
            tips[key] = f"{service} down: {journey} {cells[key]}{why}"
    notes = {s.service: f"{s.failed_rps:g} req/s fail" for s in services if s.failed_rps}
    return heatmap_svg(
        rows,
        [labels[j] for j in columns],
        cells,
        BLAST_CATEGORIES,
        title=title,
        tooltips=tips,
        row_notes=notes,
    )
