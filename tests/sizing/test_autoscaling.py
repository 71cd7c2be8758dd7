import pytest
from hypothesis import given
from hypothesis import strategies as st

from designkit.sizing.autoscaling import hpa_desired_replicas


def test_kubernetes_documentation_examples():
    # kubernetes.io, "Horizontal Pod Autoscaling", algorithm details: a current value
    # of 200m against a desired 100m doubles the replicas (200.0 / 100.0 == 2.0); 50m
    # halves them (50.0 / 100.0 == 0.5).
    assert hpa_desired_replicas(1, 200, 100) == 2
    assert hpa_desired_replicas(4, 50, 100) == 2
    assert hpa_desired_replicas(3, 200, 100) == 6


def test_tolerance_band_is_inclusive():
    # "within a globally-configurable tolerance, 0.1 by default": no scaling.
    assert hpa_desired_replicas(10, 110, 100) == 10
    assert hpa_desired_replicas(10, 90, 100) == 10
    assert hpa_desired_replicas(10, 111, 100) == 12  # ceil(11.1)
    assert hpa_desired_replicas(10, 89, 100) == 9  # ceil(8.9)
    assert hpa_desired_replicas(10, 105, 100, tolerance=0) == 11


@given(st.integers(1, 500), st.floats(0.01, 1e4), st.floats(0, 0.5), st.floats(-1, 1))
def test_within_tolerance_returns_current(replicas, target, tolerance, position):
    current = target * (1 + tolerance * position * 0.999)
    assert hpa_desired_replicas(replicas, current, target, tolerance) == replicas


@given(st.integers(1, 500), st.floats(0, 1e4), st.floats(0.01, 1e4))
def test_desired_replicas_bring_the_metric_to_target(replicas, current, target):
    desired = hpa_desired_replicas(replicas, current, target)
    if desired != replicas:
        # Enough replicas to bring the per-pod metric to the target, and no more.
        load = replicas * current
        assert desired * target >= load * (1 - 1e-9)
        assert (desired - 1) * target < load * (1 + 1e-9)


def test_errors_name_the_argument():
    with pytest.raises(
        ValueError, match=r"current_replicas must be an integer of at least 1; got 0$"
    ):
        hpa_desired_replicas(0, 200, 100)
    with pytest.raises(ValueError, match=r"target_metric must be positive; got 0"):
        hpa_desired_replicas(1, 200, 0)
    with pytest.raises(ValueError, match=r"current_metric must be zero or more; got -1"):
        hpa_desired_replicas(1, -1, 100)
    with pytest.raises(ValueError, match=r"tolerance must be zero or more; got -0\.1"):
        hpa_desired_replicas(1, 200, 100, tolerance=-0.1)
