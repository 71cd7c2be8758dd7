"""OpenAPI 3.1 per service: valid for openapi-spec-validator, and true to the design."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from ruamel.yaml import YAML

from designkit.generate import generators
from designkit.generate.openapi import build
from designkit.generate.write import render
from designkit.model import Design
from tests.conftest import make
from tests.generate.test_schemas import EXAMPLE_NAMES, check_golden, designs, example

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def parsed(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): op
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in METHODS
    }


def spec_of(design: Design, service: str) -> dict[str, Any]:
    docs = {d.path: d for d in build(design)}
    content: dict[str, Any] = docs[f"openapi/{service}.yaml"].content
    return content


@pytest.mark.parametrize("name", [*EXAMPLE_NAMES, "small-shop"])
def test_every_document_validates_as_openapi_3_1(name, small_shop):
    docs = build(designs(small_shop)[name])
    assert docs
    for doc in docs:
        validate(doc.content, cls=OpenAPIV31SpecValidator)


def test_the_written_yaml_reads_back_as_built():
    for doc in build(example("ecommerce")):
        text = render(doc, "ecommerce.yaml")
        assert "&id0" not in text, f"{doc.path}: shared nodes became YAML anchors"
        assert parsed(text) == doc.content, doc.path


def test_the_validator_catches_an_undeclared_path_parameter():
    spec = spec_of(example("ecommerce"), "order")
    del spec["paths"]["/v1/orders/{id}"]["parameters"]
    with pytest.raises(OpenAPIValidationError):
        validate(spec, cls=OpenAPIV31SpecValidator)


def test_one_document_per_service_with_rest_endpoints():
    design = example("ecommerce")
    expected = [
        f"openapi/{s.name}.yaml"
        for s in design.services
        if any(e.path.startswith("/") for e in s.endpoints)
    ]
    assert [d.path for d in build(design)] == expected
    assert "openapi/gateway.yaml" not in expected


def test_order_through_the_gateway():
    spec = spec_of(example("ecommerce"), "order")
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["version"] == example("ecommerce").metadata.version
    assert spec["servers"] == [
        {"url": "/api", "description": "API gateway (kong), route orders, version v1"}
    ]
    ops = operations(spec)
    assert set(ops) == {
        ("POST", "/v1/orders"),
        ("GET", "/v1/orders"),
        ("GET", "/v1/orders/{id}"),
        ("POST", "/v1/orders/{id}/cancel"),
    }
    place = ops["POST", "/v1/orders"]
    assert place["operationId"] == "postV1Orders"
    assert place["tags"] == ["orders"]
    assert place["summary"].startswith("Place an order")
    assert place["security"] == [{"oauth2": ["orders:write"]}]
    assert place["parameters"][0]["name"] == "Idempotency-Key"
    assert "requestBody" in place
    assert list(place["responses"]) == ["200", "400", "401", "403", "409", "429", "500", "503"]
    read = ops["GET", "/v1/orders/{id}"]
    assert "requestBody" not in read
    assert list(read["responses"]) == ["200", "400", "401", "403", "404", "429", "500", "503"]
    assert spec["paths"]["/v1/orders/{id}"]["parameters"][0]["name"] == "id"
    problem = spec["components"]["responses"]["NotFound"]["content"]
    assert problem == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    flows = spec["components"]["securitySchemes"]["oauth2"]["flows"]
    assert list(flows) == ["authorizationCode"]
    assert list(flows["authorizationCode"]["scopes"]) == ["orders:write", "orders:read"]


def test_public_route_has_no_credentials_and_grpc_methods_are_left_to_the_proto():
    spec = spec_of(example("ecommerce"), "product-catalog")
    ops = operations(spec)
    listing = ops["GET", "/v1/products"]
    assert listing["security"] == []
    assert "401" not in listing["responses"]
    assert "429" in listing["responses"]
    assert not any("/" not in path[1:] or "Service/" in path for _, path in ops)
    assert "catalog.v1.CatalogService/BatchGetVariants" in spec["info"]["description"]


def _shop(**overrides: Any) -> Design:
    sections: dict[str, Any] = {
        "services": [
            {
                "name": "a",
                "auth": "jwt",
                "endpoints": [
                    {"method": "GET", "path": "/v1/things/{id}", "scopes": ["things:read"]},
                    {"method": "DELETE", "path": "/v1/things/{id}"},
                    {"method": "POST", "path": "/internal/rebuild"},
                    {"method": "POST", "path": "a.v1.Things/Get"},
                ],
            }
        ],
        "gateway": {
            "routes": [
                {
                    "name": "things",
                    "path": "/api/v1/things",
                    "methods": ["GET", "DELETE"],
                    "service": "a",
                    "scopes": ["things:read", "things:write"],
                }
            ]
        },
    }
    sections.update(overrides)
    return make(**sections)


def test_operations_no_route_serves_keep_the_internal_url_and_service_auth():
    spec = spec_of(_shop(), "a")
    assert spec["servers"][0]["url"] == "/api"
    ops = operations(spec)
    rebuild = ops["POST", "/internal/rebuild"]
    assert rebuild["servers"] == [
        {"url": "http://a.default.svc.cluster.local:8080", "description": "a inside the platform"}
    ]
    assert rebuild["security"] == [{"bearerJwt": []}]
    assert "429" not in rebuild["responses"]
    # Through the route: its OAuth2, the endpoint's scopes or else the route's.
    assert ops["GET", "/v1/things/{id}"]["security"] == [{"oauth2": ["things:read"]}]
    assert ops["DELETE", "/v1/things/{id}"]["security"] == [
        {"oauth2": ["things:read", "things:write"]}
    ]
    assert "204" in ops["DELETE", "/v1/things/{id}"]["responses"]
    validate(spec, cls=OpenAPIV31SpecValidator)


def test_a_route_that_rewrites_paths_does_not_claim_the_endpoints():
    routes = {"routes": [{"name": "r", "path": "/backoffice/v1/x/things", "service": "a"}]}
    spec = spec_of(_shop(gateway=routes), "a")
    assert [s["url"] for s in spec["servers"]] == ["http://a.default.svc.cluster.local:8080"]
    assert all("servers" not in op for op in operations(spec).values())


def test_strip_path_routes_prefix_every_endpoint():
    routes = {
        "routes": [
            {
                "name": "r",
                "path": "/things-api",
                "methods": ["GET", "POST", "DELETE"],
                "service": "a",
                "strip_path": True,
                "auth": "none",
            }
        ]
    }
    spec = spec_of(_shop(gateway=routes), "a")
    assert spec["servers"] == [
        {"url": "/v1/things-api", "description": "API gateway (kong), route r, version v1"}
    ]
    assert all("servers" not in op for op in operations(spec).values())
    assert operations(spec)["GET", "/v1/things/{id}"]["security"] == []


def test_a_route_without_its_version_in_the_path_is_served_under_it():
    routes = {
        "routes": [
            {
                "name": "r",
                "path": "/things",
                "methods": ["GET", "DELETE"],
                "service": "a",
                "version": "v2",
                "auth": "api-key",
            }
        ]
    }
    design = _shop(
        services=[
            {
                "name": "a",
                "endpoints": [
                    {"path": "/things/{id}"},
                    {"method": "DELETE", "path": "/things/{id}"},
                ],
            }
        ],
        gateway=routes,
    )
    spec = spec_of(design, "a")
    assert spec["servers"][0]["url"] == "/v2"
    # Kong's key-auth reads the key from the 'apikey' header.
    assert spec["components"]["securitySchemes"] == {
        "apiKey": {"type": "apiKey", "in": "header", "name": "apikey"}
    }
    validate(spec, cls=OpenAPIV31SpecValidator)


@pytest.mark.parametrize(
    ("auth", "scheme"),
    [
        ("jwt", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}),
        ("mtls", {"type": "mutualTLS"}),
        ("api-key", {"type": "apiKey", "in": "header", "name": "X-API-Key"}),
    ],
)
def test_internal_services_use_their_own_auth(auth, scheme):
    design = make(services=[{"name": "a", "auth": auth, "endpoints": [{"path": "/x"}]}])
    spec = spec_of(design, "a")
    assert list(spec["components"]["securitySchemes"].values()) == [scheme]
    validate(spec, cls=OpenAPIV31SpecValidator)


def test_internal_oauth2_uses_client_credentials_and_none_needs_nothing():
    design = make(
        services=[
            {"name": "a", "auth": "oauth2", "endpoints": [{"path": "/x", "scopes": ["s"]}]},
            {"name": "b", "auth": "none", "endpoints": [{"path": "/y"}]},
        ],
        security={"roles": [{"name": "robot", "permissions": ["s"]}]},
    )
    flows = spec_of(design, "a")["components"]["securitySchemes"]["oauth2"]["flows"]
    assert flows == {
        "clientCredentials": {
            "tokenUrl": "https://idp.example.com/oauth2/token",
            "scopes": {"s": "Granted to: robot"},
        }
    }
    b = spec_of(design, "b")
    assert "securitySchemes" not in b["components"]
    assert "Unauthorized" not in b["components"]["responses"]


def test_operation_ids_are_unique():
    design = make(
        services=[
            {
                "name": "a",
                "endpoints": [{"path": "/v1/a-b"}, {"path": "/v1/a/b"}, {"path": "/v1/a-b"}],
            }
        ]
    )
    ids = [op["operationId"] for op in operations(spec_of(design, "a")).values()]
    assert ids == ["getV1AB", "getV1AB2"]


def test_registered_deterministic_and_input_untouched():
    design = example("healthcare")
    before = design.model_dump()
    assert generators()["openapi"].build is build
    first = json.dumps([(d.path, d.content) for d in build(design)])
    assert first == json.dumps([(d.path, d.content) for d in build(design)])
    assert design.model_dump() == before


def test_golden():
    docs = {d.path: d for d in build(example("ecommerce"))}
    check_golden(docs["openapi/order.yaml"])
