import math
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from designkit.sizing.slo import (
    BurnRateAlert,
    allowed_errors,
    burn_rate,
    error_budget_minutes,
    hours_to_exhaustion,
    multiwindow_alerts,
)


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


@pytest.mark.parametrize(
    ("budget", "hours", "rate"),
    [
        # SRE Workbook, ch. 5 "Alerting on SLOs", table 5-8 (30-day SLO period):
        # 2% of budget in 1 h = 14.4; 5% in 6 h = 6; 10% in 3 days = 1.
        (0.02, 1, 14.4),
        (0.05, 6, 6),
        (0.10, 72, 1),
    ],
)
def test_burn_rate_matches_workbook_table_5_8(budget, hours, rate):
    assert burn_rate(budget, 30, hours) == pytest.approx(rate)


@pytest.mark.parametrize(
    ("rate", "hours"),
    [
        # SRE Workbook, ch. 5, table 5-4 (99.9% SLO, 30 days): rate 1 -> 30 days,
        # 2 -> 15 days, 10 -> 3 days, 1,000 -> 43 minutes.
        (1, 30 * 24),
        (2, 15 * 24),
        (10, 3 * 24),
        (1000, 43.2 / 60),
    ],
)
def test_hours_to_exhaustion_matches_workbook_table_5_4(rate, hours):
    assert hours_to_exhaustion(rate, 30) == pytest.approx(hours)


def test_multiwindow_alerts_match_workbook_table_5_8():
    alerts = multiwindow_alerts(0.999)
    assert all(isinstance(alert, BurnRateAlert) for alert in alerts)
    got = [
        (a.severity, a.long_window, a.short_window, a.burn_rate, a.budget_consumed) for a in alerts
    ]
    assert got == [
        ("page", timedelta(hours=1), timedelta(minutes=5), pytest.approx(14.4), 0.02),
        ("page", timedelta(hours=6), timedelta(minutes=30), pytest.approx(6), 0.05),
        ("ticket", timedelta(days=3), timedelta(hours=6), pytest.approx(1), 0.10),
    ]
    # The workbook's alert expressions compare error ratios against 14.4 * 0.001 etc.
    assert [a.error_ratio_threshold for a in alerts] == pytest.approx([0.0144, 0.006, 0.001])


def test_multiwindow_alerts_are_frozen():
    alert = multiwindow_alerts(0.99)[0]
    with pytest.raises(AttributeError):
        alert.burn_rate = 1  # type: ignore[misc]


def test_multiwindow_alerts_scale_burn_rates_with_the_period():
    # 28-day period: the budget shares stay 2%/5%/10%, so the rates scale by 28/30.
    rates = [a.burn_rate for a in multiwindow_alerts(0.999, period_days=28)]
    assert rates == pytest.approx([13.44, 5.6, 28 / 30])
    budgets = [a.budget_consumed for a in multiwindow_alerts(0.999, period_days=28)]
    assert budgets == [0.02, 0.05, 0.10]


@given(st.floats(0.5, 0.99999), st.floats(3, 366))
def test_alerts_fire_when_their_budget_share_is_spent(objective, period_days):
    for alert in multiwindow_alerts(objective, period_days):
        # Burning at the threshold for the long window spends exactly budget_consumed.
        spent = alert.burn_rate * (alert.long_window / timedelta(days=period_days))
        assert spent == pytest.approx(alert.budget_consumed)
        assert alert.short_window * 12 == alert.long_window
        assert alert.error_ratio_threshold == pytest.approx(alert.burn_rate * (1 - objective))


@given(st.floats(0.001, 1), st.floats(1, 400), st.floats(0.01, 1000))
def test_burn_rate_and_exhaustion_are_inverse(budget, period_days, window_hours):
    rate = burn_rate(budget, period_days, window_hours)
    # At that rate the whole budget lasts window / budget hours.
    assert hours_to_exhaustion(rate, period_days) == pytest.approx(window_hours / budget)


def test_burn_rate_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"budget_fraction must be greater than 0 and at most 1"):
        burn_rate(0, 30, 1)
    with pytest.raises(ValueError, match=r"period_days must be positive; got -30"):
        burn_rate(0.02, -30, 1)
    with pytest.raises(ValueError, match=r"long_window_hours must be positive; got 0"):
        burn_rate(0.02, 30, 0)
    with pytest.raises(ValueError, match=r"burn_rate must be positive; got 0"):
        hours_to_exhaustion(0, 30)
    with pytest.raises(ValueError, match=r"objective must be strictly between 0 and 1"):
        multiwindow_alerts(99.9)
    with pytest.raises(ValueError, match=r"period_days must be at least 3.*got 1"):
        multiwindow_alerts(0.999, period_days=1)
