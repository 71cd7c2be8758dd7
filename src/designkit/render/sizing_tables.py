"""Capacity and SLO results as pandas tables (phase 6).

Every function takes a result of :mod:`designkit.analysis.traffic`,
:mod:`~designkit.analysis.capacity` or :mod:`~designkit.analysis.slos` and
returns a DataFrame indexed by what it lists. Numbers stay numbers (format
them with a Styler); units are in the column names: ``req/s``, ``msg/s``,
``ms``, ``%``, ``GB``. Availability columns are percentages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..analysis.capacity import CapacityPlan
from ..analysis.cost import CostReport
from ..analysis.slos import SloReport
from ..analysis.telemetry import LogRetention, SamplingPlan
from ..analysis.traffic import Contribution, TrafficReport
from ._frames import frame as _frame
from ._frames import join as _join

__all__ = [
    "bulkheads",
    "capacity",
    "contributions",
    "cost",
    "error_budgets",
    "feasibility",
    "journey_availability",
    "latency_budget",
    "log_retention",
    "messages",
    "path_text",
    "sampling",
    "slo_alerts",
    "topics",
    "traffic",
]


def _pct(x: float) -> float:
    return x * 100


def path_text(contribution: Contribution) -> str:
    """``a -> b -> c``; a message's last hop shows its topic: ``a -> b =[topic]=> c``."""
    path = contribution.path
    if contribution.topic is None or len(path) < 2:
        return " -> ".join(path)
    return f"{' -> '.join(path[:-1])} =[{contribution.topic}]=> {path[-1]}"


def traffic(report: TrafficReport) -> pd.DataFrame:
    """Peak requests and messages per service, busiest first."""
    ordered = sorted(report.services.values(), key=lambda t: -t.total_rps)
    rows = [
        {
            "Service": t.service,
            "req/s": t.request_rps,
            "msg/s": t.message_rps,
            "total/s": t.total_rps,
            "journeys": len({c.journey for c in (*t.requests, *t.messages)}),
            "paths": len(t.requests),
        }
        for t in ordered
    ]
    return _frame(rows, "Service", ["Service", "req/s", "msg/s", "total/s", "journeys", "paths"])


def contributions(report: TrafficReport) -> pd.DataFrame:
    """Every contribution to every service: which journey, along which path, how much."""
    rows: list[dict[str, Any]] = []
    for t in report.services.values():
        for kind, items in (("request", t.requests), ("message", t.messages)):
            rows.extend(
                {
                    "Service": t.service,
                    "Journey": c.journey,
                    "#": n,
                    "kind": kind,
                    "path": path_text(c),
                    "hops": len(c.path) - 1,
                    "rate/s": c.rate,
                }
                for n, c in enumerate(items, start=1 if kind == "request" else len(t.requests) + 1)
            )
    return _frame(
        rows,
        ["Service", "Journey", "#"],
        ["Service", "Journey", "#", "kind", "path", "hops", "rate/s"],
    )


def messages(report: TrafficReport) -> pd.DataFrame:
    """Messages per second each consumer receives from each topic."""
    rows = [
        {
            "Topic": t.topic,
            "Consumer": consumer,
            "msg/s": t.message_rps,
            "publishers": _join(t.publishers),
        }
        for t in report.topics.values()
        for consumer in t.consumers
    ]
    return _frame(rows, ["Topic", "Consumer"], ["Topic", "Consumer", "msg/s", "publishers"])


def capacity(plan: CapacityPlan) -> pd.DataFrame:
    """Servers, replicas, autoscaler bounds and CPU per service, with the inputs."""
    rows = [
        {
            "Service": c.service,
            # Rounded for reading (the plan keeps the exact values).
            "req/s": round(c.request_rps, 1),
            "msg/s": round(c.message_rps, 1),
            "load/s": round(c.rate_rps, 1),
            "svc ms": c.service_time_ms,
            "workers": c.workers_per_replica,
            "max util": c.target_utilization,
            "quantile": c.goal.quantile,
            "goal ms": c.goal.threshold_ms,
            "goal from": c.goal.source,
            "servers": c.servers,
            "util": round(c.utilization, 3),
            "P(wait)": round(c.p_wait, 3),
            "resp ms": round(c.response_ms, 1),
            "replicas": c.replicas,
            "HPA min": c.hpa_min,
            "HPA max": c.hpa_max,
            "CPU m": c.cpu_request_m,
            "note": c.note,
        }
        for c in plan.services.values()
    ]
    return _frame(rows, "Service", _CAPACITY_COLUMNS)


