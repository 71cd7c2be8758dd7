"""Decomposition results as tables and a static SVG of the candidate cut.

Each table function takes a :class:`~designkit.analysis.decomposition.Decomposition`
(or a :class:`~designkit.analysis.decomposition.ContextComparison`) and returns a
DataFrame; :func:`cut_svg` draws the candidates as boxes listing their entities,
joined by the weight of the ties cut between them. Output is deterministic and
every name is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape

import pandas as pd

from ..analysis.decomposition import (
    CRITERIA,
    PRIORITY_SCALE,
    ContextComparison,
    Decomposition,
)
from ..analysis.decomposition.scoring import unpair
from ..model import Design
from ._frames import noted
from .svg import PALETTE, Svg, text_colour

__all__ = [
    "candidates",
    "comparison",
    "criteria",
    "cut_svg",
    "cut_ties",
    "explanations",
    "moves",
]

_NAMES = {c.key: c.name for c in CRITERIA}
_LEVEL = {v: k for k, v in PRIORITY_SCALE.items()}


def criteria(priorities: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The 16 criteria: card, name, kind, priority (level) and where the input comes from.

    Examples
    --------
    >>> t = criteria()
    >>> t.loc["semantic_proximity", "priority"], len(t)
    ('M', 16)
    """
    from ..analysis.decomposition import resolve_priorities

    factors = resolve_priorities(None) if priorities is None else dict(priorities)
    rows = [
        {
            "criterion": c.key,
            "card": c.code,
            "name": c.name,
            "kind": c.kind,
            "priority": _LEVEL.get(factors.get(c.key, 0.0), f"{factors.get(c.key, 0.0):g}"),
            "input": c.source,
        }
        for c in CRITERIA
    ]
    return pd.DataFrame(rows).set_index("criterion")


def candidates(decomposition: Decomposition) -> pd.DataFrame:
    """One row per candidate: size, entities, what holds it together, inside and cut weight.

    Examples
    --------
    >>> import designkit
    >>> from designkit.examples_index import example_path
    >>> from designkit.analysis.decomposition import decompose
    >>> t = candidates(decompose(designkit.load(example_path("banking"))))
    >>> list(t.columns)[:3]
    ['nanoentities', 'entities', 'held together by']
    """
    rows = []
    for c in decomposition.candidates:
        total = c.internal + c.cut
        rows.append(
            {
                "candidate": c.name,
                "nanoentities": len(c.nanoentities),
                "entities": ", ".join(c.entities),
                "held together by": ", ".join(_NAMES[k] for k in c.reasons[:3]),
                "inside": round(c.internal, 1),
                "cut": round(c.cut, 1),
                "cohesion": round(c.internal / total, 3) if total else 1.0,
                "predefined": c.predefined or "",
            }
        )
    columns = [
        "nanoentities",
        "entities",
        "held together by",
        "inside",
        "cut",
        "cohesion",
        "predefined",
    ]
    if not rows:
        return noted(pd.DataFrame(columns=columns).rename_axis("candidate"))
    return pd.DataFrame(rows).set_index("candidate")[columns]


def explanations(decomposition: Decomposition) -> pd.DataFrame:
    """Candidates by criteria: the weighted score summed over the pairs inside each.

    Positive cells hold the candidate together; negative ones are the
    compatibility penalties it accepted. Criteria that score nothing are left out.

    Examples
    --------
    >>> from designkit.analysis.decomposition import decompose
    >>> explanations(decompose(_demo())).loc["Order", "Identity & Lifecycle Commonality"]
    np.float64(30.0)
    """
    keys = [c.key for c in CRITERIA]
    used = [k for k in keys if any(k in c.cohesion for c in decomposition.candidates)]
    rows = {
        c.name: {_NAMES[k]: round(c.cohesion.get(k, 0.0), 1) for k in used}
        for c in decomposition.candidates
    }
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[_NAMES[k] for k in used])
    return noted(table.rename_axis("candidate"))


