"""Availability of composed components: in series, in parallel, from MTTF and MTTR.

Availabilities are fractions in [0, 1] (0.999 for "three nines"); components
are assumed to fail independently, which real shared fate (one zone, one
deploy, one config push) often breaks, so these are upper bounds in practice.
"""

from __future__ import annotations

import math

from designkit.sizing import _check

__all__ = ["from_mttf", "parallel", "serial"]


def _checked(availabilities: tuple[float, ...]) -> list[float]:
    if not availabilities:
        raise ValueError("availabilities must name at least one component; got none")
    return [
        _check.probability(f"availabilities[{index}]", value)
        for index, value in enumerate(availabilities)
    ]


def serial(*availabilities: float) -> float:
    """Availability of components that must all be up (hard dependencies).

    ``A = a1 * a2 * ... * an``

    Notes
    -----
    AWS Well-Architected Reliability Pillar, "Availability" (calculating
    availability with hard dependencies): a 99.99% workload with two
    independent 99.99% hard dependencies has 99.99% x 99.99% x 99.99% = 99.97%.
    A chain is never more available than its weakest link.

    Examples
    --------
    >>> round(serial(0.9999, 0.9999, 0.9999), 6)
    0.9997
    """
    return math.prod(_checked(availabilities))


def parallel(*availabilities: float) -> float:
    """Availability of redundant components of which any one suffices.

    ``A = 1 - (1 - a1) * (1 - a2) * ... * (1 - an)``

    Notes
    -----
    The system is down only when every replica is down at once (independent
    failures): multiply the unavailabilities. AWS Well-Architected Reliability
    Pillar, "Availability" (calculating availability with redundant
    components).

    Examples
    --------
    Two independent 99.9% replicas:

    >>> round(parallel(0.999, 0.999), 9)
    0.999999
    """
    return 1 - math.prod(1 - a for a in _checked(availabilities))


def from_mttf(mttf: float, mttr: float) -> float:
    """Steady-state availability from mean time to failure and to repair.

    ``A = MTTF / (MTTF + MTTR)`` (both in the same unit).

    Notes
    -----
    The long-run fraction of time up in an alternating up/down (renewal)
    process; see the AWS Well-Architected Reliability Pillar, "Availability",
    which writes it with MTBF for repairable systems.

    Examples
    --------
    A failure every 150 days (3,600 h) with an hour to repair:

    >>> round(from_mttf(3600, 1), 5)
    0.99972
    """
    up = _check.positive("mttf", mttf)
    return up / (up + _check.non_negative("mttr", mttr))
