import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from designkit.sizing.scalability import usl_peak, usl_throughput


def test_usl_reference_values():
    # R package usl (tests/peak-scalability.R): peak.scalability with sigma = 0.001,
    # kappa = 0.00001 prints 320 (two significant figures); sqrt(0.999 / 1e-5) = 316.07.
    assert usl_peak(0.001, 0.00001) == pytest.approx(316.07, abs=0.01)
    assert float(f"{usl_peak(0.001, 0.00001):.2g}") == 320
    assert usl_peak(0.05, 0) == math.inf
    assert usl_throughput(1, 100, 0.3, 0.01) == 100


@given(st.floats(0, 0.5), st.floats(1e-6, 0.01), st.floats(1, 1000))
def test_usl_peaks_at_n_star(sigma, kappa, lam):
    peak = usl_peak(sigma, kappa)
    assume(peak > 1.5)
    at_peak = usl_throughput(peak, lam, sigma, kappa)
    assert at_peak >= usl_throughput(max(1, peak * 0.9), lam, sigma, kappa)
    assert at_peak >= usl_throughput(peak * 1.1, lam, sigma, kappa)


@given(st.floats(0, 1), st.floats(1, 500), st.floats(1, 500))
def test_usl_without_coherency_is_amdahl(sigma, n1, n2):
    low, high = sorted((n1, n2))
    assert usl_throughput(low, 1, sigma, 0) <= usl_throughput(high, 1, sigma, 0) * (1 + 1e-12)
    assert usl_throughput(high, 1, sigma, 0) == pytest.approx(high / (1 + sigma * (high - 1)))


def test_usl_errors():
    with pytest.raises(ValueError, match=r"n must be at least 1; got 0"):
        usl_throughput(0, 100, 0.1, 0.01)
    with pytest.raises(ValueError, match=r"sigma must be between 0 and 1 inclusive.*got 1\.5"):
        usl_peak(1.5, 0.01)
    with pytest.raises(ValueError, match=r"kappa must be zero or more; got -0\.1"):
        usl_throughput(2, 100, 0.1, -0.1)
