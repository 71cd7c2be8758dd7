"""The bundled examples are complete enough for every phase to have content."""

import pytest

import designkit
from designkit.analysis.checklist import progress
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def ecommerce():
    return designkit.load(EXAMPLES / "ecommerce.yaml")


def test_ecommerce_matches_the_product_card(ecommerce):
    names = {s.name for s in ecommerce.services}
    assert len(names) == 15
    assert {"gateway", "order", "payment", "inventory", "shipping", "notification"} <= names
    technologies = {s.technology for s in ecommerce.stores}
    assert {"postgresql", "elasticsearch", "redis", "clickhouse", "s3"} <= technologies
    assert 10 <= len(ecommerce.topics) <= 14
    saga = next(s for s in ecommerce.sagas if "order" in s.name)
    order_of_services = list(dict.fromkeys(st.service for st in saga.steps))
    assert order_of_services == ["order", "payment", "inventory", "shipping", "notification"]
    assert sum(st.pivot for st in saga.steps) == 1
    assert ecommerce.gateway is not None and ecommerce.gateway.technology == "kong"
    assert ecommerce.mesh.technology == "istio"
    assert ecommerce.requirements.availability == 0.999
    assert ecommerce.requirements.latency.threshold_ms == 200


@pytest.mark.parametrize("name", ["ecommerce", "banking", "healthcare"])
def test_every_phase_has_content(name):
    design = designkit.load(EXAMPLES / f"{name}.yaml")
    assert design.services and design.contexts and design.stores and design.slos
    assert design.event_storming.stickies and design.decisions and design.journeys
    met = sum(m for m, _t in progress(design).values())
    assert met >= 20  # a worked example, not a skeleton


def test_banking_targets():
    bank = designkit.load(EXAMPLES / "banking.yaml")
    assert bank.requirements.availability == 0.9999
    assert bank.mesh.mtls.rotation_hours == 24
    assert {"pci-dss", "sox"} <= set(bank.requirements.compliance)


def test_healthcare_is_hipaa():
    care = designkit.load(EXAMPLES / "healthcare.yaml")
    assert "hipaa" in care.requirements.compliance
    assert care.security.audit_logging
    assert any("phi" in s.classification for s in care.stores)
