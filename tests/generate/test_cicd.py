"""The CI generator: GitHub Actions workflows valid by the official schema, with the strategy.

Validation: every workflow is checked against SchemaStore's github-workflow
JSON Schema, the schema GitHub's editor tooling uses, as vendored by the
``check-jsonschema`` package (so no network is needed). A schema cannot tell
whether an action's inputs exist or a script runs; every ``run`` script is
parsed by ``bash -n`` here, and the action references and expressions are
checked by hand. (actionlint would go further, but its pip wrapper downloads
the binary at install time.)

Golden files live in tests/generate/golden/ci/; regenerate them with
``DESIGNKIT_UPDATE_GOLDEN=1 pytest tests/generate/test_cicd.py`` and review the diff.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from designkit.generate import generate
from designkit.generate.cicd import documents
from designkit.generate.kubernetes_meta import image
from designkit.generate.write import render
from tests.generate.test_istio import design_of

GOLDEN = Path(__file__).parent / "golden" / "ci"
GOLDEN_FILES = ("order.yml", "product-catalog.yml")
"""order (rolling) and product-catalog (canary) of the e-commerce example."""

CASES = ("ecommerce", "healthcare", "small-shop")
"""Designs whose platform.ci is github-actions (banking uses GitLab CI)."""

ACTION = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+@v\d+$")


@functools.cache
def validator() -> jsonschema.Draft7Validator:
    path = resources.files("check_jsonschema") / "builtin_schemas/vendor/github-workflows.json"
    return jsonschema.Draft7Validator(json.loads(path.read_text(encoding="utf-8")))


@functools.cache
def workflows(name: str) -> dict[str, Any]:
    """Path -> workflow as GitHub reads the written file (YAML 1.2: 'on' stays a string)."""
    yaml = YAML(typ="safe")
    return {doc.path: yaml.load(render(doc, "d.yaml")) for doc in documents(design_of(name))}


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("name", CASES)
def test_workflows_match_the_official_schema(name: str) -> None:
    found = workflows(name)
    assert [p.removeprefix("ci/").removesuffix(".yml") for p in found] == [
        s.name for s in design_of(name).services
    ]
    for path, workflow in found.items():
        errors = [e.message for e in validator().iter_errors(workflow)]
        assert not errors, (path, errors)


def test_the_schema_refuses_a_broken_workflow() -> None:
    workflow = dict(next(iter(workflows("ecommerce").values())))
    workflow["jobs"] = {"build": {"runs-on": "ubuntu-latest", "stepz": []}}
    assert list(validator().iter_errors(workflow))


@pytest.mark.parametrize("name", CASES)
def test_scripts_parse_and_actions_are_pinned_to_majors(name: str, tmp_path: Path) -> None:
    for path, workflow in workflows(name).items():
        scripts = [step["run"] for step in steps(workflow) if "run" in step]
        body = "".join(f"step_{i}() {{\n{script}\n}}\n" for i, script in enumerate(scripts))
        file = tmp_path / "scripts.sh"
        file.write_text(body, encoding="utf-8")
        result = subprocess.run(["bash", "-n", str(file)], capture_output=True, text=True)
        assert result.returncode == 0, (path, result.stderr)
        for step in steps(workflow):
            if "uses" in step:
                assert ACTION.match(step["uses"]), (path, step["uses"])
        for text in strings(workflow):
            assert "${{" not in re.sub(r"\$\{\{ [^{}]+ \}\}", "", text), (path, text)


@pytest.mark.parametrize("name", CASES)
def test_no_secret_values_only_secret_names(name: str) -> None:
    for path, workflow in workflows(name).items():
        for text in strings(workflow):
            for match in re.finditer(r"secrets\.\w+", text):
                assert "${{ " + match.group(0) + " }}" in text, (path, text)
        for step in steps(workflow):
            for key, value in {**step.get("with", {}), **step.get("env", {})}.items():
                if re.search(r"password|token|secret|kubeconfig", key, re.IGNORECASE):
                    assert re.fullmatch(r"\$\{\{ secrets\.[A-Z_]+ \}\}", value), (path, key)


def test_triggers_have_path_filters_and_deploys_run_on_main_only() -> None:
    workflow = workflows("ecommerce")["ci/order.yml"]
    paths = [
        "services/order/**",
        "deploy/kubernetes/base/order/**",
        "deploy/istio/base/order/**",
        ".github/workflows/order.yml",
    ]
    assert workflow["on"] == {
        "push": {"branches": ["main"], "paths": paths},
        "pull_request": {"paths": paths},
    }
    for name, job in workflow["jobs"].items():
        if name in {"image"} or name.startswith("deploy-"):
            assert (
                job["if"] == "${{ github.event_name == 'push' && github.ref == 'refs/heads/main' }}"
            )


LANGUAGES = {
    "java": "actions/setup-java@v4",
    "kotlin": "actions/setup-java@v4",
    "go": "actions/setup-go@v5",
    "python": "actions/setup-python@v5",
    "csharp": "actions/setup-dotnet@v4",
}


@pytest.mark.parametrize("name", CASES)
def test_build_and_test_set_up_the_service_language(name: str) -> None:
    design = design_of(name)
    for svc in design.services:
        jobs = workflows(name)[f"ci/{svc.name}.yml"]["jobs"]
        for job in (jobs["build"], jobs["test"]):
            uses = [s["uses"] for s in job["steps"] if "uses" in s]
            expected = LANGUAGES.get(svc.stack.language)
            if expected:
                assert uses == ["actions/checkout@v4", expected]
            else:  # lua (the Kong gateway): a generic step and the Makefile
                assert uses == ["actions/checkout@v4"]
                assert job["steps"][-1]["run"] in {"make build", "make test"}
        assert jobs["test"]["needs"] == "build"


@pytest.mark.parametrize("name", CASES)
def test_image_pushes_the_pinned_tag_of_the_manifests(name: str) -> None:
    design = design_of(name)
    registry = design.platform.registry.rstrip("/") + "/"
    for index, svc in enumerate(design.services):
        jobs = workflows(name)[f"ci/{svc.name}.yml"]["jobs"]
        ref = image(design, index)
        if not ref.startswith(registry):  # a third-party image (kong:3.9.1) is not rebuilt
            assert "image" not in jobs
            continue
        push = next(s for s in jobs["image"]["steps"] if s.get("id") == "push")
        assert push["with"] == {"context": f"services/{svc.name}", "push": True, "tags": ref}
        assert jobs["image"]["permissions"] == {"contents": "read", "id-token": "write"}
        login = next(s for s in jobs["image"]["steps"] if "docker/login" in s.get("uses", ""))
        assert login["with"]["registry"] == ref.split("/")[0]


@pytest.mark.parametrize("name", CASES)
def test_deploys_follow_the_environments_and_the_strategy(name: str) -> None:
    design = design_of(name)
    environments = design.platform.environments
    for svc in design.services:
        jobs = workflows(name)[f"ci/{svc.name}.yml"]["jobs"]
        deploys = [j for j in jobs if j.startswith("deploy-")]
        assert deploys == [f"deploy-{env}" for env in environments]
        for position, job in enumerate(deploys):
            assert jobs[job]["environment"] == environments[position]
            if position:
                assert jobs[job]["needs"] == deploys[position - 1]
            names = [s.get("name", "") for s in jobs[job]["steps"]]
            last = position == len(deploys) - 1
            scripts = "\n".join(s.get("run", "") for s in jobs[job]["steps"])
            if last and svc.deployment.strategy == "canary":
                assert svc.deployment.canary is not None
                weight = round(svc.deployment.canary.weight * 100)
                assert f"Shift {weight}% of the traffic to the canary" in names
                assert f"= {100 - weight} | (.spec.http[].route[1].weight) = {weight}" in scripts
                assert "Check the error-budget burn rate" in names
                rollback = next(
                    s for s in jobs[job]["steps"] if s.get("name") == "Roll back the canary"
                )
                assert rollback["if"] == "${{ failure() }}"
            else:
                overlay = f"$DEPLOY_DIR/kubernetes/overlays/{environments[position]}"
                assert (
                    f'kubectl apply -k "{overlay}" -l "app.kubernetes.io/name=$SERVICE"' in scripts
                )


def test_mesh_routing_with_faults_and_canary_subsets_per_environment() -> None:
    inventory = workflows("ecommerce")["ci/inventory.yml"]["jobs"]
    for env in ("dev", "staging", "prod"):
        names = [s.get("name") for s in inventory[f"deploy-{env}"]["steps"]]
        assert names.index("Apply the mesh routing") < names.index("Deploy (rolling update)")
        assert ("Inject the staging faults" in names) == (env == "staging")
    catalog = workflows("ecommerce")["ci/product-catalog.yml"]["jobs"]
    for env in ("dev", "staging", "prod"):
        first = catalog[f"deploy-{env}"]["steps"][3]
        assert first["name"] == "Label the stable pods and route all traffic to them"
        assert '"labels":{"version":"stable"}' in first["run"]
        assert (
            "(.spec.http[].route[0].weight) = 100 | (.spec.http[].route[1].weight) = 0"
            in (first["run"])
        )
    dev = [s.get("name") for s in catalog["deploy-dev"]["steps"]]
    assert dev[-1] == "Deploy (rolling update)"  # the canary runs in production only


def test_the_canary_burn_check_uses_the_slo() -> None:
    jobs = workflows("ecommerce")["ci/product-catalog.yml"]["jobs"]
    check = next(s for s in jobs["deploy-prod"]["steps"] if s.get("name", "").startswith("Check"))
    # 99.9% availability: a budget of 0.001; the SRE Workbook's fast burn: 0.02 x 720 h / 1 h.
    assert check["env"]["ERROR_BUDGET"] == "0.001"
    assert check["env"]["MAX_BURN_RATE"] == "14.4"
    assert 'destination_workload="product-catalog-canary"' in check["run"]


def test_blue_green_switches_the_service_selector_and_keeps_the_old_colour() -> None:
    design = design_of("healthcare").model_copy(deep=True)
    design.services[2].deployment.strategy = "blue-green"
    (doc,) = [d for d in documents(design) if d.path == f"ci/{design.services[2].name}.yml"]
    workflow = YAML(typ="safe").load(render(doc, "d.yaml"))
    assert not list(validator().iter_errors(workflow))
    prod = workflow["jobs"]["deploy-prod"]["steps"]
    names = [s.get("name") for s in prod]
    assert names.index("Deploy the idle colour") < names.index(
        "Switch the Service to the idle colour"
    )
    switch_back = prod[names.index("Switch back to the live colour")]
    assert switch_back["if"].startswith("${{ failure()")
    assert not any("delete deployment" in s.get("run", "") for s in prod)  # blue kept


def test_no_workflows_for_another_ci() -> None:
    assert design_of("banking").platform.ci == "gitlab-ci"
    assert documents(design_of("banking")) == []


@pytest.mark.parametrize("name", CASES)
def test_output_is_deterministic_and_the_design_untouched(name: str) -> None:
    design = design_of(name)
    before = design.model_dump()
    first = [(d.path, render(d, "d")) for d in generate(design, ["cicd"])]
    assert first == [(d.path, render(d, "d")) for d in generate(design, ["cicd"])]
    assert design.model_dump() == before
    assert not any("&id" in text for _, text in first)


def test_golden_files() -> None:
    texts = {
        d.path.removeprefix("ci/"): render(d, "ecommerce.yaml")
        for d in documents(design_of("ecommerce"))
    }
    current = {path: texts[path] for path in GOLDEN_FILES}
    if os.environ.get("DESIGNKIT_UPDATE_GOLDEN") == "1":
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        GOLDEN.mkdir(parents=True)
        for relative, text in current.items():
            (GOLDEN / relative).write_bytes(text.encode("utf-8"))
    stored = {p.name: p.read_bytes().decode("utf-8") for p in sorted(GOLDEN.glob("*.yml"))}
    assert sorted(stored) == sorted(current), "golden set changed: DESIGNKIT_UPDATE_GOLDEN=1"
    for relative, text in current.items():
        assert stored[relative] == text, f"{relative} differs from its golden file"
