from designkit.analysis.resilience import effective_calls
from tests.conftest import make


def test_own_settings_win_over_defaults():
    d = make(
        services=[
            {
                "name": "a",
                "dependencies": [
                    {
                        "target": "b",
                        "timeout_ms": 100,
                        "retries": 0,
                        "circuit_breaker": {"consecutive_errors": 3},
                    },
                    {"target": "c", "protocol": "async", "topic": "t"},
                ],
            },
            {"name": "b"},
            {"name": "c"},
        ],
        topics=[{"name": "t"}],
    )
    (call,) = effective_calls(d)  # async calls have no timeout semantics here
    assert (call.callee, call.timeout_ms, call.retries) == ("b", 100.0, 0)
    assert call.circuit_breaker.consecutive_errors == 3
    assert call.from_defaults == ("per_try_timeout_ms",)


def test_no_mesh_means_no_defaults():
    d = make(
        services=[{"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}],
        mesh={"technology": "none"},
    )
    (call,) = effective_calls(d)
    assert call.timeout_ms is None and call.retries == 0 and call.circuit_breaker is None
