"""Queueing models for capacity: Little's law, M/M/c (Erlang C), Kingman.

The fewest servers for a target is :func:`designkit.sizing.staffing.min_servers`.
Rates are per second and times in seconds unless a name says otherwise (any
consistent unit works). A queue whose utilization is 1 or more grows without
bound, so every model here refuses it with a ValueError.

``usl_throughput`` and ``usl_peak`` live in :mod:`designkit.sizing.scalability`
(a throughput model, not a queue) and are re-exported here, where capacity
notebooks look for them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from designkit.sizing import _check
from designkit.sizing.scalability import usl_peak, usl_throughput

__all__ = [
    "MMC",
    "erlang_c",
    "kingman_wait",
    "little",
    "mmc",
    "usl_peak",
    "usl_throughput",
]


def little(arrival_rate: float, time_in_system: float) -> float:
    """Mean number in a system from its throughput and mean time in it.

    ``L = lambda * W``

    Notes
    -----
    Little's law (J. D. C. Little, "A Proof for the Queuing Formula: L = λW",
    *Operations Research* 9(3), 1961) holds for any stable system, whatever
    the arrival and service distributions: 200 requests/s that each spend
    50 ms in a service keep 10 requests in flight.

    Examples
    --------
    >>> little(200, 0.05)
    10.0
    """
    rate = _check.non_negative("arrival_rate", arrival_rate)
    return rate * _check.non_negative("time_in_system", time_in_system)


def _offered_load(arrival_rate: float, service_rate: float, servers: int) -> tuple[float, int]:
    """Validate an M/M/c queue; return its offered load a = lambda/mu and c."""
    lam = _check.non_negative("arrival_rate", arrival_rate)
    mu = _check.positive("service_rate", service_rate)
    c = _check.integer("servers", servers, 1)
    load = lam / mu
    # Both spellings of "c mu > lambda": in floating point load < c can hold while
    # c * mu == lambda (lambda = 15 mu), and the mean wait would divide by zero.
    if not (load < c and c * mu > lam):
        raise ValueError(
            "utilization arrival_rate / (servers * service_rate) must be below 1 "
            f"(at 1 or more the queue grows without bound); got {load / c!r} "
            f"(arrival_rate={arrival_rate!r}, service_rate={service_rate!r}, "
            f"servers={servers!r})"
        )
    return load, c


def _erlang_b(load: float, servers: int) -> float:
    # B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)): every term stays in [0, 1], so
    # no factorial or power overflows however many servers there are.
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def _erlang_c_from_b(blocking: float, load: float, servers: int) -> float:
    return servers * blocking / (servers - load * (1 - blocking))


def erlang_c(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Probability that an arrival waits in an M/M/c queue (Erlang's C formula).

    Parameters
    ----------
    arrival_rate : float
        Poisson arrival rate lambda.
    service_rate : float
        Service rate mu of one server (1 / mean service time).
    servers : int
        Number of servers c (at least 1).

    Returns
    -------
    float
        ``C(c, a) = T / (sum(a**k / k! for k in range(c)) + T)`` with
        ``T = a**c / c! * c / (c - a)`` and offered load ``a = lambda / mu``.

    Notes
    -----
    Erlang's delay formula; see L. Kleinrock, *Queueing Systems*, vol. 1
    (1975), §3.5 "M/M/m". It is evaluated through the Erlang B recursion
    ``B(k) = a B(k-1) / (k + a B(k-1))`` and ``C = c B / (c - a (1 - B))``
    (V. B. Iversen, *Teletraffic Engineering and Network Planning*, ITU/DTU),
    which stays accurate for thousands of servers where the textbook form
    overflows. With one server it reduces to the utilization, rho.

    Examples
    --------
    Two 1 Mbit/s lines, 150 packets/s of 10 kbit each (Wolfram Language
    documentation for ErlangC): ``2 rho**2 / (1 + rho)`` at rho = 0.75.

    >>> round(erlang_c(150, 100, 2), 6)
    0.642857
    """
    load, c = _offered_load(arrival_rate, service_rate, servers)
    return _erlang_c_from_b(_erlang_b(load, c), load, c)


