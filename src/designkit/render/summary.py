"""The report's executive summary: one page for a sponsor or reviewer who reads no further.

Scope, key decisions, the most serious findings, whether each journey can meet
its objective, and the monthly cost, each computed by the analysis that owns
it (nothing is recomputed here). Every value is escaped.
"""

from __future__ import annotations

from html import escape

from ..model import Design
from .html import Html
from .table_html import table_html

__all__ = ["executive_summary"]

_TOP_FINDINGS = 5
_TOP_DECISIONS = 5


def executive_summary(design: Design) -> Html:
    """The summary page as HTML (``<section class="dk-summary">``).

    >>> import designkit
    >>> from designkit.examples_index import example_path
    >>> page = executive_summary(designkit.load(example_path("ecommerce")))
    >>> "Executive summary" in page and "Monthly cost" in page
    True
    """
    parts = [
        '<section class="dk-summary">',
        "<h2>Executive summary</h2>",
        _scope(design),
        "<h3>Monthly cost</h3>",
        _cost(design),
        "<h3>Top findings</h3>",
        _findings(design),
        "<h3>Key decisions</h3>",
        _decisions(design),
        "<h3>Can each journey meet its objective?</h3>",
        _feasibility(design),
        "</section>",
    ]
    return Html("\n".join(parts))


def _scope(design: Design) -> str:
    r = design.requirements
    compliance = ", ".join(c.upper() for c in r.compliance) or "no named regime"
    people = sum(t.size for t in design.teams)
    text = (
        f"A {escape(r.kind)} design of {len(design.services)} services in "
        f"{len(design.contexts)} bounded contexts, owned by {len(design.teams)} teams "
        f"({people} people). Targets: {r.availability * 100:.4g}% availability, "
        f"p{r.latency.percentile:g} under {r.latency.threshold_ms:g} ms at "
        f"{r.traffic.peak_rps:,.0f} requests/s at peak. Compliance: {escape(compliance)}."
    )
    return f"<p>{text}</p>"  # the description is on the title page


def _decisions(design: Design) -> str:
    chosen = [d for d in design.decisions if d.status in ("accepted", "proposed")]
    if not chosen:
        return "<p>No decision recorded yet.</p>"
    chosen.sort(key=lambda d: d.status != "accepted")  # accepted first, file order kept
    items = "".join(
        f"<li><b>{escape(d.title)}</b> ({escape(d.status)})"
        + (f": {escape(_first_sentence(d.outcome))}" if d.outcome else "")
        + "</li>"
        for d in chosen[:_TOP_DECISIONS]
    )
    more = len(chosen) - _TOP_DECISIONS
    tail = f"<p>{more} more in the decision records of phase 7.</p>" if more > 0 else ""
    return f"<ul>{items}</ul>{tail}"


def _first_sentence(text: str) -> str:
    """The first sentence, whole (a page has room for one per decision).

    >>> _first_sentence("Kafka, because replay. Also ordering.")
    'Kafka, because replay.'
    """
    head, dot, _rest = text.partition(". ")
    return head + "." if dot else text


def _findings(design: Design) -> str:
    from ..analysis.antipatterns import analyze, summary

    found = analyze(design)
    if not found:
        return "<p>No anti-pattern found.</p>"
    counts = ", ".join(
        f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in summary(found).items() if n
    )
    items = "".join(
        f"<li><b>{escape(f.severity)}</b> {escape(f.subject)}: {escape(f.message)}</li>"
        for f in found[:_TOP_FINDINGS]
    )
    more = len(found) - _TOP_FINDINGS
    tail = (
        f"<p>All {len(found)} findings are listed in the design summary (phase 8).</p>"
        if more > 0
        else ""
    )
    return f"<p>{escape(counts)}.</p><ul>{items}</ul>{tail}"


def _feasibility(design: Design) -> str:
    import pandas as pd

    from ..analysis.slos import slo_report

    journeys = slo_report(design).journeys
    if not journeys:
        return "<p>No user journey defined yet.</p>"
    rows = [
        {
            "Journey": j.journey,
            "Objective %": j.objective * 100,
            "Expected %": j.composite * 100,
            "Budget used by dependencies %": j.budget_used * 100,
            "Feasible": "yes" if j.meets else "no",
        }
        for j in journeys.values()
    ]
    return table_html(pd.DataFrame(rows).set_index("Journey"))


def _cost(design: Design) -> str:
    from ..analysis.cost import cost_report, default_price_sheet, load_price_sheet

    sheet_path = default_price_sheet()
    if sheet_path is None:
        return "<p>No price sheet installed.</p>"
    report = cost_report(design, load_price_sheet(sheet_path))
    currency = report.sheet.currency
    text = f"About {report.total:,.0f} {escape(currency)} per month"
    if report.budget is not None:
        verdict = "within" if report.total <= report.budget else "over"
        text += f", {verdict} the budget of {report.budget:,.0f} {escape(currency)}"
    top = ", ".join(f"{escape(s.service)} {s.total:,.0f}" for s in report.top(3))
    return (
        f"<p>{text} (the bundled example price sheet; phase 6 itemises it). "
        f"The most expensive services: {top}.</p>"
    )
