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
    "ENVOY_BASE_INTERVAL_MS",
    "ENVOY_MAX_INTERVAL_FACTOR",
    "amplification",
    "envoy_backoff_upper_ms",
    "envoy_backoffs_ms",
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


ENVOY_BASE_INTERVAL_MS: float = 25
"""Envoy's default retry back-off base interval (``upstream.base_retry_backoff_ms``)."""
ENVOY_MAX_INTERVAL_FACTOR = 10
"""Envoy's default maximum back-off interval, as a multiple of the base interval."""


def envoy_backoff_upper_ms(
    n: int, base_ms: float = ENVOY_BASE_INTERVAL_MS, cap_ms: float | None = None
) -> float:
    """Upper bound of Envoy's fully jittered back-off before the ``n``-th retry.

    Parameters
    ----------
    n : int
        Retry number, from 1.
    base_ms : float, default 25
        The retry policy's ``retry_back_off.base_interval`` (Envoy's default is 25 ms).
    cap_ms : float, optional
        ``retry_back_off.max_interval``, at least ``base_ms``; by default 10 x
        ``base_ms``, as in Envoy (250 ms for the default base).

    Returns
    -------
    float
        ``min(cap_ms, (2**n - 1) * base_ms)``: the wait is drawn uniformly from
        ``[0, upper)``.

    Notes
    -----
    Envoy's router filter documentation, section ``x-envoy-max-retries``
    (configuration/http/http_filters/router_filter): "Envoy uses a fully
    jittered exponential back-off algorithm for retries with a default base
    interval of 25ms. Given a base interval B and retry number N, the back-off
    for the retry is in the range [0, (2^N-1)B) ... the first retry will be
    delayed randomly by 0-24ms, the 2nd by 0-74ms, the 3rd by 0-174ms, and so
    on. The interval is capped at a maximum interval, which defaults to 10
    times the base interval (250ms)." The ``retry_back_off.max_interval``
    field (config.core.v3.BackoffStrategy) documents the same default, "10
    times the base_interval", whatever the base.

    The implementation (``JitteredExponentialBackOffStrategy`` in
    ``source/common/common/backoff_strategy.cc``) draws from ``[0, B)``,
    ``[0, 2B)``, ``[0, 4B)``, ... up to the cap: never more than the
    documented range. Timeout budgets built on these bounds
    (:func:`min_caller_timeout_ms`) therefore hold for both.

    Examples
    --------
    The documented ranges 0-24, 0-74, 0-174 ms, then the 250 ms cap:

    >>> [envoy_backoff_upper_ms(n) for n in range(1, 6)]
    [25.0, 75.0, 175.0, 250.0, 250.0]
    >>> envoy_backoff_upper_ms(4, base_ms=100)  # the cap follows the base: 1 s
    1000.0
    """
    retry = _check.integer("n", n, 1)
    base = _check.positive("base_ms", base_ms)
    cap = ENVOY_MAX_INTERVAL_FACTOR * base if cap_ms is None else _check.positive("cap_ms", cap_ms)
    if cap < base:
        raise ValueError(f"cap_ms must be at least base_ms ({base!r}); got {cap!r}")
    if retry * math.log(2) + math.log(base) > math.log(cap) + 1:
        return float(cap)  # 2**n B is far past the cap (and would overflow for huge n)
    return float(min(cap, math.ldexp(base, retry) - base))


def envoy_backoffs_ms(
    retries: int, base_ms: float = ENVOY_BASE_INTERVAL_MS, cap_ms: float | None = None
) -> list[float]:
    """The back-off upper bounds before each of ``retries`` retries, in order.

    The one place the bounds of a retry policy are listed; budgets and the
    generated mesh configuration read them from here.

    Examples
    --------
    >>> envoy_backoffs_ms(3)
    [25.0, 75.0, 175.0]
    >>> envoy_backoffs_ms(0)
    []
    """
    count = _check.integer("retries", retries, 0)
    return [envoy_backoff_upper_ms(n, base_ms, cap_ms) for n in range(1, count + 1)]


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

    >>> min_caller_timeout_ms(2, 100, envoy_backoffs_ms(2))
    400.0
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
