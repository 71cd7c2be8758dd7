"""Zero trust: the matrix, and one positive and one negative design per rule."""

from __future__ import annotations

import pytest

from designkit.analysis.security import zero_trust
from designkit.analysis.security.paths import DNS, INTERNET
from tests.analysis.security._support import EXAMPLE_NAMES, example, rules
from tests.conftest import make

CALL = {"services": [{"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}]}

CASES = {
    "mtls-rotation-too-long": (
        lambda: make(
            requirements={"compliance": ["pci-dss"]}, mesh={"mtls": {"rotation_hours": 48}}, **CALL
        ),
        # Outside PCI-DSS, HIPAA and SOX the bound is a week.
        lambda: make(mesh={"mtls": {"rotation_hours": 48}}, **CALL),
    ),
    "token-lifetime-too-long": (
        lambda: make(security={"token_lifetime_minutes": 120}),
        lambda: make(security={"token_lifetime_minutes": 60}),
    ),
    "service-without-auth": (
        lambda: make(
            services=[
                {"name": "a", "dependencies": [{"target": "b"}]},
                {"name": "b", "auth": "none"},
            ]
        ),
        # An identity provider serves its token endpoint without a token.
        lambda: make(
            services=[
                {"name": "a", "dependencies": [{"target": "b"}]},
                {
                    "name": "b",
                    "auth": "none",
                    "endpoints": [{"method": "POST", "path": "/oauth/token"}],
                },
            ]
        ),
    ),
    "mesh-only-path": (
        lambda: make(
            services=[
                {"name": "gw", "kind": "gateway", "exposure": "public"},
                {"name": "api", "exposure": "public"},
            ]
        ),
        lambda: make(
            services=[
                {
                    "name": "gw",
                    "kind": "gateway",
                    "exposure": "public",
                    "dependencies": [{"target": "api"}],
                },
                {"name": "api", "exposure": "public"},
            ]
        ),
    ),
    "broker-path-missing": (
        lambda: make(
            platform={"broker": "sqs"},
            services=[{"name": "a", "publishes": ["t"]}],
            topics=[{"name": "t"}],
        ),
        lambda: make(
            platform={"broker": "kafka"},
            services=[{"name": "a", "publishes": ["t"]}],
            topics=[{"name": "t"}],
        ),
    ),
    "no-network-default-deny": (
        lambda: make(platform={"orchestrator": "ecs"}, **CALL),
        lambda: make(platform={"orchestrator": "kubernetes"}, **CALL),
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    positive, negative = CASES[rule_id]
    found = [f for f in zero_trust.findings(positive()) if f.rule == rule_id]
    assert found, f"{rule_id}: the positive design has no finding"
    assert rule_id not in rules(zero_trust.findings(negative()))


def test_findings_name_the_field_and_the_values():
    design = make(requirements={"compliance": ["pci-dss"]}, mesh={"mtls": {"rotation_hours": 48}})
    (finding,) = zero_trust.findings(design)
    assert finding.path == "mesh.mtls.rotation_hours"
    assert "48 h" in finding.message and "24 h" in finding.message


@pytest.mark.parametrize("mode", ["PERMISSIVE", "DISABLE"])
def test_mtls_that_is_not_strict_is_reported_through_the_anti_pattern_rule(mode):
    found = zero_trust.findings(make(mesh={"mtls": {"mode": mode}}, **CALL))
    assert "unsecured-service-calls" in rules(found)
    assert "unsecured-service-calls" not in rules(zero_trust.findings(make(**CALL)))


def test_exposed_services_around_the_gateway_are_reported():
    design = make(
        services=[{"name": "orders", "exposure": "public"}, {"name": "help", "exposure": "public"}],
        gateway={"routes": [{"name": "help", "path": "/api/v1/help", "service": "help"}]},
    )
    assert "publicly-accessible-service" in rules(zero_trust.findings(design))


def test_service_without_auth_says_whether_the_mesh_mitigates():
    base = CASES["service-without-auth"][0]()
    (strict,) = [f for f in zero_trust.findings(base) if f.rule == "service-without-auth"]
    assert "AuthorizationPolicy admit only a" in strict.message
    loose = base.model_copy(update={"mesh": base.mesh.model_copy(update={"technology": "none"})})
    (open_,) = [f for f in zero_trust.findings(loose) if f.rule == "service-without-auth"]
    assert "nothing checks who calls it" in open_.message


def test_matrix_allows_the_graph_and_denies_the_rest():
    design = make(
        services=[
            {
                "name": "gw",
                "kind": "gateway",
                "exposure": "public",
                "dependencies": [{"target": "a"}],
            },
            {
                "name": "a",
                "exposure": "public",
                "publishes": ["t"],
                "dependencies": [{"target": "b", "protocol": "grpc"}],
            },
            {"name": "b", "deployment": {"port": 9090}},
        ],
        topics=[{"name": "t", "consumers": ["b"]}],
    )
    m = zero_trust.matrix(design)
    assert m.sources == (INTERNET, "gw", "a", "b")
    assert m.targets == ("gw", "a", "b", "(kafka)", DNS)
    assert m.allowed(INTERNET, "gw") and m.allowed("gw", "a") and m.allowed("a", "b")
    assert not m.allowed(INTERNET, "a") and not m.allowed("b", "a") and not m.allowed("gw", "b")
    call = m.flow("a", "b")
    assert call is not None and (call.protocol, call.port, call.identity) == ("grpc", 9090, "a")
    assert m.messages == {("a", "b"): ("t",)}
    assert m.network_enforced and m.mesh_enforced


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_examples_keep_zero_trust(name):
    design = example(name)
    before = design.model_dump()
    assert zero_trust.findings(design) == []
    m = zero_trust.matrix(design)
    assert all(f.allowed for f in m.flows)
    assert design.model_dump() == before
    assert zero_trust.matrix(design) == m  # deterministic


def test_identity_providers_are_found_by_token_routes_too():
    design = make(
        services=[{"name": "idp"}],
        gateway={
            "routes": [
                {"name": "t", "path": "/auth/v1/token", "service": "idp", "methods": ["POST"]}
            ]
        },
    )
    assert zero_trust.identity_providers(design) == {"idp"}
