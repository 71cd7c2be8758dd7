"""The openslo generator: OpenSLO v1 SLO documents that pass a schema of the spec.

OPENSLO_V1_SLO (designkit/validators/schemas/openslo-v1-slo.json) is our own
JSON Schema, written from the OpenSLO v1 specification (README of
github.com/OpenSLO/OpenSLO: "SLO", "SLI", "Objectives", "duration-shorthand",
metadata naming rules). It is not OpenSLO's validator:
OpenSLO publishes its validation as Go code (oslo), and no pip package
provides one (`grep -i openslo` over the PyPI package list finds only
generators), so the schema is as strict as the spec's text and no stricter.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from designkit.generate import generate
from designkit.generate.openslo import slo_document
from designkit.generate.write import render
from designkit.validators._base import shipped_schema
from tests.analysis._examples import ecommerce
from tests.conftest import make
from tests.generate._golden import assert_golden

GOLDEN = Path(__file__).parent / "golden" / "observability"

OPENSLO_V1_SLO = shipped_schema("openslo-v1-slo")
"""designkit's schema of an OpenSLO v1 SLO (src/designkit/validators/schemas/)."""
VALIDATOR = jsonschema.Draft202012Validator(OPENSLO_V1_SLO)


def parse(text: str):
    return YAML(typ="safe", pure=True).load(io.StringIO(text))


@pytest.fixture(scope="module")
def texts():
    return {doc.path: render(doc, "ecommerce.yaml") for doc in generate(ecommerce(), ["openslo"])}


@pytest.fixture(scope="module")
def docs(texts):
    return {path: parse(text) for path, text in texts.items()}


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(OPENSLO_V1_SLO)


def test_every_document_passes_the_schema(docs):
    assert len(docs) == len(ecommerce().slos) == 46
    for path, doc in docs.items():
        errors = [e.message for e in VALIDATOR.iter_errors(doc)]
        assert not errors, f"{path}: {errors}"


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda d: d["spec"].pop("service"), "service is required"),
        (lambda d: d["metadata"].update(name="Order Availability"), "not a DNS label"),
        (lambda d: d["spec"]["objectives"][0].update(target=1.0), "target is below 1"),
        (lambda d: d["spec"]["timeWindow"][0].update(duration="30 days"), "duration shorthand"),
        (lambda d: d["spec"].update(budgetingMethod="Events"), "budgeting method enum"),
        (
            lambda d: d["spec"]["indicator"]["spec"]["ratioMetric"].update(
                good=d["spec"]["indicator"]["spec"]["ratioMetric"]["bad"]
            ),
            "good and bad together",
        ),
    ],
)
def test_the_schema_rejects_what_the_spec_forbids(docs, change, why):
    doc = copy.deepcopy(docs["openslo/order-availability.yaml"])
    change(doc)
    assert not VALIDATOR.is_valid(doc), why


def test_availability_counts_bad_and_latency_counts_good(docs):
    availability = docs["openslo/order-availability.yaml"]["spec"]
    ratio = availability["indicator"]["spec"]["ratioMetric"]
    assert ratio["counter"] is True and set(ratio) == {"counter", "bad", "total"}
    assert ratio["bad"]["metricSource"] == {
        "type": "Prometheus",
        "spec": {
            "query": 'sum(http_server_request_duration_seconds_count{job="order",'
            'http_response_status_code=~"5.."})'
        },
    }
    latency = docs["openslo/order-latency.yaml"]["spec"]
    good = latency["indicator"]["spec"]["ratioMetric"]["good"]["metricSource"]["spec"]["query"]
    assert good == 'sum(http_server_request_duration_seconds_bucket{job="order",le="0.2"})'
    assert latency["objectives"] == [{"displayName": "order-latency", "target": 0.95}]
    assert latency["timeWindow"] == [{"duration": "30d", "isRolling": True}]
    assert latency["budgetingMethod"] == "Occurrences"


def test_journey_slos_name_the_entry_service_and_the_journey(docs):
    doc = docs["openslo/checkout-availability.yaml"]
    assert doc["spec"]["service"] == "gateway"
    assert doc["metadata"]["labels"] == {
        "design": "ecommerce",
        "sli": "availability",
        "journey": "checkout",
    }


def test_names_that_are_not_dns_labels_are_slugged():
    d = make(
        services=[{"name": "a"}],
        slos=[{"name": "Checkout p95 < 200 ms " + "x" * 80, "service": "a"}],
    )
    doc = slo_document(d, d.slos[0])
    assert VALIDATOR.is_valid(doc)
    assert doc["metadata"]["displayName"] == d.slos[0].name
    assert len(doc["metadata"]["name"]) <= 63
    (written,) = generate(d, ["openslo"])
    assert written.path == f"openslo/{doc['metadata']['name']}.yaml"


def test_deterministic_and_input_untouched(texts):
    design = ecommerce()
    before = design.model_dump()
    again = {d.path: render(d, "ecommerce.yaml") for d in generate(design, ["openslo"])}
    assert again == texts
    assert design.model_dump() == before


def test_golden_checkout_latency(texts):
    check_golden("openslo/checkout-latency.yaml", texts["openslo/checkout-latency.yaml"])


def check_golden(path: str, text: str) -> None:
    assert_golden(GOLDEN / path, text)
