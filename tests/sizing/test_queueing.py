import math
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from designkit.sizing import queueing, scalability
from designkit.sizing.queueing import (
    MMC,
    erlang_c,
    kingman_wait,
    little,
    min_servers,
    mmc,
)

service_rates = st.floats(0.1, 100)
loads = st.floats(0, 60)  # offered load lambda/mu, in erlangs
probabilities = st.floats(0.001, 0.999)


def test_little_reference_value():
    # Little (1961): L = lambda W. 200 req/s spending 50 ms each keep 10 in flight.
    assert little(200, 0.05) == pytest.approx(10)
    assert little(0, 3) == 0


# --- Erlang C ---------------------------------------------------------------------


@pytest.mark.parametrize(("lam", "mu"), [(8, 10), (1, 4), (0.5, 1), (99, 100)])
def test_mm1_special_case(lam, mu):
    # Kleinrock, Queueing Systems vol. 1, §3.2: in M/M/1 an arrival waits with
    # probability rho, the mean wait is rho / (mu - lambda), and the response time is
    # exponential with rate mu - lambda.
    rho = lam / mu
    q = mmc(lam, mu, 1)
    assert erlang_c(lam, mu, 1) == pytest.approx(rho)
    assert q.mean_wait == pytest.approx(rho / (mu - lam))
    assert q.mean_response == pytest.approx(1 / (mu - lam))
    for p in (0.5, 0.9, 0.99, 0.999):
        assert q.response_quantile(p) == pytest.approx(-math.log(1 - p) / (mu - lam))


def test_mm2_reference_value():
    # Wolfram Language documentation, ErlangC, "Applications": two 1 Mbps lines,
    # 150 packets/s of 10 kbit (mu = 100/s per line). M/M/2: C = 2 rho^2 / (1 + rho).
    assert erlang_c(150, 100, 2) == pytest.approx(2 * 0.75**2 / 1.75)
    assert erlang_c(150, 100, 2) == pytest.approx(9 / 14)


def test_call_centre_reference_value():
    # Wolfram Language documentation, ErlangC, "Applications": calls arrive at 30 per
    # hour and take 5 minutes on average; a 90% probability that a call is not delayed
    # needs 6 employees (5 leave 13% of callers waiting).
    lam, mu = 30 / 3600, 1 / 300
    assert min_servers(lam, mu, max_p_wait=0.10) == 6
    assert erlang_c(lam, mu, 5) > 0.10 >= erlang_c(lam, mu, 6)


def _erlang_c_textbook(load, servers):
    # Erlang's C formula as printed (Kleinrock §3.5), in exact rational arithmetic.
    a, c = Fraction(load), servers
    top = a**c / math.factorial(c) * Fraction(c) / (c - a)
    return float(top / (sum(a**k / math.factorial(k) for k in range(c)) + top))


@given(st.integers(1, 30), st.floats(0.01, 0.99), service_rates)
def test_erlang_c_matches_the_textbook_formula(servers, utilization, mu):
    lam = utilization * servers * mu
    assert erlang_c(lam, mu, servers) == pytest.approx(
        _erlang_c_textbook(lam / mu, servers), rel=1e-9, abs=1e-15
    )


def test_erlang_c_is_stable_for_large_server_counts():
    # a**c / c! overflows a float long before this; the Erlang B recursion does not.
    value = erlang_c(9_000, 1, 9_100)
    assert 0 < value < 1
    assert erlang_c(9_000, 1, 9_200) < value


@given(loads, service_rates, st.integers(0, 20))
def test_erlang_c_decreases_with_servers(load, mu, extra):
    servers = math.floor(load) + 1 + extra
    lam = load * mu
    assume(lam / mu < servers)
    first = erlang_c(lam, mu, servers)
    assert 0 <= first <= 1
    assert erlang_c(lam, mu, servers + 1) <= first


