"""Health probes, SLOs, mTLS between services and shared deployment units."""

from __future__ import annotations

import pytest

from designkit.model import Design
from tests.analysis.antipatterns._support import Case, check_case, run
from tests.conftest import make


def _probes(**probes: object) -> Design:
    return make(services=[{"name": "a", "deployment": {"probes": probes}}])


def _slo(with_slo: bool) -> Design:
    slos = [{"name": "a-availability", "service": "a"}] if with_slo else []
    return make(services=[{"name": "a"}], slos=slos)


def _mesh(mesh: dict[str, object], callee_auth: str = "jwt", calls: bool = True) -> Design:
    deps = [{"target": "b", "timeout_ms": 100}] if calls else []
    return make(
        services=[{"name": "a", "dependencies": deps}, {"name": "b", "auth": callee_auth}],
        mesh=mesh,
    )


def _units(a: str, b: str) -> Design:
    return make(
        services=[
            {"name": "a", "deployment": {"unit": a}},
            {"name": "b", "deployment": {"unit": b}},
        ]
    )


CASES = {
    "missing-health-probes": Case(lambda: _probes(readiness=None), lambda: _probes()),
    "no-slo": Case(lambda: _slo(False), lambda: _slo(True)),
    "unsecured-service-calls": Case(
        lambda: _mesh({"mtls": {"mode": "PERMISSIVE"}}), lambda: _mesh({"mtls": {"mode": "STRICT"}})
    ),
    "shared-deployment-unit": Case(lambda: _units("pod", "pod"), lambda: _units("pa", "pb")),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    check_case(rule_id, CASES[rule_id])


def test_missing_probes_named_together():
    (finding,) = run(_probes(readiness=None, liveness=None), "missing-health-probes")
    assert finding.path == "services[0].deployment.probes.readiness"
    assert "no readiness and no liveness probe" in finding.message


def test_no_mesh_is_unsecured_unless_callees_require_mtls():
    (finding,) = run(_mesh({"technology": "none"}), "unsecured-service-calls")
    assert finding.path == "mesh.technology" and "a -> b" in finding.message
    assert run(_mesh({"technology": "none"}, callee_auth="mtls"), "unsecured-service-calls") == []


def test_no_calls_nothing_to_secure():
    assert run(_mesh({"technology": "none"}, calls=False), "unsecured-service-calls") == []


def test_disabled_mtls_reported_at_the_mode():
    (finding,) = run(_mesh({"mtls": {"mode": "DISABLE"}}), "unsecured-service-calls")
    assert finding.path == "mesh.mtls.mode" and "turns mutual TLS off" in finding.message


def test_shared_unit_reported_once_per_unit():
    design = make(services=[{"name": n, "deployment": {"unit": "pod"}} for n in ("a", "b", "c")])
    (finding,) = run(design, "shared-deployment-unit")
    assert (finding.path, finding.subject) == ("services[0].deployment.unit", "pod")
    assert finding.message.startswith("a, b, c share the deployment unit pod")
