"""The Istio generator: resources Istio accepts, zero trust, timeouts that fit, faults per env.

Validation: no pip package ships Istio's own validator (istioctl is a Go binary).
``cloudcoil-models-istio`` ships pydantic models generated from the OpenAPI
schemas in Istio's CRDs; every resource is validated against them, and read
back to check that no field was unknown to them (the models ignore extra
keys, so a misspelt field would otherwise pass). That covers field names,
types and enums, not the CRDs' CEL rules nor istiod's webhook checks; the
duration, weight and subset rules those enforce are checked here by hand.

Golden files live in tests/generate/golden/istio/; regenerate them with
``DESIGNKIT_UPDATE_GOLDEN=1 pytest tests/generate/test_istio.py`` and review the diff.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from cloudcoil.models.istio.networking import v1 as networking
from cloudcoil.models.istio.security import v1 as security

import designkit
from designkit.analysis.graph import dependency_graph
from designkit.analysis.resilience import effective_calls
from designkit.generate import generate
from designkit.generate.istio import INGRESS_PRINCIPAL, documents, retry_budget_problems
from designkit.generate.write import render
from designkit.model import Design
from designkit.sizing.retries import envoy_backoff_upper_ms
from tests.conftest import EXAMPLES, FIXTURES, make

GOLDEN = Path(__file__).parent / "golden" / "istio"
GOLDEN_FILES = (
    "base/order/destination-rule.yaml",
    "base/order/virtual-service.yaml",
    "base/product-catalog/destination-rule.yaml",
    "base/product-catalog/virtual-service.yaml",
    "base/authorization-policies.yaml",
    "base/peer-authentication.yaml",
    "overlays/staging/faults.yaml",
)
"""Representative e-commerce documents kept as golden files (order as asked; product-catalog
shows a canary and a caller with its own route; the staging overlay shows a fault)."""

DESIGN_FILES = {
    "ecommerce": EXAMPLES / "ecommerce.yaml",
    "banking": EXAMPLES / "banking.yaml",
    "healthcare": EXAMPLES / "healthcare.yaml",
    "small-shop": FIXTURES / "small-shop.yaml",
}

MODELS: dict[str, Any] = {
    "DestinationRule": networking.DestinationRule,
    "VirtualService": networking.VirtualService,
    "PeerAuthentication": security.PeerAuthentication,
    "AuthorizationPolicy": security.AuthorizationPolicy,
}
API_VERSIONS = {
    "DestinationRule": "networking.istio.io/v1",
    "VirtualService": "networking.istio.io/v1",
    "PeerAuthentication": "security.istio.io/v1",
    "AuthorizationPolicy": "security.istio.io/v1",
}
DURATION = re.compile(r"^\d+(\.\d{1,9})?s$")


@functools.cache
def design_of(name: str) -> Design:
    """An example design, loaded once (tests must not mutate it)."""
    return designkit.load(DESIGN_FILES[name])


@functools.cache
def written(name: str) -> dict[str, list[dict[str, Any]]]:
    """Path -> resources as kubectl would read the written file (YAML 1.1)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return {
        doc.path: [r for r in yaml.load_all(render(doc, "d.yaml"), Loader=loader) if r]
        for doc in documents(design_of(name))
    }


def resources(name: str, kind: str | None = None) -> list[dict[str, Any]]:
    return [
        r
        for path, items in written(name).items()
        for r in items
        if (kind is None or r["kind"] == kind) and "/overlays/" not in path
    ]


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def durations(value: Any, key: str = "") -> list[tuple[str, str]]:
    """(field, value) of every duration field in a resource."""
    names = {"timeout", "perTryTimeout", "interval", "baseEjectionTime", "fixedDelay"}
    if isinstance(value, dict):
        return [d for k, v in value.items() for d in durations(v, k)]
    if isinstance(value, list):
        return [d for v in value for d in durations(v, key)]
    return [(key, value)] if key in names else []


def seconds(text: str) -> float:
    return float(text.removesuffix("s"))


# --- validity -------------------------------------------------------------------


@pytest.mark.parametrize("name", DESIGN_FILES)
def test_every_resource_validates_against_the_istio_crd_models(name: str) -> None:
    count = 0
    for path, items in written(name).items():
        for resource in items:
            kind = resource["kind"]
            assert resource["apiVersion"] == API_VERSIONS[kind], path
            model = MODELS[kind].model_validate(resource)
            back = model.model_dump(by_alias=True, exclude_unset=True, mode="json")
            assert _without_nulls(back) == resource, f"{path}: a field the CRD does not know"
            count += 1
    assert count > 0


def test_the_validation_catches_a_misspelt_field() -> None:
    resource = resources("ecommerce", "DestinationRule")[0]
    wrong = {**resource, "spec": {**resource["spec"], "trafficPolicie": {}}}
    back = (
        MODELS["DestinationRule"]
        .model_validate(wrong)
        .model_dump(by_alias=True, exclude_unset=True, mode="json")
    )
    assert _without_nulls(back) != wrong


