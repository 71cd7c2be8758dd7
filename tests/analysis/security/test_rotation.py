"""Secrets: rotation against the policy, sharing across contexts, and the mesh certificates."""

from __future__ import annotations

import pytest

from designkit.analysis.security import rotation
from designkit.model import Design
from tests.analysis.security._support import EXAMPLE_NAMES, example, rules
from tests.conftest import make


def _secret(compliance: list[str] | None = None, **secret: object) -> Design:
    base = {"name": "s", "kind": "database", "services": ["a"], "rotation_days": 30}
    return make(
        requirements={"compliance": compliance or []},
        contexts=[{"name": "A"}, {"name": "B"}],
        services=[
            {"name": "a", "context": "A"},
            {"name": "b", "context": "B"},
            {"name": "c", "context": "A"},
        ],
        security={"secrets": [{**base, **secret}]},
    )


CASES = {
    "secret-rotation-too-slow": (
        lambda: _secret(kind="api-key", rotation_days=91),
        lambda: _secret(kind="api-key", rotation_days=90),
    ),
    "secret-shared-across-contexts": (
        lambda: _secret(services=["a", "b"]),
        lambda: _secret(services=["a", "c"]),  # one context
    ),
    "secret-unused": (
        lambda: _secret(services=[]),
        lambda: _secret(),
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    positive, negative = CASES[rule_id]
    assert rule_id in rules(rotation.findings(positive())), f"{rule_id}: no finding"
    assert rotation.findings(negative()) == []


@pytest.mark.parametrize(
    ("compliance", "days", "late"),
    [([], 365, False), ([], 366, True), (["pci-dss"], 90, False), (["pci-dss"], 91, True)],
)
def test_signing_keys_follow_pci(compliance, days, late):
    found = rotation.findings(_secret(compliance, kind="signing-key", rotation_days=days))
    assert ("secret-rotation-too-slow" in rules(found)) is late


def test_certificates_get_398_days():
    (view, _mesh) = rotation.secrets(_secret(kind="certificate", rotation_days=398))
    assert (view.max_days, view.within_policy) == (398, True)


def test_mesh_certificates_are_a_row_but_not_a_shared_secret():
    design = _secret()
    views = rotation.secrets(design)
    mesh = views[-1]
    assert mesh.name == rotation.MESH_CERTIFICATES
    assert (mesh.rotation_days, mesh.max_days, mesh.path) == (1.0, 7.0, "mesh.mtls.rotation_hours")
    assert mesh.contexts == ("A", "B")
    assert rotation.findings(design) == []
    no_mesh = make(mesh={"technology": "none"}, services=[{"name": "a"}])
    assert rotation.secrets(no_mesh) == []


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_share_database_credentials_across_contexts(name):
    design = example(name)
    before = design.model_dump()
    found = rotation.findings(design)
    assert rules(found) == {"secret-shared-across-contexts"}
    assert all(v.within_policy for v in rotation.secrets(design))
    assert design.model_dump() == before
