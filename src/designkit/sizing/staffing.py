"""The fewest M/M/c servers for a target: waiting probability, mean wait, latency quantile.

:func:`min_servers` is total: every finite input either gives the least count
that meets every constraint (one fewer does not) or a ``ValueError`` naming the
argument. It reports what it decided with: the binding constraint, and whether
the default utilization ceiling applied because no constraint was given.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, cast

from designkit.sizing import _check
from designkit.sizing.queueing import _erlang_b, _erlang_c_from_b, _response_within

__all__ = ["DEFAULT_MAX_UTILIZATION", "MAX_SERVERS", "ServerCount", "min_servers"]

DEFAULT_MAX_UTILIZATION = 0.7
"""The utilization ceiling :func:`min_servers` applies when given no constraint.

Without one, the least stable count runs the servers at up to 100% busy, where
the queue (and the latency) grows without bound as utilization nears 1: an M/M/c
queue's mean wait is ``C / (c mu - lambda)``. 70% is the ceiling capacity plans
commonly use for latency-sensitive services (it leaves room for a lost server
and for bursts), and the default target of :mod:`designkit.analysis.capacity`.
"""

MAX_SERVERS = 10_000_000
"""Counts above this are refused: the Erlang recursion is linear in the count."""

Binding = Literal[
    "stability",
    "max_utilization",
    "default_max_utilization",
    "max_p_wait",
    "max_mean_wait",
    "target_quantile",
]


@dataclass(frozen=True)
class ServerCount:
    """The fewest servers meeting every constraint, and why no fewer do.

    Attributes
    ----------
    servers : int
    utilization : float
        ``lambda / (servers mu)``.
    p_wait : float
        Erlang C with ``servers``.
    binding : str
        The constraint ``servers - 1`` fails first: ``stability`` (it would not
        keep up), or the name of the argument (``default_max_utilization`` when
        the default ceiling decided).
    default_max_utilization : float or None
        :data:`DEFAULT_MAX_UTILIZATION` when it applied (no constraint was
        given), else None.
    """

    servers: int
    utilization: float
    p_wait: float
    binding: Binding
    default_max_utilization: float | None = None

    def __int__(self) -> int:
        return self.servers


def _stable(lam: float, mu: float, c: int) -> bool:
    # Both spellings of "c mu > lambda" (see queueing._offered_load).
    return lam / mu < c and c * mu > lam


def min_servers(
    arrival_rate: float,
    service_rate: float,
    *,
    max_p_wait: float | None = None,
    max_mean_wait: float | None = None,
    target_quantile: tuple[float, float] | None = None,
    max_utilization: float | None = None,
) -> ServerCount:
    """Fewest M/M/c servers that keep the queue stable and meet every constraint.

    Parameters
    ----------
    arrival_rate, service_rate : float
        As for :func:`~designkit.sizing.queueing.mmc`.
    max_p_wait : float, optional
        Highest acceptable probability of waiting, in (0, 1].
    max_mean_wait : float, optional
        Highest acceptable mean time in queue.
    target_quantile : (float, float), optional
        ``(p, seconds)``: the ``p``-quantile of the *response* time (wait plus
        service) must be at most ``seconds``.
    max_utilization : float, optional
        Highest acceptable server utilization, in (0, 1].

    Returns
    -------
    ServerCount
        The smallest ``c`` meeting every given constraint. With none given,
        the utilization ceiling :data:`DEFAULT_MAX_UTILIZATION` (70%) applies
        and the result says so. Every constraint loosens as ``c`` grows, so all
        larger ``c`` meet them too.

    Raises
    ------
    ValueError
        For an argument out of range, a latency target below the service time's
        own quantile (no count can meet it), or more than :data:`MAX_SERVERS`.

    Examples
    --------
    Wolfram Language documentation for ErlangC: 30 calls/hour, 5 minutes each;
    the fewest agents for a 90% chance that a call is not delayed:

    >>> min_servers(30 / 3600, 1 / 300, max_p_wait=0.10).servers
    6
    >>> min_servers(200, 25, target_quantile=(0.99, 0.200)).servers  # p99 within 200 ms
    10
    >>> r = min_servers(8, 1)  # no constraint: 70% busy at most
    >>> r.servers, r.binding, r.default_max_utilization
    (12, 'default_max_utilization', 0.7)
    """
    lam = _check.non_negative("arrival_rate", arrival_rate)
    mu = _check.positive("service_rate", service_rate)
    if max_p_wait is not None:
        _check.at_most_one("max_p_wait", max_p_wait)
    if max_mean_wait is not None:
        _check.positive("max_mean_wait", max_mean_wait)
    if max_utilization is not None:
        _check.at_most_one("max_utilization", max_utilization)
    p = seconds = 0.0
    if target_quantile is not None:
        if len(target_quantile) != 2:
            raise ValueError(
                f"target_quantile must be a (p, seconds) pair; got {target_quantile!r}"
            )
        p = _check.fraction("target_quantile[0]", target_quantile[0])
        seconds = _check.positive("target_quantile[1]", target_quantile[1])
        # With endless servers nobody waits (C = 0) and the response is the service.
        if not _response_within(seconds, p, 0.0, mu, mu):
            raise ValueError(
                f"target_quantile[1] must exceed {-math.log1p(-p) / mu!r}, the {p!r} "
                f"quantile of the service time alone, which no number of servers can "
                f"beat; got {seconds!r}"
            )
    default = None
    if (max_p_wait, max_mean_wait, target_quantile, max_utilization) == (None,) * 4:
        default = max_utilization = DEFAULT_MAX_UTILIZATION

    load = lam / mu
    floor = load if max_utilization is None else load / max_utilization
    if not floor < MAX_SERVERS:
        raise ValueError(
            f"arrival_rate / service_rate = {load!r} erlangs needs more than {MAX_SERVERS:,} "
            f"servers (arrival_rate={arrival_rate!r}, service_rate={service_rate!r})"
        )
    ceiling = 1.0 if max_utilization is None else max_utilization
    most_p_wait = 1.0 if max_p_wait is None else max_p_wait
    longest_wait = math.inf if max_mean_wait is None else max_mean_wait
    checks: dict[str, Check] = {
        "max_utilization": lambda c, _pw: lam / (c * mu) <= ceiling,
        "max_p_wait": lambda _c, pw: pw <= most_p_wait,
        "max_mean_wait": lambda c, pw: pw / (c * mu - lam) <= longest_wait,
        "target_quantile": lambda c, pw: _response_within(seconds, p, pw, mu, c * mu - lam),
    }
    given = {
        "max_utilization": max_utilization,
        "max_p_wait": max_p_wait,
        "max_mean_wait": max_mean_wait,
        "target_quantile": target_quantile,
    }
    active = [(name, check) for name, check in checks.items() if given[name] is not None]

    c = max(1, math.floor(floor))  # every bound here needs c >= load (>= load / ceiling)
    blocking = _erlang_b(load, c)
    while True:
        if _stable(lam, mu, c):
            p_wait = _erlang_c_from_b(blocking, load, c)
            if all(check(c, p_wait) for _, check in active):
                return ServerCount(
                    c, lam / (c * mu), p_wait, _binding(lam, mu, c, active, default), default
                )
        c += 1
        if c > MAX_SERVERS:
            raise ValueError(
                f"no count up to {MAX_SERVERS:,} servers meets the constraints "
                f"(arrival_rate={arrival_rate!r}, service_rate={service_rate!r})"
            )
        blocking = load * blocking / (c + load * blocking)


Check = Callable[[int, float], bool]


def _binding(
    lam: float, mu: float, c: int, active: list[tuple[str, Check]], default: float | None
) -> Binding:
    """The first constraint that ``c - 1`` servers fail."""
    fewer = c - 1
    if fewer < 1 or not _stable(lam, mu, fewer):
        return "stability"
    load = lam / mu
    p_wait = _erlang_c_from_b(_erlang_b(load, fewer), load, fewer)
    for name, check in active:
        if not check(fewer, p_wait):
            if name == "max_utilization" and default is not None:
                return "default_max_utilization"
            return cast(Binding, name)
    return "stability"  # unreachable: c is the least count meeting every check
