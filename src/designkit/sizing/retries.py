"""Retry arithmetic: load amplification, expected attempts, back-off and timeouts.

An *attempt* is one try of a call; a call with ``r`` retries makes up to
``1 + r`` attempts. Times are in milliseconds, as Envoy and most service meshes
configure them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from designkit.sizing import _check

__all__ = [
    "amplification",
    "envoy_backoff_upper_ms",
    "expected_attempts",
    "min_caller_timeout_ms",
]


def amplification(attempts_per_layer: Iterable[int]) -> int:
    """Worst-case attempts reaching the bottom of a call chain for one top request.

    Parameters
    ----------
    attempts_per_layer : iterable of int
        Attempts each layer makes per call it receives (``1 + retries``), from
        the top of the chain to the bottom. An empty chain amplifies by 1.

    Returns
    -------
    int
        ``prod(attempts_per_layer)``.

    Notes
    -----
    When every layer retries a failing dependency, the attempts multiply: "a
    single request at the highest layer may produce a number of attempts as
    large as the product of the number of attempts at each layer to the lowest
    layer" (Google, *Site Reliability Engineering*, ch. 22 "Addressing
    Cascading Failures", which gives 4 x 4 x 4 = 64).

    Examples
    --------
    Frontend, backend and JavaScript client each retry 3 times (4 attempts):

    >>> amplification([4, 4, 4])
    64
    """
    total = 1
    for index, attempts in enumerate(attempts_per_layer):
        total *= _check.integer(f"attempts_per_layer[{index}]", attempts, 1)
    return total


def expected_attempts(failure_probability: float, retries: int) -> float:
    """Expected number of attempts when each attempt fails independently.

    Parameters
    ----------
    failure_probability : float
        Probability ``p`` in [0, 1] that one attempt fails.
    retries : int
        Retries allowed after the first attempt (0 or more).

    Returns
    -------
    float
        ``sum(p**k for k in range(retries + 1))`` = ``(1 - p**(retries+1)) / (1 - p)``.

    Notes
    -----
    Attempt ``k + 1`` happens only if the first ``k`` all failed, which has
    probability ``p**k``; the expectation of a count is the sum of those
    probabilities (a truncated geometric series). This is the mean extra load
    retries put on a dependency, e.g. the factor a retry budget caps.

    Examples
    --------
    >>> expected_attempts(0.5, 2)
    1.75
    >>> expected_attempts(1.0, 3)  # a hard-down dependency gets every attempt
    4.0
    """
    p = _check.probability("failure_probability", failure_probability)
    n = _check.integer("retries", retries, 0)
    if n <= 1024:
        # Horner's rule, to an ulp or two, for the counts real policies use.
        total = 1.0
        for _ in range(n):
            total = 1.0 + p * total
        return total
    if p == 1:
        return float(n + 1)
    if p == 0:
        return 1.0
    return -math.expm1((n + 1) * math.log(p)) / (1 - p)


def envoy_backoff_upper_ms(n: int, base_ms: float = 25, cap_ms: float = 250) -> float:
    """Upper bound of Envoy's fully jittered back-off before the ``n``-th retry.

    Parameters
    ----------
    n : int
        Retry number, from 1.
    base_ms : float, default 25
        Envoy's ``retry_back_off.base_interval`` (default 25 ms).
    cap_ms : float, default 250
        ``retry_back_off.max_interval``; Envoy's default is 10 x ``base_ms``,
        and it must be at least ``base_ms``.

    Returns
    -------
    float
        ``min(cap_ms, base_ms * 2**(n - 1))``: the wait is drawn uniformly from
        ``[0, upper)``.

    Notes
    -----
    Envoy's router documents "a fully jittered exponential back-off algorithm
    for retries with a default base interval of 25ms" whose interval "is capped
    at a maximum interval, which defaults to 10 times the base interval"
    (``x-envoy-max-retries``, router filter docs). The formula here is the one
    the source computes (``JitteredExponentialBackOffStrategy::nextBackOffMs``
    in ``source/common/common/backoff_strategy.cc``: intervals B, 2B, 4B, ...,
    then the cap). The prose of the docs still says ``[0, (2**N - 1) * B)``,
    the formula of the code before Envoy PR #3791 (2018) dropped the ``- 1``;
    both agree on the first retry (25 ms) and on the cap (250 ms).

    Examples
    --------
    >>> [envoy_backoff_upper_ms(n) for n in range(1, 6)]
    [25, 50, 100, 200, 250]
    """
    retry = _check.integer("n", n, 1)
    base = _check.positive("base_ms", base_ms)
    cap = _check.positive("cap_ms", cap_ms)
    if cap < base:
        raise ValueError(f"cap_ms must be at least base_ms ({base!r}); got {cap!r}")
    upper = base
    # Double as Envoy does, stopping at the cap (no overflow for huge n).
    for _ in range(retry - 1):
        if upper >= cap:
            break
        upper *= 2
    return min(upper, cap)


def min_caller_timeout_ms(
    retries: int, per_try_ms: float, backoffs_ms: float | Sequence[float]
) -> float:
    """Smallest overall timeout that lets every attempt and back-off complete.

    Parameters
    ----------
    retries : int
        Retries after the first attempt (0 or more).
    per_try_ms : float
        Timeout of one attempt (Envoy's ``per_try_timeout``).
    backoffs_ms : float or sequence of float
        Wait before each retry: a sequence whose first ``retries`` entries are
        used, or one number used for every gap. Pass upper bounds (for example
        from :func:`envoy_backoff_upper_ms`) for a worst-case budget.

    Returns
    -------
    float
        ``(retries + 1) * per_try_ms + sum(backoffs_ms[:retries])``.

    Notes
    -----
    Envoy's route timeout "includes all retries": "if the request timeout is
    set to 3s, and the first request attempt takes 2.7s, the retry (including
    back-off) has .3s to complete" (router filter docs, ``x-envoy-max-retries``).
    A caller whose timeout is shorter than this sum gives up before the last
    retries can run, so they only add load.

    Examples
    --------
    Two retries of 100 ms attempts with Envoy's default back-off upper bounds:

    >>> gaps = [envoy_backoff_upper_ms(n) for n in (1, 2)]
    >>> min_caller_timeout_ms(2, 100, gaps)
    375.0
    >>> min_caller_timeout_ms(3, 100, 10)
    430.0
    """
    count = _check.integer("retries", retries, 0)
    per_try = _check.positive("per_try_ms", per_try_ms)
    if isinstance(backoffs_ms, Sequence):
        if len(backoffs_ms) < count:
            raise ValueError(
                f"backoffs_ms must have at least {count} entries (one per retry); "
                f"got {len(backoffs_ms)}: {backoffs_ms!r}"
            )
        gaps = [
            _check.non_negative(f"backoffs_ms[{index}]", backoffs_ms[index])
            for index in range(count)
        ]
    else:
        gaps = [_check.non_negative("backoffs_ms", backoffs_ms)] * count
    return math.fsum([(count + 1) * per_try, *gaps])
