"""Prometheus recording and alerting rules for every SLO, shaped like sloth's output.

One rules file per service (``prometheus/<service>.rules.yaml``) and per
journey (``prometheus/journey-<journey>.rules.yaml``), in Prometheus' standard
``groups:`` format. Each SLO gets three groups, as sloth (https://sloth.dev)
generates them, and carries sloth's labels (``sloth_id``, ``sloth_service``,
``sloth_slo``, ``sloth_window``) so dashboards written for sloth read them too:

- ``...-sli-recordings``: the error ratio ``slo:sli_error:ratio_rate<w>`` over
  every window an alert uses, plus the SLO period (averaged from the 5-minute
  ratio, as sloth does, to keep the 30-day query cheap);
- ``...-meta-recordings``: objective, error budget, period, current and
  period burn rates and the budget remaining;
- ``...-alerts``: one alert per multiwindow, multi-burn-rate condition of
  :func:`designkit.sizing.slo.multiwindow_alerts` (SRE Workbook, table 5-8),
  firing when both windows burn faster than ``burn_rate x (1 - objective)``.

The SLI queries follow :mod:`designkit.generate.observability`.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from ..model import Design, Slo
from ..sizing.slo import BurnRateAlert, multiwindow_alerts
from .observability import (
    METRICS,
    HttpMetrics,
    SliQuery,
    dns_name,
    duration,
    error_budget,
    number,
    quote,
    sli_query,
)
from .registry import Document, Generator

__all__ = ["GENERATOR", "alert_name", "build", "rule_groups"]

SHORTEST = timedelta(minutes=5)
"""The window of the "current" burn rate, and the base of the period's ratio."""

_FOR = {timedelta(hours=1): "2m", timedelta(hours=6): "15m", timedelta(days=3): "3h"}
"""``for`` of each alert by long window, as kubernetes-mixin's KubeAPIErrorBudgetBurn
alerts set it: long enough to skip a single bad evaluation, short beside the window."""


def alert_name(slo: str) -> str:
    """A valid Prometheus alert name from an SLO name: CamelCase + 'ErrorBudgetBurn'.

    Examples
    --------
    >>> alert_name("order-availability")
    'OrderAvailabilityErrorBudgetBurn'
    >>> alert_name("99th percentile / checkout")
    'Slo99thPercentileCheckoutErrorBudgetBurn'
    """
    words = re.findall(r"[A-Za-z0-9]+", slo)
    camel = "".join(w[:1].upper() + w[1:] for w in words)
    if not camel or not camel[0].isalpha():
        camel = f"Slo{camel}"
    return f"{camel}ErrorBudgetBurn"


def _labels(query: SliQuery) -> dict[str, str]:
    labels = {
        "sloth_id": dns_name(query.slo),
        "sloth_service": query.service,
        "sloth_slo": query.slo,
    }
    if query.journey is not None:
        labels["journey"] = query.journey
    return labels


def _selector(labels: dict[str, str]) -> str:
    keys = ("sloth_id", "sloth_service", "sloth_slo")
    return "{" + ",".join(f"{k}={quote(labels[k])}" for k in keys) + "}"


def _windows(alerts: list[BurnRateAlert], period: timedelta) -> list[timedelta]:
    windows = {SHORTEST}
    for alert in alerts:
        windows.update((alert.short_window, alert.long_window))
    windows.discard(period)
    return sorted(windows)


def _ratio(window: timedelta) -> str:
    return f"slo:sli_error:ratio_rate{duration(window)}"


def _alert(slo: Slo, alert: BurnRateAlert, labels: dict[str, str], budget: float) -> dict[str, Any]:
    threshold = f"({number(alert.burn_rate)} * {number(budget)})"
    sel = _selector(labels)
    conditions = [
        f"max({_ratio(window)}{sel} > {threshold}) without (sloth_window)"
        for window in (alert.long_window, alert.short_window)
    ]
    long, short = duration(alert.long_window), duration(alert.short_window)
    spent = f"{alert.budget_consumed * 100:g}%"
    burn, ratio = number(alert.burn_rate), number(round(alert.error_ratio_threshold * 100, 6))
    return {
        "alert": alert_name(slo.name),
        "expr": f"({conditions[0]}) and ({conditions[1]})",
        "for": _FOR.get(alert.long_window, duration(alert.short_window / 2)),
        "labels": {
            "severity": alert.severity,
            "sloth_severity": alert.severity,
            "long_window": long,
            "short_window": short,
        },
        "annotations": {
            "summary": (
                f"{slo.name}: error budget burning at {burn}x the sustainable rate "
                f"({alert.severity})"
            ),
            "description": (
                f"Over the last {long} and {short}, more than "
                f"{ratio}% of {labels['sloth_service']}'s "
                f"requests were bad ({slo.sli} SLO {number(slo.objective * 100)}% over "
                f"{slo.window_days}d); at this rate {spent} of the error budget goes in {long}."
            ),
        },
    }


