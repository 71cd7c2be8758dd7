import pytest

from designkit.analysis.traffic import service_traffic
from tests.analysis._examples import ecommerce
from tests.conftest import make

NO_MESH = {"technology": "none"}  # no default retries: rates are exact products


def chain(*deps, **service_fields):
    """Services from (caller, callee, fields) triples; every name mentioned exists."""
    names = dict.fromkeys(n for caller, callee, _ in deps for n in (caller, callee))
    names.update(dict.fromkeys(service_fields))
    return [
        {
            "name": name,
            **service_fields.get(name, {}),
            "dependencies": [
                {"target": callee, **fields} for caller, callee, fields in deps if caller == name
            ],
        }
        for name in names
    ]


def test_calls_per_request_multiply_the_rate():
    # 100 req/s into a; a calls b twice per request, no retries: b gets 100 x 2 = 200.
    d = make(
        services=chain(("a", "b", {"calls_per_request": 2, "retries": 0})),
        journeys=[{"name": "j", "entry": "a", "peak_rps": 100}],
    )
    t = service_traffic(d)
    assert t.services["a"].request_rps == 100
    assert t.services["b"].request_rps == 200
    (contribution,) = t.services["b"].requests
    assert (contribution.journey, contribution.path, contribution.rate) == ("j", ("a", "b"), 200)


def test_retries_add_expected_attempts():
    # Two retries at p = 0.1: 1 + 0.1 + 0.01 = 1.11 attempts per call -> 111 req/s.
    d = make(
        services=chain(("a", "b", {"retries": 2})),
        journeys=[{"name": "j", "entry": "a", "peak_rps": 100}],
    )
    assert service_traffic(d, failure_probability=0.1).services["b"].request_rps == pytest.approx(
        111
    )
    # The mesh default (2 retries) at the default p = 0.001: 1.001001 attempts.
    d = make(services=chain(("a", "b", {})), journeys=[{"name": "j", "entry": "a"}])
    assert service_traffic(d).services["b"].request_rps == pytest.approx(1.001001)


def test_bad_failure_probability_is_refused():
    with pytest.raises(ValueError, match="failure_probability"):
        service_traffic(make(), failure_probability=1.5)


def test_paths_add_up_and_are_kept_apart():
    # a -> b -> d and a -> c -> d (3 calls per request on c -> d): d gets 10 + 30 = 40.
    d = make(
        services=chain(
            ("a", "b", {}), ("a", "c", {}), ("b", "d", {}), ("c", "d", {"calls_per_request": 3})
        ),
        journeys=[{"name": "j", "entry": "a", "peak_rps": 10}],
        mesh=NO_MESH,
    )
    t = service_traffic(d).services["d"]
    assert t.request_rps == 40
    assert [(c.path, c.rate) for c in t.requests] == [
        (("a", "b", "d"), 10),
        (("a", "c", "d"), 30),
    ]


def test_journeys_add_up():
    d = make(
        services=chain(("a", "b", {}), ("c", "b", {"calls_per_request": 0.5})),
        journeys=[
            {"name": "j1", "entry": "a", "peak_rps": 10},
            {"name": "j2", "entry": "c", "peak_rps": 20},
        ],
        mesh=NO_MESH,
    )
    b = service_traffic(d).services["b"]
    assert b.request_rps == 20  # 10 x 1 + 20 x 0.5
    assert [c.journey for c in b.requests] == ["j1", "j2"]


GATEWAY = {
    "services": chain(
        ("gw", "a", {}),
        ("gw", "b", {}),
        ("gw", "c", {}),
        ("b", "d", {}),
        gw={"kind": "gateway"},
        e={},
    ),
    "gateway": {
        "routes": [
            {"name": "to-b", "path": "/b", "service": "b"},
            {"name": "to-e", "path": "/e", "service": "e"},
        ]
    },
    "mesh": NO_MESH,
}


def test_route_is_the_gateways_only_first_hop():
    # The gateway calls a, b and c; the journey comes through the route to b only.
    d = make(
        **GATEWAY,
        journeys=[{"name": "j", "entry": "gw", "route": "to-b", "peak_rps": 50}],
    )
    t = service_traffic(d)
    assert {n: s.request_rps for n, s in t.services.items()} == {
        "gw": 50,
        "a": 0,
        "b": 50,
        "c": 0,
        "d": 50,
        "e": 0,
    }
    assert t.unreached == ("a", "c", "e")


def test_route_without_a_declared_dependency_is_implied():
    # No gw -> e dependency: the route itself carries the journey (no mesh: no retries).
    d = make(
        **GATEWAY,
        journeys=[{"name": "j", "entry": "gw", "route": "to-e", "peak_rps": 5}],
    )
    t = service_traffic(d)
    assert t.services["e"].request_rps == 5
    assert t.services["e"].requests[0].path == ("gw", "e")
    assert t.services["b"].request_rps == 0


def test_without_route_the_gateway_fans_out():
    d = make(**GATEWAY, journeys=[{"name": "j", "entry": "gw", "peak_rps": 1}])
    t = service_traffic(d)
    assert all(t.services[n].request_rps == 1 for n in ("a", "b", "c", "d"))
    assert t.unreached == ("e",)