def _wait_quantile(p_wait: float, decay: float, p: float) -> float:
    # P(W > t) = C exp(-decay t): zero below the atom at t = 0.
    if p <= 1 - p_wait:
        return 0.0
    return math.log(p_wait / (1 - p)) / decay


def _response_within(t: float, p: float, p_wait: float, mu: float, decay: float) -> bool:
    """Whether P(W + S <= t) >= p, for S ~ Exp(mu), W = 0 w.p. 1 - C else Exp(decay)."""
    # P(W + S > t) = exp(-mu t) + C h(t) with h(t) = mu (exp(-mu t) - exp(-decay t))
    # / (decay - mu); h is written with expm1 so it stays exact as decay -> mu (the
    # Erlang-2 limit, h = mu t exp(-mu t)) and never overflows.
    gap = abs(decay - mu)
    spread = t if gap * t == 0 else -math.expm1(-gap * t) / gap
    h = mu * math.exp(-min(mu, decay) * t) * spread
    if p < 0.5:
        # Compare the CDF, 1 - exp(-mu t) - C h(t), which keeps its digits near 0.
        return -math.expm1(-mu * t) - p_wait * h >= p
    return math.exp(-mu * t) + p_wait * h <= 1 - p


def _response_quantile(p_wait: float, mu: float, decay: float, p: float) -> float:
    # The response is at least the wait and at least the service; the union bound
    # P(W > x) + P(S > y) <= 1 - p, with 1 - p split evenly, brackets it above.
    low = max(_wait_quantile(p_wait, decay, p), -math.log1p(-p) / mu)
    high = _wait_quantile(p_wait, decay, (1 + p) / 2) + math.log(2 / (1 - p)) / mu
    # Halving stops once no float lies strictly between the bounds; 2,200 steps
    # cover the whole double range, typical cases need about 60.
    for _ in range(2200):
        mid = (low + high) / 2
        if not low < mid < high:
            break
        if _response_within(mid, p, p_wait, mu, decay):
            high = mid
        else:
            low = mid
    return high


@dataclass(frozen=True)
class MMC:
    """A stable M/M/c queue: Poisson arrivals, exponential service, c servers.

    Build it with :func:`mmc`. ``p_wait`` is computed once, on construction.

    Attributes
    ----------
    arrival_rate, service_rate : float
    servers : int
    p_wait : float
        Erlang C: probability that an arrival waits (:func:`erlang_c`).
    """

    arrival_rate: float
    service_rate: float
    servers: int
    p_wait: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        load, c = _offered_load(self.arrival_rate, self.service_rate, self.servers)
        object.__setattr__(self, "p_wait", _erlang_c_from_b(_erlang_b(load, c), load, c))

    @property
    def _decay(self) -> float:
        return self.servers * self.service_rate - self.arrival_rate

    @property
    def utilization(self) -> float:
        """Mean fraction of time a server is busy: ``lambda / (c mu)``."""
        return self.arrival_rate / (self.servers * self.service_rate)

    @property
    def mean_wait(self) -> float:
        """Mean time in queue: ``C / (c mu - lambda)``."""
        return self.p_wait / self._decay

    @property
    def mean_response(self) -> float:
        """Mean time in system, wait plus service: ``mean_wait + 1 / mu``."""
        return self.mean_wait + 1 / self.service_rate

    def wait_quantile(self, p: float) -> float:
        """The ``p``-quantile of the time in queue.

        ``P(W > t) = C exp(-(c mu - lambda) t)``, so the quantile is 0 when
        ``p <= 1 - C`` and ``ln(C / (1 - p)) / (c mu - lambda)`` above it
        (Kleinrock, vol. 1, §3.5; FCFS order).
        """
        return _wait_quantile(self.p_wait, self._decay, _check.fraction("p", p))

    def response_quantile(self, p: float) -> float:
        """The ``p``-quantile of the response time (wait plus service).

        The response is the sum of the wait (an atom at 0 of mass ``1 - C``,
        else exponential with rate ``theta = c mu - lambda``) and an
        independent exponential service with rate ``mu``. Its survival function
        has the closed form ``exp(-mu t) + C mu (exp(-mu t) - exp(-theta t)) /
        (theta - mu)`` (the hypoexponential distribution; Erlang-2 when
        ``theta = mu``), which is solved for ``1 - p`` by bisection to full
        floating-point precision: an exact quantile, not a normal or Kingman
        approximation.
        """
        prob = _check.fraction("p", p)
        return _response_quantile(self.p_wait, self.service_rate, self._decay, prob)


