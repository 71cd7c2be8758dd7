"""The shared parts of the runbooks: alerts by name, SLI checks, sections, communication."""

from __future__ import annotations

from collections.abc import Iterable

from ..analysis.steady_state import SLI_RATIO
from ..model import Design, Slo
from .prometheus import alert_name

__all__ = ["alerts", "communication", "header", "owner", "section", "verify"]


def alerts(slos: Iterable[Slo]) -> list[str]:
    """One bullet per SLO alerted on: the prometheus generator's alert name, and what it guards.

    Examples
    --------
    >>> alerts([Slo(name="checkout-up", journey="checkout", objective=0.999)])
    ['* `CheckoutUpErrorBudgetBurn` (availability 99.9% of journey checkout)']
    """
    items = [
        f"* `{alert_name(s.name)}` ({s.sli} {s.objective * 100:g}% of "
        + (f"journey {s.journey}" if s.journey else s.service or "")
        + ")"
        for s in slos
        if s.window_days >= 3
    ]
    return list(dict.fromkeys(items)) or ["* (no SLO alerts: define SLOs in phase 6)"]


def verify(slos: Iterable[Slo]) -> list[str]:
    """One bullet per SLO: its 5-minute error ratio back under the objective's budget rate."""
    lines = [
        f'* `{SLI_RATIO}{{sloth_slo="{s.name}"}}` back under {1 - s.objective:.4g}' for s in slos
    ]
    return list(dict.fromkeys(lines))[:12] or ["* the entry services answer without 5xx"]


def section(title: str, body: list[str]) -> list[str]:
    """A level-2 section."""
    return [f"## {title}", "", *body, ""]


def owner(design: Design, service: str) -> str:
    """``service (team t)``."""
    team = design.service(service).team
    return f"{service} (team {team})" if team else service


def communication(design: Design, what: str, cadence: int) -> list[str]:
    """Status page, update cadence, the teams to inform, the postmortem."""
    teams = sorted({s.team for s in design.services if s.team})
    return [
        f"* Open an incident channel and name an incident commander; post '{what}' on the "
        "status page within 15 minutes of declaring it.",
        f"* Update every {cadence} minutes until resolved, then post the resolution.",
        f"* Teams to inform: {', '.join(teams) or 'every service owner'}.",
        "* Postmortem (blameless) within 5 working days; record any lasting change as an ADR.",
    ]


def header(title: str, summary: list[str]) -> list[str]:
    """``# Runbook: <title>`` and its summary."""
    return [f"# Runbook: {title}", "", *summary, ""]