@pytest.mark.parametrize("name", DESIGN_FILES)
def test_durations_are_istio_durations_of_at_least_a_millisecond(name: str) -> None:
    for path, items in written(name).items():
        for field, value in (d for r in items for d in durations(r)):
            assert isinstance(value, str) and DURATION.match(value), (path, field, value)
            assert seconds(value) >= 0.001, (path, field, value)


@pytest.mark.parametrize("name", DESIGN_FILES)
def test_canary_weights_sum_to_100_and_subsets_exist(name: str) -> None:
    design = design_of(name)
    rules = {r["spec"]["host"]: r for r in resources(name, "DestinationRule")}
    for path, items in written(name).items():
        for vs in (r for r in items if r["kind"] == "VirtualService"):
            service = design.service(vs["metadata"]["name"])
            for http in vs["spec"]["http"]:
                for destination in http["route"]:
                    subset = destination["destination"].get("subset")
                    host = destination["destination"]["host"]
                    if subset:
                        names = [s["name"] for s in rules[host]["spec"]["subsets"]]
                        assert subset in names, (path, subset)
                weights = [d["weight"] for d in http["route"] if "weight" in d]
                if service.deployment.canary is None:
                    assert weights == [], path
                else:
                    assert sum(weights) == 100, path
                    canary = round(service.deployment.canary.weight * 100)
                    assert weights == [100 - canary, canary], path


def test_the_canary_subset_selects_the_canary_version() -> None:
    rule = next(
        r
        for r in resources("ecommerce", "DestinationRule")
        if r["metadata"]["name"] == "product-catalog"
    )
    assert rule["spec"]["subsets"] == [
        {"name": "stable", "labels": {"version": "stable"}},
        {"name": "canary", "labels": {"version": "4.12.0"}},
    ]


# --- zero trust -----------------------------------------------------------------


@pytest.mark.parametrize("name", DESIGN_FILES)
def test_authorization_allows_exactly_the_sync_graph_and_the_edge(name: str) -> None:
    design = design_of(name)
    policies = written(name)["istio/base/authorization-policies.yaml"]
    assert policies[0]["metadata"]["name"] == "allow-nothing"
    assert policies[0]["spec"] == {}  # an ALLOW policy matching nothing: deny by default
    namespace = design.platform.namespace
    allowed = set()
    for policy in policies[1:]:
        spec = policy["spec"]
        assert spec["action"] == "ALLOW"
        callee = spec["selector"]["matchLabels"]["app.kubernetes.io/name"]
        assert [list(rule) for rule in spec["rules"]] == [["from"]]
        for rule in spec["rules"]:
            for source in rule["from"]:
                assert list(source["source"]) == ["principals"]
                for principal in source["source"]["principals"]:
                    if principal == INGRESS_PRINCIPAL:
                        allowed.add(("<ingress>", callee))
                        continue
                    prefix = f"cluster.local/ns/{namespace}/sa/"
                    assert principal.startswith(prefix), principal
                    allowed.add((principal.removeprefix(prefix), callee))
    graph = dependency_graph(design, include_async=False)
    gateways = {s.name for s in design.services if s.kind == "gateway"}
    expected = set(graph.edges())
    for svc in design.services:
        if svc.exposure == "internal":
            continue
        if svc.kind == "gateway" or not gateways:
            expected.add(("<ingress>", svc.name))
        else:
            expected |= {(g, svc.name) for g in gateways}
    assert allowed == expected
    assert {p["metadata"]["name"] for p in policies} >= {"allow-nothing"}


def test_a_service_nobody_calls_gets_no_allow_policy() -> None:
    design = make(
        services=[
            {
                "name": "api",
                "exposure": "public",
                "kind": "gateway",
                "dependencies": [{"target": "core"}],
            },
            {"name": "core"},
            {"name": "worker"},
        ]
    )
    policies = next(d.content for d in documents(design) if "authorization" in d.path)
    names = [p["metadata"]["name"] for p in policies]
    assert names == ["allow-nothing", "allow-api", "allow-core"]
    assert policies[1]["spec"]["rules"][0]["from"][0]["source"]["principals"] == [INGRESS_PRINCIPAL]
    assert policies[2]["spec"]["rules"][0]["from"][0]["source"]["principals"] == [
        "cluster.local/ns/default/sa/api"
    ]


def test_mtls_is_strict_mesh_wide_in_the_namespace() -> None:
    (peer,) = written("ecommerce")["istio/base/peer-authentication.yaml"]
    assert peer["metadata"] == {
        "name": "default",
        "namespace": "shop",
        "labels": {"app.kubernetes.io/managed-by": "designkit"},
    }
    assert peer["spec"] == {"mtls": {"mode": "STRICT"}}
    for rule in resources("ecommerce", "DestinationRule"):
        assert rule["spec"]["trafficPolicy"]["tls"] == {"mode": "ISTIO_MUTUAL"}


