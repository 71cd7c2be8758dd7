"""Operations: the route serving each endpoint, and who may call it."""

from __future__ import annotations

import pytest

from designkit.analysis.security.operations import is_token_path, operations, writes
from designkit.generate import openapi
from designkit.model import Endpoint
from tests.analysis.security._support import EXAMPLE_NAMES, example
from tests.conftest import make


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_routes_are_matched_as_the_openapi_generator_matches_them(name):
    design = example(name)
    mine = {(op.service, op.method, op.path): op.route for op in operations(design)}
    for svc in design.services:
        for op in openapi._operations(design, svc):
            key = (svc.name, op.endpoint.method, op.endpoint.path)
            assert mine[key] == (op.route.name if op.route else None), key


def _shop(auth: str, scopes: list[str] | None = None) -> list[str]:
    design = make(
        services=[
            {
                "name": "o",
                "endpoints": [
                    {"method": "GET", "path": "/v1/orders/{id}", "scopes": scopes or []},
                    {"method": "POST", "path": "o.v1.Orders/Create"},
                ],
            }
        ],
        gateway={"routes": [{"name": "r", "path": "/api/v1/orders", "service": "o", "auth": auth}]},
    )
    return [op.audience for op in operations(design)]


def test_audiences():
    assert _shop("none") == ["anonymous", "internal"]
    assert _shop("oauth2", ["orders:read"]) == ["scoped", "internal"]
    assert _shop("api-key") == ["authenticated", "internal"]


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/v1/orders", False),
        ("HEAD", "/v1/orders", False),
        ("DELETE", "/v1/orders/{id}", True),
        ("POST", "orders.v1.Orders/GetOrder", False),  # AIP-131 standard Get
        ("POST", "orders.v1.Orders/BatchGetOrders", False),
        ("POST", "orders.v1.Orders/CancelOrder", True),
    ],
)
def test_writes(method, path, expected):
    assert writes(Endpoint(method=method, path=path)) is expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/oauth/token", True),
        ("/realms/x/protocol/openid-connect/token", True),
        ("/v1/tokens", False),
        ("/token/info", False),
        ("/", False),
    ],
)
def test_token_paths(path, expected):
    assert is_token_path(path) is expected
