"""Entity-relationship diagrams per service, as static deterministic SVG.

Each entity is a box with its attributes (``name: type``, the key in bold,
sensitive classifications flagged); entities kept by another service are
dashed boxes naming their owner: across services a relation is a reference
by id, not a foreign key. Relations are lines with UML ends: a filled diamond
for composition, a hollow one for aggregation, a hollow triangle for
inheritance; ``*`` marks the many side. Every label is XML-escaped.
"""

from __future__ import annotations

from html import escape

from ..analysis.erd import ErdEntity, ErdRelation, ServiceErd
from .html import Html
from .svg import Svg

__all__ = ["erd_gallery", "erd_svg"]

_W, _HEAD, _ROW, _GAP_X, _GAP_Y, _PAD = 210, 24, 16, 70, 24, 20
_SENSITIVE = {"pii": "#e15759", "pci": "#b07aa1", "phi": "#f28e2b", "confidential": "#9c755f"}


def _height(entity: ErdEntity) -> int:
    rows = len(entity.attributes) if not entity.external else 1
    return _HEAD + max(rows, 1) * _ROW + 6


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def erd_svg(erd: ServiceErd) -> Svg:
    """Draw one service's ERD.

    Examples
    --------
    >>> from designkit.analysis.erd import ErdAttribute, ErdEntity, ErdRelation, ServiceErd
    >>> e = ServiceErd("order", ("db",), (
    ...     ErdEntity("Order<1>", "Order<1>", True, "db", "order", False,
    ...               (ErdAttribute("id", "uuid", None, True),)),
    ...     ErdEntity("Customer", None, True, "", "user", True, ())),
    ...     (ErdRelation("Order<1>", "Customer", "association", False),))
    >>> svg = erd_svg(e)
    >>> svg.startswith("<svg") and "Order&lt;1&gt;" in svg and "owned by user" in svg
    True
    """
    boxes = erd.entities
    rank = _ranks(erd)
    top = _PAD + 28
    place: dict[str, tuple[float, float, float, float]] = {}
    heights: dict[int, float] = {}
    for box in boxes:
        r = rank[box.name]
        y = heights.get(r, float(top))
        place[box.name] = (_PAD + r * (_W + _GAP_X), y, _W, _height(box))
        heights[r] = y + _height(box) + _GAP_Y
    cols = max(rank.values(), default=0) + 1
    width = max(_PAD * 2 + cols * _W + (cols - 1) * _GAP_X + 40, 420)
    height = int(max(heights.values(), default=top + 20.0 + _GAP_Y) - _GAP_Y + _PAD)
    title = f"{erd.service}: entities in {', '.join(erd.stores) or 'no store'}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="11" role="img">',
        "<defs>"
        '<marker id="dk-comp" viewBox="0 0 16 10" refX="0" refY="5" markerWidth="14" '
        'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,5 L8,0 L16,5 L8,10 z" fill="#333"/></marker>'
        '<marker id="dk-aggr" viewBox="0 0 16 10" refX="0" refY="5" markerWidth="14" '
        'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,5 L8,0 L16,5 L8,10 z" fill="#fff" stroke="#333"/></marker>'
        '<marker id="dk-inh" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="11" '
        'markerHeight="11" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#fff" stroke="#333"/></marker>'
        "</defs>",
        f'<text x="{_PAD}" y="{_PAD + 12}" font-size="14" font-weight="bold">'
        f"{escape(title)}</text>",
    ]
    for rel in erd.relations:
        if rel.source in place and rel.target in place:
            out.append(_relation(place[rel.source], place[rel.target], rel))
    for box in boxes:
        out.append(_box(box, place[box.name]))
    if not boxes:
        out.append(f'<text x="{_PAD}" y="{top + 12}">(no entities)</text>')
    out.append("</svg>")
    return Svg("\n".join(out))


def _ranks(erd: ServiceErd) -> dict[str, int]:
    """Column of each box: owned entities by relation depth from the roots, and an external
    one right of the deepest entity that refers to it."""
    owned = [e.name for e in erd.entities if not e.external]
    rank = {name: 0 for name in owned}
    # Longest path over the owned entities' relations, at most one pass per entity
    # (so a cycle cannot loop), in file order: the same input, the same columns.
    for _ in owned:
        changed = False
        for rel in erd.relations:
            inside = rel.source in rank and rel.target in rank and rel.target != rel.source
            if inside and rank[rel.source] >= rank[rel.target] and rank[rel.source] < len(owned):
                rank[rel.target] = rank[rel.source] + 1
                changed = True
        if not changed:
            break
    for e in erd.entities:
        if e.external:
            sources = [rank[r.source] for r in erd.relations if r.target == e.name]
            rank[e.name] = max((r for r in sources if r is not None), default=-1) + 1
    return rank


