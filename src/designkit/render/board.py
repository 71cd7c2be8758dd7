"""The event-storming board as a static SVG: timeline, lanes, stickies, contexts, links.

It sits beside the live board widget so exported reports (HTML and PDF) and
nbval see the board too. The timeline runs left to right in the order of ``t``
(one column per distinct ``t``, so gaps do not waste space) and wraps into
rows of ``columns`` columns; lanes run top to bottom. Stickies in one cell
stack. Names wrap over up to three lines and are clipped with an ellipsis;
the full text, kind, context, notes and links are in each sticky's tooltip.
The same input gives the same bytes, and every user string is XML-escaped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape

from ..model import Design, Sticky
from .svg import PALETTE, Svg, text_colour

__all__ = ["KIND_COLOURS", "KIND_LABELS", "board_svg", "context_colours", "legend"]

KIND_COLOURS: dict[str, str] = {
    "domain-event": "#ff9f1c",  # orange
    "command": "#5ab0f0",  # blue
    "actor": "#fff27a",  # small yellow
    "aggregate": "#ffd23f",  # yellow
    "policy": "#c9a7eb",  # lilac
    "read-model": "#8fd694",  # green
    "external-system": "#e59ad6",  # pink-purple
    "hotspot": "#ff4f79",  # pink-red
}
"""The colours facilitators expect for each kind of sticky."""

KIND_LABELS: dict[str, str] = {
    "domain-event": "Domain event",
    "command": "Command",
    "actor": "Actor",
    "aggregate": "Aggregate",
    "policy": "Policy",
    "read-model": "Read model",
    "external-system": "External system",
    "hotspot": "Hotspot",
}
_SMALL = {"actor"}  # drawn as small stickies, as on a paper wall

_W, _H, _SW, _SH = 100, 58, 76, 42  # sticky width/height, small ones
_COL, _GAP, _LABEL, _LEFT, _PAD, _HEAD = 116, 8, 14, 62, 16, 22
_FONT = 11
_EMPTY = 18  # height of a lane with no stickies in a row of the board


def legend() -> list[dict[str, str | bool]]:
    """Every kind with its label, fill and text colour, in the facilitator's order.

    Examples
    --------
    >>> legend()[0]
    {'kind': 'domain-event', 'label': 'Domain event', 'colour': '#ff9f1c', 'text': '#111', \
'small': False}
    """
    return [
        {
            "kind": kind,
            "label": KIND_LABELS[kind],
            "colour": colour,
            "text": text_colour(colour),
            "small": kind in _SMALL,
        }
        for kind, colour in KIND_COLOURS.items()
    ]


def context_colours(design: Design) -> dict[str, str]:
    """A colour per candidate context: the design's contexts first, then any others by name.

    New contexts come last, so adding one never recolours the others.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "contexts": [{"name": "Sales"}],
    ...     "event_storming": {"stickies": [{"name": "Pay", "kind": "command",
    ...                                      "context": "Billing"}]}})
    >>> context_colours(d)
    {'Sales': '#4e79a7', 'Billing': '#f28e2b'}
    """
    named = [c.name for c in design.contexts]
    used = {s.context for s in design.event_storming.stickies if s.context}
    order = named + sorted(used - set(named))
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(order)}


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """Greedy word wrap to ``lines`` lines of ``width`` characters; '…' marks a cut."""
    words = text.split()
    out: list[str] = []
    line = ""
    for word in words:
        while len(word) > width:  # a word longer than a line is broken
            if line:
                out.append(line)
                line = ""
            out.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        candidate = f"{line} {word}".strip()
        if len(candidate) <= width:
            line = candidate
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip("-") + "…"
    return out


@dataclass(frozen=True)
class _Placed:
    sticky: Sticky
    band: int
    column: int
    row: int  # lane index
    stack: int


def _place(stickies: list[Sticky], columns: int) -> tuple[list[_Placed], list[float], list[int]]:
    times = sorted({s.t for s in stickies})
    lanes = sorted({s.lane for s in stickies})
    col = {t: i for i, t in enumerate(times)}
    row = {lane: i for i, lane in enumerate(lanes)}
    seen: dict[tuple[int, int], int] = defaultdict(int)
    placed = []
    for s in sorted(stickies, key=lambda s: (s.t, s.lane, s.name)):
        c = col[s.t]
        key = (c, row[s.lane])
        placed.append(_Placed(s, c // columns, c % columns, row[s.lane], seen[key]))
        seen[key] += 1
    return placed, times, lanes


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _title(s: Sticky) -> str:
    parts = [f"{s.name} ({KIND_LABELS[s.kind]}, t={s.t:g}, lane {s.lane})"]
    if s.context:
        parts.append(f"context: {s.context}")
    if s.owner:
        parts.append(f"owner: {s.owner}")
    if s.leads_to:
        parts.append("leads to: " + ", ".join(s.leads_to))
    if s.notes:
        parts.append(s.notes if len(s.notes) <= 300 else s.notes[:299] + "…")
    return "\n".join(parts)


def board_svg(
    design: Design, *, columns: int = 8, arrows: bool = True, title: str | None = None
) -> Svg:
    """Draw the event-storming board of ``design`` as SVG.

    ``columns`` is how many timeline positions one row shows before the board
    wraps; ``arrows`` draws ``leads_to`` links between stickies in the same row
    (links to another row are listed in the sticky's tooltip). ``title``
    defaults to the design's name.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "shop"}, "event_storming": {"stickies": [
    ...     {"name": "Place <Order>", "kind": "command", "t": 1, "leads_to": ["Order Placed"]},
    ...     {"name": "Order Placed", "kind": "domain-event", "t": 2}]}})
    >>> svg = board_svg(d)
    >>> svg.startswith("<svg") and "Place &lt;Order&gt;" in svg and "<Order>" not in svg
    True
    """
    if columns < 1:
        raise ValueError(f"columns: must be at least 1 (got {columns})")
    stickies = list(design.event_storming.stickies)
    placed, times, lanes = _place(stickies, columns)
    bands = max((p.band for p in placed), default=0) + 1
    # Each lane of each band is as tall as its highest stack; an empty one is a thin strip.
    depth: dict[tuple[int, int], int] = defaultdict(int)
    for p in placed:
        depth[(p.band, p.row)] = max(depth[(p.band, p.row)], p.stack + 1)
    lane_h = {key: _LABEL + d * (_H + _GAP) for key, d in depth.items()}
    shown_cols = min(columns, max(len(times), 1))
    width = max(_LEFT + shown_cols * _COL + _PAD, 640)
    top = _PAD + 30
    band_top: list[int] = []
    y = top
    for b in range(bands):
        band_top.append(y)
        y += _HEAD + sum(lane_h.get((b, r), _EMPTY) for r in range(len(lanes)))
        y += _PAD
    colours = context_colours(design)
    used = {s.context for s in stickies if s.context}
    shown = {name: colour for name, colour in colours.items() if name in used}
    legend_svg, legend_h = _legend(shown, width, y)
    height = y + legend_h + _PAD

    def row_y(band: int, row: int) -> int:
        return band_top[band] + _HEAD + sum(lane_h.get((band, r), _EMPTY) for r in range(row))

    boxes: dict[str, tuple[int, int, int, int, int]] = {}  # name -> band, x, y, w, h
    for p in placed:
        small = p.sticky.kind in _SMALL
        w, h = (_SW, _SH) if small else (_W, _H)
        x = _LEFT + p.column * _COL + (_COL - _W) // 2
        sy = row_y(p.band, p.row) + _LABEL + p.stack * (_H + _GAP)
        boxes[p.sticky.name] = (p.band, x, sy, w, h)

    name = title if title is not None else f"Event storming: {design.metadata.name}"
    hotspots = sum(s.kind == "hotspot" for s in stickies)
    summary = (
        f"{_count(len(stickies), 'sticky', 'stickies')}, "
        f"{_count(len(used), 'candidate context', 'candidate contexts')}, "
        f"{_count(hotspots, 'hotspot', 'hotspots')}"
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto" '
        f'font-family="Helvetica, Arial, sans-serif" font-size="{_FONT}" role="img" '
        f'aria-label="{escape(name)}">',
        '<defs><marker id="dk-board-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
        "<style>.dk-lane{fill:#f6f6f4}.dk-lane-alt{fill:#ecece8}"
        ".dk-link{fill:none;stroke:#555;stroke-opacity:.7;stroke-width:1.1}"
        ".dk-st{stroke:#333;stroke-opacity:.35}.dk-t{fill:#777;font-size:9px}</style>",
        f'<text x="{_PAD}" y="{_PAD + 12}" font-size="15" font-weight="bold">{escape(name)}</text>',
        f'<text x="{_PAD}" y="{_PAD + 28}" fill="#555">{escape(summary)}</text>',
    ]
    if not stickies:
        out.append(
            f'<text x="{_LEFT}" y="{top + _HEAD + 30}" fill="#777">No stickies on the board yet.'
            "</text>"
        )
    for b in range(bands):
        first, last = b * columns, min((b + 1) * columns, len(times)) - 1
        for c in range(first, last + 1):
            cx = _LEFT + (c - first) * _COL + _COL // 2
            label = f"t={times[c]:g}"
            out.append(
                f'<text class="dk-t" x="{cx}" y="{band_top[b] + 14}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
        for r, lane in enumerate(lanes):
            ly = row_y(b, r)
            lh = lane_h.get((b, r), _EMPTY)
            css = "dk-lane" if r % 2 == 0 else "dk-lane-alt"
            out.append(
                f'<rect class="{css}" x="{_PAD}" y="{ly}" width="{width - 2 * _PAD}" '
                f'height="{lh - 2}"/><text x="{_PAD + 4}" y="{ly + lh // 2 + 4}" '
                f'fill="#888" font-size="{10 if lh == _EMPTY else _FONT}">lane {lane}</text>'
            )
    out.extend(_regions(boxes, placed, colours))
    if arrows:
        out.extend(_links(boxes, stickies))
    for p in placed:
        out.append(_sticky_svg(p.sticky, boxes[p.sticky.name], colours))
    out.append(legend_svg)
    out.append("</svg>")
    return Svg("\n".join(out))


def _sticky_svg(s: Sticky, box: tuple[int, int, int, int, int], colours: dict[str, str]) -> str:
    _band, x, y, w, h = box
    fill = KIND_COLOURS[s.kind]
    small = s.kind in _SMALL
    lines = _wrap(s.name, 11 if small else 16, 2 if small else 3)
    first = y + h / 2 - (len(lines) - 1) * 6.5 + 4
    text = "".join(
        f'<tspan x="{x + w / 2:g}" y="{first + i * 13:g}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    strip = ""
    if s.context:
        strip = f'<rect x="{x}" y="{y}" width="5" height="{h}" fill="{colours[s.context]}"/>'
    return (
        f'<g class="dk-sticky" data-kind="{escape(s.kind)}"><title>{escape(_title(s))}</title>'
        f'<rect class="dk-st" x="{x}" y="{y}" width="{w}" height="{h}" rx="2" fill="{fill}"/>'
        f'{strip}<text text-anchor="middle" fill="{text_colour(fill)}">{text}</text></g>'
    )


def _regions(
    boxes: dict[str, tuple[int, int, int, int, int]],
    placed: list[_Placed],
    colours: dict[str, str],
) -> list[str]:
    """A labelled region around each run of nearby columns of a context within a row.

    A context that comes back much later on the timeline gets a second region
    rather than one covering everything in between.
    """
    runs: dict[str, list[list[_Placed]]] = defaultdict(list)
    for p in sorted(placed, key=lambda p: (p.band, p.column, p.row, p.stack)):
        context = p.sticky.context
        if not context:
            continue
        chunks = runs[context]
        last = chunks[-1][-1] if chunks else None
        if last is None or last.band != p.band or p.column - last.column > 1:
            chunks.append([])
        chunks[-1].append(p)
    out = []
    for context in sorted(runs):
        colour = colours[context]
        label = context if len(context) <= 40 else context[:39] + "…"
        for run in runs[context]:
            edges = [boxes[p.sticky.name] for p in run]
            x1, y1 = min(b[1] for b in edges), min(b[2] for b in edges)
            x2, y2 = max(b[1] + b[3] for b in edges), max(b[2] + b[4] for b in edges)
            out.append(
                f'<g class="dk-region"><title>{escape(context)}</title>'
                f'<rect x="{x1 - 6}" y="{y1 - _LABEL}" width="{x2 - x1 + 12}" '
                f'height="{y2 - y1 + _LABEL + 5}" rx="6" fill="{colour}" fill-opacity="0.13" '
                f'stroke="{colour}" stroke-width="1.5"/>'
                f'<text x="{x1 - 2}" y="{y1 - 4}" font-size="10" font-weight="bold" '
                f'fill="{colour}">{escape(label)}</text></g>'
            )
    return out


def _links(boxes: dict[str, tuple[int, int, int, int, int]], stickies: list[Sticky]) -> list[str]:
    out = []
    for s in sorted(stickies, key=lambda s: s.name):
        b1, x1, y1, w1, h1 = boxes[s.name]
        for target in sorted(s.leads_to):
            b2, x2, y2, _w2, h2 = boxes[target]
            if b1 != b2:
                continue  # listed in the tooltip instead
            sx, sy, ex, ey = x1 + w1, y1 + h1 / 2, x2, y2 + h2 / 2
            if ex >= sx:
                bend = max((ex - sx) / 2, 24)
                c1, c2 = f"{sx + bend:g},{sy:g}", f"{ex - bend:g},{ey:g}"
            else:  # back in time: dip below both stickies rather than cross the row
                dip = max(y1 + h1, y2 + h2) + 30
                c1, c2 = f"{sx + 50:g},{dip:g}", f"{ex - 50:g},{dip:g}"
            d = f"M{sx:g},{sy:g} C{c1} {c2} {ex:g},{ey:g}"
            out.append(
                f'<path class="dk-link" d="{d}" marker-end="url(#dk-board-arrow)">'
                f"<title>{escape(s.name)} → {escape(target)}</title></path>"
            )
    return out


def _legend(colours: dict[str, str], width: int, top: int) -> tuple[str, int]:
    """The kinds, then the candidate contexts, wrapped to ``width``; returns (svg, height)."""
    items = [(KIND_COLOURS[k], KIND_LABELS[k], k in _SMALL) for k in KIND_COLOURS]
    items += [
        (colour, name if len(name) <= 40 else name[:39] + "…", False)
        for name, colour in colours.items()
    ]
    out = [f'<g class="dk-legend"><text x="{_PAD}" y="{top + 10}" fill="#555">Kinds</text>']
    x, y = _PAD + 50, top
    for i, (colour, label, small) in enumerate(items):
        if i == len(KIND_COLOURS):
            x, y = _PAD + 50, y + 22
            out.append(f'<text x="{_PAD}" y="{y + 10}" fill="#555">Contexts</text>')
        w = 24 + int(6.2 * len(label))
        if x + w > width - _PAD and x > _PAD + 50:
            x, y = _PAD + 50, y + 18
        size = 9 if small else 12
        out.append(
            f'<rect x="{x}" y="{y + 12 - size}" width="{size}" height="{size}" '
            f'fill="{colour}" stroke="#333" stroke-opacity=".35"/>'
            f'<text x="{x + 16}" y="{y + 10}">{escape(label)}</text>'
        )
        x += w + 10
    out.append("</g>")
    return "".join(out), y - top + 22
