"""Phase 7's results as pandas tables: resilience, blast radius, chaos, recovery, readiness.

Every function takes a result of :mod:`designkit.analysis` (or the ADR records
of :mod:`designkit.generate.adr`) and returns a DataFrame indexed by what it
lists, without mutating it. Numbers stay numbers, units in the column names
(``ms``, ``min``, ``req/s``, ``%``); pandas escapes cell text in HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..analysis.blast_radius import BlastRadius
from ..analysis.chaos import ChaosPlan
from ..analysis.readiness import ServiceReadiness
from ..analysis.recovery import RecoveryPlan
from ..analysis.resilience_plan import ResiliencePlan
from ..generate.adr import AdrRecord
from ..model import CircuitBreaker
from ._frames import frame as _frame

__all__ = [
    "adrs",
    "blast_matrix",
    "breaker_text",
    "chains",
    "dependency_resilience",
    "experiments",
    "readiness",
    "readiness_items",
    "regions",
    "service_recovery",
    "spofs",
    "store_recovery",
]


def _ms(values: Sequence[float]) -> str:
    return ", ".join(f"{v:g}" for v in values)


def breaker_text(breaker: CircuitBreaker | None) -> str:
    """``5 errors / 30 s, eject 30 s, max 50%``, or ``none``.

    Examples
    --------
    >>> from designkit.model import CircuitBreaker
    >>> breaker_text(CircuitBreaker())
    '5 errors / 30 s, eject 30 s, max 50%'
    """
    if breaker is None:
        return "none"
    return (
        f"{breaker.consecutive_errors} errors / {breaker.interval_s:g} s, eject "
        f"{breaker.base_ejection_s:g} s, max {breaker.max_ejection_percent:g}%"
    )


def dependency_resilience(plan: ResiliencePlan) -> pd.DataFrame:
    """One row per dependency: timeout, retries and back-off, breaker, bulkhead, fallback."""
    rows = [
        {
            "Caller": d.caller,
            "Callee": d.callee,
            "Protocol": d.protocol if d.topic is None else f"async ({d.topic})",
            "Hard": "yes" if d.hard else "no",
            "Timeout ms": d.timeout_ms,
            "Per-try ms": d.per_try_timeout_ms,
            "Retries": d.retries,
            "Back-off ms": _ms(d.backoff_ms),
            "Worst case ms": d.worst_case_ms,
            "Breaker": breaker_text(d.circuit_breaker) if d.topic is None else "",
            "req/s": d.rate_rps,
            "Bulkhead": d.bulkhead,
            "Fallback": d.fallback or "",
            "Delivery": d.delivery,
            "Issues": "; ".join(d.issues),
        }
        for d in plan.dependencies
    ]
    columns = list(rows[0]) if rows else ["Caller", "Callee"]
    frame = _frame(rows, ["Caller", "Callee"], columns)
    if "Bulkhead" in frame:
        frame["Bulkhead"] = frame["Bulkhead"].astype("Int64")  # a count, blank when unbounded
    return frame


def chains(plan: ResiliencePlan) -> pd.DataFrame:
    """Every synchronous chain: attempts per hop, retry amplification, tight timeouts."""
    rows = [
        {
            "Chain": " -> ".join(c.path),
            "Attempts per hop": " x ".join(map(str, c.attempts)),
            "Amplification": c.amplification,
            "Limit": c.limit,
            "Tight hops": ", ".join(c.tight_hops),
            "OK": "yes" if c.ok else "no",
        }
        for c in plan.chains
    ]
    return _frame(
        rows, "Chain", ["Chain", "Attempts per hop", "Amplification", "Limit", "Tight hops", "OK"]
    )


def blast_matrix(result: BlastRadius) -> pd.DataFrame:
    """Services x journeys: ``fails``, ``degraded``, ``delayed`` or empty."""
    data = {
        journey: [
            "" if (i := result.impact(s, journey)) == "unaffected" else i for s in result.services
        ]
        for journey in result.journeys
    }
    frame = pd.DataFrame(data, index=pd.Index(list(result.services), name="Service"))
    return frame


def spofs(result: BlastRadius, top: int | None = 5) -> pd.DataFrame:
    """The top single points of failure, with their traffic, replicas and regions."""
    rows = [
        {
            "Service": s.service,
            "Criticality": s.criticality,
            "Fails": ", ".join(s.failed),
            "Failed req/s": s.failed_rps,
            "Failed %": s.failed_share * 100,
            "Degrades": ", ".join(s.degraded),
            "Delays": ", ".join(s.delayed),
            "Replicas": s.replicas,
            "Regions": f"{s.active_regions} of {len(s.regions)} serving",
        }
        for s in result.spofs(top)
    ]
    columns = [
        "Service",
        "Criticality",
        "Fails",
        "Failed req/s",
        "Failed %",
        "Degrades",
        "Delays",
        "Replicas",
        "Regions",
    ]
    return _frame(rows, "Service", columns)


def experiments(plan: ChaosPlan) -> pd.DataFrame:
    """The chaos experiments: fault, target, blast radius, steady state and abort."""
    rows = []
    for e in plan.experiments:
        s = e.steady_state
        rows.append(
            {
                "Experiment": e.name,
                "Fault": e.fault,
                "Target": e.target if e.caller is None else f"{e.caller} -> {e.target}",
                "Journeys": ", ".join(e.journeys),
                "Expected": e.expected,
                "Steady state": s.query if s else "no SLO",
                "Abort when": s.abort_query if s else "",
                "Budget spend %": None if e.budget_spend is None else e.budget_spend * 100,
                "Duration s": e.duration_s,
                "Hypothesis": e.hypothesis,
            }
        )
    columns = [
        "Experiment",
        "Fault",
        "Target",
        "Journeys",
        "Expected",
        "Steady state",
        "Abort when",
        "Budget spend %",
        "Duration s",
        "Hypothesis",
    ]
    return _frame(rows, "Experiment", columns)


def store_recovery(plan: RecoveryPlan) -> pd.DataFrame:
    """RPO and RTO per store against what its backups and replication deliver."""
    rows = [
        {
            "Store": s.store,
            "Owner": s.owner or "",
            "RPO min": s.rpo_minutes,
            "RTO min": s.rto_minutes,
            "Objectives from": s.source,
            "Backup": s.backup,
            "Backup every min": s.backup_interval_minutes,
            "Retention d": s.retention_days,
            "PITR": "yes" if s.point_in_time else "no",
            "Replication": s.replication,
            "Restore loses min": s.restore_loss_minutes,
            "Region loss loses min": s.region_loss_minutes,
            "Restore takes min": s.restore_minutes,
            "Failover min": s.failover_minutes,
            "Meets RPO": "rebuilt" if s.rebuildable else "yes" if s.meets_rpo else "no",
            "Meets RTO": "yes" if s.meets_rto else "no",
        }
        for s in plan.stores
    ]
    columns = list(rows[0]) if rows else ["Store"]
    frame = _frame(rows, "Store", columns)
    if "Retention d" in frame:
        frame["Retention d"] = frame["Retention d"].astype("Int64")
    return frame


def service_recovery(plan: RecoveryPlan) -> pd.DataFrame:
    """Each service's RPO and RTO: the strictest of its stores."""
    rows = [
        {
            "Service": s.service,
            "Criticality": s.criticality,
            "Stores": ", ".join(s.stores),
            "RPO min": s.rpo_minutes,
            "RTO min": s.rto_minutes,
            "Met": "yes" if s.meets else "no",
        }
        for s in plan.services
    ]
    return _frame(
        rows, "Service", ["Service", "Criticality", "Stores", "RPO min", "RTO min", "Met"]
    )


