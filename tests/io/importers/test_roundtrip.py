"""Round trip: Kubernetes generated from a bundled example, imported back, compared."""

from __future__ import annotations

import pytest

import designkit
from designkit.generate import generate
from designkit.generate.write import write_documents
from designkit.io.importers import import_paths
from tests.conftest import EXAMPLES

from ._helpers import inside


@pytest.fixture(scope="module", params=["ecommerce", "banking", "healthcare"])
def pair(request, tmp_path_factory):
    original = designkit.load(EXAMPLES / f"{request.param}.yaml")
    out = tmp_path_factory.mktemp(request.param)
    write_documents(generate(original, ["kubernetes"]), out, f"{request.param}.yaml")
    with inside(out):
        back = import_paths(["kubernetes"], name=request.param).design
    return original, back


def test_services_come_back(pair):
    original, back = pair
    # Files are read in name order, so the services come back sorted.
    assert [s.name for s in back.services] == sorted(s.name for s in original.services)


def test_synchronous_calls_come_back_with_their_protocols(pair):
    original, back = pair

    def calls(design):
        return {
            (s.name, d.target, d.protocol)
            for s in design.services
            for d in s.dependencies
            if d.protocol != "async"
        }

    assert calls(back) == calls(original)


def test_timeouts_the_design_declares_come_back(pair):
    original, back = pair
    for svc in original.services:
        for dep in svc.dependencies:
            if dep.protocol != "async" and dep.timeout_ms is not None:
                assert dep.timeout_ms  # declared: then the import knows nothing less
    # The manifests carry no timeout of their own (that is the mesh's job), so the
    # import asks the workshop instead of inventing one.
    assert any("declare no timeout" in q.text for q in back.open_questions)


def test_topics_producers_and_consumers_come_back(pair):
    original, back = pair

    def publishes(design):
        return {(s.name, t) for s in design.services for t in s.publishes}

    def consumers(design):
        return {(t.name, c.service) for t in design.topics for c in t.consumers}

    assert publishes(back) == publishes(original)
    assert consumers(back) == consumers(original)


def test_deployment_facts_come_back(pair):
    original, back = pair
    for svc in original.services:
        got = back.service(svc.name)
        assert got.deployment.port == svc.deployment.port
        assert got.deployment.stateful == svc.deployment.stateful
        assert (got.deployment.autoscaling is None) == (svc.deployment.autoscaling is None)
        assert got.origin.startswith(f"kubernetes/base/{svc.name}/")


def test_stores_are_not_in_the_manifests(pair):
    # designkit's manifests deploy services only (stores are managed services or
    # operators' resources), so an import of them finds no store to compare.
    _, back = pair
    assert back.stores == []