def test_via_restricts_the_calls_followed():
    # a -> b -> d and a -> c; via [b, d] leaves c out.
    d = make(
        services=chain(("a", "b", {}), ("a", "c", {}), ("b", "d", {})),
        journeys=[
            {"name": "j", "entry": "a", "peak_rps": 10, "via": ["b", "d"]},
            # Only d listed: a -> b is not followed, so d is not reached either.
            {"name": "k", "entry": "a", "peak_rps": 1, "via": ["d"]},
        ],
        mesh=NO_MESH,
    )
    t = service_traffic(d)
    assert {n: s.request_rps for n, s in t.services.items()} == {
        "a": 11,
        "b": 10,
        "c": 0,
        "d": 10,
    }


def test_cycles_terminate_and_are_noted():
    # a -> b -> c -> a: the call back to a is not followed.
    d = make(
        services=chain(("a", "b", {}), ("b", "c", {}), ("c", "a", {})),
        journeys=[{"name": "j", "entry": "a", "peak_rps": 100}],
        mesh=NO_MESH,
    )
    t = service_traffic(d)
    assert [s.request_rps for s in t.services.values()] == [100, 100, 100]
    assert [(c.journey, c.path) for c in t.cycles] == [("j", ("a", "b", "c", "a"))]


def test_messages_per_topic_and_consumer():
    # a (10 req/s) calls b twice per request; both publish to t, which x and y consume;
    # an async dependency a -> z through t adds z as a consumer. t carries 10 + 20 = 30.
    d = make(
        services=[
            {
                "name": "a",
                "publishes": ["t"],
                "dependencies": [
                    {"target": "b", "calls_per_request": 2},
                    {"target": "z", "protocol": "async", "topic": "t"},
                ],
            },
            {"name": "b", "publishes": ["t"]},
            {"name": "x"},
            {"name": "y"},
            {"name": "z"},
        ],
        topics=[{"name": "t", "consumers": ["x", "y"]}],
        journeys=[{"name": "j", "entry": "a", "peak_rps": 10}],
        mesh=NO_MESH,
    )
    t = service_traffic(d)
    topic = t.topics["t"]
    assert topic.message_rps == 30
    assert topic.publishers == ("a", "b")
    assert topic.consumers == ("x", "y", "z")
    for consumer in ("x", "y", "z"):
        assert t.services[consumer].message_rps == 30
        assert t.services[consumer].request_rps == 0
    assert [(c.path, c.topic, c.rate) for c in t.services["x"].messages] == [
        (("a", "x"), "t", 10),
        (("a", "b", "x"), "t", 20),
    ]
    assert t.services["x"].total_rps == 30


def test_consumers_do_not_republish():
    # b consumes t and publishes u, but only requests publish: u stays at 0.
    d = make(
        services=[{"name": "a", "publishes": ["t"]}, {"name": "b", "publishes": ["u"]}],
        topics=[{"name": "t", "consumers": ["b"]}, {"name": "u"}],
        journeys=[{"name": "j", "entry": "a", "peak_rps": 10}],
    )
    t = service_traffic(d)
    assert (t.topics["t"].message_rps, t.topics["u"].message_rps) == (10, 0)


def test_rate_between_a_caller_and_a_callee():
    d = make(
        services=chain(("a", "c", {}), ("a", "b", {}), ("b", "c", {"calls_per_request": 4})),
        journeys=[{"name": "j", "entry": "a", "peak_rps": 10}],
        mesh=NO_MESH,
    )
    t = service_traffic(d)
    assert (t.rate_between("a", "c"), t.rate_between("b", "c")) == (10, 40)
    assert t.rate_between("a", "nobody") == 0


def test_empty_design():
    t = service_traffic(make())
    assert (dict(t.services), dict(t.topics), t.cycles) == ({}, {}, ())


def test_input_not_mutated(small_shop):
    before = small_shop.model_dump()
    service_traffic(small_shop)
    assert small_shop.model_dump() == before


def test_ecommerce_totals():
    t = service_traffic(ecommerce())
    # The gateway receives every journey: 1200 + 800 + 400 + 300 + 60 + 100 + 50 + 150
    # + 60 + 30 = 3150 req/s (the example's comment on requirements.traffic says so).
    assert t.services["gateway"].request_rps == 3150
    # product-catalog: browse 1200, recommendation's 400 and cart's 300, each x 1.001
    # (the gateway retries once at p = 0.001; recommendation and cart do not retry).
    assert t.services["product-catalog"].request_rps == pytest.approx(1900 * 1.001)
    # Image is the only service no journey reaches: nothing calls it on a journey's
    # path and no journey publishes to a topic it consumes (only its upload route,
    # which no journey uses, leads there).
    assert t.unreached == ("image",)
    assert all(s.total_rps > 0 for n, s in t.services.items() if n != "image")
    # Payment, notification and analytics only receive messages.
    assert all(t.services[n].request_rps == 0 for n in ("payment", "notification", "analytics"))
    assert t.services["payment"].message_rps == pytest.approx(160 * 1.001)  # checkout + view
    assert t.cycles == ()