_CAPACITY_COLUMNS = [
    "Service",
    "req/s",
    "msg/s",
    "load/s",
    "svc ms",
    "workers",
    "max util",
    "quantile",
    "goal ms",
    "goal from",
    "servers",
    "util",
    "P(wait)",
    "resp ms",
    "replicas",
    "HPA min",
    "HPA max",
    "CPU m",
    "note",
]


def bulkheads(plan: CapacityPlan) -> pd.DataFrame:
    """Concurrent calls each caller should allow each callee (Little's law)."""
    rows = [
        {
            "Caller": b.caller,
            "Callee": b.callee,
            "req/s": b.rate_rps,
            "timeout ms": b.timeout_ms,
            "timeout": b.timeout_kind,
            "safety": b.safety,
            "max concurrent": b.max_concurrent,
        }
        for c in plan.services.values()
        for b in c.bulkheads
    ]
    return _frame(
        rows,
        ["Caller", "Callee"],
        ["Caller", "Callee", "req/s", "timeout ms", "timeout", "safety", "max concurrent"],
    )


def topics(plan: CapacityPlan) -> pd.DataFrame:
    """Partitions needed and storage per topic, next to what is configured."""
    rows = [
        {
            "Topic": t.topic,
            "msg/s": t.message_rps,
            "msg bytes": t.message_bytes,
            "MB/s": t.mb_s,
            "partitions": t.partitions,
            "configured": t.configured_partitions,
            "retention h": t.retention_hours,
            "replication": t.replication_factor,
            "storage GB": t.storage_bytes / 1e9,
        }
        for t in plan.topics.values()
    ]
    return _frame(
        rows,
        "Topic",
        [
            "Topic",
            "msg/s",
            "msg bytes",
            "MB/s",
            "partitions",
            "configured",
            "retention h",
            "replication",
            "storage GB",
        ],
    )


def journey_availability(report: SloReport) -> pd.DataFrame:
    """Composite availability of each journey against its objective."""
    rows = [
        {
            "Journey": j.journey,
            "services": _join(j.services),
            "composite %": _pct(j.composite),
            "objective %": _pct(j.objective),
            "objective from": j.objective_source,
            "meets": j.meets,
            "budget used %": _pct(j.budget_used),
            "extra nine fails": _join(j.failing),
            "soft (excluded)": _join(j.excluded),
        }
        for j in report.journeys.values()
    ]
    return _frame(
        rows,
        "Journey",
        [
            "Journey",
            "services",
            "composite %",
            "objective %",
            "objective from",
            "meets",
            "budget used %",
            "extra nine fails",
            "soft (excluded)",
        ],
    )


def feasibility(report: SloReport) -> pd.DataFrame:
    """The extra-nine check: each hard dependency against a tenth of the journey's budget."""
    rows = [
        {
            "Journey": j.journey,
            "Service": c.service,
            "availability %": _pct(c.availability),
            "unavail %": _pct(c.unavailability),
            "allowed %": _pct(c.allowed),
            "ok": c.ok,
        }
        for j in report.journeys.values()
        for c in j.checks
    ]
    return _frame(
        rows,
        ["Journey", "Service"],
        ["Journey", "Service", "availability %", "unavail %", "allowed %", "ok"],
    )


def latency_budget(report: SloReport) -> pd.DataFrame:
    """Each journey's latency threshold split along its critical path, hop by hop."""
    rows = [
        {
            "Journey": b.journey,
            "Hop": n,
            "Service": h.service,
            "svc ms": h.service_time_ms,
            "share %": _pct(h.share),
            "budget ms": h.budget_ms,
            "timeout ms": h.timeout_ms,
            "goal ms": b.threshold_ms,
            "quantile": b.quantile,
        }
        for b in report.latency.values()
        for n, h in enumerate(b.hops, start=1)
    ]
    return _frame(
        rows,
        ["Journey", "Hop"],
        [
            "Journey",
            "Hop",
            "Service",
            "svc ms",
            "share %",
            "budget ms",
            "timeout ms",
            "goal ms",
            "quantile",
        ],
    )