def cut_ties(decomposition: Decomposition, limit: int | None = None) -> pd.DataFrame:
    """The ties cut between candidates, heaviest first (entity pairs, per criterion).

    Examples
    --------
    >>> from designkit.analysis.decomposition import decompose
    >>> cut_ties(decompose(_demo(), n=2))[["entity", "other entity", "criterion"]].values.tolist()
    [['Order', 'Stock', 'Semantic Proximity'], ['Order', 'Stock', 'Mutability']]
    """
    ties = decomposition.ties[:limit] if limit is not None else decomposition.ties
    columns = ["candidate", "other", "entity", "other entity", "criterion", "weight", "pairs"]
    rows = [
        {
            "candidate": t.candidate,
            "other": t.other,
            "entity": t.entity,
            "other entity": t.other_entity,
            "criterion": _NAMES[t.criterion],
            "weight": round(t.weight, 1),
            "pairs": t.pairs,
        }
        for t in ties
    ]
    return noted(pd.DataFrame(rows, columns=columns))


def comparison(result: ContextComparison) -> pd.DataFrame:
    """The current contexts and the candidate cut side by side, one row per measure.

    Examples
    --------
    >>> from designkit.analysis.decomposition import compare_with_contexts, decompose
    >>> table = comparison(compare_with_contexts(d := _demo(), decompose(d)))
    >>> table.loc["groups"].tolist()
    [1.0, 2.0]
    """
    measures = {
        "modularity": "modularity",
        "cohesion": "cohesion (share of tie weight inside)",
        "coupling": "coupling (tie weight between groups)",
        "groups": "groups",
        "violations": "hard-constraint violations",
    }
    rows = {
        label: [round(result.contexts[k], 3), round(result.candidates[k], 3)]
        for k, label in measures.items()
    }
    rows["nanoentities that move"] = [0.0, float(len(result.moved))]
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=["current contexts", "candidate cut"]
    ).rename_axis("measure")


def moves(result: ContextComparison) -> pd.DataFrame:
    """What moved, per entity: from its context to a candidate (and that candidate's context).

    Examples
    --------
    >>> from designkit.analysis.decomposition import compare_with_contexts, decompose
    >>> moves(compare_with_contexts(d := _demo(), decompose(d)))["entity"].tolist()
    ['Stock']
    """
    grouped: dict[tuple[str, str, str, str], list[str]] = {}
    for m in result.moved:
        key = (m.entity, m.context, m.candidate, m.candidate_context or "(new)")
        grouped.setdefault(key, []).append(m.nanoentity.partition(".")[2] or m.nanoentity)
    rows = [
        [entity, ctx, cand, target, len(attrs), ", ".join(attrs)]
        for (entity, ctx, cand, target), attrs in sorted(grouped.items())
    ]
    columns = ["entity", "context", "candidate", "candidate's context", "count", "attributes"]
    return noted(pd.DataFrame(rows, columns=columns))


_W, _LINE, _HEAD, _GAP, _PAD, _MAX_LINES = 230, 16, 26, 60, 20, 10


