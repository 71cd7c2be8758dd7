"""The Kubernetes generator: valid manifests, a sound Kustomize tree, stable bytes.

Golden files live in tests/generate/golden/kubernetes/; regenerate them with
``DESIGNKIT_UPDATE_GOLDEN=1 pytest tests/generate/test_kubernetes.py`` and
review the diff like code.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from kubernetes_validate import utils as kv_utils

import designkit
from designkit.generate import generate
from designkit.generate.kubernetes import kubernetes, manifests
from designkit.generate.write import render
from designkit.model import Design
from tests.conftest import EXAMPLES, FIXTURES, make

K8S_VERSION = "1.31"
GOLDEN = Path(__file__).parent / "golden" / "kubernetes"
GOLDEN_SERVICES = ("order", "gateway")
"""Services of the e-commerce example kept as golden files (plus policies and kustomizations)."""
DESIGN_FILES = {
    "ecommerce": EXAMPLES / "ecommerce.yaml",
    "banking": EXAMPLES / "banking.yaml",
    "healthcare": EXAMPLES / "healthcare.yaml",
    "small-shop": FIXTURES / "small-shop.yaml",
}


CASES = [*DESIGN_FILES, "edge-cases"]
"""Every design the generator is checked against."""


def edge_cases() -> Design:
    """One service per special case the generator must handle."""
    return make(
        metadata={"name": "Edge Cases!", "version": "2.0.1"},
        platform={"namespace": "Edge", "registry": "reg.example", "broker": "none"},
        services=[
            {
                "name": "front",
                "kind": "gateway",
                "exposure": "internal",
                "dependencies": [{"target": "db-api", "protocol": "grpc"}],
                "deployment": {"strategy": "recreate", "autoscaling": None, "replicas": 1},
            },
            {
                "name": "db-api",
                "deployment": {
                    "stateful": True,
                    "port": 9090,
                    "probes": {"readiness": {"path": "/h"}, "liveness": {"path": "/h"}},
                },
            },
            {
                "name": "busy",
                "profile": {"cpu_ms_per_request": 40},
                "deployment": {
                    "image": "reg.example/busy@sha256:" + "a" * 64,
                    "resources": {"cpu_request": "100m", "cpu_limit": "200m"},
                },
            },
            {"name": "solo", "deployment": {"replicas": 1, "autoscaling": None}},
        ],
        journeys=[{"name": "hot", "entry": "busy", "peak_rps": 100}],
        slos=[{"name": "front-up", "service": "front"}],
    )


@functools.cache
def design_of(name: str) -> Design:
    """A design of CASES, built once (tests must not mutate it)."""
    return edge_cases() if name == "edge-cases" else designkit.load(DESIGN_FILES[name])


def rendered(design: Design, source: str = "design.yaml") -> dict[str, str]:
    """Path -> written text of every document of the kubernetes generator."""
    return {doc.path: render(doc, source) for doc in generate(design, ["kubernetes"])}


def parse_all(text: str) -> list[Any]:
    """Every YAML document of ``text``, read as kubectl reads it (YAML 1.1, libyaml).

    A 1.1 reader also catches strings a 1.2 writer leaves bare but kubectl would
    take for booleans ('yes', 'on').
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [doc for doc in yaml.load_all(text, Loader=loader) if doc]


@functools.cache
def texts_of(name: str) -> dict[str, str]:
    """The written text of every document of a case, rendered once."""
    return rendered(design_of(name), f"{name}.yaml")


@functools.cache
def parsed_of(name: str) -> dict[str, list[Any]]:
    """The written documents of a case, parsed back once."""
    return {path: parse_all(text) for path, text in texts_of(name).items()}


