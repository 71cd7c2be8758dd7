"""designkit.validators: every generated document passes, and each validator can fail."""

from __future__ import annotations

import copy
import functools
import shutil
from typing import Any

import pytest

import designkit
from designkit.generate import Document, generate
from designkit.validators import (
    VALIDATORS,
    Check,
    architecture,
    contracts,
    formats,
    summary,
    validate_documents,
)
from tests.conftest import EXAMPLES


@functools.cache
def documents(name: str) -> tuple[Document, ...]:
    return tuple(generate(designkit.load(EXAMPLES / f"{name}.yaml")))


def first(name: str, prefix: str) -> Document:
    return next(d for d in documents(name) if d.path.startswith(prefix))


def changed(doc: Document, edit: Any) -> Document:
    content = copy.deepcopy(doc.content)
    if isinstance(content, str):  # text formats (Mermaid, Structurizr): the edit returns it
        content = edit(content)
    else:
        edit(content)
    return Document(doc.path, content, doc.format, doc.multi)


@pytest.mark.parametrize("name", ["ecommerce", "banking", "healthcare"])
def test_every_generated_document_is_valid_or_has_no_validator(name: str) -> None:
    checks = validate_documents(documents(name))
    assert len(checks) == len(documents(name))
    bad = [c for c in checks if c.status in ("invalid", "skipped")]
    assert bad == []
    # Only Markdown and Kustomize files have no validator.
    for check in checks:
        if check.status == "not-applicable":
            assert check.path.endswith((".md", "kustomization.yaml")) or "/overlays/" in check.path
    if name == "ecommerce":  # the example that uses every format (Avro too)
        used = {c.validator for c in checks if c.status == "valid"}
        assert used == {v.name for v in VALIDATORS}, "every validator checked something"


def _first_object(content: Any) -> dict[str, Any]:
    return content[0] if isinstance(content, list) else content


BREAKAGES = {
    "kubernetes/base/order/": lambda c: _first_object(c).update(spek={}),
    "istio/base/order/": lambda c: _first_object(c)["spec"].update(trafficPolicie={}),
    "openapi/order": lambda c: c.update(openapi="3.1.0", paths={"nope": {}}),
    "asyncapi/": lambda c: c.update(channels=[]),
    "schemas/OrderPlaced": lambda c: c.update(type="notatype"),
    "gateway/": lambda c: c["services"][0].update(protocoll="http"),
    "openslo/": lambda c: c["spec"].update(budgetingMethod="Sometimes"),
    "ci/order": lambda c: c.pop("jobs"),
    "grafana/order": lambda c: c["panels"].append(dict(c["panels"][0])),
    "backstage/": lambda c: next(e for e in c if e["kind"] == "Component")["spec"].pop("owner"),
    "mermaid/dependencies": lambda c: c + "  svc_order -.->\n",
    "mermaid/context-map": lambda c: c.replace("flowchart", "flowchart flowchart", 1),
    "structurizr/": lambda c: c + "}\n",
}


@pytest.mark.parametrize("prefix", sorted(BREAKAGES))
def test_each_validator_catches_a_broken_document(prefix: str) -> None:
    doc = first("ecommerce", prefix)
    (before,) = validate_documents([doc])
    assert before.status == "valid", before
    (after,) = validate_documents([changed(doc, BREAKAGES[prefix])])
    assert after.status == "invalid"
    assert after.messages and all(isinstance(m, str) and m for m in after.messages)


def test_an_avro_schema_with_an_unknown_type_is_invalid() -> None:
    doc = next(d for d in documents("ecommerce") if d.path.endswith(".avsc"))
    broken = changed(doc, lambda c: c["fields"][0].update(type="nonsense"))
    (check,) = validate_documents([broken])
    assert check.status == "invalid" and "nonsense" in check.messages[0]


def test_kubernetes_errors_name_the_object_and_the_field() -> None:
    doc = first("ecommerce", "kubernetes/base/order/")
    broken = changed(doc, lambda c: _first_object(c)["metadata"].update(labels={"a": 5}))
    (check,) = validate_documents([broken])
    assert check.status == "invalid"
    assert any("metadata.labels.a" in m and "/order" in m for m in check.messages), check.messages


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed")
def test_promtool_refuses_a_broken_expression() -> None:
    doc = first("ecommerce", "prometheus/order")
    broken = changed(doc, lambda c: c["groups"][0]["rules"][0].update(expr="sum(("))
    (check,) = validate_documents([broken])
    assert check.status == "invalid" and "prometheus/order" in " ".join(check.messages)


def test_a_missing_tool_is_skipped_with_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats.shutil, "which", lambda _name: None)
    (check,) = validate_documents([first("ecommerce", "prometheus/")])
    assert check.status == "skipped"
    assert "promtool" in check.messages[0] and "apt-get install prometheus" in check.messages[0]


def test_a_missing_library_is_skipped_not_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    original = importlib.import_module

    def refuse(name: str, *args: Any) -> Any:
        if name.startswith("openapi_spec_validator"):
            raise ImportError(name)
        return original(name, *args)

    monkeypatch.setattr(importlib, "import_module", refuse)
    (check,) = validate_documents([first("ecommerce", "openapi/")])
    assert check.status == "skipped"
    assert "designkit[validators]" in check.messages[0]


def test_a_missing_asyncapi_schema_is_skipped(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(contracts.ASYNCAPI_SCHEMA_ENV, str(tmp_path / "absent.json"))
    (check,) = validate_documents([first("ecommerce", "asyncapi/")])
    assert check.status == "skipped"
    assert "fetch-asyncapi-schema.sh" in check.messages[0]


@pytest.mark.parametrize(
    ("env", "prefix", "script"),
    [
        (architecture.BACKSTAGE_SCHEMAS_ENV, "backstage/", "fetch-backstage-schemas.sh"),
        (architecture.MERMAID_DIR_ENV, "mermaid/", "fetch-mermaid.sh"),
    ],
)
def test_a_missing_fetch_is_skipped_with_its_script(monkeypatch, tmp_path, env, prefix, script):
    (before,) = validate_documents([first("ecommerce", prefix)])  # a cached verdict too
    assert before.status == "valid"
    monkeypatch.setenv(env, str(tmp_path / "absent"))
    (check,) = validate_documents([first("ecommerce", prefix)])
    assert check.status == "skipped"
    assert script in check.messages[0]


def test_documents_without_a_validator_are_counted_apart() -> None:
    checks = validate_documents([Document("docs/x.md", "# x", "markdown")])
    assert checks == [Check("docs/x.md", "-", "not-applicable")]
    assert summary(checks)["not-applicable"] == 1


def test_validation_leaves_documents_untouched() -> None:
    docs = list(documents("banking"))
    before = copy.deepcopy(docs)
    validate_documents(docs)
    assert docs == before