def cut_svg(decomposition: Decomposition, *, title: str | None = None, max_links: int = 40) -> Svg:
    """Draw the candidates as boxes of their entities, joined by the weight cut between them.

    Examples
    --------
    >>> import designkit
    >>> from designkit.examples_index import example_path
    >>> from designkit.analysis.decomposition import decompose
    >>> svg = cut_svg(decompose(designkit.load(example_path("banking"))), title="<cut>")
    >>> svg.startswith("<svg") and "&lt;cut&gt;" in svg
    True
    """
    boxes = decomposition.candidates
    cols = max(1, min(4, math.ceil(math.sqrt(len(boxes)))))
    lines = [_entity_lines(c.nanoentities) for c in boxes]
    heights = [_HEAD + _LINE * len(body) + 8 for body in lines]
    rows = math.ceil(len(boxes) / cols) if boxes else 0
    row_h = [max(heights[r * cols : (r + 1) * cols], default=0) for r in range(rows)]
    top = _PAD + (28 if title else 0)
    pos: list[tuple[float, float]] = []
    for k in range(len(boxes)):
        row, col = divmod(k, cols)
        pos.append((_PAD + col * (_W + _GAP), top + sum(row_h[:row]) + row * _GAP))
    width = max(_PAD * 2 + cols * _W + (cols - 1) * _GAP, 480)
    height = top + sum(row_h) + max(rows - 1, 0) * _GAP + _PAD + 20
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="12" role="img">',
        "<style>.dk-cut{stroke:#c44;stroke-opacity:.55;fill:none}"
        ".dk-box{stroke:#333;stroke-width:1;fill:#fff}</style>",
    ]
    if title:
        out.append(
            f'<text x="{_PAD}" y="{_PAD + 12}" font-size="15" font-weight="bold">'
            f"{escape(title)}</text>"
        )
    index = {c.name: k for k, c in enumerate(boxes)}
    names = decomposition.weights.scores.inputs.names
    assigned = decomposition.assignment()
    box = [index[assigned[n]] for n in names]
    links: dict[tuple[int, int], float] = {}
    for key, w in decomposition.weights.net.items():
        i, j = unpair(key, len(names))
        if box[i] != box[j]:
            a, b = sorted((box[i], box[j]))
            links[a, b] = links.get((a, b), 0.0) + w
    strongest = sorted(((w, ab) for ab, w in links.items() if w > 0), key=lambda x: (-x[0], x[1]))
    strongest = strongest[:max_links]
    heaviest = strongest[0][0] if strongest else 1.0
    for w, (a, b) in sorted(strongest, key=lambda x: x[1]):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        x1, y1 = xa + _W / 2, ya + heights[a] / 2
        x2, y2 = xb + _W / 2, yb + heights[b] / 2
        stroke = 1 + 5 * w / heaviest
        tip = f"{boxes[a].name} – {boxes[b].name}: {w:.1f} cut"
        out.append(
            f'<path class="dk-cut" d="M{x1:g},{y1:g} L{x2:g},{y2:g}" '
            f'stroke-width="{stroke:.2f}"><title>{escape(tip)}</title></path>'
        )
    for k, c in enumerate(boxes):
        x, y = pos[k]
        fill = PALETTE[k % len(PALETTE)]
        label = c.name if len(c.name) <= 26 else c.name[:25] + "…"
        head = f"{label} ({len(c.nanoentities)})"
        reasons = ", ".join(_NAMES[r] for r in c.reasons[:3]) or "no ties inside"
        out.append(
            f"<g><title>{escape(c.name)}: {escape(reasons)}</title>"
            f'<rect class="dk-box" x="{x:g}" y="{y:g}" width="{_W}" height="{heights[k]}" rx="6"/>'
            f'<rect x="{x:g}" y="{y:g}" width="{_W}" height="{_HEAD - 4}" rx="6" fill="{fill}"/>'
            f'<text x="{x + 8:g}" y="{y + 15:g}" font-weight="bold" fill="{text_colour(fill)}">'
            f"{escape(head)}</text>"
        )
        for i, text in enumerate(lines[k]):
            out.append(
                f'<text x="{x + 10:g}" y="{y + _HEAD + 10 + i * _LINE:g}">{escape(text)}</text>'
            )
        out.append("</g>")
    out.append(
        f'<text x="{_PAD}" y="{height - 10}" fill="#555">Boxes: candidate services (nanoentities); '
        "lines: ties cut between them (thicker is heavier).</text>"
    )
    out.append("</svg>")
    return Svg("\n".join(out))


def _entity_lines(nanoentities: tuple[str, ...]) -> list[str]:
    counts: dict[str, int] = {}
    for n in nanoentities:
        entity = n.partition(".")[0]
        counts[entity] = counts.get(entity, 0) + 1
    lines = [f"{e} ({k})" if k > 1 else e for e, k in sorted(counts.items())]
    lines = [t if len(t) <= 32 else t[:31] + "…" for t in lines]
    if len(lines) > _MAX_LINES:
        lines = [*lines[: _MAX_LINES - 1], f"… and {len(lines) - _MAX_LINES + 1} more"]
    return lines


def _demo() -> Design:
    """The examples' design: two entities in one context, tied by one use case."""
    return Design.model_validate(
        {
            "metadata": {"name": "demo"},
            "contexts": [{"name": "Shop"}],
            "domain": {
                "entities": [
                    {
                        "name": "Order",
                        "context": "Shop",
                        "attributes": [{"name": "id"}, {"name": "sku"}],
                    },
                    {
                        "name": "Stock",
                        "context": "Shop",
                        "attributes": [{"name": "sku"}, {"name": "n"}],
                    },
                ],
                "use_cases": [{"name": "buy", "reads": ["Stock.sku"], "writes": ["Order.sku"]}],
            },
        }
    )
