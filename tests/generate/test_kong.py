"""The Kong generator: a declarative configuration Kong would load, with the design's policy.

Validation: Kong publishes no JSON Schema of its declarative format and no pip
package validates one (``deck`` and ``kong config parse`` are not Python). The
schema designkit ships (designkit/validators/schemas/kong-declarative.json) is
written from Kong's documented format for exactly the parts
designkit emits: entity fields and the field rules of ``kong.db.schema.typedefs``
(names, tags, paths, timeouts), and the config fields of the six bundled plugins
used, closed with ``additionalProperties: false`` so a misspelt field fails. It
is not Kong's validator: plugin entity checks are re-implemented below only
where designkit could break them (rate-limit ordering, oauth2 flows, CORS
preflights, overlapping routes).

The golden file lives in tests/generate/golden/kong/; regenerate it with
``DESIGNKIT_UPDATE_GOLDEN=1 pytest tests/generate/test_kong.py`` and review the diff.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from designkit.generate import generate
from designkit.generate.kong import SECURITY_HEADERS, documents, kong_path
from designkit.generate.write import render
from designkit.model import Route
from designkit.validators._base import shipped_schema
from tests.conftest import make
from tests.generate.test_istio import DESIGN_FILES, design_of

GOLDEN = Path(__file__).parent / "golden" / "kong" / "kong.yaml"


KONG_DECLARATIVE = shipped_schema("kong-declarative")
"""designkit's schema of the declarative format (src/designkit/validators/schemas/)."""


@functools.cache
def kong_config(name: str) -> dict[str, Any]:
    """kong.yaml as Kong reads it (YAML, parsed back from the written text)."""
    (doc,) = documents(design_of(name))
    parsed: dict[str, Any] = yaml.safe_load(render(doc, "d.yaml"))
    return parsed


def routes(config: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(s["name"], r) for s in config["services"] for r in s["routes"]]


def plugins(route: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p["config"] for p in route["plugins"]}


@pytest.mark.parametrize("name", DESIGN_FILES)
def test_config_matches_the_declarative_format(name: str) -> None:
    jsonschema.Draft202012Validator(KONG_DECLARATIVE).validate(kong_config(name))


