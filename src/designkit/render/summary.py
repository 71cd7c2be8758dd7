"""The report's executive summary: one page for a sponsor or reviewer who reads no further.

Scope, key decisions, the most serious findings, whether each journey can meet
its objective, and the monthly cost, each computed by the analysis that owns
it (nothing is recomputed here). Every value is escaped.
"""

from __future__ import annotations

from html import escape

from ..analysis.antipatterns import Finding
from ..model import Design
from .html import Html
from .table_html import table_html

__all__ = ["executive_summary"]

_TOP_FINDINGS = 5
"""Kinds of finding (rules) listed, most serious first."""
_NAMED = 3
"""Subjects named for a rule with several findings."""
_TOP_JOURNEYS = 12
"""Journeys the feasibility table holds (the rest of the page is the other parts)."""
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
    """The most serious kinds of problem, one line each (a rule's findings together)."""
    from ..analysis.antipatterns import analyze, get_rule, summary

    found = analyze(design)
    if not found:
        return "<p>No anti-pattern found.</p>"
    counts = ", ".join(
        f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in summary(found).items() if n
    )
    by_rule: dict[tuple[str, str], list[Finding]] = {}
    for f in found:  # analyze sorts them, most serious first
        by_rule.setdefault((f.severity, f.rule), []).append(f)
    items = "".join(
        f"<li><b>{escape(severity)}</b> {_rule_line(get_rule(rule).title, group)}</li>"
        for (severity, rule), group in list(by_rule.items())[:_TOP_FINDINGS]
    )
    more = len(by_rule) - _TOP_FINDINGS
    tail = (
        f"<p>{more} more kinds of finding; all {len(found)} findings are listed in the "
        "design summary (phase 8).</p>"
        if more > 0
        else f"<p>All {len(found)} findings are listed in the design summary (phase 8).</p>"
    )
    return f"<p>{escape(counts)}.</p><ul>{items}</ul>{tail}"


def _rule_line(title: str, group: list[Finding]) -> str:
    """One kind of problem: the rule's title and what it was found in.

    The findings' own messages, with their numbers, are in phase 8; a line each
    keeps the summary on one page.

    >>> from designkit.analysis.antipatterns import Finding
    >>> one = Finding("r", "info", "p", "a<b", "why", "fix")
    >>> _rule_line("Rule", [one])
    'Rule: a&lt;b'
    >>> _rule_line("Rule", [one] * 5)
    'Rule, 5 findings: a&lt;b, a&lt;b, a&lt;b and 2 more'
    """
    if len(group) == 1:
        return f"{escape(title)}: {escape(group[0].subject)}"
    names = [escape(f.subject) for f in group[:_NAMED]]
    rest = len(group) - len(names)
    listed = ", ".join(names) + (f" and {rest} more" if rest else "")
    return f"{escape(title)}, {len(group)} findings: {listed}"


def _feasibility(design: Design) -> str:
    """Each journey's availability against its objective; past a page's worth, the tightest.

    With more journeys than :data:`_TOP_JOURNEYS` the table keeps those that miss
    their objective or use the most of their error budget (in the design's
    order) and says how many more meet theirs; phase 6 lists every journey.
    """
    import pandas as pd

    from ..analysis.slos import slo_report

    journeys = list(slo_report(design).journeys.values())
    if not journeys:
        return "<p>No user journey defined yet.</p>"
    note = ""
    if len(journeys) > _TOP_JOURNEYS:
        tightest = sorted(journeys, key=lambda j: (j.meets, -j.budget_used))[:_TOP_JOURNEYS]
        left = len(journeys) - len(tightest)
        missing = sum(not j.meets for j in journeys) - sum(not j.meets for j in tightest)
        note = (
            f"<p>The {len(tightest)} tightest of {len(journeys)} journeys; "
            + (
                f"{missing} more miss their objective"
                if missing
                else f"the other {left} meet theirs"
            )
            + " (phase 6 lists every journey).</p>"
        )
        journeys = [j for j in journeys if j in tightest]
    rows = [
        {
            "Journey": j.journey,
            "Objective %": j.objective * 100,
            "Expected %": j.composite * 100,
            "Budget used by dependencies %": j.budget_used * 100,
            "Feasible": "yes" if j.meets else "no",
        }
        for j in journeys
    ]
    return table_html(pd.DataFrame(rows).set_index("Journey")) + note


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
