import pytest

from designkit.analysis.interactions import interaction, reads, saga_steps
from designkit.model import Endpoint
from tests.conftest import make


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/v1/orders", True),
        ("HEAD", "/v1/orders", True),
        ("POST", "/v1/orders", False),
        ("DELETE", "/v1/orders/{id}", False),
        ("POST", "account.v1.AccountService/CheckDebit", True),
        ("POST", "catalog.v1.CatalogService/BatchGetVariants", True),
        ("POST", "ledger.v1.LedgerService/Post", False),
        ("POST", "inventory.v1.Inventory/Reserve", False),
    ],
)
def test_reads(method, path, expected):
    assert reads(Endpoint(method=method, path=path)) is expected


def services(*endpoints, caller_kind="business"):
    return [
        {"name": "a", "kind": caller_kind, "dependencies": [{"target": "b"}]},
        {"name": "b", "endpoints": [{"method": m, "path": p} for m, p in endpoints]},
    ]


def test_endpoints_decide_without_a_saga():
    assert interaction(make(services=services(("GET", "/b"))), "a", "b") == "query"
    assert interaction(make(services=services(("POST", "/b"))), "a", "b") == "command"
    mixed = services(("GET", "/b"), ("POST", "/b"))
    assert interaction(make(services=mixed), "a", "b") == "unknown"
    assert interaction(make(services=services()), "a", "b") == "unknown"


def test_internal_callers_use_the_grpc_api_and_the_gateway_the_rest():
    endpoints = (("GET", "/v1/b"), ("POST", "/v1/b"), ("POST", "b.v1.B/GetB"))
    assert interaction(make(services=services(*endpoints)), "a", "b") == "query"
    gateway = make(services=services(*endpoints, caller_kind="gateway"))
    assert interaction(gateway, "a", "b") == "unknown"


def test_saga_steps_decide_before_endpoints():
    d = make(
        services=services(("GET", "/b")),
        sagas=[
            {
                "name": "s",
                "orchestrator": "a",
                "steps": [
                    {"name": "one", "service": "a", "action": "x", "compensation": "y"},
                    {"name": "two", "service": "b", "action": "x", "pivot": True},
                    {"name": "three", "service": "b", "action": "x"},
                ],
            }
        ],
    )
    assert saga_steps(d, "a", "b") == [("s.two", True, False), ("s.three", True, True)]
    assert interaction(d, "a", "b") == "command"
    assert saga_steps(d, "b", "a") == []  # a runs its step for nobody but itself


def test_choreography_step_is_run_for_the_service_before_it():
    d = make(
        services=services(("POST", "/b")),
        sagas=[
            {
                "name": "s",
                "style": "choreography",
                "steps": [
                    {"name": "one", "service": "a", "action": "x", "compensation": "y"},
                    {"name": "check", "service": "b", "action": "x", "side_effects": False},
                ],
            }
        ],
    )
    # Without a pivot the last step is the pivot: 'check' is not after it.
    assert saga_steps(d, "a", "b") == [("s.check", False, False)]
    assert interaction(d, "a", "b") == "query"
