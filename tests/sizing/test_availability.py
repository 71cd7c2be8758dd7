import pytest
from hypothesis import given
from hypothesis import strategies as st

from designkit.sizing.availability import from_mttf, parallel, serial

availabilities = st.lists(st.floats(0, 1), min_size=1, max_size=8)


def test_serial_reference_value():
    # AWS Well-Architected Reliability Pillar, "Availability": a 99.99% workload with
    # two independent 99.99% hard dependencies: 99.99% x 99.99% x 99.99% = 99.97%.
    assert serial(0.9999, 0.9999, 0.9999) == pytest.approx(0.9997, abs=1e-6)


def test_parallel_reference_value():
    # Redundant independent components: down only when all are down,
    # 1 - (1 - 0.999)^2 = 99.9999% (AWS Reliability Pillar, redundant components).
    assert parallel(0.999, 0.999) == pytest.approx(0.999999)
    assert parallel(0.99, 0.99, 0.99) == pytest.approx(0.999999)


def test_from_mttf_reference_value():
    # A = MTTF / (MTTF + MTTR): a failure every 150 days (3,600 h) and an hour to
    # repair give 99.97% (AWS Reliability Pillar, "Availability").
    assert from_mttf(3600, 1) == pytest.approx(0.99972, abs=1e-5)
    assert from_mttf(10, 0) == 1


@given(availabilities)
def test_serial_is_at_most_its_weakest_component(values):
    assert serial(*values) <= min(values) + 1e-12


@given(availabilities)
def test_parallel_is_at_least_its_strongest_component(values):
    assert parallel(*values) >= max(values) - 1e-12


@given(st.floats(0, 1), st.floats(0, 1))
def test_serial_and_parallel_are_complements(a, b):
    # Unavailability of a parallel pair = product of unavailabilities.
    assert 1 - parallel(a, b) == pytest.approx(serial(1 - a, 1 - b), abs=1e-12)


@given(st.floats(1e-3, 1e6), st.floats(0, 1e6))
def test_from_mttf_is_a_fraction(mttf, mttr):
    assert 0 <= from_mttf(mttf, mttr) <= 1


def test_errors_name_the_argument():
    with pytest.raises(
        ValueError,
        match=r"availabilities\[1\] must be between 0 and 1 inclusive"
        r".*got 99\.9",
    ):
        serial(0.999, 99.9)
    with pytest.raises(ValueError, match=r"availabilities\[0\] must be between 0 and 1.*got -0\.1"):
        parallel(-0.1)
    with pytest.raises(ValueError, match=r"availabilities must name at least one component"):
        serial()
    with pytest.raises(ValueError, match=r"mttf must be positive; got 0"):
        from_mttf(0, 1)
    with pytest.raises(ValueError, match=r"mttr must be zero or more; got -1"):
        from_mttf(10, -1)
