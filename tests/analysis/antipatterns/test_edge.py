"""No API gateway, services reachable around it, unversioned APIs."""

from __future__ import annotations

import pytest

from designkit.model import Design
from tests.analysis.antipatterns._support import Case, check_case, run
from tests.conftest import make


def _edge(*, gateway: bool, routed: bool, exposure: str = "public", **route: object) -> Design:
    """A public service, with or without a gateway; an unrouted one routes to another service."""
    sections: dict[str, object] = {
        "services": [
            {"name": "orders", "exposure": exposure, "endpoints": [{"path": "/orders"}]},
            {"name": "help", "exposure": "public", "endpoints": [{"path": "/v1/help"}]},
        ]
    }
    if gateway:
        routes = [{"name": "help", "path": "/api/v1/help", "service": "help"}]
        if routed:
            routes.append(
                {"name": "orders", "path": "/api/v1/orders", "service": "orders", **route}
            )
        sections["gateway"] = {"routes": routes}
    return make(**sections)


CASES = {
    "no-api-gateway": Case(
        lambda: _edge(gateway=False, routed=False),
        lambda: _edge(gateway=True, routed=True),
    ),
    "publicly-accessible-service": Case(
        lambda: _edge(gateway=True, routed=False),
        lambda: _edge(gateway=True, routed=True),
    ),
    "no-api-versioning": Case(
        lambda: _edge(gateway=True, routed=True, version=None),
        lambda: _edge(gateway=True, routed=True, version="v2"),
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    check_case(rule_id, CASES[rule_id])


def test_gateway_rules_do_not_both_report_one_service():
    no_gateway = _edge(gateway=False, routed=False)
    bypass = _edge(gateway=True, routed=False)
    assert run(no_gateway, "publicly-accessible-service") == []
    assert run(bypass, "no-api-gateway") == []
    (finding,) = run(bypass, "publicly-accessible-service")
    assert (finding.path, finding.severity) == ("services[0].exposure", "error")


def test_a_gateway_that_is_not_the_external_entry_does_not_mitigate():
    # Neri et al. 2020 / microFreshener: what matters is whether clients come in through it.
    no_routes = make(services=[{"name": "orders", "exposure": "public"}], gateway={"routes": []})
    internal_gateway = make(
        services=[
            {"name": "orders", "exposure": "public"},
            {
                "name": "edge",
                "kind": "gateway",
                "exposure": "internal",
                "dependencies": [{"target": "orders"}],
            },
        ]
    )
    for design in (no_routes, internal_gateway):
        (finding,) = run(design, "no-api-gateway")
        assert "not its external entry" in finding.message
        assert run(design, "publicly-accessible-service") == []


def test_calls_through_a_public_gateway_service_are_not_direct_exposure():
    design = make(
        services=[
            {"name": "orders", "exposure": "public"},
            {
                "name": "edge",
                "kind": "gateway",
                "exposure": "public",
                "dependencies": [{"target": "orders"}],
            },
        ]
    )
    assert run(design, "no-api-gateway") == []
    assert run(design, "publicly-accessible-service") == []


def test_internal_services_need_no_route():
    design = _edge(gateway=True, routed=False, exposure="internal")
    assert run(design, "publicly-accessible-service") == []
    assert run(design, "no-api-versioning") == []


def test_partner_services_count_as_exposed():
    assert run(_edge(gateway=True, routed=False, exposure="partner"), "publicly-accessible-service")


def test_unversioned_route_and_its_unversioned_endpoint_are_reported():
    found = run(_edge(gateway=True, routed=True, version=None), "no-api-versioning")
    assert [f.path for f in found] == ["gateway.routes[1].version", "services[0].endpoints[0].path"]


@pytest.mark.parametrize(
    ("path", "flagged"),
    [
        ("/orders", True),
        ("/v1/orders", False),
        ("/api/v2beta1/orders/{id}", False),
        ("orders.v1.OrderService/Get", False),
        ("/.well-known/openid-configuration", False),
        ("/levels/orders", True),
    ],
)
def test_endpoint_versions_judged_when_no_versioned_route_fronts_the_service(path, flagged):
    design = make(
        services=[{"name": "orders", "exposure": "public", "endpoints": [{"path": path}]}]
    )
    assert bool(run(design, "no-api-versioning")) is flagged
