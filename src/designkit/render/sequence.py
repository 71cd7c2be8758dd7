"""Saga sequence diagrams as static, deterministic SVG.

One lifeline per service of the saga (the orchestrator first). The happy
path runs top to bottom: commands as solid arrows, replies dashed, events of
a choreography in blue, local transactions as a loop on their own lifeline.
A rule marks the pivot; below it, in red, the compensations that run, last
step first, when the pivot fails. Every label is XML-escaped; long labels are
shortened, with the whole text in a tooltip.
"""

from __future__ import annotations

import re
from html import escape

from ..analysis.saga_flow import SagaFlow, SagaMessage
from .html import Html
from .svg import Svg

__all__ = ["sequence_gallery", "sequence_svg"]

_COL, _BOX_W, _BOX_H, _ROW, _PAD, _PIVOT_GAP = 190, 150, 30, 36, 20, 16
# The channel under an arrow is the smallest label: 10 px prints at 7.5 pt at the
# drawing's own size, and the report scales no diagram below 7 pt labels.
_SMALL = 10
_STYLE = {
    "command": ("#333", ""),
    "reply": ("#777", ' stroke-dasharray="5 4"'),
    "event": ("#4e79a7", ""),
    "local": ("#59a14f", ""),
    "compensation": ("#e15759", ' stroke-dasharray="6 3"'),
}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _text(message: SagaMessage) -> str:
    label = message.label
    if message.kind in ("command", "event") and _norm(label) != _norm(message.step):
        label = f"{label} → {message.step}"
    return label


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sequence_svg(flow: SagaFlow) -> Svg:
    """Draw one saga as a sequence diagram.

    Examples
    --------
    >>> from designkit.analysis.saga_flow import SagaFlow, SagaMessage
    >>> f = SagaFlow("s<1>", "orchestration", ("o", "p"), "b", (
    ...     SagaMessage("a", "o", "o", "a", "local", ""),
    ...     SagaMessage("b", "o", "p", "Charge", "command", "cmd")),
    ...     (SagaMessage("a", "o", "o", "undo a", "compensation", ""),))
    >>> svg = sequence_svg(f)
    >>> svg.startswith("<svg") and "s&lt;1&gt;" in svg and "undo a" in svg
    True
    """
    lanes = {name: i for i, name in enumerate(flow.lifelines)}
    top = _PAD + 26
    first = top + _BOX_H + 20
    pivot_after = max(
        (i for i, m in enumerate(flow.forward) if m.step == flow.pivot), default=len(flow.forward)
    )
    rows = len(flow.forward) + (len(flow.compensation) + 1 if flow.compensation else 0) + 1
    bottom = first + rows * _ROW + _PIVOT_GAP
    width = max(_PAD * 2 + max(len(lanes) - 1, 0) * _COL + _BOX_W + 60, 480)
    height = bottom + _PAD

    def x(name: str) -> float:
        return _PAD + lanes.get(name, 0) * _COL + _BOX_W / 2

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="11" role="img">',
        "<defs>"
        + "".join(
            f'<marker id="dk-sq-{kind}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
            f'markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/>'
            "</marker>"
            for kind, (colour, _) in sorted(_STYLE.items())
        )
        + "</defs>",
        f'<text x="{_PAD}" y="{_PAD + 12}" font-size="14" font-weight="bold">'
        f"{escape(f'Saga {flow.saga} ({flow.style})')}</text>",
    ]
    for name in flow.lifelines:
        cx = x(name)
        out.append(
            f'<g><title>{escape(name)}</title><rect x="{cx - _BOX_W / 2:g}" y="{top}" '
            f'width="{_BOX_W}" height="{_BOX_H}" rx="5" fill="#4e79a7" stroke="#333"/>'
            f'<text x="{cx:g}" y="{top + 19}" text-anchor="middle" fill="#fff" '
            f'font-weight="bold">{escape(_short(name, 22))}</text></g>'
            f'<path d="M{cx:g},{top + _BOX_H} V{bottom - 6}" stroke="#999" '
            'stroke-dasharray="3 3"/>'
        )
    y = float(first)
    for i, message in enumerate(flow.forward):
        out.append(_arrow(message, x(message.source), x(message.target), y))
        y += _ROW
        if i == pivot_after:
            out.append(
                f'<path d="M{_PAD},{y - 6:g} H{width - _PAD}" stroke="#f28e2b" '
                'stroke-width="1.5" stroke-dasharray="8 4"/>'
                f'<text x="{width - _PAD}" y="{y - 10:g}" text-anchor="end" '
                f'fill="#c05f00">{escape(f"pivot: {flow.pivot} (after it, forward only)")}'
                "</text>"
            )
            y += _PIVOT_GAP
    if flow.compensation:
        out.append(
            f'<text x="{_PAD}" y="{y + 4:g}" fill="#e15759" font-weight="bold">'
            f"{escape(f'If {flow.pivot} fails: compensations, last step first')}</text>"
        )
        y += _ROW
        for message in flow.compensation:
            out.append(_arrow(message, x(message.source), x(message.target), y))
            y += _ROW
    out.append("</svg>")
    return Svg("\n".join(out))


def _arrow(message: SagaMessage, x1: float, x2: float, y: float) -> str:
    colour, dash = _STYLE[message.kind]
    text = _text(message)
    via = f" via {message.via}" if message.via else ""
    tip = escape(f"{message.step}: {text}{via} ({message.kind})")
    label = escape(_short(text))
    if x1 == x2:  # a local transaction: a loop on the lifeline
        d = f"M{x1:g},{y - 8:g} h26 v14 h-24"
        return (
            f'<g><title>{tip}</title><path d="{d}" fill="none" stroke="{colour}" '
            f'stroke-width="1.3"{dash} marker-end="url(#dk-sq-{message.kind})"/>'
            f'<text x="{x1 + 32:g}" y="{y + 2:g}" fill="{colour}">{label}</text></g>'
        )
    mid = (x1 + x2) / 2
    small = (
        f'<text x="{mid:g}" y="{y + 13:g}" text-anchor="middle" fill="#888" '
        f'font-size="{_SMALL}">{escape(_short(message.via, 30))}</text>'
        if message.via
        else ""
    )
    return (
        f'<g><title>{tip}</title><path d="M{x1:g},{y:g} H{x2:g}" stroke="{colour}" '
        f'stroke-width="1.3"{dash} marker-end="url(#dk-sq-{message.kind})"/>'
        f'<text x="{mid:g}" y="{y - 4:g}" text-anchor="middle" fill="{colour}">{label}</text>'
        f"{small}</g>"
    )


def sequence_gallery(flows: list[SagaFlow]) -> Html:
    """Every saga's sequence diagram, one below the other.

    Examples
    --------
    >>> sequence_gallery([])
    the design has no sagas
    """
    if not flows:
        return Html("<p>the design has no sagas</p>")
    return Html("".join(f'<div class="dk-saga">{sequence_svg(f)}</div>' for f in flows))