def _relation(
    a: tuple[float, float, float, float],
    b: tuple[float, float, float, float],
    rel: ErdRelation,
) -> str:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    y1, y2 = ay + min(ah / 2, 40), by + min(bh / 2, 40)
    if bx > ax:  # left to right, a smooth curve between the facing sides
        x1, x2 = ax + aw, bx
        mid = (x1 + x2) / 2
        d = f"M{x1:g},{y1:g} C{mid:g},{y1:g} {mid:g},{y2:g} {x2:g},{y2:g}"
    elif bx < ax:
        x1, x2 = ax, bx + bw
        mid = (x1 + x2) / 2
        d = f"M{x1:g},{y1:g} C{mid:g},{y1:g} {mid:g},{y2:g} {x2:g},{y2:g}"
    else:  # same column: an arc on the right
        x1 = x2 = ax + aw
        bulge = x1 + 24 + abs(y2 - y1) * 0.08
        d = f"M{x1:g},{y1:g} C{bulge:g},{y1:g} {bulge:g},{y2:g} {x2:g},{y2:g}"
    marks = {
        "composition": ' marker-start="url(#dk-comp)"',
        "aggregation": ' marker-start="url(#dk-aggr)"',
        "inheritance": ' marker-end="url(#dk-inh)"',
    }.get(rel.kind, "")
    tip = f"{rel.source} → {rel.target} ({rel.kind}{', many' if rel.many else ''})"
    label = ""
    if rel.many:
        lx = x2 - 10 if x2 > x1 or x2 == x1 else x2 + 4
        label = f'<text x="{lx:g}" y="{y2 - 4:g}" font-weight="bold">*</text>'
    return (
        f'<g><title>{escape(tip)}</title><path d="{d}" stroke="#555" stroke-width="1.2" '
        f'fill="none"{marks}/>{label}</g>'
    )


def _box(box: ErdEntity, at: tuple[float, float, float, float]) -> str:
    x, y, w, h = at
    fill = "#f4f4f4" if box.external else "#ffffff"
    head = "#bab0ac" if box.external else ("#4e79a7" if box.root else "#76b7b2")
    dash = ' stroke-dasharray="5 3"' if box.external else ""
    tip = box.name + (f" (aggregate {box.aggregate})" if box.aggregate else "")
    parts = [
        f"<g><title>{escape(tip)}</title>",
        f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="4" fill="{fill}" '
        f'stroke="#333"{dash}/>',
        f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{_HEAD}" rx="4" fill="{head}"/>',
        f'<text x="{x + w / 2:g}" y="{y + 16:g}" text-anchor="middle" font-weight="bold" '
        f'fill="{"#111" if box.external else "#fff"}">{escape(_short(box.name, 30))}</text>',
    ]
    if box.external:
        owner = f"owned by {box.owner}" if box.owner else "kept by no service"
        parts.append(
            f'<text x="{x + 8:g}" y="{y + _HEAD + 13:g}" fill="#555" font-style="italic">'
            f"{escape(_short(owner, 34))}</text>"
        )
    for i, attr in enumerate(box.attributes):
        ty = y + _HEAD + 13 + i * _ROW
        weight = ' font-weight="bold"' if attr.key else ""
        text = _short(f"{attr.name}: {attr.type}", 26 if attr.classification else 34)
        parts.append(f'<text x="{x + 8:g}" y="{ty:g}"{weight}>{escape(text)}</text>')
        if attr.classification:
            colour = _SENSITIVE.get(attr.classification, "#888")
            parts.append(
                f'<text x="{x + w - 6:g}" y="{ty:g}" text-anchor="end" fill="{colour}" '
                f'font-size="10">{escape(attr.classification)}</text>'
            )
    parts.append("</g>")
    return "".join(parts)


def erd_gallery(erds: list[ServiceErd]) -> Html:
    """Every ERD one below the other (each titled with its service and stores).

    Examples
    --------
    >>> from designkit.analysis.erd import ServiceErd
    >>> erd_gallery([ServiceErd("a&b", (), (), ())]).count("<svg")
    1
    >>> erd_gallery([])
    no entities are kept by any service
    """
    if not erds:
        return Html("<p>no entities are kept by any service</p>")
    return Html("".join(f'<div class="dk-erd">{erd_svg(e)}</div>' for e in erds))
