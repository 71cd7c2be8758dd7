"""Error budgets of service level objectives, and burn-rate alerting on them.

Objectives are fractions (0.999 for "three nines"). Formulas follow the Google
SRE Workbook, ch. 2 "Implementing SLOs" (error budget = 1 - SLO over the window)
and ch. 5 "Alerting on SLOs" (burn rates and multiwindow, multi-burn-rate alerts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from designkit.sizing import _check

__all__ = [
    "BurnRateAlert",
    "allowed_errors",
    "burn_rate",
    "error_budget_minutes",
    "hours_to_exhaustion",
    "multiwindow_alerts",
]


def _check_objective(objective: float) -> None:
    if not 0 < objective < 1:
        raise ValueError(
            f"objective must be strictly between 0 and 1 (a fraction such as "
            f"0.999); got {objective!r}"
        )


def error_budget_minutes(objective: float, window_days: float) -> float:
    """Minutes of full unavailability the objective allows over the window.

    budget = (1 - objective) x window_days x 1440

    Examples
    --------
    99.9% over 30 days allows 43.2 minutes, the figure the SRE Workbook uses for
    a 30-day window ("three nines = 43 minutes a month"):

    >>> round(error_budget_minutes(0.999, 30), 3)
    43.2
    """
    _check_objective(objective)
    return (1 - objective) * _check.positive("window_days", window_days) * 24 * 60


def allowed_errors(objective: float, requests: float) -> float:
    """Failed requests the objective allows out of ``requests``.

    Examples
    --------
    >>> round(allowed_errors(0.999, 1_000_000))
    1000
    """
    _check_objective(objective)
    return (1 - objective) * _check.non_negative("requests", requests)


def burn_rate(budget_fraction: float, period_days: float, long_window_hours: float) -> float:
    """Burn rate at which ``budget_fraction`` of the budget is spent in the window.

    Parameters
    ----------
    budget_fraction : float
        Share of the period's error budget, in (0, 1] (0.02 for 2%).
    period_days : float
        The SLO period (30 for a 30-day window).
    long_window_hours : float
        The window over which that share is spent.

    Returns
    -------
    float
        ``budget_fraction * period_hours / long_window_hours``.

    Notes
    -----
    A burn rate is "how fast, relative to the SLO, the service consumes the
    error budget": at rate 1 the budget lasts exactly the period (SRE Workbook,
    ch. 5, "Alert on burn rate"). Spending a fraction ``f`` within ``w`` hours
    of a ``P``-hour period is therefore a rate of ``f * P / w``.

    Examples
    --------
    The SRE Workbook's recommended thresholds (table 5-8) for a 30-day SLO:

    >>> burn_rate(0.02, 30, 1), burn_rate(0.05, 30, 6), burn_rate(0.10, 30, 72)
    (14.4, 6.0, 1.0)
    """
    _check.at_most_one("budget_fraction", budget_fraction)
    period = _check.positive("period_days", period_days)
    window = _check.positive("long_window_hours", long_window_hours)
    return budget_fraction * (period * 24) / window


def hours_to_exhaustion(burn_rate: float, period_days: float) -> float:
    """Hours until a full error budget is spent at a constant burn rate.

    ``period_days * 24 / burn_rate``; see :func:`burn_rate`.

    Examples
    --------
    SRE Workbook, ch. 5, table 5-4 (30-day window): rate 2 exhausts the budget
    in 15 days; rate 1,000 (every request failing at 99.9%) in 43 minutes.

    >>> hours_to_exhaustion(2, 30) / 24
    15.0
    >>> round(hours_to_exhaustion(1000, 30) * 60, 1)
    43.2
    """
    rate = _check.positive("burn_rate", burn_rate)
    return _check.positive("period_days", period_days) * 24 / rate


@dataclass(frozen=True)
class BurnRateAlert:
    """One multiwindow burn-rate alert: fire when both windows exceed the threshold.

    Attributes
    ----------
    severity : {"page", "ticket"}
    long_window, short_window : datetime.timedelta
        The short window (1/12 of the long) makes the alert reset quickly once
        the burn stops.
    burn_rate : float
        Burn rate that spends ``budget_consumed`` within ``long_window``.
    budget_consumed : float
        Share of the period's budget spent when the alert fires (0.02 = 2%).
    error_ratio_threshold : float
        ``burn_rate * (1 - objective)``: the error ratio to compare both windows
        against. Above 1 the alert can never fire (the objective is too loose
        for that burn rate).
    """

    severity: Literal["page", "ticket"]
    long_window: timedelta
    short_window: timedelta
    burn_rate: float
    budget_consumed: float
    error_ratio_threshold: float


# SRE Workbook, ch. 5, table 5-8: recommended starting parameters.
_RECOMMENDED: tuple[tuple[Literal["page", "ticket"], timedelta, float], ...] = (
    ("page", timedelta(hours=1), 0.02),
    ("page", timedelta(hours=6), 0.05),
    ("ticket", timedelta(days=3), 0.10),
)


def multiwindow_alerts(objective: float, period_days: float = 30) -> list[BurnRateAlert]:
    """The SRE Workbook's multiwindow, multi-burn-rate alerts for an objective.

    Parameters
    ----------
    objective : float
        The SLO as a fraction, strictly between 0 and 1.
    period_days : float, default 30
        The SLO period; at least 3 days (the ticket's long window).

    Returns
    -------
    list of BurnRateAlert
        Page 1 h / 5 min at 2% of budget, page 6 h / 30 min at 5%, ticket
        3 d / 6 h at 10%, in that order.

    Notes
    -----
    SRE Workbook, ch. 5 "Alerting on SLOs", section 6 "Multiwindow,
    Multi-Burn-Rate Alerts", table 5-8: burn rates 14.4, 6 and 1 for a 30-day
    period, each alert firing only while the long *and* the short window (1/12
    of the long) burn above the rate. For other periods the budget shares stay
    2%, 5% and 10% and the burn rates scale with the period
    (:func:`burn_rate`), e.g. 13.44 for the 1-hour page over 28 days.

    Examples
    --------
    >>> page, slow_page, ticket = multiwindow_alerts(0.999)
    >>> page.long_window, page.short_window, page.burn_rate
    (datetime.timedelta(seconds=3600), datetime.timedelta(seconds=300), 14.4)
    >>> round(page.error_ratio_threshold, 6)
    0.0144
    >>> ticket.severity, ticket.short_window, ticket.burn_rate
    ('ticket', datetime.timedelta(seconds=21600), 1.0)
    """
    _check_objective(objective)
    period = _check.positive("period_days", period_days)
    if period < 3:
        raise ValueError(
            f"period_days must be at least 3 (the ticket alert's long window is "
            f"3 days); got {period_days!r}"
        )
    alerts = []
    for severity, long_window, budget in _RECOMMENDED:
        rate = burn_rate(budget, period, long_window / timedelta(hours=1))
        alerts.append(
            BurnRateAlert(
                severity=severity,
                long_window=long_window,
                short_window=long_window / 12,
                burn_rate=rate,
                budget_consumed=budget,
                error_ratio_threshold=rate * (1 - objective),
            )
        )
    return alerts
