from designkit.analysis.journey_calls import journey_calls, sync_calls
from tests.conftest import make

SERVICES = [
    {"name": "gw", "kind": "gateway", "dependencies": [{"target": "a"}, {"target": "b"}]},
    {"name": "a", "dependencies": [{"target": "b", "retries": 0, "hard": False}]},
    {"name": "b"},
    {"name": "c"},
]
ROUTES = {
    "routes": [
        {"name": "to-a", "path": "/a", "service": "a"},
        {"name": "to-c", "path": "/c", "service": "c"},
        {"name": "to-gw", "path": "/", "service": "gw"},
    ]
}


def followed(journey, **sections):
    d = make(services=SERVICES, gateway=ROUTES, journeys=[journey], **sections)
    calls = journey_calls(d, d.journeys[0])
    return {caller: [c.callee for c in items] for caller, items in calls.items() if items}


def test_sync_calls_carry_effective_settings():
    d = make(services=SERVICES)
    (call,) = sync_calls(d)["a"]
    assert (call.callee, call.retries, call.timeout_ms, call.hard) == ("b", 0, 1000.0, False)
    assert sync_calls(d)["b"] == ()


def test_route_picks_the_first_hop_only():
    assert followed({"name": "j", "entry": "gw", "route": "to-a"}) == {"gw": ["a"], "a": ["b"]}


def test_route_to_the_entry_itself_restricts_nothing():
    assert followed({"name": "j", "entry": "gw", "route": "to-gw"}) == {
        "gw": ["a", "b"],
        "a": ["b"],
    }


def test_implied_route_hop_takes_the_mesh_defaults_and_is_hard():
    d = make(
        services=SERVICES,
        gateway=ROUTES,
        journeys=[{"name": "j", "entry": "gw", "route": "to-c", "via": ["gw"]}],
    )
    (hop,) = journey_calls(d, d.journeys[0])["gw"]
    # c is not in via, but the route names it, so it is followed.
    assert (hop.callee, hop.route, hop.implied, hop.hard, hop.retries) == (
        "c",
        "to-c",
        True,
        True,
        2,
    )


def test_via_keeps_calls_between_listed_services():
    assert followed({"name": "j", "entry": "gw", "via": ["b"]}) == {"gw": ["b"]}