def error_budgets(report: SloReport) -> pd.DataFrame:
    """Each SLO's error budget in minutes per window."""
    rows = [
        {
            "SLO": b.slo,
            "for": b.target,
            "SLI": b.sli,
            "objective %": _pct(b.objective),
            "window d": b.window_days,
            "budget min": b.budget_minutes,
            "note": b.note,
        }
        for b in report.budgets
    ]
    return _frame(
        rows, "SLO", ["SLO", "for", "SLI", "objective %", "window d", "budget min", "note"]
    )


def slo_alerts(report: SloReport) -> pd.DataFrame:
    """Multiwindow, multi-burn-rate alerts of every SLO (SRE Workbook, table 5-8)."""
    rows = [
        {
            "SLO": b.slo,
            "Severity": a.severity,
            "Long window h": a.long_window.total_seconds() / 3600,
            "short window min": a.short_window.total_seconds() / 60,
            "burn rate": a.burn_rate,
            "budget spent %": _pct(a.budget_consumed),
            "error ratio %": _pct(a.error_ratio_threshold),
            "objective %": _pct(b.objective),
        }
        for b in report.budgets
        for a in b.alerts
    ]
    return _frame(
        rows,
        ["SLO", "Severity", "Long window h"],
        [
            "SLO",
            "Severity",
            "Long window h",
            "short window min",
            "burn rate",
            "budget spent %",
            "error ratio %",
            "objective %",
        ],
    )


def cost(report: CostReport) -> pd.DataFrame:
    """Monthly cost per service and in total, in the price sheet's currency."""
    currency = report.sheet.currency
    rows = [
        {
            "Service": c.service,
            "replicas": c.replicas,
            "vCPU/replica": c.cpu_cores,
            "GiB/replica": c.memory_gib,
            f"compute {currency}": round(c.compute, 2),
            f"storage {currency}": round(c.storage, 2),
            f"topics {currency}": round(c.topics, 2),
            f"total {currency}": round(c.total, 2),
        }
        for c in sorted(report.services.values(), key=lambda c: -c.total)
    ]
    rows.append({"Service": "(unassigned)", f"total {currency}": round(report.unassigned, 2)})
    rows.append({"Service": "TOTAL", f"total {currency}": round(report.total, 2)})
    columns = [
        "Service",
        "replicas",
        "vCPU/replica",
        "GiB/replica",
        f"compute {currency}",
        f"storage {currency}",
        f"topics {currency}",
        f"total {currency}",
    ]
    return _frame(rows, "Service", columns).astype(object).fillna("")  # blank, not NaN


def sampling(plan: SamplingPlan) -> pd.DataFrame:
    """The tracing recommendation as setting/value rows."""
    rows = [
        ("Traces at peak /s", round(plan.traces_per_s, 1)),
        ("Spans at peak /s", round(plan.spans_per_s, 1)),
        (
            "Kept always (errors, slow > ms)",
            f"{plan.tail_share:.1%} (> {plan.slow_threshold_ms:g} ms)",
        ),
        ("Budget, traces/s", plan.max_traces_per_s),
        ("Recommended ratio of the rest", f"{plan.head_ratio:.2%}"),
        ("Kept traces/s at that ratio", round(plan.kept_traces_per_s, 1)),
        ("Configured ratio", f"{plan.configured_ratio:.2%}"),
        ("Configured keeps traces/s", round(plan.configured_kept_per_s, 1)),
        ("Within budget", "yes" if plan.within_budget else "no"),
        ("Kept GB/day", round(plan.kept_gb_per_day, 2)),
    ]
    return pd.DataFrame(rows, columns=["Setting", "Value"]).set_index("Setting")


def log_retention(rows: Sequence[LogRetention]) -> pd.DataFrame:
    """Log volume and retention per service and stream."""
    return _frame(
        [
            {
                "Service": r.service,
                "Stream": r.stream,
                "lines/s": round(r.lines_per_s, 1),
                "GB/day": round(r.gb_per_day, 3),
                "retention d": r.retention_days,
                "stored GB": round(r.stored_gb, 1),
                "basis": r.basis,
            }
            for r in rows
        ],
        ["Service", "Stream"],
        ["Service", "Stream", "lines/s", "GB/day", "retention d", "stored GB", "basis"],
    )
