"""Gateway, observability and CI formats: Kong, OpenSLO, GitHub Actions, Grafana, Prometheus."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..generate.registry import Document
from ..generate.write import render
from ._base import Missing, Validator, as_written, crawled, require, shipped_schema, where

__all__ = ["CHAOS_MESH", "GITHUB_WORKFLOW", "GRAFANA", "KONG", "OPENSLO", "PROMETHEUS"]


@cache
def _validator(name: str) -> Any:
    jsonschema = require("jsonschema")
    return crawled(jsonschema.Draft202012Validator(shipped_schema(name)))


def _schema_problems(validator: Any, doc: Document, *, yaml_1_2: bool = False) -> list[str]:
    problems = []
    for item in as_written(doc, yaml_1_2=yaml_1_2):
        errors = sorted(validator.iter_errors(item), key=lambda e: list(map(str, e.path)))
        problems += [f"{where(e.absolute_path)}: {e.message}" for e in errors]
    return problems


KONG = Validator(
    "Kong declarative schema (designkit's)",
    lambda d: d.path.startswith("gateway/") and d.format == "yaml",
    lambda d: _schema_problems(_validator("kong-declarative"), d),
)
"""Kong publishes no JSON Schema of its declarative format: see the schema's $comment."""

OPENSLO = Validator(
    "OpenSLO v1 schema (designkit's)",
    lambda d: d.path.startswith("openslo/"),
    lambda d: _schema_problems(_validator("openslo-v1-slo"), d),
)

CHAOS_MESH = Validator(
    "Chaos Mesh CRD schema (designkit's)",
    lambda d: d.path.startswith("chaos/"),
    lambda d: _schema_problems(_validator("chaos-mesh"), d),
)
"""No package ships Chaos Mesh's CRD schemas: see the schema's $comment."""


@cache
def _workflow_validator() -> Any:
    jsonschema = require("jsonschema")
    require("check_jsonschema")
    vendored = resources.files("check_jsonschema") / "builtin_schemas/vendor/github-workflows.json"
    return crawled(jsonschema.Draft7Validator(json.loads(vendored.read_text(encoding="utf-8"))))


GITHUB_WORKFLOW = Validator(
    "GitHub workflow schema (SchemaStore, via check-jsonschema)",
    lambda d: d.path.startswith("ci/") and d.path.endswith((".yml", ".yaml")),
    lambda d: _schema_problems(_workflow_validator(), d, yaml_1_2=True),
)


def _dashboard_problems(doc: Document) -> list[str]:
    """Grafana publishes no dashboard schema for JSON files; check what import needs."""
    (board,) = as_written(doc)
    problems = [f"{key}: missing" for key in ("title", "uid", "panels") if key not in board]
    ids = [panel.get("id") for panel in board.get("panels", [])]
    if len(ids) != len(set(ids)):
        problems.append("panels: panel ids are not unique")
    for i, panel in enumerate(board.get("panels", [])):
        grid = panel.get("gridPos", {})
        if not all(isinstance(grid.get(k), int) for k in ("x", "y", "w", "h")):
            problems.append(f"panels[{i}].gridPos: needs integer x, y, w and h")
        elif grid["x"] + grid["w"] > 24:
            problems.append(f"panels[{i}].gridPos: wider than Grafana's 24 columns")
    return problems


GRAFANA = Validator(
    "Grafana dashboard structure (no official schema)",
    lambda d: d.path.startswith("grafana/") and d.format == "json",
    _dashboard_problems,
)


def _promtool_problems(doc: Document) -> list[str]:
    promtool = shutil.which("promtool")
    if promtool is None:
        raise Missing("promtool is not installed (Debian: apt-get install prometheus)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rules.yaml"
        path.write_text(render(doc, "design"), encoding="utf-8")
        run = subprocess.run(
            [promtool, "check", "rules", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    if run.returncode == 0:
        return []
    lines = (run.stderr or run.stdout).replace(str(path), doc.path).strip().splitlines()
    return lines or [f"promtool exited with {run.returncode}"]


def _promtool_batch(docs: Sequence[Document]) -> list[list[str]] | None:
    """All rule files in one ``promtool check rules`` run: no problems if it passes, else
    None (each file is then checked alone, so each gets its own messages)."""
    promtool = shutil.which("promtool")
    if promtool is None:
        raise Missing("promtool is not installed (Debian: apt-get install prometheus)")
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, doc in enumerate(docs):
            path = Path(folder) / f"{index}.rules.yaml"
            path.write_text(render(doc, "design"), encoding="utf-8")
            paths.append(str(path))
        run = subprocess.run(
            [promtool, "check", "rules", *paths],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    return [[] for _ in docs] if run.returncode == 0 else None


PROMETHEUS = Validator(
    "promtool check rules",
    lambda d: d.path.startswith("prometheus/"),
    _promtool_problems,
    _promtool_batch,
    external=True,
)
