"""Gunther's Universal Scalability Law: throughput against concurrency.

``lam`` is the throughput of one unit of concurrency (requests per second at
N = 1); ``sigma`` is contention (the serialised share) and ``kappa`` coherency
(the pairwise crosstalk that makes throughput fall past a peak).
"""

from __future__ import annotations

import math

from designkit.sizing import _check

__all__ = ["usl_peak", "usl_throughput"]


def usl_throughput(n: float, lam: float, sigma: float, kappa: float) -> float:
    """Throughput at concurrency ``n`` under Gunther's Universal Scalability Law.

    ``X(N) = lam N / (1 + sigma (N - 1) + kappa N (N - 1))``

    Parameters
    ----------
    n : float
        Concurrency N (users, threads, nodes), at least 1.
    lam : float
        Throughput at N = 1.
    sigma : float
        Contention (serial fraction), in [0, 1].
    kappa : float
        Coherency (crosstalk) cost, 0 or more; 0 reduces USL to Amdahl's law.

    Notes
    -----
    N. J. Gunther, *Guerrilla Capacity Planning* (Springer, 2007), ch. 4.

    Examples
    --------
    >>> usl_throughput(1, 100, 0.05, 0.001)
    100.0
    >>> round(usl_throughput(8, 100, 0.05, 0.001), 1)
    569.0
    """
    concurrency = _check.at_least("n", n, 1)
    single = _check.positive("lam", lam)
    contention = _check.probability("sigma", sigma)
    coherency = _check.non_negative("kappa", kappa)
    denominator = 1 + contention * (concurrency - 1) + coherency * concurrency * (concurrency - 1)
    return single * concurrency / denominator


def usl_peak(sigma: float, kappa: float) -> float:
    """Concurrency at which USL throughput peaks: ``N* = sqrt((1 - sigma) / kappa)``.

    Returns ``math.inf`` when ``kappa`` is 0 (no retrograde region: throughput
    only approaches ``lam / sigma``). Real-valued; the best integer is the
    floor or the ceiling.

    Notes
    -----
    Gunther, *Guerrilla Capacity Planning*, eq. (4.33); the R package ``usl``
    (``peak.scalability``) tests ``sigma=0.001, kappa=0.00001`` -> 320 to two
    significant figures.

    Examples
    --------
    >>> round(usl_peak(0.001, 0.00001), 2)
    316.07
    """
    contention = _check.probability("sigma", sigma)
    coherency = _check.non_negative("kappa", kappa)
    if coherency == 0:
        return math.inf
    return math.sqrt((1 - contention) / coherency)
