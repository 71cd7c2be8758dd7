"""The validators' exact findings on broken documents, pinned in a golden file.

What the validators say (not only that a document is invalid) is what a reader
acts on; the golden file keeps it from changing when a validator is made faster
(a cached schema, a pre-crawled $ref registry, one promtool run for many files).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from designkit.validators import formats, validate_documents
from tests.generate._golden import assert_golden
from tests.validators.test_validators import BREAKAGES, _first_object, changed, documents, first

GOLDEN = Path(__file__).parent / "golden" / "findings.json"

EXTRA = {
    "openapi/order (several errors)": (
        "openapi/order",
        lambda c: c.update(info={"title": 5}, paths={"/x": {"get": {"responses": {"200": 1}}}}),
    ),
    "asyncapi/ (several errors)": (
        "asyncapi/",
        lambda c: c.update(info={"version": 1}, operations={"op": {"action": "sing"}}),
    ),
    "ci/order (bad steps)": (
        "ci/order",
        lambda c: next(iter(c["jobs"].values())).update(steps=[{"uses": 5}, {"run": []}]),
    ),
    "kubernetes/base/order/ (label type)": (
        "kubernetes/base/order/",
        lambda c: _first_object(c)["metadata"].update(labels={"a": 5}),
    ),
    "chaos/ (unknown action)": (
        "chaos/",
        lambda c: _first_object(c)["spec"].update(action="explode"),
    ),
    "schemas/ avro (unknown type)": (
        "schemas/ProductViewed.v1.avsc",
        lambda c: c["fields"][0].update(type="nonsense"),
    ),
}


def _cases() -> dict[str, tuple[str, Any]]:
    cases = {prefix: (prefix, edit) for prefix, edit in BREAKAGES.items()}
    cases.update(EXTRA)
    return cases


def _findings() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, (prefix, edit) in sorted(_cases().items()):
        (check,) = validate_documents([changed(first("ecommerce", prefix), edit)])
        out[name] = [check.validator, check.status, list(check.messages)]
    if shutil.which("promtool"):
        rules = [d for d in documents("ecommerce") if d.path.startswith("prometheus/")][:3]
        broken = changed(rules[1], lambda c: c["groups"][0]["rules"][0].update(expr="sum(("))
        checks = validate_documents([rules[0], broken, rules[2]])
        out["prometheus: three files, the second broken"] = [
            [c.path, c.validator, c.status, list(c.messages)] for c in checks
        ]
    return out


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed")
def test_the_findings_on_broken_documents_are_unchanged():
    text = json.dumps(_findings(), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    assert_golden(GOLDEN, text)


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed")
def test_valid_rule_files_take_one_promtool_run(monkeypatch):
    runs = []
    original = formats.subprocess.run
    monkeypatch.setattr(
        formats.subprocess, "run", lambda *a, **k: runs.append(a) or original(*a, **k)
    )
    rules = [d for d in documents("ecommerce") if d.path.startswith("prometheus/")]
    checks = validate_documents(rules)
    assert [c.status for c in checks] == ["valid"] * len(rules) and len(rules) > 3
    assert len(runs) == 1


def test_a_missing_promtool_skips_every_rule_file(monkeypatch):
    monkeypatch.setattr(formats.shutil, "which", lambda _name: None)
    rules = [d for d in documents("ecommerce") if d.path.startswith("prometheus/")][:3]
    checks = validate_documents(rules)
    assert [c.status for c in checks] == ["skipped"] * 3
    assert all("apt-get install prometheus" in c.messages[0] for c in checks)
