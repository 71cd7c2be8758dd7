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

__all__ = ["glance"]


def glance(design: Design) -> Html:
    """Headline numbers, the verdict, the dependency graph, SLOs and phase progress."""
    done = progress(design)
    rows = "".join(
        f"<tr><td>{p.number}</td><td>{escape(p.title)}</td>"
        f"<td>{done[p.number][0]}/{done[p.number][1]}</td></tr>"
        for p in PHASES
    )
    slos = tables.slos(design)
    parts = [
        '<section class="dk-glance">',
        "<h2>The design at a glance</h2>",
        tables.overview(design).to_html(),
        assessment_card(assess(design)),
        "<h3>Service dependencies</h3>",
        dependency_svg(design, title=""),  # Graphviz (or its fallback), folded when large
        "<h3>Service level objectives</h3>",
        slos.head(12).to_html()
        + (f"<p>... and {len(slos) - 12} more.</p>" if len(slos) > 12 else ""),
        "<h3>Top findings</h3>",
        _findings(design),
        "<h3>Progress by phase (success criteria met)</h3>",
        f"<table><thead><tr><th>Phase</th><th>Session</th><th>Met</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>",
        "</section>",
    ]
    return Html("\n".join(parts))


def _findings(design: Design, limit: int = 8) -> str:
    from ..analysis.antipatterns import analyze, summary

    found = analyze(design)
    if not found:
        return "<p>No anti-pattern found.</p>"
    counts = ", ".join(f"{n} {sev}" for sev, n in summary(found).items() if n)
    more = f"<p>... and {len(found) - limit} more.</p>" if len(found) > limit else ""
    return f"<p>{escape(counts)}</p>" + tables.findings(found[:limit]).to_html() + more