def test_unstable_queue_is_refused():
    with pytest.raises(
        ValueError,
        match=r"utilization arrival_rate / \(servers \* service_rate\) "
        r"must be below 1.*got 1\.0 \(arrival_rate=20",
    ):
        erlang_c(20, 10, 2)
    with pytest.raises(ValueError, match=r"must be below 1.*got 1\.5"):
        mmc(30, 10, 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 10, 1), r"arrival_rate must be zero or more; got -1"),
        ((1, 0, 1), r"service_rate must be positive; got 0"),
        ((1, 10, 0), r"servers must be an integer of at least 1; got 0"),
        ((1, 10, 2.5), r"servers must be an integer of at least 1; got 2\.5"),
        ((float("nan"), 10, 1), r"arrival_rate must be a finite number; got nan"),
    ],
)
def test_erlang_c_errors_name_the_argument(args, message):
    with pytest.raises(ValueError, match=message):
        erlang_c(*args)


# --- M/M/c quantiles ----------------------------------------------------------------


def test_mmc_is_a_frozen_value():
    q = mmc(200, 25, 10)
    assert isinstance(q, MMC)
    assert repr(q) == "MMC(arrival_rate=200, service_rate=25, servers=10)"
    assert q == mmc(200, 25, 10)
    with pytest.raises(AttributeError):
        q.servers = 11  # type: ignore[misc]


def test_wait_quantile_has_an_atom_at_zero():
    q = mmc(200, 25, 10)
    assert q.wait_quantile(1 - q.p_wait) == 0
    assert q.wait_quantile(0.99) == pytest.approx(math.log(q.p_wait / 0.01) / (250 - 200))


def test_quantile_probability_must_be_a_fraction():
    q = mmc(1, 2, 1)
    with pytest.raises(ValueError, match=r"p must be strictly between 0 and 1.*got 1"):
        q.response_quantile(1)
    with pytest.raises(ValueError, match=r"p must be strictly between 0 and 1.*got 99"):
        q.wait_quantile(99)


@st.composite
def stable_queues(draw):
    mu = draw(service_rates)
    servers = draw(st.integers(1, 40))
    utilization = draw(st.floats(0, 0.99))
    return mmc(utilization * servers * mu, mu, servers)


@given(stable_queues(), probabilities, probabilities)
def test_quantiles_are_monotone_in_p(q, p1, p2):
    low, high = sorted((p1, p2))
    assert q.wait_quantile(low) <= q.wait_quantile(high)
    # Bisection lands within an ulp or so of the root; allow for that.
    assert q.response_quantile(low) <= q.response_quantile(high) * (1 + 1e-9)


@given(stable_queues(), probabilities)
def test_response_quantile_dominates_its_parts(q, p):
    response = q.response_quantile(p)
    service = -math.log1p(-p) / q.service_rate
    assert response >= q.wait_quantile(p) * (1 - 1e-9)
    assert response >= service * (1 - 1e-9)
    assert response <= q.wait_quantile((1 + p) / 2) + math.log(2 / (1 - p)) / q.service_rate


@given(service_rates, probabilities)
def test_response_quantile_at_the_erlang_2_limit(mu, p):
    # c mu - lambda == mu (lambda = (c - 1) mu): the response is Erlang-2 shaped,
    # P(T > t) = exp(-mu t) (1 + C mu t); the quantile must satisfy it.
    q = mmc(mu, mu, 2)
    t = q.response_quantile(p)
    survival = math.exp(-mu * t) * (1 + q.p_wait * mu * t)
    assert survival == pytest.approx(1 - p, rel=1e-6)


def test_response_quantile_keeps_its_digits_at_small_p():
    # Near t = 0 the response CDF is (1 - C) mu t: only arrivals that do not wait can
    # have finished. Solving on the CDF (not 1 - survival) keeps these digits.
    q = mmc(200, 25, 10)
    for p in (1e-6, 1e-12, 1e-100):
        assert q.response_quantile(p) == pytest.approx(p / ((1 - q.p_wait) * 25), rel=1e-5)


# --- min_servers --------------------------------------------------------------------


