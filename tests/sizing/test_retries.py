import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from designkit.sizing.retries import (
    amplification,
    envoy_backoff_upper_ms,
    envoy_backoffs_ms,
    expected_attempts,
    min_caller_timeout_ms,
)


def test_amplification_reference_value():
    # Google SRE book, ch. 22 "Addressing Cascading Failures": backend, frontend and
    # JavaScript layers all issue 3 retries (4 attempts) -> "a single user action may
    # create 64 attempts (4^3) on the database".
    assert amplification([4, 4, 4]) == 64
    assert amplification(iter([2, 3])) == 6
    assert amplification([]) == 1


@given(st.lists(st.integers(1, 6), max_size=6))
def test_amplification_is_at_least_every_layer(layers):
    total = amplification(layers)
    assert total == math.prod(layers)
    assert all(total >= attempts for attempts in layers)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_amplification_rejects_non_attempt_counts(bad):
    with pytest.raises(
        ValueError, match=r"attempts_per_layer\[1\] must be an integer of at least 1"
    ):
        amplification([3, bad])


@pytest.mark.parametrize(
    ("p", "retries", "expected"),
    [
        (0.0, 5, 1.0),  # never fails: one attempt
        (1.0, 3, 4.0),  # always fails: every attempt
        (0.5, 2, 1.75),  # 1 + 1/2 + 1/4
        (0.1, 1, 1.1),
    ],
)
def test_expected_attempts_reference_values(p, retries, expected):
    assert expected_attempts(p, retries) == pytest.approx(expected)


@given(st.floats(0, 1), st.integers(0, 50))
def test_expected_attempts_matches_the_series_and_its_bounds(p, retries):
    value = expected_attempts(p, retries)
    assert value == pytest.approx(math.fsum(p**k for k in range(retries + 1)))
    assert 1 <= value <= retries + 1 + 1e-9


@given(st.floats(0, 0.999), st.integers(1025, 10**6))
def test_expected_attempts_closed_form_for_long_policies(p, retries):
    value = expected_attempts(p, retries)
    assert value == pytest.approx((1 - p ** (retries + 1)) / (1 - p))
    assert value <= 1 / (1 - p) + 1e-9  # the infinite series bounds it


def test_expected_attempts_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"failure_probability must be between 0 and 1.*got 1\.5"):
        expected_attempts(1.5, 2)
    with pytest.raises(ValueError, match=r"retries must be an integer of at least 0; got -1"):
        expected_attempts(0.5, -1)


def test_envoy_backoff_documented_values():
    # Envoy router filter docs, x-envoy-max-retries: base interval B = 25 ms by default,
    # retry N waits in [0, (2^N - 1) B): "the first retry will be delayed randomly by
    # 0-24ms, the 2nd by 0-74ms, the 3rd by 0-174ms", "capped at a maximum interval,
    # which defaults to 10 times the base interval (250ms)".
    assert [envoy_backoff_upper_ms(n) for n in range(1, 7)] == [25, 75, 175, 250, 250, 250]
    assert envoy_backoff_upper_ms(10_000) == 250
    assert envoy_backoff_upper_ms(10**9) == 250
    assert envoys_ms_over_base(100) == [100, 300, 700, 1000, 1000]  # cap is 10 B, not 250 ms
    assert envoy_backoff_upper_ms(3, base_ms=100, cap_ms=500) == 500
    assert envoy_backoffs_ms(3) == [25, 75, 175]


def envoys_ms_over_base(base):
    return [envoy_backoff_upper_ms(n, base_ms=base) for n in range(1, 6)]


@given(st.integers(1, 5000), st.floats(1e-300, 1000), st.floats(1, 1e300))
def test_envoy_backoff_is_monotone_and_capped(n, base, factor):
    cap = base * factor
    upper = envoy_backoff_upper_ms(n, base, cap)
    assert base <= upper <= cap
    assert envoy_backoff_upper_ms(n + 1, base, cap) >= upper
    if n < 1000:
        assert upper == pytest.approx(min(cap, base * (2.0**n - 1)))


def test_envoy_implementation_stays_within_the_documented_range():
    # backoff_strategy.cc draws from [0, B), [0, 2B), [0, 4B), ... up to the cap:
    # the documented bound is never smaller, so budgets built on it hold for both.
    for n in range(1, 12):
        assert min(250, 25 * 2 ** (n - 1)) <= envoy_backoff_upper_ms(n)


def test_envoy_backoff_errors():
    with pytest.raises(ValueError, match=r"n must be an integer of at least 1; got 0"):
        envoy_backoff_upper_ms(0)
    with pytest.raises(ValueError, match=r"base_ms must be positive; got -5"):
        envoy_backoff_upper_ms(1, base_ms=-5)
    with pytest.raises(ValueError, match=r"cap_ms must be at least base_ms \(25\); got 10"):
        envoy_backoff_upper_ms(1, cap_ms=10)


def test_min_caller_timeout_reference_values():
    # Envoy: the route timeout includes all retries and their back-off; with 2 retries
    # of 100 ms tries and the documented back-off upper bounds (25, 75 ms) it takes 400 ms.
    assert min_caller_timeout_ms(2, 100, envoy_backoffs_ms(2)) == 400
    assert min_caller_timeout_ms(2, 100, [25, 75, 175]) == 400  # extra gaps unused
    assert min_caller_timeout_ms(3, 100, 10) == 430
    assert min_caller_timeout_ms(0, 250, []) == 250


@given(st.integers(0, 10), st.floats(1, 10_000), st.floats(0, 1000))
def test_min_caller_timeout_grows_with_retries(retries, per_try, gap):
    base = min_caller_timeout_ms(retries, per_try, gap)
    assert min_caller_timeout_ms(retries + 1, per_try, gap) >= base + per_try - 1e-6
    assert base == pytest.approx((retries + 1) * per_try + retries * gap)


def test_min_caller_timeout_errors():
    with pytest.raises(ValueError, match=r"backoffs_ms must have at least 3 entries.*got 2"):
        min_caller_timeout_ms(3, 100, [25, 50])
    with pytest.raises(ValueError, match=r"backoffs_ms\[1\] must be zero or more; got -1"):
        min_caller_timeout_ms(2, 100, [25, -1])
    with pytest.raises(ValueError, match=r"per_try_ms must be positive; got 0"):
        min_caller_timeout_ms(1, 0, 25)
    with pytest.raises(ValueError, match=r"backoffs_ms must be a finite number; got nan"):
        min_caller_timeout_ms(1, 100, float("nan"))
