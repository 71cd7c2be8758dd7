"""Error budgets of service level objectives.

Objectives are fractions (0.999 for "three nines"). Formulas follow the Google
SRE Workbook, ch. 2 "Implementing SLOs" (error budget = 1 - SLO over the window).
"""

from __future__ import annotations

__all__ = ["allowed_errors", "error_budget_minutes"]


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
    if window_days <= 0:
        raise ValueError(f"window_days must be positive; got {window_days!r}")
    return (1 - objective) * window_days * 24 * 60


def allowed_errors(objective: float, requests: float) -> float:
    """Failed requests the objective allows out of ``requests``.

    Examples
    --------
    >>> round(allowed_errors(0.999, 1_000_000))
    1000
    """
    _check_objective(objective)
    if requests < 0:
        raise ValueError(f"requests must be zero or more; got {requests!r}")
    return (1 - objective) * requests
