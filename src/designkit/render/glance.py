"""The report's first pages: the design at a glance, for readers who stop there."""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from ..analysis.assessment import assess
from ..analysis.checklist import progress
from ..analysis.context_map import collapse_by_context
from ..analysis.graph import dependency_graph
from ..model import Design
from ..phases import PHASES
from . import tables
from .html import Html, assessment_card
from .static import dependency_svg
from .table_html import table_html

__all__ = ["context_matrix", "glance", "glance_parts", "prints_on_one_page"]

# The printable landscape width of the narrower paper (US Letter) and the height a
# drawing may take on a landscape page (report.css), less the 4 % report.js keeps,
# in CSS px; and 7 pt, the smallest label the report prints.
_PAGE_W_PX = (279.4 - 32) * 0.96 * 96 / 25.4
_PAGE_H_PX = 165 * 0.96 * 96 / 25.4
_MIN_LABEL_PX = 7 * 96 / 72
_CORNER = "From \u2193 to \u2192"


def glance(design: Design) -> Html:
    """Headline numbers, the verdict, the dependency graph, SLOs and phase progress.

    The findings are on the executive summary page (designkit.render.summary).
    """
    return Html("\n".join(glance_parts(design)))


def glance_parts(design: Design) -> list[Html]:
    """:func:`glance` in three parts (numbers, graph, objectives and progress).

    The report puts each in a box of its own, so that a graph that needs a
    landscape page takes only itself there.
    """
    done = progress(design)
    rows = "".join(
        f'<tr><td class="dk-num">{p.number}</td><td class="dk-text">{escape(p.title)}</td>'
        f'<td class="dk-num">{done[p.number][0]} of {done[p.number][1]}</td></tr>'
        for p in PHASES
    )
    slos = tables.slos(design)
    shown = 12
    more = (
        f"<p>The first {shown} of {len(slos)}; phase 6 lists every SLO.</p>"
        if len(slos) > shown
        else ""
    )
    head = "\n".join(
        [
            "<h2>The design at a glance</h2>",
            table_html(tables.overview(design)),
            assessment_card(assess(design)),
        ]
    )
    # One node per context: an overview; phase 1 draws every service.
    drawing = dependency_svg(design, title="", collapse=True)
    if not prints_on_one_page(drawing):
        # Its labels would print under 7 pt on a landscape page, or it would take
        # several: the printed report shows the same links as a matrix instead.
        drawing = Html(
            f'<div class="dk-screen-only">{drawing}</div>'
            f'<div class="dk-print-only">{context_matrix(design)}</div>'
        )
    graph = "\n".join(["<h3>Dependencies between bounded contexts</h3>", drawing])
    rest = "\n".join(
        [
            "<h3>Service level objectives</h3>",
            table_html(slos.head(shown)) + more,
            "<h3>Progress by phase (success criteria met)</h3>",
            '<table class="dk-table"><thead><tr><th class="dk-num">Phase</th>'
            '<th class="dk-text">Session</th><th class="dk-num">Met</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>",
        ]
    )
    return [Html(f'<section class="dk-glance">{part}</section>') for part in (head, graph, rest)]


def prints_on_one_page(svg: str) -> bool:
    """Whether ``svg`` fits one landscape page with its smallest label at 7 pt or more.

    >>> prints_on_one_page('<svg viewBox="0 0 600 300"><text font-size="10">a</text></svg>')
    True
    >>> prints_on_one_page('<svg viewBox="0 0 1744 1955"><text font-size="8">a</text></svg>')
    False
    """
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    sizes = [float(v) for v in re.findall(r'font-size="([\d.]+)"', svg)]
    if box is None or not sizes:
        return True
    scale = _MIN_LABEL_PX / min(sizes)
    return float(box[1]) * scale <= _PAGE_W_PX and float(box[2]) * scale <= _PAGE_H_PX


def context_matrix(design: Design) -> str:
    """Links between bounded contexts as a table: calls and messages, row to column.

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "contexts": [{"name": "A"},
    ...     {"name": "B"}], "services": [{"name": "a", "context": "A",
    ...     "dependencies": [{"target": "b"}]}, {"name": "b", "context": "B"}]})
    >>> html = context_matrix(d)
    >>> html.count("<td "), html.count(">1</td>"), "\u2014" in html
    (4, 1, False)
    """
    graph = collapse_by_context(dependency_graph(design))
    names = sorted(graph.nodes)
    label = {n: str(graph.nodes[n].get("context", n)) for n in names}
    frame = pd.DataFrame(
        [
            {
                _CORNER: label[a],
                **{
                    label[b]: graph.edges[a, b]["calls"] if graph.has_edge(a, b) else ""
                    for b in names
                },
            }
            for a in names
        ]
    ).set_index(_CORNER)
    return (
        table_html(frame)
        + "<p>Each number counts the calls and messages from the row's context to the "
        "column's; an empty cell, none. Phase 1 draws the dependency graph.</p>"
    )