def regions(plan: RecoveryPlan) -> pd.DataFrame:
    """Per journey: one region's availability against the objective, and with the standby."""
    rows = [
        {
            "Journey": r.journey,
            "Objective %": r.objective * 100,
            "Services %": r.composite * 100,
            "Region %": r.region_availability * 100,
            "One region %": r.single_region * 100,
            "Regions": r.regions,
            "Strategy": r.strategy,
            "All regions %": None if r.multi_region is None else r.multi_region * 100,
            "Needs multi-region": "yes" if r.needs_multi_region else "no",
            "Covered": "yes" if r.covered else "no",
            "Failover min": r.failover_minutes,
            "Budget min": r.budget_minutes,
        }
        for r in plan.regions
    ]
    columns = list(rows[0]) if rows else ["Journey"]
    return _frame(rows, "Journey", columns)


def readiness(rows: Sequence[ServiceReadiness]) -> pd.DataFrame:
    """Services x checklist items (pass ✓ / fail ✗), with the score and grade."""
    data = []
    for r in rows:
        row: dict[str, Any] = {"Service": r.service}
        row.update({i.title: "\u2713" if i.passed else "\u2717" for i in r.items})
        row.update({"Score": r.score, "Grade": r.grade})
        data.append(row)
    titles = [i.title for i in rows[0].items] if rows else []
    return _frame(data, "Service", ["Service", *titles, "Score", "Grade"])


def readiness_items(rows: Sequence[ServiceReadiness]) -> pd.DataFrame:
    """One row per service and item: weight, pass or fail and why."""
    data = [
        {
            "Service": r.service,
            "Item": i.title,
            "Weight": i.weight,
            "Passed": "yes" if i.passed else "no",
            "Detail": i.detail,
        }
        for r in rows
        for i in r.items
    ]
    return _frame(data, ["Service", "Item"], ["Service", "Item", "Weight", "Passed", "Detail"])


def adrs(records: Sequence[AdrRecord]) -> pd.DataFrame:
    """The architecture decision records: number, title, status, date, origin, file."""
    rows = [
        {
            "ADR": f"{r.number:04d}",
            "Title": r.title,
            "Status": r.status,
            "Date": r.date or "",
            "Origin": "recorded" if r.recorded else "derived from the design",
            "File": r.path,
        }
        for r in records
    ]
    return _frame(rows, "ADR", ["ADR", "Title", "Status", "Date", "Origin", "File"])