def objects(name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, object) of every Kubernetes object as written (Kustomize files excluded)."""
    for path, docs in parsed_of(name).items():
        if "/overlays/" in path or path.endswith("/kustomization.yaml"):
            continue
        for obj in docs:
            yield path, obj


@pytest.fixture(scope="module")
def fast_validator() -> Iterator[None]:
    # kubernetes_validate reads its 1.3 MB definitions file on every call; caching
    # the parsed schemas takes the validation of ~250 objects from ~6 s to ~0.5 s.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            kv_utils, "schema_contents", functools.lru_cache(maxsize=None)(kv_utils.schema_contents)
        )
        yield


@pytest.mark.parametrize("name", CASES)
def test_every_object_validates_strictly(name: str, fast_validator: None) -> None:
    failures = []
    count = 0
    for path, obj in objects(name):
        count += 1
        try:
            kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            where = "/".join(map(str, error.path))
            failures.append(
                f"{path} {obj['kind']}/{obj['metadata']['name']} {where}: {error.message}"
            )
    assert count > 0
    assert failures == []


@pytest.mark.parametrize("name", CASES)
def test_kustomizations_list_only_generated_files(name: str) -> None:
    texts = texts_of(name)
    paths = set(texts)
    kustomizations = [p for p in paths if p.endswith("/kustomization.yaml")]
    envs = design_of(name).platform.environments
    assert "kubernetes/base/kustomization.yaml" in kustomizations
    assert len(kustomizations) == 1 + len(envs)
    listed = set()
    for path in kustomizations:
        (k,) = parsed_of(name)[path]
        assert k["apiVersion"] == "kustomize.config.k8s.io/v1beta1"
        assert k["kind"] == "Kustomization"
        folder = posixpath.dirname(path)
        for resource in k["resources"]:
            target = posixpath.normpath(posixpath.join(folder, resource))
            assert target in paths or f"{target}/kustomization.yaml" in paths, (path, resource)
            listed.add(target)
        for patch in k.get("patches", []):
            target = posixpath.normpath(posixpath.join(folder, patch["path"]))
            assert target in paths, (path, patch)
            listed.add(target)
    # ...and every generated manifest is reachable from a kustomization.
    assert {p for p in paths if not p.endswith("/kustomization.yaml")} <= listed


def test_overlays_follow_the_environments() -> None:
    texts = texts_of("banking")
    assert sorted(p for p in texts if p.startswith("kubernetes/overlays/")) == [
        "kubernetes/overlays/dev/hpa-min-replicas.yaml",
        "kubernetes/overlays/dev/kustomization.yaml",
        # no pdb-one-replica.yaml: every banking budget is already maxUnavailable: 1
        "kubernetes/overlays/preprod/kustomization.yaml",
        "kubernetes/overlays/prod/kustomization.yaml",
        "kubernetes/overlays/test/kustomization.yaml",
    ]
    (dev,) = parse_all(texts["kubernetes/overlays/dev/kustomization.yaml"])
    assert {r["name"] for r in dev["replicas"]} == {s.name for s in design_of("banking").services}
    assert {r["count"] for r in dev["replicas"]} == {1}
    (prod,) = parse_all(texts["kubernetes/overlays/prod/kustomization.yaml"])
    assert prod == {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": ["../../base"],
    }


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl not installed")
def test_kustomize_builds_the_dev_overlay(tmp_path: Path) -> None:
    # The dev overlay is the one with patches; the others are the base as it is.
    design = design_of("ecommerce")
    for path, text in texts_of("ecommerce").items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    out = subprocess.run(
        ["kubectl", "kustomize", str(tmp_path / "kubernetes" / "overlays" / "dev")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    built = parse_all(out)
    assert Counter(o["kind"] for o in built) == Counter(o["kind"] for o in manifests(design))
    assert {o["spec"]["replicas"] for o in built if o["kind"] == "Deployment"} == {1}
    pdbs = [o["spec"] for o in built if o["kind"] == "PodDisruptionBudget"]
    assert all(spec.get("maxUnavailable") == 1 and "minAvailable" not in spec for spec in pdbs)
    hpas = [o["spec"] for o in built if o["kind"] == "HorizontalPodAutoscaler"]
    assert {spec["minReplicas"] for spec in hpas} == {1}


@pytest.mark.parametrize("name", CASES)
def test_output_is_deterministic(name: str) -> None:
    # Compared as ordered JSON (key order is output order): rendering is a pure
    # function of that, and the golden files pin the rendered bytes.
    def snapshot() -> list[tuple[str, str, bool]]:
        docs = generate(design_of(name), ["kubernetes"])
        return [(d.path, json.dumps(d.content), d.multi) for d in docs]

    assert snapshot() == snapshot()
    texts = texts_of(name).values()
    assert not any("&id" in text or "*id" in text for text in texts), "YAML aliases"


@pytest.mark.parametrize("name", CASES)
def test_the_design_is_not_mutated(name: str) -> None:
    design = design_of(name)
    before = design.model_dump(mode="json")
    kubernetes(design)
    manifests(design)
    assert design.model_dump(mode="json") == before


def test_manifests_match_the_documents() -> None:
    written = [obj for _, obj in objects("ecommerce")]
    expected = manifests(design_of("ecommerce"))
    assert Counter(o["kind"] for o in written) == Counter(o["kind"] for o in expected)


# --- golden files -------------------------------------------------------------


def _golden_selection() -> dict[str, str]:
    """Relative golden path -> text for the representative e-commerce documents."""
    texts = texts_of("ecommerce")
    keep = {}
    for path, text in texts.items():
        relative = path.removeprefix("kubernetes/")
        parts = relative.split("/")
        service_file = parts[0] == "base" and len(parts) == 3
        if (service_file and parts[1] in GOLDEN_SERVICES) or not service_file:
            keep[relative] = text
    return keep


def test_golden_files() -> None:
    current = _golden_selection()
    if os.environ.get("DESIGNKIT_UPDATE_GOLDEN") == "1":
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        for relative, text in current.items():
            target = GOLDEN / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
    stored = {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes().decode("utf-8")
        for p in sorted(GOLDEN.rglob("*.yaml"))
    }
    assert sorted(stored) == sorted(current), "golden set changed: DESIGNKIT_UPDATE_GOLDEN=1"
    for relative, text in current.items():
        assert stored[relative] == text, f"{relative} differs from its golden file"
