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
    assert erlang_c(lam, mu, 5) > 0.10 >= erlang_c(lam, mu, 6)


@pytest.mark.parametrize(
    ("agents", "published"), [(11, 0.6821), (12, 0.4494), (13, 0.2853), (14, 0.1741)]
)
def test_published_erlang_c_table(agents, published):
    # Call Centre Helper, "Erlang C Formula - Made Simple With an Easy Worked Example":
    # 100 calls per half hour of 180 s each is 10 erlangs; the probability that a call
    # waits with 11, 12, 13 and 14 agents, as printed (four decimals).
    assert round(erlang_c(100 / 1800, 1 / 180, agents), 4) == published


def test_a_saturated_queue_is_refused_however_the_floats_round():
    # lambda = 15 mu: lambda / mu rounds below 15 while 15 mu == lambda, so the mean
    # wait C / (c mu - lambda) divided by zero (found by Hypothesis).
    mu = 68.4026979122399
    with pytest.raises(ValueError, match="must be below 1"):
        mmc(15 * mu, mu, 15)


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
