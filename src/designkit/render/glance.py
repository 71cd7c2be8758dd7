"""The report's first pages: the design at a glance, for readers who stop there."""

from __future__ import annotations

from html import escape

from ..analysis.assessment import assess
from ..analysis.checklist import progress
from ..model import Design
from ..phases import PHASES
from . import tables
from .html import Html, assessment_card
from .static import dependency_svg
from .table_html import table_html

__all__ = ["glance", "glance_parts"]


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
    graph = "\n".join(
        [
            "<h3>Dependencies between bounded contexts</h3>",
            # One node per context: an overview that prints readably; phase 1 draws
            # every service.
            dependency_svg(design, title="", collapse=True),
        ]
    )
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
