from designkit.analysis.journey_calls import all_journey_calls, journey_calls, sync_calls
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


class _Recording(dict):  # type: ignore[type-arg]
    """sync_calls that records which callers were looked up."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.asked: set[str] = set()

    def get(self, key, default=None):  # type: ignore[no-untyped-def]
        self.asked.add(key)
        return super().get(key, default)


def test_only_the_services_a_journey_reaches_are_walked():
    # c and its own call are in the design but not on the journey: neither a key
    # nor looked up (walking every service per journey made traffic quadratic).
    services = [*SERVICES[:3], {"name": "c", "dependencies": [{"target": "d"}]}, {"name": "d"}]
    d = make(services=services, gateway=ROUTES, journeys=[{"name": "j", "entry": "a"}])
    calls = _Recording(sync_calls(d))
    followed = journey_calls(d, d.journeys[0], calls)
    assert list(followed) == ["a", "b"]
    assert calls.asked == {"a", "b"}


def test_every_journey_at_once_matches_one_at_a_time():
    journeys = [
        {"name": "routed", "entry": "gw", "route": "to-a"},
        {"name": "implied", "entry": "gw", "route": "to-c", "via": ["gw"]},
        {"name": "via", "entry": "gw", "via": ["b"]},
        {"name": "plain", "entry": "a"},
    ]
    d = make(services=SERVICES, gateway=ROUTES, journeys=journeys)
    together = all_journey_calls(d)
    assert together == [journey_calls(d, j) for j in d.journeys]
    assert [list(f) for f in together] == [["gw", "a", "b"], ["gw", "c"], ["gw", "b"], ["a", "b"]]


def test_route_hop_takes_the_entrys_first_call_to_the_upstream():
    services = [
        {
            "name": "gw",
            "kind": "gateway",
            "dependencies": [
                {"target": "a", "timeout_ms": 100},
                {"target": "a", "timeout_ms": 900},
            ],
        },
        {"name": "a"},
    ]
    routes = {"routes": [{"name": "to-a", "path": "/a", "service": "a"}]}
    d = make(
        services=services, gateway=routes, journeys=[{"name": "j", "entry": "gw", "route": "to-a"}]
    )
    for followed in (journey_calls(d, d.journeys[0]), all_journey_calls(d)[0]):
        (hop,) = followed["gw"]
        assert (hop.timeout_ms, hop.route, hop.implied) == (100.0, "to-a", False)
