"""Phase 1 analyses as pandas tables: communication, granularity, team load, migration plan.

Every function takes a result of :mod:`designkit.analysis.communication`,
:mod:`~designkit.analysis.granularity`, :mod:`~designkit.analysis.cognitive_load`
or :mod:`~designkit.analysis.strangler` and returns a DataFrame indexed by
what it lists; none mutates its input. Numbers stay numbers, with the unit in
the column name (``req/s``, ``ms``, ``%``); lists of reasons are joined with
``; ``. pandas escapes cell text when it renders HTML, so names users typed
are safe in reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..analysis.cognitive_load import CognitiveLoadReport
from ..analysis.communication import Recommendation
from ..analysis.granularity import GranularityReport
from ..analysis.strangler import MigrationPlan
from ._frames import frame as _frame
from .html import Html
from .table_html import REFERENCE

__all__ = [
    "chatty_pairs",
    "communication",
    "granularity",
    "migration_needs",
    "migration_overview",
    "migration_plan",
    "monolith_signals",
    "team_load",
]

LOAD_PARTS = ("services", "domains", "stacks", "interactions", "on-call", "endpoints")


def _lines(items: Sequence[str]) -> str:
    return "; ".join(items)


def communication(
    items: Sequence[Recommendation], *, mismatches_only: bool = False
) -> pd.DataFrame:
    """One row per dependency: the style chosen, the one recommended, and why.

    Examples
    --------
    >>> from designkit.model import Design
    >>> from designkit.analysis.communication import recommend_communication
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}]})
    >>> communication(recommend_communication(d))[["Recommended", "Fits"]].to_dict("records")
    [{'Recommended': 'rest', 'Fits': 'yes'}]
    """
    rows = [
        {
            "Caller": r.caller,
            "Callee": r.callee,
            "Via": f"topic {r.topic}" if r.topic else r.chosen,
            "Chosen": r.chosen,
            "Recommended": r.recommended,
            "Fits": "yes" if r.fits else "no",
            "Rule": r.rule,
            "Journeys": ", ".join(r.facts.journeys),
            "Budget ms": r.facts.budget_ms,
            "req/s": r.facts.rate_rps,
            "Why": _lines(r.reasons),
            "Mismatch": r.mismatch or "",
        }
        for r in items
        if not (mismatches_only and r.fits)
    ]
    return _frame(
        rows,
        ["Caller", "Callee", "Via"],
        [
            "Caller",
            "Callee",
            "Via",
            "Chosen",
            "Recommended",
            "Fits",
            "Rule",
            "Journeys",
            "Budget ms",
            "req/s",
            "Why",
            "Mismatch",
        ],
    )


def granularity(report: GranularityReport) -> pd.DataFrame:
    """One row per service: its size metrics and the verdict with reasons."""
    rows = [
        {
            "Service": s.service,
            "Kind": s.kind,
            "Context": s.context or "",
            "Team": s.team or "",
            "Endpoints": s.endpoints,
            "Calls out": s.sync_out,
            "Called by": s.sync_in,
            "Publishes": s.async_out,
            "Consumes": s.async_in,
            "Entities": len(s.entities),
            "Stores": s.stores,
            "Calls/req": s.calls_per_request,
            "req/s": s.peak_rps,
            "Verdict": s.verdict,
            "Why": _lines(s.reasons),
        }
        for s in report.services
    ]
    return _frame(
        rows,
        "Service",
        [
            "Service",
            "Kind",
            "Context",
            "Team",
            "Endpoints",
            "Calls out",
            "Called by",
            "Publishes",
            "Consumes",
            "Entities",
            "Stores",
            "Calls/req",
            "req/s",
            "Verdict",
            "Why",
        ],
    )


def chatty_pairs(report: GranularityReport) -> pd.DataFrame:
    """Synchronous pairs that talk too often: per request, or per second at peak."""
    rows = [
        {
            "Caller": p.caller,
            "Callee": p.callee,
            "Calls/req": p.calls_per_request,
            "req/s": p.rate_rps,
            "Why": p.reason,
            REFERENCE: p.path,
        }
        for p in report.chatty
    ]
    return _frame(
        rows,
        ["Caller", "Callee"],
        ["Caller", "Callee", "Calls/req", "req/s", "Why", REFERENCE],
        none="No chatty pair: no synchronous call reaches the chatty thresholds.",
    )


def monolith_signals(report: GranularityReport) -> pd.DataFrame:
    """Distributed-monolith signals: services deployed or changed together, and why."""
    rows = [
        {
            "Signal": s.kind,
            "Subject": s.subject,
            "Services": ", ".join(s.services),
            "Why": s.reason,
        }
        for s in report.signals
    ]
    return _frame(
        rows,
        ["Signal", "Subject"],
        ["Signal", "Subject", "Services", "Why"],
        none="No sign of a distributed monolith.",
    )


def team_load(report: CognitiveLoadReport) -> pd.DataFrame:
    """One row per team: what it owns, each load part (1.0 = at the limit), score, verdict."""
    rows = []
    for t in report.teams:
        row: dict[str, Any] = {
            "Team": t.team,
            "Type": t.kind,
            "Size": t.size,
            "Capacity": t.capacity,
            "Services": ", ".join(t.services),
            "Contexts": ", ".join(t.contexts),
            "Stacks": ", ".join(t.languages),
            "Deps out": t.deps_out,
            "Deps in": t.deps_in,
            "Teams (calls)": ", ".join(t.sync_teams),
            "On call for": ", ".join(t.on_call),
            "Endpoints": t.endpoints,
        }
        row.update({f"{p.name} load": round(p.load, 2) for p in t.parts})
        row.update({"Score": t.score, "Verdict": t.verdict, "Why": _lines(t.reasons)})
        rows.append(row)
    columns = [
        "Team",
        "Type",
        "Size",
        "Capacity",
        "Services",
        "Contexts",
        "Stacks",
        "Deps out",
        "Deps in",
        "Teams (calls)",
        "On call for",
        "Endpoints",
        *(f"{name} load" for name in LOAD_PARTS),
        "Score",
        "Verdict",
        "Why",
    ]
    return _frame(rows, "Team", columns)


def migration_plan(plan: MigrationPlan) -> pd.DataFrame:
    """The strangler-fig steps in order (empty for a greenfield design)."""
    rows = [
        {
            "Step": s.step,
            "Service": s.service,
            "Phase": s.phase,
            "Context": s.context or "",
            "Read %": round(s.read_share * 100, 1),
            "Why": _lines(s.why),
            "Waits on monolith": ", ".join(
                dict.fromkeys(n.service for n in s.needs if not n.ready)
            ),
            "Data": _lines(s.data),
            "Routing": _lines(s.routing),
            "Order": s.order,
        }
        for s in plan.steps
    ]
    return _frame(
        rows,
        "Step",
        [
            "Step",
            "Service",
            "Phase",
            "Context",
            "Read %",
            "Why",
            "Waits on monolith",
            "Data",
            "Routing",
            "Order",
        ],
        none=None if plan.applies else "No migration steps.",
    )


def migration_needs(plan: MigrationPlan) -> pd.DataFrame:
    """What makes each step safe: every service it calls or hears from, and who serves it."""
    rows = [
        {
            "Step": s.step,
            "Service": s.service,
            "Depends on": n.service,
            "Link": n.link,
            "Extracted at": n.step,
            "Ready": "yes" if n.ready else "monolith",
            "How": n.how,
        }
        for s in plan.steps
        for n in s.needs
    ]
    return _frame(
        rows,
        ["Step", "Depends on", "Link"],
        ["Step", "Service", "Depends on", "Link", "Extracted at", "Ready", "How"],
        none=None if plan.applies else "",  # the plan's overview says why there is none
    )


def migration_overview(plan: MigrationPlan) -> Html:
    """One paragraph: why there is no plan, or the facade to put in place and the step count.

    Examples
    --------
    >>> from designkit.analysis.strangler import MigrationPlan
    >>> migration_overview(MigrationPlan(False, "A greenfield design <new>.", "", ()))
    A greenfield design <new>.
    """
    from html import escape

    if not plan.applies:
        return Html(f"<p>{escape(plan.reason)}</p>")
    return Html(f"<p><b>{len(plan.steps)} steps.</b> Before step 1: {escape(plan.facade)}</p>")
