"""The edge: one positive and one negative design per rule, and the examples."""

from __future__ import annotations

import pytest

from designkit.analysis.security import edge
from designkit.model import Design
from tests.analysis.security._support import example, rules
from tests.conftest import make

LIMIT = {"per_second": 5}


def _route(endpoint: dict[str, object] | None = None, **route: object) -> Design:
    ep = endpoint or {"method": "POST", "path": "/v1/orders", "scopes": ["orders:write"]}
    base = {
        "name": "r",
        "path": "/v1/orders",
        "service": "o",
        "methods": ["POST"],
        "scopes": ["orders:write"],
        "rate_limit": LIMIT,
    }
    return make(
        services=[{"name": "o", "endpoints": [ep]}],
        gateway={"routes": [{**base, **route}]},
    )


CASES = {
    "unauthenticated-write-route": (
        lambda: _route({"method": "POST", "path": "/v1/orders"}, auth="none", scopes=[]),
        # The OAuth 2.0 token endpoint is anonymous by design.
        lambda: _route(
            {"method": "POST", "path": "/v1/orders/token"},
            path="/v1/orders/token",
            auth="none",
            scopes=[],
        ),
    ),
    "route-without-scopes": (
        lambda: _route(scopes=[]),
        lambda: _route(),
    ),
    "basic-auth-route": (
        lambda: _route(auth="basic"),
        lambda: _route(auth="api-key"),
    ),
    "cors-wildcard-credentials": (
        lambda: _route(cors={"origins": ["*"], "credentials": True}),
        lambda: _route(cors={"origins": ["https://shop.example"], "credentials": True}),
    ),
    "route-without-rate-limit": (
        lambda: _route(rate_limit=None),
        lambda: _route(),
    ),
    "no-identity-provider": (
        lambda: _route().model_copy(
            update={"security": make(security={"identity_provider": "none"}).security}
        ),
        lambda: _route(),
    ),
    "anonymous-scoped-endpoint": (
        lambda: _route(methods=["POST"], auth="none"),
        lambda: _route(),
    ),
    "route-serves-no-endpoint": (
        lambda: _route(path="/v1/payments"),
        lambda: _route(path="/api/v1/orders"),
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    positive, negative = CASES[rule_id]
    assert rule_id in rules(edge.findings(positive())), f"{rule_id}: no finding"
    assert rule_id not in rules(edge.findings(negative()))


def test_the_negative_designs_are_clean():
    assert edge.findings(_route()) == []


def test_an_empty_rate_limit_is_no_limit():
    assert "route-without-rate-limit" in rules(edge.findings(_route(rate_limit={"by": "ip"})))


def test_routes_list_what_they_serve():
    (view,) = edge.routes(_route())
    assert (view.writes, view.token_endpoint, view.rate_limited) == (True, False, True)
    assert [op.key for op in view.operations] == ["o:POST /v1/orders"]
    assert edge.rate_text(view.route.rate_limit) == "5/s by consumer"


def test_ecommerce_edge_findings():
    design = example("ecommerce")
    before = design.model_dump()
    found = {(f.rule, f.subject) for f in edge.findings(design)}
    assert found == {
        ("basic-auth-route", "psp-webhooks"),
        ("unauthenticated-write-route", "users-register"),
        # /api/v1/auth/token and /webhooks/v1/psp match none of the declared endpoints.
        ("route-serves-no-endpoint", "auth-token"),
        ("route-serves-no-endpoint", "psp-webhooks"),
    }
    assert design.model_dump() == before
