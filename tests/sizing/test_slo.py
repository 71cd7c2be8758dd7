import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from designkit.sizing.slo import allowed_errors, error_budget_minutes


@pytest.mark.parametrize(
    ("objective", "days", "minutes"),
    [
        # Reference values: "three nines" allows 43.2 min in 30 days; 99.99% 4.32 min;
        # 99.95% over 28 days 20.16 min (SRE Workbook, ch. 2 and ch. 5 tables).
        (0.999, 30, 43.2),
        (0.9999, 30, 4.32),
        (0.9995, 28, 20.16),
        (0.99, 7, 100.8),
    ],
)
def test_error_budget_reference_values(objective, days, minutes):
    assert error_budget_minutes(objective, days) == pytest.approx(minutes)


@pytest.mark.parametrize("bad", [0, 1, -0.5, 99.9])
def test_objective_must_be_a_fraction(bad):
    with pytest.raises(ValueError, match="objective must be strictly between 0 and 1"):
        error_budget_minutes(bad, 30)


def test_window_and_requests_must_be_sensible():
    with pytest.raises(ValueError, match="window_days"):
        error_budget_minutes(0.999, 0)
    with pytest.raises(ValueError, match="requests"):
        allowed_errors(0.999, -1)


@given(st.floats(0.5, 0.99999), st.floats(1, 10_000_000))
def test_allowed_errors_scale_with_budget(objective, requests):
    assert allowed_errors(objective, requests) == pytest.approx((1 - objective) * requests)
    assert math.isclose(
        error_budget_minutes(objective, 30) / (30 * 1440), 1 - objective, rel_tol=1e-9
    )