def test_the_schema_refuses_a_misspelt_plugin_field() -> None:
    config = kong_config("ecommerce")
    service = config["services"][0]
    route = {**service["routes"][0], "plugins": [{"name": "cors", "config": {"origin": []}}]}
    wrong = {**config, "services": [{**service, "routes": [route]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(KONG_DECLARATIVE).validate(wrong)


@pytest.mark.parametrize("name", DESIGN_FILES)
def test_entity_checks_kong_would_make(name: str) -> None:
    config = kong_config(name)
    all_routes = routes(config)
    names = [r["name"] for _, r in all_routes]
    assert len(names) == len(set(names)), "route names are unique"
    services = [s["name"] for s in config["services"]]
    assert len(services) == len(set(services))
    taken: set[tuple[str, str]] = set()
    for _, route in all_routes:
        for path in route["paths"]:
            if path.startswith("~"):
                re.compile(path[1:].replace("(?<", "(?P<"))
            for method in route["methods"]:
                assert (path, method) not in taken, f"two routes take {method} {path}"
                taken.add((path, method))
        for plugin, config_ in plugins(route).items():
            if plugin == "rate-limiting":
                periods = [config_[p] for p in ("second", "minute", "hour") if p in config_]
                assert periods == sorted(periods), "a longer period's limit is never lower"
            if plugin == "oauth2":
                assert any(v for k, v in config_.items() if k.startswith("enable_"))
                if config_.get("mandatory_scope"):
                    assert config_["scopes"]


@pytest.mark.parametrize("name", DESIGN_FILES)
def test_routes_carry_the_design_policy(name: str) -> None:
    design = design_of(name)
    assert design.gateway is not None
    by_name = {r["name"]: (service, r) for service, r in routes(kong_config(name))}
    auth = {"jwt": "jwt", "oauth2": "oauth2", "api-key": "key-auth", "basic": "basic-auth"}
    for route in design.gateway.routes:
        service, kong = by_name[route.name]
        assert service == route.service
        assert kong["paths"] == [kong_path(route)]
        assert kong["strip_path"] == route.strip_path
        assert set(route.methods) <= set(kong["methods"]) <= {*route.methods, "OPTIONS"}
        found = plugins(kong)
        assert set(found) & set(auth.values()) == (
            {auth[route.auth]} if route.auth in auth else set()
        )
        if route.auth == "oauth2" and route.scopes:
            assert found["oauth2"]["scopes"] == route.scopes
        if route.rate_limit is not None:
            limits = found["rate-limiting"]
            assert limits["limit_by"] == route.rate_limit.by
            assert limits["policy"] == "local"
            assert limits.get("second") == route.rate_limit.per_second
            assert limits.get("minute") == route.rate_limit.per_minute
            assert limits.get("hour") == route.rate_limit.per_hour
        size = found["request-size-limiting"]
        unit = {"megabytes": 1024 * 1024, "kilobytes": 1024}[size["size_unit"]]
        assert size["allowed_payload_size"] * unit == route.max_body_kb * 1024  # exact
        headers = found.get("response-transformer", {}).get("add", {}).get("headers")
        assert headers == (list(SECURITY_HEADERS) if design.gateway.security_headers else None)
        if route.cors is not None:
            assert found["cors"]["origins"] == route.cors.origins
            assert found["cors"]["credentials"] == route.cors.credentials
            assert found["cors"]["max_age"] == route.cors.max_age_s


@pytest.mark.parametrize("name", DESIGN_FILES)
def test_every_cors_route_answers_its_preflight(name: str) -> None:
    design = design_of(name)
    assert design.gateway is not None
    preflight: dict[str, list[dict[str, Any]]] = {}
    for _, route in routes(kong_config(name)):
        if "OPTIONS" in route["methods"]:
            for path in route["paths"]:
                preflight.setdefault(path, []).append(route)
    for route in design.gateway.routes:
        if route.cors is None:
            continue
        (answer,) = preflight[kong_path(route)]  # exactly one route takes the OPTIONS
        cors = plugins(answer)["cors"]
        assert set(route.cors.methods) <= set(cors["methods"])
        assert set(route.cors.origins) <= set(cors["origins"])
        # No auth plugin stops the preflight: cors (priority 2000) answers it before
        # jwt (1450), oauth2 (1400), key-auth (1250) or basic-auth (1100) run.
        assert cors["preflight_continue"] is False


def test_shared_paths_get_one_preflight_route() -> None:
    review = next(s for s in kong_config("ecommerce")["services"] if s["name"] == "review")
    assert [(r["name"], r["methods"]) for r in review["routes"]] == [
        ("reviews-read", ["GET"]),
        ("reviews-read-preflight", ["OPTIONS"]),
        ("reviews-write", ["POST"]),
    ]
    cors = review["routes"][1]["plugins"][0]["config"]
    assert cors["methods"] == ["GET", "POST"]
    assert cors["credentials"] is True


def test_upstreams_and_timeouts_follow_the_gateway_calls() -> None:
    order = next(s for s in kong_config("ecommerce")["services"] if s["name"] == "order")
    assert order["url"] == "http://order.shop.svc.cluster.local:8080"
    # gateway -> order: timeout 800 ms; the mesh retries, so Kong does not.
    assert (order["read_timeout"], order["retries"]) == (800, 0)
    inventory = next(s for s in kong_config("ecommerce")["services"] if s["name"] == "inventory")
    assert inventory["url"].endswith(":9090")


@pytest.mark.parametrize(
    ("path", "version", "expected"),
    [
        ("/orders", "v1", "/v1/orders"),
        ("/orders/", "v2", "/v2/orders"),
        ("/", "v1", "/v1"),
        ("/api/v1/orders", "v1", "/api/v1/orders"),
        ("/webhooks/v1/psp", "v1", "/webhooks/v1/psp"),
        ("/api/orders", None, "/api/orders"),
        ("/orders/{id}/items", "v1", "~/v1/orders/(?<id>[^/]+)/items"),
        ("/files/{file-name}.json", None, r"~/files/([^/]+)\.json"),
    ],
)
def test_kong_paths(path: str, version: str | None, expected: str) -> None:
    assert kong_path(Route(name="r", path=path, service="s", version=version)) == expected


def test_without_kong_there_is_no_config() -> None:
    routes_ = [{"name": "r", "path": "/a", "service": "a"}]
    assert documents(make(services=[{"name": "a"}])) == []
    nginx = make(services=[{"name": "a"}], gateway={"technology": "nginx", "routes": routes_})
    assert documents(nginx) == []


def test_no_auth_plugin_for_public_routes_and_api_keys_map_to_key_auth() -> None:
    design = make(
        services=[{"name": "a"}],
        gateway={
            "security_headers": False,
            "routes": [
                {"name": "open", "path": "/v1/open", "service": "a", "auth": "none"},
                {
                    "name": "keyed",
                    "path": "/v1/keyed",
                    "service": "a",
                    "auth": "api-key",
                    "max_body_kb": 2048,
                },
            ],
        },
    )
    (doc,) = documents(design)
    open_, keyed = doc.content["services"][0]["routes"]
    assert [p["name"] for p in open_["plugins"]] == ["request-size-limiting"]
    assert [p["name"] for p in keyed["plugins"]] == ["key-auth", "request-size-limiting"]
    assert keyed["plugins"][1]["config"] == {"allowed_payload_size": 2, "size_unit": "megabytes"}


@pytest.mark.parametrize("name", DESIGN_FILES)
def test_output_is_deterministic_and_the_design_untouched(name: str) -> None:
    design = design_of(name)
    before = design.model_dump()
    first = [(d.path, render(d, "d")) for d in generate(design, ["kong"])]
    assert first == [(d.path, render(d, "d")) for d in generate(design, ["kong"])]
    assert design.model_dump() == before
    assert not any("&id" in text for _, text in first)


def test_golden_file() -> None:
    (doc,) = documents(design_of("ecommerce"))
    text = render(doc, "ecommerce.yaml")
    if os.environ.get("DESIGNKIT_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(text.encode("utf-8"))
    assert GOLDEN.read_bytes().decode("utf-8") == text, "kong.yaml differs from its golden file"
