"""Small HTML fragments for notebooks and the report; every value is escaped."""

from __future__ import annotations

from html import escape

from ..analysis.assessment import Assessment
from ..analysis.checklist import Criterion
from ..phases import Phase
from ._frames import set_phase

__all__ = ["Html", "assessment_card", "bullet_list", "checklist_card", "phase_card"]


class Html(str):
    """HTML text that Jupyter displays rendered, and prints as plain text otherwise."""

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        # Stable text/plain (nbval compares it): the text without tags or entities.
        import re
        from html import unescape

        return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(self))).strip())


def bullet_list(items: list[str], *, empty: str) -> Html:
    """Items as an escaped bullet list, or ``empty`` when there are none."""
    if not items:
        return Html(f"<p>{escape(empty)}</p>")
    return Html("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")


def phase_card(phase: Phase) -> Html:
    """The phase's goal and session length, for the top of its notebook.

    Empty tables shown after it say which phase captures what they lack.
    """
    set_phase(phase.number)
    return Html(
        '<div style="border-left:4px solid #4e79a7;padding:.4em .8em;margin:.5em 0">'
        f"<b>Phase {phase.number}: {escape(phase.title)}</b> &middot; session "
        f"{escape(phase.duration)}<br>{escape(phase.goal)}</div>"
    )


def checklist_card(criteria: list[Criterion]) -> Html:
    """Success criteria as a ticked list with a progress count."""
    met = sum(c.met for c in criteria)
    items = "".join(
        f'<li style="list-style:none">{"&#9745;" if c.met else "&#9744;"} {escape(c.text)}'
        + (f' <span style="color:#666">({escape(c.detail)})</span>' if c.detail else "")
        + "</li>"
        for c in criteria
    )
    return Html(
        f"<p><b>Success criteria: {met} of {len(criteria)} met</b></p>"
        f'<ul style="padding-left:.5em">{items}</ul>'
    )


def assessment_card(result: Assessment) -> Html:
    """The "microservices at all?" verdict in one box."""
    colour = {"microservices": "#2e7d32", "borderline": "#ef6c00", "modular monolith": "#1565c0"}[
        result.verdict
    ]
    return Html(
        f'<div style="border:1px solid {colour};border-radius:6px;padding:.5em .8em">'
        f'<b style="color:{colour}">Verdict: {escape(result.verdict)}</b> '
        f"(score {result.score:+d})<br>{escape(result.recommendation)}</div>"
    )
