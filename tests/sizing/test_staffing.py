import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from designkit.sizing.queueing import erlang_c, mmc
from designkit.sizing.staffing import DEFAULT_MAX_UTILIZATION, ServerCount, min_servers

service_rates = st.floats(0.1, 100)
loads = st.one_of(st.floats(0, 60), st.integers(0, 60).map(float))  # erlangs; whole ones too
probabilities = st.floats(0.001, 0.999)


def _meets(lam, mu, c, max_p_wait, max_mean_wait, max_utilization, target):
    if c < 1 or lam / (c * mu) >= 1 or c * mu <= lam:
        return False
    q = mmc(lam, mu, c)
    return (
        (max_p_wait is None or q.p_wait <= max_p_wait)
        and (max_mean_wait is None or q.mean_wait <= max_mean_wait)
        and (max_utilization is None or q.utilization <= max_utilization)
        and (target is None or q.response_quantile(target[0]) <= target[1] * (1 + 1e-9))
    )


@given(
    loads,
    service_rates,
    st.one_of(st.none(), st.floats(0.01, 1)),
    st.one_of(st.none(), st.floats(0.001, 10)),
    st.one_of(st.none(), st.floats(0.3, 1)),
    st.one_of(st.none(), st.tuples(probabilities, st.floats(1.01, 20))),
)
# Found by Hypothesis (issue 15): lambda = 15 mu divided by zero in the mean wait,
# and without constraints 15 servers were returned for 15 erlangs (100% busy).
@example(15.0, 68.4026979122399, None, 1.0, None, None)
@example(15.0, 68.8584372940094, None, 1.0, None, None)
@example(15.0, 68.8584372940094, None, None, None, None)
def test_min_servers_is_the_least_that_meets_every_constraint(
    load, mu, max_p_wait, max_mean_wait, max_utilization, quantile
):
    lam = load * mu
    target = None
    if quantile is not None:
        p, factor = quantile
        target = (p, factor * -math.log1p(-p) / mu)  # feasible: above the service quantile
    mean_wait = None if max_mean_wait is None else max_mean_wait / mu
    result = min_servers(
        lam,
        mu,
        max_p_wait=max_p_wait,
        max_mean_wait=mean_wait,
        max_utilization=max_utilization,
        target_quantile=target,
    )
    c = result.servers
    unconstrained = (max_p_wait, max_mean_wait, max_utilization, quantile) == (None,) * 4
    ceiling = DEFAULT_MAX_UTILIZATION if unconstrained else max_utilization
    assert result.default_max_utilization == (DEFAULT_MAX_UTILIZATION if unconstrained else None)
    assert _meets(lam, mu, c, max_p_wait, mean_wait, ceiling, target)
    if target is None:
        assert not _meets(lam, mu, c - 1, max_p_wait, mean_wait, ceiling, target)
    else:
        # c - 1 fails, up to bisection rounding on the quantile boundary.
        assert not _meets(lam, mu, c - 1, max_p_wait, mean_wait, ceiling, target) or math.isclose(
            mmc(lam, mu, c - 1).response_quantile(target[0]), target[1], rel_tol=1e-9
        )
    assert result.utilization == pytest.approx(lam / (c * mu))


@given(st.floats(0, 1e6), st.floats(1e-3, 1e6))
def test_min_servers_is_total_over_wide_ranges(lam, mu):
    try:
        result = min_servers(lam, mu, max_mean_wait=1 / mu)
    except ValueError as exc:
        assert "servers" in str(exc)
        return
    assert result.servers * mu > lam


def test_without_constraints_the_default_ceiling_applies_and_is_reported():
    r = min_servers(3, 1)
    assert (r.servers, r.binding, r.default_max_utilization) == (5, "default_max_utilization", 0.7)
    assert r.utilization == pytest.approx(0.6)  # 4 servers would be 75% busy
    assert min_servers(0, 1).servers == 1
    assert min_servers(7, 1).servers == 10  # exactly 70%
    explicit = min_servers(3, 1, max_utilization=1)
    assert (explicit.servers, explicit.binding, explicit.default_max_utilization) == (
        4,
        "stability",
        None,
    )


def test_the_binding_constraint_is_named():
    assert min_servers(8, 1, max_utilization=0.8).binding == "max_utilization"
    assert min_servers(30 / 3600, 1 / 300, max_p_wait=0.10).binding == "max_p_wait"
    assert min_servers(200, 25, target_quantile=(0.99, 0.2)).binding == "target_quantile"
    assert min_servers(1, 1, max_p_wait=1).binding == "stability"


def test_min_servers_utilization_bound_is_exact():
    # 8 erlangs at 80% utilization is exactly 10 servers, not 11.
    assert min_servers(8, 1, max_utilization=0.8).servers == 10


def test_published_staffing_example():
    # Wolfram Language documentation, ErlangC, "Applications": 30 calls/hour of 5 min;
    # 90% not delayed needs 6 employees.
    assert min_servers(30 / 3600, 1 / 300, max_p_wait=0.10).servers == 6
    # Call Centre Helper's worked example (10 erlangs): P(wait) is 0.2853 with 13 agents
    # and 0.1741 with 14, so at most 20% waiting needs 14.
    result = min_servers(100 / 1800, 1 / 180, max_p_wait=0.20)
    assert result.servers == 14
    assert round(result.p_wait, 4) == 0.1741 == round(erlang_c(100 / 1800, 1 / 180, 14), 4)


def test_result_is_a_value():
    r = min_servers(8, 1, max_utilization=0.8)
    assert isinstance(r, ServerCount) and int(r) == 10
    with pytest.raises(AttributeError):
        r.servers = 3  # type: ignore[misc]


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
    with pytest.raises(ValueError, match=r"needs more than 10,000,000 servers"):
        min_servers(1e300, 1e-300)
    with pytest.raises(ValueError, match="arrival_rate must be a finite number"):
        min_servers(math.inf, 1)