def rule_groups(design: Design, slo: Slo, metrics: HttpMetrics = METRICS) -> list[dict[str, Any]]:
    """The three rule groups of one SLO (SLI recordings, metadata, alerts).

    Alerts are left out when the period is too short for the ticket window
    (under 3 days); the recordings stay.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}],
    ...     "slos": [{"name": "a-up", "service": "a", "objective": 0.999}]})
    >>> sli, meta, alerts = rule_groups(d, d.slos[0])
    >>> [r["record"] for r in sli["rules"]]  # doctest: +NORMALIZE_WHITESPACE
    ['slo:sli_error:ratio_rate5m', 'slo:sli_error:ratio_rate30m', 'slo:sli_error:ratio_rate1h',
     'slo:sli_error:ratio_rate6h', 'slo:sli_error:ratio_rate3d', 'slo:sli_error:ratio_rate30d']
    >>> [(r["labels"]["severity"], r["for"]) for r in alerts["rules"]]
    [('page', '2m'), ('page', '15m'), ('ticket', '3h')]
    """
    query = sli_query(design, slo, metrics)
    labels = _labels(query)
    sel = _selector(labels)
    period = timedelta(days=slo.window_days)
    budget = error_budget(slo.objective)
    try:
        alerts = multiwindow_alerts(slo.objective, slo.window_days)
    except ValueError:
        alerts = []
    ident = labels["sloth_id"]
    records = [
        {
            "record": _ratio(window),
            "expr": query.error_ratio(duration(window)),
            "labels": {**labels, "sloth_window": duration(window)},
        }
        for window in _windows(alerts, period)
    ]
    base = f"{_ratio(SHORTEST)}{sel}"
    records.append(
        {
            "record": _ratio(period),
            "expr": (
                f"sum_over_time({base}[{duration(period)}]) / ignoring (sloth_window) "
                f"count_over_time({base}[{duration(period)}])"
            ),
            "labels": {**labels, "sloth_window": duration(period)},
        }
    )
    on = "on (sloth_id, sloth_slo, sloth_service) group_left"
    meta = [
        ("slo:objective:ratio", f"vector({number(slo.objective)})"),
        ("slo:error_budget:ratio", f"vector({number(budget)})"),
        ("slo:time_period:days", f"vector({slo.window_days})"),
        ("slo:current_burn_rate:ratio", f"{base} / {on} slo:error_budget:ratio{sel}"),
        (
            "slo:period_burn_rate:ratio",
            f"{_ratio(period)}{sel} / {on} slo:error_budget:ratio{sel}",
        ),
        ("slo:period_error_budget_remaining:ratio", f"1 - slo:period_burn_rate:ratio{sel}"),
    ]
    groups: list[dict[str, Any]] = [
        {"name": f"designkit-slo-sli-recordings-{ident}", "rules": records},
        {
            "name": f"designkit-slo-meta-recordings-{ident}",
            "rules": [{"record": r, "expr": e, "labels": dict(labels)} for r, e in meta],
        },
    ]
    if alerts:
        groups.append(
            {
                "name": f"designkit-slo-alerts-{ident}",
                "rules": [_alert(slo, a, labels, budget) for a in alerts],
            }
        )
    return groups


def build(design: Design) -> list[Document]:
    """One rules file per service and per journey that has SLOs."""
    files: dict[str, list[dict[str, Any]]] = {}
    for slo in design.slos:
        path = (
            f"prometheus/{slo.service}.rules.yaml"
            if slo.service is not None
            else f"prometheus/journey-{slo.journey}.rules.yaml"
        )
        files.setdefault(path, []).extend(rule_groups(design, slo))
    return [Document(path, {"groups": groups}) for path, groups in files.items()]


GENERATOR = Generator(
    "prometheus",
    "Prometheus SLI recording rules and burn-rate alerts per SLO (sloth-style)",
    build,
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
