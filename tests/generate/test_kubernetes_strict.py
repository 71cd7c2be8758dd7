"""Every Kubernetes document is strictly valid with no null field, base and overlays.

For the three bundled examples and a synthetic 200-service design: each base
object passes strict kubernetes-validate, no document holds a null anywhere,
and each overlay, built with Kustomize (kubectl kustomize), gives objects that
pass strict validation too (the dev overlay's PodDisruptionBudget patch used to
carry minAvailable: null).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import designkit
from designkit.generate import Document, generate
from designkit.generate.kubernetes import SMALL_ENVIRONMENTS
from designkit.generate.write import write_documents
from designkit.synth import synthesize
from designkit.validators.kubernetes import KUBERNETES
from tests.conftest import EXAMPLES

DESIGNS = ["ecommerce", "banking", "healthcare", "synthetic-200"]
KUBECTL = shutil.which("kubectl")


@functools.cache
def documents(name: str) -> tuple[Document, ...]:
    design = (
        synthesize(200, seed=15)
        if name == "synthetic-200"
        else designkit.load(EXAMPLES / f"{name}.yaml")
    )
    return tuple(generate(design, ["kubernetes"]))


def _nulls(value: Any, path: str = "") -> list[str]:
    if value is None:
        return [path or "/"]
    if isinstance(value, dict):
        return [n for k, v in value.items() for n in _nulls(v, f"{path}/{k}")]
    if isinstance(value, list):
        return [n for i, v in enumerate(value) for n in _nulls(v, f"{path}/{i}")]
    return []


@pytest.mark.parametrize("name", DESIGNS)
def test_no_document_has_a_null_field(name):
    nulls = {d.path: _nulls(d.content) for d in documents(name)}
    assert {path: found for path, found in nulls.items() if found} == {}


@pytest.mark.parametrize("name", DESIGNS)
def test_every_base_object_passes_strict_validation(name):
    base = [d for d in documents(name) if KUBERNETES.applies(d)]
    assert len(base) > 5
    problems = {d.path: KUBERNETES.problems(d) for d in base}
    assert {path: found for path, found in problems.items() if found} == {}


def _built(folder: Path) -> list[dict[str, Any]]:
    out = subprocess.run(
        [KUBECTL, "kustomize", str(folder)], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    from ruamel.yaml import YAML

    return [obj for obj in YAML(typ="safe").load_all(out.stdout) if obj]


@pytest.mark.skipif(
    KUBECTL is None, reason="kubectl (with its built-in Kustomize) is not installed"
)
@pytest.mark.parametrize("name", DESIGNS[:3])  # Kustomize takes a minute on 1,200 objects
def test_every_overlay_builds_into_strictly_valid_objects(tmp_path, name):
    docs = documents(name)
    write_documents(docs, tmp_path, f"{name}.yaml")
    overlays = sorted((tmp_path / "kubernetes" / "overlays").iterdir())
    assert overlays
    # Other environments' overlays only name the base (checked below).
    for other in overlays:
        if other.name not in SMALL_ENVIRONMENTS:
            assert (other / "kustomization.yaml").read_text().endswith("- ../../base\n")
    overlays = [o for o in overlays if o.name in SMALL_ENVIRONMENTS]
    base = _built(tmp_path / "kubernetes" / "base")
    assert len(base) == sum(len(d.content) if d.multi else 1 for d in docs if KUBERNETES.applies(d))
    for overlay in overlays:
        objects = _built(overlay)
        assert _nulls(objects) == []
        # The base objects are validated above; check what the overlay changed.
        keyed = {(o["kind"], o["metadata"]["name"]): o for o in base}
        changed = [o for o in objects if keyed.get((o["kind"], o["metadata"]["name"])) != o]
        as_doc = Document(f"kubernetes/base/{overlay.name}.yaml", changed, multi=True)
        assert KUBERNETES.problems(as_doc) == [], overlay.name
        budgets = [o for o in objects if o["kind"] == "PodDisruptionBudget"]
        # one replica each: no budget may demand a pod stay up
        assert all(b["spec"].get("maxUnavailable") == 1 for b in budgets)
        assert all("minAvailable" not in b["spec"] for b in budgets)