# --- routes, retries and timeouts ------------------------------------------------


def _route_for(vs: dict[str, Any], caller: str) -> dict[str, Any]:
    """The HTTP route Istio picks for a request from ``caller`` (first match wins)."""
    for http in vs["spec"]["http"]:
        matches = http.get("match")
        if not matches:
            return http
        if any(m["sourceLabels"]["app.kubernetes.io/name"] == caller for m in matches):
            return http
    raise AssertionError(f"no route for {caller}")


@pytest.mark.parametrize("name", DESIGN_FILES)
def test_every_caller_gets_its_own_timeout_and_retries(name: str) -> None:
    design = design_of(name)
    services = {r["metadata"]["name"]: r for r in resources(name, "VirtualService")}
    seen = set()
    for call in effective_calls(design):
        if (call.caller, call.callee) in seen:
            continue  # a second call to the same callee shares the first's route
        seen.add((call.caller, call.callee))
        http = _route_for(services[call.callee], call.caller)
        if call.timeout_ms is None:
            assert "timeout" not in http
        else:
            assert seconds(http["timeout"]) * 1000 == pytest.approx(call.timeout_ms)
        assert http["retries"]["attempts"] == call.retries
        if call.retries and call.per_try_timeout_ms is not None:
            per_try = seconds(http["retries"]["perTryTimeout"]) * 1000
            assert per_try == pytest.approx(call.per_try_timeout_ms)


def test_the_default_route_takes_the_most_common_setting() -> None:
    vs = next(
        r
        for r in resources("ecommerce", "VirtualService")
        if r["metadata"]["name"] == "product-catalog"
    )
    # cart and recommendation agree (250 ms, no retry); the gateway has its own route.
    names = [http["name"] for http in vs["spec"]["http"]]
    assert names == ["from-gateway", "default"]
    assert vs["spec"]["http"][1]["timeout"] == "0.25s"
    assert vs["spec"]["http"][1]["retries"] == {"attempts": 0}
    assert "cart, recommendation" in vs["metadata"]["annotations"]["designkit.io/route-settings"]


EXPECTED_PROBLEMS = {
    "ecommerce": [
        "product-catalog -> inventory: 2 attempts x 45 ms + back-offs up to 25 ms = 115 ms "
        "> timeout 100 ms"
    ],
    "banking": [
        "gateway -> account: 2 attempts x 90 ms + back-offs up to 25 ms = 205 ms > timeout 200 ms",
        "gateway -> ledger: 2 attempts x 45 ms + back-offs up to 25 ms = 115 ms > timeout 100 ms",
        "transaction -> ledger: 2 attempts x 28 ms + back-offs up to 25 ms = 81 ms > timeout 60 ms",
    ],
    "healthcare": [
        "appointment -> patient: 2 attempts x 70 ms + back-offs up to 25 ms = 165 ms "
        "> timeout 150 ms",
        "clinical -> consent: 2 attempts x 70 ms + back-offs up to 25 ms = 165 ms > timeout 150 ms",
    ],
    "small-shop": [
        "web -> order: 3 attempts x 300 ms + back-offs up to 100 ms = 1000 ms > timeout 800 ms",
        "order -> stock: 2 attempts x 300 ms + back-offs up to 25 ms = 625 ms > timeout 200 ms",
    ],
}
"""Routes of the examples whose retries do not fit their timeout in Envoy's worst case."""


@pytest.mark.parametrize("name", DESIGN_FILES)
def test_retries_fit_the_timeout_or_are_reported(name: str) -> None:
    problems = retry_budget_problems(design_of(name))
    assert problems == EXPECTED_PROBLEMS[name]
    # Recomputed from the written routes: attempts x perTryTimeout + back-offs <= timeout.
    misfits = 0
    for vs in resources(name, "VirtualService"):
        for http in vs["spec"]["http"]:
            retries = http["retries"]["attempts"]
            if retries == 0 or "timeout" not in http:
                continue
            per_try = seconds(http["retries"]["perTryTimeout"]) * 1000
            gaps = sum(envoy_backoff_upper_ms(n) for n in range(1, retries + 1))
            if (retries + 1) * per_try + gaps > seconds(http["timeout"]) * 1000 + 1e-6:
                misfits += 1
    assert misfits == len(problems)


def test_a_retry_without_a_per_try_timeout_is_a_problem() -> None:
    design = make(
        services=[
            {
                "name": "a",
                "dependencies": [
                    {"target": "b", "timeout_ms": 300, "retries": 1, "per_try_timeout_ms": None}
                ],
            },
            {"name": "b"},
        ],
        mesh={"defaults": {"per_try_timeout_ms": None}},
    )
    assert retry_budget_problems(design) == [
        "a -> b: a retry without a per-try timeout: the first attempt may use the whole "
        "300 ms timeout"
    ]


