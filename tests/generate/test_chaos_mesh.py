"""The chaos generator: Chaos Mesh resources that pass a schema of Chaos Mesh's CRDs.

No package on PyPI or npm ships Chaos Mesh's CRD schemas (the PyPI packages
``chaos-mesh`` and ``client-library-for-chaos-mesh`` are Python clients
without them; there is no ``@kubernetes-models/chaos-mesh`` nor
``cloudcoil-models-chaos-mesh``), and kubernetes-validate knows no CRDs. So
designkit ships its own schema (validators/schemas/chaos-mesh.json), written
from the openAPIV3Schema of Chaos Mesh 2.x's CRDs for the fields it emits, and
the ``designkit.validators`` check uses it. Golden files live in
tests/generate/golden/chaos/; regenerate them with
``DESIGNKIT_UPDATE_GOLDEN=1 pytest tests/generate/test_chaos_mesh.py``.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

import designkit
from designkit.generate import generate
from designkit.generate.write import render
from designkit.validators import validate_documents
from designkit.validators._base import shipped_schema
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, make
from tests.generate._golden import assert_golden

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_FILES = (
    "chaos/product-catalog-inventory-delay.yaml",
    "chaos/product-catalog-http-abort.yaml",
    "chaos/gateway-pod-kill.yaml",
    "chaos/recommendation-product-catalog-partition.yaml",
    "chaos/game-day.yaml",
)
SCHEMA = shipped_schema("chaos-mesh")
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def parse(text: str):
    return YAML(typ="safe", pure=True).load(io.StringIO(text))


@pytest.fixture(scope="module")
def texts():
    return {d.path: render(d, "ecommerce.yaml") for d in generate(ecommerce(), ["chaos_mesh"])}


@pytest.fixture(scope="module")
def docs(texts):
    return {path: parse(text) for path, text in texts.items()}


def errors(doc) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(doc)]


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("example", ["ecommerce", "banking", "healthcare"])
def test_every_resource_passes_the_schema(example):
    design = designkit.load(EXAMPLES / f"{example}.yaml")
    docs = generate(design, ["chaos_mesh"])
    assert docs, example
    checks = validate_documents(docs)
    assert {(c.validator, c.status) for c in checks} == {
        ("Chaos Mesh CRD schema (designkit's)", "valid")
    }
    for doc in docs:
        content = parse(render(doc, example))
        assert not errors(content), f"{doc.path}: {errors(content)}"
        assert doc.path == f"chaos/{content['metadata']['name']}.yaml"


@pytest.mark.parametrize(
    ("path", "change", "why"),
    [
        ("chaos/gateway-pod-kill.yaml", lambda d: d["spec"].update(action="kill"), "action enum"),
        ("chaos/gateway-pod-kill.yaml", lambda d: d["spec"].update(acton="x"), "unknown field"),
        ("chaos/gateway-pod-kill.yaml", lambda d: d.update(kind="PodChaoss"), "kind enum"),
        ("chaos/gateway-pod-kill.yaml", lambda d: d["spec"].pop("selector"), "selector needed"),
        ("chaos/gateway-pod-kill.yaml", lambda d: d["spec"].update(mode="some"), "mode enum"),
        (
            "chaos/product-catalog-inventory-delay.yaml",
            lambda d: d["spec"].update(duration="5 minutes"),
            "Go duration",
        ),
        (
            "chaos/product-catalog-inventory-delay.yaml",
            lambda d: d["spec"].pop("delay"),
            "a delay needs its latency",
        ),
        ("chaos/product-catalog-http-abort.yaml", lambda d: d["spec"].pop("target"), "target"),
        (
            "chaos/product-catalog-http-abort.yaml",
            lambda d: d["metadata"].update(name="Product_Abort"),
            "DNS label",
        ),
        (
            "chaos/product-catalog-http-abort.yaml",
            lambda d: d.update(apiVersion="chaos-mesh.org/v1"),
            "apiVersion",
        ),
        (
            "chaos/game-day.yaml",
            lambda d: d["spec"]["templates"][1].pop("deadline"),
            "a workflow step needs a deadline",
        ),
        (
            "chaos/game-day.yaml",
            lambda d: d["spec"]["templates"][1]["networkChaos"].update(duration="5s"),
            "the deadline bounds a workflow step, not a duration",
        ),
    ],
)
def test_the_schema_rejects_what_the_crds_forbid(docs, path, change, why):
    doc = copy.deepcopy(docs[path])
    assert not errors(doc)
    change(doc)
    assert errors(doc), why


def test_selectors_match_the_pods_the_kubernetes_generator_labels(docs):
    pods = {}
    for doc in generate(ecommerce(), ["kubernetes"]):
        content = doc.content
        if isinstance(content, dict) and content.get("kind") in ("Deployment", "StatefulSet"):
            labels = content["spec"]["template"]["metadata"]["labels"]
            pods[labels["app.kubernetes.io/name"]] = (content["metadata"]["namespace"], labels)

    def check(selector):
        name = selector["labelSelectors"]["app.kubernetes.io/name"]
        namespace, labels = pods[name]
        assert selector["namespaces"] == [namespace]
        assert selector["labelSelectors"].items() <= labels.items()

    for doc in docs.values():
        if doc["kind"] == "Workflow":
            continue
        check(doc["spec"]["selector"])
        if "target" in doc["spec"] and isinstance(doc["spec"]["target"], dict):
            check(doc["spec"]["target"]["selector"])


def test_game_day_runs_every_experiment_once(docs):
    workflow = docs["chaos/game-day.yaml"]["spec"]
    templates = {t["name"]: t for t in workflow["templates"]}
    assert len(templates) == len(workflow["templates"])  # unique names
    serial = templates[workflow["entry"]]
    assert serial["templateType"] == "Serial"
    experiments = [c for c in serial["children"] if c != "recover"]
    assert experiments == sorted(set(experiments), key=experiments.index)  # once each
    assert set(serial["children"]) <= set(templates)
    resources = {d["metadata"]["name"] for d in docs.values() if d["kind"] != "Workflow"}
    assert set(experiments) == resources
    assert serial["children"][1::2] == ["recover"] * (len(experiments) - 1)


def test_annotations_carry_the_plan(docs):
    notes = docs["chaos/product-catalog-http-abort.yaml"]["metadata"]["annotations"]
    assert notes["designkit.io/abort-when"] == (
        'slo:sli_error:ratio_rate5m{sloth_slo="browse-catalog-availability"} > 0.0144'
    )
    assert notes["designkit.io/abort-action"] == (
        "kubectl annotate httpchaos product-catalog-http-abort -n shop "
        "experiment.chaos-mesh.org/pause=true"
    )
    assert notes["designkit.io/environment"] == "staging"
    assert notes["designkit.io/steady-state-raw"].startswith("(sum(rate(")


def test_no_journeys_no_experiments():
    assert generate(make(services=[{"name": "a"}]), ["chaos_mesh"]) == []


def test_deterministic_and_input_untouched(texts):
    design = ecommerce()
    before = design.model_dump()
    again = {d.path: render(d, "ecommerce.yaml") for d in generate(design, ["chaos_mesh"])}
    assert again == texts
    assert design.model_dump() == before


@pytest.mark.parametrize("path", GOLDEN_FILES)
def test_golden(texts, path):
    assert_golden(GOLDEN / path, texts[path])