@given(
    loads,
    service_rates,
    st.one_of(st.none(), st.floats(0.01, 1)),
    st.one_of(st.none(), st.floats(0.001, 10)),
    st.one_of(st.none(), st.floats(0.3, 1)),
    st.one_of(st.none(), st.tuples(probabilities, st.floats(1.01, 20))),
)
def test_min_servers_is_the_least_that_meets_every_constraint(
    load, mu, max_p_wait, max_mean_wait, max_utilization, quantile
):
    lam = load * mu
    target = None
    if quantile is not None:
        p, factor = quantile
        target = (p, factor * -math.log1p(-p) / mu)  # feasible: above the service quantile

    def meets(c):
        if c < 1 or lam / (c * mu) >= 1:
            return False
        q = mmc(lam, mu, c)
        return (
            (max_p_wait is None or q.p_wait <= max_p_wait)
            and (max_mean_wait is None or q.mean_wait <= max_mean_wait / mu)
            and (max_utilization is None or q.utilization <= max_utilization)
            and (target is None or q.response_quantile(target[0]) <= target[1] * (1 + 1e-9))
        )

    c = min_servers(
        lam,
        mu,
        max_p_wait=max_p_wait,
        max_mean_wait=None if max_mean_wait is None else max_mean_wait / mu,
        max_utilization=max_utilization,
        target_quantile=target,
    )
    assert meets(c)
    if target is None:
        assert not meets(c - 1)
    else:
        # c - 1 fails, up to bisection rounding on the quantile boundary.
        assert not meets(c - 1) or math.isclose(
            mmc(lam, mu, c - 1).response_quantile(target[0]), target[1], rel_tol=1e-9
        )


def test_min_servers_without_constraints_is_the_least_stable_count():
    assert min_servers(0, 1) == 1
    assert min_servers(3, 1) == 4  # 3 servers would be exactly saturated
    assert min_servers(2.5, 1) == 3


def test_min_servers_utilization_bound_is_exact():
    # 8 erlangs at 80% utilization is exactly 10 servers, not 11.
    assert min_servers(8, 1, max_utilization=0.8) == 10


def test_min_servers_errors():
    with pytest.raises(
        ValueError,
        match=r"target_quantile\[1\] must exceed .* the 0\.99 quantile "
        r"of the service time alone.*got 0\.1",
    ):
        min_servers(1, 10, target_quantile=(0.99, 0.1))  # service p99 alone is 0.46 s
    with pytest.raises(ValueError, match=r"target_quantile\[0\] must be strictly between 0 and 1"):
        min_servers(1, 10, target_quantile=(99, 1))
    with pytest.raises(ValueError, match=r"target_quantile must be a \(p, seconds\) pair"):
        min_servers(1, 10, target_quantile=(0.99,))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"max_p_wait must be greater than 0 and at most 1; got 0"):
        min_servers(1, 10, max_p_wait=0)
    with pytest.raises(ValueError, match=r"max_utilization must be greater than 0 and at most 1"):
        min_servers(1, 10, max_utilization=1.5)
    with pytest.raises(ValueError, match=r"max_mean_wait must be positive; got -1"):
        min_servers(1, 10, max_mean_wait=-1)


# --- Kingman ------------------------------------------------------------------------


@given(st.floats(0.01, 100), st.floats(0, 0.99))
def test_kingman_is_exact_for_mm1(mu, rho):
    # Kingman (1961) is exact for Poisson arrivals (Pollaczek-Khinchine); with
    # exponential service it is the M/M/1 mean wait rho / (mu - lambda).
    assert kingman_wait(rho, 1, 1, 1 / mu) == pytest.approx(mmc(rho * mu, mu, 1).mean_wait)


def test_kingman_reference_values():
    # M/D/1 (cs2 = 0) waits half as long as M/M/1: Pollaczek-Khinchine.
    assert kingman_wait(0.5, 1, 0, 0.01) == pytest.approx(0.005)
    assert kingman_wait(0, 1, 1, 0.01) == 0
    assert kingman_wait(0.9, 1, 1, 1) == pytest.approx(9)


def test_kingman_refuses_saturation():
    with pytest.raises(ValueError, match=r"utilization must be below 1.*got 1\.0"):
        kingman_wait(1.0, 1, 1, 0.01)
    with pytest.raises(ValueError, match=r"cs2 must be zero or more; got -1"):
        kingman_wait(0.5, 1, -1, 0.01)


def test_usl_is_reexported_for_capacity_notebooks():
    assert queueing.usl_throughput is scalability.usl_throughput
    assert queueing.usl_peak is scalability.usl_peak