def mmc(arrival_rate: float, service_rate: float, servers: int) -> MMC:
    """Model an M/M/c queue: waiting probability, mean and quantile latencies.

    Parameters
    ----------
    arrival_rate : float
        Poisson arrival rate lambda (requests per second).
    service_rate : float
        Service rate mu of one server (1 / mean service time).
    servers : int
        Number of servers c; ``lambda / (c mu)`` must be below 1.

    Returns
    -------
    MMC
        ``utilization``, ``p_wait``, ``mean_wait``, ``mean_response``,
        ``wait_quantile(p)`` and ``response_quantile(p)``.

    Notes
    -----
    Kleinrock, *Queueing Systems*, vol. 1 (1975), §3.5: with first-come
    first-served order an arrival waits with probability C (Erlang C), and
    then for an exponential time of rate ``c mu - lambda``, so
    ``P(W > t) = C exp(-(c mu - lambda) t)`` and ``E[W] = C / (c mu - lambda)``.
    The response time adds an independent exponential service; see
    :meth:`MMC.response_quantile` for how its quantiles are solved.

    Examples
    --------
    A service taking 40 ms on average (mu = 25/s) on 10 workers at 200 req/s:

    >>> q = mmc(200, 25, 10)
    >>> q.utilization
    0.8
    >>> round(q.p_wait, 4), round(q.mean_wait * 1000, 2)  # ms
    (0.4092, 8.18)
    >>> round(q.response_quantile(0.99) * 1000, 1)  # p99 latency in ms
    197.8
    """
    return MMC(arrival_rate, service_rate, servers)


def kingman_wait(utilization: float, ca2: float, cs2: float, service_time: float) -> float:
    """Approximate mean wait in a G/G/1 queue (Kingman's formula).

    ``E[W] ~ (rho / (1 - rho)) * ((ca2 + cs2) / 2) * service_time``

    Parameters
    ----------
    utilization : float
        rho, in [0, 1).
    ca2, cs2 : float
        Squared coefficients of variation of inter-arrival and service times
        (1 for exponential, 0 for deterministic).
    service_time : float
        Mean service time.

    Notes
    -----
    J. F. C. Kingman, "The single server queue in heavy traffic", *Proc.
    Cambridge Philosophical Society* 57(4), 1961; the "VUT equation" of Hopp &
    Spearman, *Factory Physics*. Exact for Poisson arrivals (``ca2 = 1``,
    Pollaczek-Khinchine), so M/M/1 gives ``rho / (mu - lambda)``; an
    approximation otherwise, best in heavy traffic.

    Examples
    --------
    >>> kingman_wait(0.5, 1, 1, 0.010)  # M/M/1: 10 ms of wait at 50% busy
    0.01
    >>> kingman_wait(0.5, 1, 0, 0.010)  # M/D/1 waits half as long
    0.005
    """
    rho = _check.non_negative("utilization", utilization)
    if rho >= 1:
        raise ValueError(
            f"utilization must be below 1 (at 1 or more the queue grows without bound); "
            f"got {utilization!r}"
        )
    variability = (_check.non_negative("ca2", ca2) + _check.non_negative("cs2", cs2)) / 2
    return rho / (1 - rho) * variability * _check.positive("service_time", service_time)