# --- connection pools, outlier detection, faults ---------------------------------


def test_connection_pools_come_from_the_bulkheads_or_the_defaults() -> None:
    rules = {r["metadata"]["name"]: r for r in resources("ecommerce", "DestinationRule")}
    # The largest caller bulkhead: the gateway's 361 concurrent calls at peak.
    assert rules["product-catalog"]["spec"]["trafficPolicy"]["connectionPool"] == {
        "tcp": {"maxConnections": 361},
        "http": {"http1MaxPendingRequests": 361, "http2MaxRequests": 361},
    }
    # No journey reaches image: the mesh defaults (200 connections, 100 pending).
    assert rules["image"]["spec"]["trafficPolicy"]["connectionPool"] == {
        "tcp": {"maxConnections": 200},
        "http": {"http1MaxPendingRequests": 100, "http2MaxRequests": 200},
    }


def test_outlier_detection_follows_the_circuit_breaker() -> None:
    rules = {r["metadata"]["name"]: r for r in resources("banking", "DestinationRule")}
    assert rules["auth"]["spec"]["trafficPolicy"]["outlierDetection"] == {
        "consecutive5xxErrors": 5,
        "interval": "30s",
        "baseEjectionTime": "30s",
        "maxEjectionPercent": 33,
    }


def test_faults_go_only_to_the_environments_listed() -> None:
    paths = [p for p in written("ecommerce") if "/overlays/" in p]
    assert paths == ["istio/overlays/staging/faults.yaml"]
    (vs,) = written("ecommerce")["istio/overlays/staging/faults.yaml"]
    base = next(
        r for r in resources("ecommerce", "VirtualService") if r["metadata"] == vs["metadata"]
    )
    for faulted, plain in zip(vs["spec"]["http"], base["spec"]["http"], strict=True):
        assert faulted.pop("fault") == {
            "delay": {"percentage": {"value": 10.0}, "fixedDelay": "0.2s"}
        }
        assert faulted == plain  # the overlay replaces the base route, fault added
    assert all(
        "fault" not in h
        for r in resources("ecommerce", "VirtualService")
        for h in r["spec"]["http"]
    )


def test_faults_for_several_environments_and_an_uncalled_service() -> None:
    design = make(
        platform={"environments": ["dev", "staging", "prod"]},
        services=[{"name": "a"}],
        mesh={
            "faults": [
                {
                    "service": "a",
                    "environments": ["dev", "prod"],
                    "abort_status": 503,
                    "abort_percent": 5,
                }
            ]
        },
    )
    docs = {d.path: d.content for d in documents(design)}
    assert "istio/base/a/virtual-service.yaml" in docs  # the overlay has a route to replace
    assert sorted(p for p in docs if "overlays" in p) == [
        "istio/overlays/dev/faults.yaml",
        "istio/overlays/prod/faults.yaml",
    ]
    (vs,) = docs["istio/overlays/prod/faults.yaml"]
    assert vs["spec"]["http"][0]["fault"] == {
        "abort": {"percentage": {"value": 5.0}, "httpStatus": 503}
    }


def test_no_istio_resources_for_another_mesh() -> None:
    assert documents(make(mesh={"technology": "linkerd"}, services=[{"name": "a"}])) == []


# --- purity -----------------------------------------------------------------------


@pytest.mark.parametrize("name", DESIGN_FILES)
def test_output_is_deterministic_and_the_design_untouched(name: str) -> None:
    design = design_of(name)
    before = design.model_dump()
    first = [(d.path, render(d, "d")) for d in generate(design, ["istio"])]
    second = [(d.path, render(d, "d")) for d in generate(design, ["istio"])]
    assert first == second
    assert design.model_dump() == before
    assert not any("&id" in text for _, text in first)  # no YAML anchors


# --- golden files -----------------------------------------------------------------


def test_golden_files() -> None:
    texts = {
        d.path.removeprefix("istio/"): render(d, "ecommerce.yaml")
        for d in documents(design_of("ecommerce"))
    }
    current = {path: texts[path] for path in GOLDEN_FILES}
    if os.environ.get("DESIGNKIT_UPDATE_GOLDEN") == "1":
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        for relative, text in current.items():
            target = GOLDEN / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
    stored = {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes().decode("utf-8")
        for p in sorted(GOLDEN.rglob("*.yaml"))
    }
    assert sorted(stored) == sorted(current), "golden set changed: DESIGNKIT_UPDATE_GOLDEN=1"
    for relative, text in current.items():
        assert stored[relative] == text, f"{relative} differs from its golden file"
