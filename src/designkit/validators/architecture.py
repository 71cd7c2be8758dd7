"""Architecture-as-code formats: Backstage catalogs, Mermaid diagrams, Structurizr workspaces.

- Backstage: the entity schemas published in the npm package
  ``@backstage/catalog-model`` (``scripts/fetch-backstage-schemas.sh`` puts them in
  the virtual environment's ``share/designkit/backstage``), plus the naming and
  reference rules Backstage applies in code rather than in the schemas.
- Mermaid: Mermaid's own parser, run under node with jsdom by ``mermaid_parse.mjs``
  (shipped beside this module); ``scripts/fetch-mermaid.sh`` installs both npm
  packages into ``share/designkit/mermaid``.
- Structurizr: the strict DSL reader in :mod:`.structurizr_dsl` (Structurizr's own
  parser is Java and cannot be installed here).

A missing schema set, parser or ``node`` is reported as ``skipped`` with what to run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..generate.registry import Document
from ._base import Missing, Validator, as_written, crawled, require
from .structurizr_dsl import DslError, read

__all__ = [
    "BACKSTAGE",
    "BACKSTAGE_SCHEMAS_ENV",
    "MERMAID",
    "MERMAID_DIR_ENV",
    "STRUCTURIZR",
    "backstage_rule_errors",
    "backstage_schema_errors",
    "backstage_schemas_path",
    "backstage_validators",
    "mermaid_dir",
    "mermaid_parse",
    "mermaid_runner",
]

BACKSTAGE_SCHEMAS_ENV = "DESIGNKIT_BACKSTAGE_SCHEMAS"
"""Environment variable naming the folder of Backstage's entity schemas, if not the default."""
MERMAID_DIR_ENV = "DESIGNKIT_MERMAID_DIR"
"""Environment variable naming the folder holding mermaid and jsdom, if not the default."""

KIND_SCHEMA = {
    "API": "ApiV1alpha1",
    "Component": "ComponentV1alpha1",
    "Domain": "DomainV1alpha1",
    "Group": "GroupV1alpha1",
    "Resource": "ResourceV1alpha1",
    "System": "SystemV1alpha1",
}
# Backstage's naming rules, which its validators apply in code rather than in the
# schemas (backstage.io/docs/features/software-catalog/descriptor-format, "name"
# and "tags"; KubernetesValidatorFunctions / makeValidator in @backstage/catalog-model).
NAME = re.compile(r"^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$")
TAG = re.compile(r"^[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*$")
# The kind a relation's target has when a reference leaves it out (Backstage's defaults).
REF_FIELDS = {
    "owner": "group",
    "system": "system",
    "domain": "domain",
    "providesApis": "api",
    "consumesApis": "api",
    "dependsOn": None,
}
PLACEHOLDERS = ("$text", "$json", "$yaml")
"""Backstage's placeholder processor replaces ``{$text: file}`` by the file's content."""


def backstage_schemas_path() -> Path:
    """Where Backstage's entity schemas are looked for (one ``<$id>.json`` per schema)."""
    configured = os.environ.get(BACKSTAGE_SCHEMAS_ENV)
    if configured:
        return Path(configured)
    return Path(sys.prefix) / "share" / "designkit" / "backstage"


def backstage_validators(path: Path | None = None) -> dict[str, Any]:
    """Schema id -> a Draft 7 validator, for the envelope and each kind designkit writes.

    Raises :class:`Missing` when the schemas have not been fetched.
    """
    path = path or backstage_schemas_path()
    if not (path / ".complete").is_file():
        raise Missing(
            f"Backstage's catalog schemas are not in {path} "
            "(run scripts/fetch-backstage-schemas.sh, which needs npm and node)"
        )
    return _backstage_validators(path)


@cache
def _backstage_validators(path: Path) -> dict[str, Any]:
    jsonschema = require("jsonschema")
    referencing = require("referencing")
    draft7 = require("referencing.jsonschema").DRAFT7
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.json"))]
    registry = referencing.Registry().with_resources(
        (s["$id"], referencing.Resource.from_contents(s, default_specification=draft7))
        for s in schemas
    )
    by_id = {s["$id"]: s for s in schemas}
    ids = [*KIND_SCHEMA.values(), "EntityEnvelope"]
    return {i: crawled(jsonschema.Draft7Validator(by_id[i], registry=registry)) for i in ids}


def backstage_schema_errors(validators: dict[str, Any], entity: dict[str, Any]) -> list[str]:
    """What the envelope schema and the entity's kind schema find wrong with ``entity``."""
    where = f"{entity.get('kind')}:{entity.get('metadata', {}).get('name')}"
    found = []
    for schema in ("EntityEnvelope", KIND_SCHEMA.get(entity.get("kind", ""), "")):
        if not schema:
            found.append(f"{where}: kind has no schema here")
            continue
        for error in validators[schema].iter_errors(entity):
            found.append(f"{where} ({schema}) {error.json_path}: {error.message[:200]}")
    return found


def backstage_rule_errors(entities: list[dict[str, Any]]) -> list[str]:
    """Names, tags and references: what Backstage checks beyond the schemas."""
    names = {(e.get("kind", "").lower(), e.get("metadata", {}).get("name")) for e in entities}
    found = []
    for e in entities:
        name = e.get("metadata", {}).get("name", "")
        where = f"{e.get('kind')}:{name}"
        if not (NAME.match(name) and len(name) <= 63):
            found.append(f"{where}: bad name")
        found += [
            f"{where}: bad tag {t!r}" for t in e["metadata"].get("tags", []) if not TAG.match(t)
        ]
        for key, default in REF_FIELDS.items():
            value = e.get("spec", {}).get(key, [])
            for ref in [value] if isinstance(value, str) else value:
                kind, _, target = ref.rpartition(":")
                kind = kind or default or ""
                if (kind.lower(), target) not in names:
                    found.append(f"{where}: {key} {ref!r} names no entity of the catalog")
    keys = [(e.get("kind"), e.get("metadata", {}).get("name")) for e in entities]
    found += [f"duplicate {k}" for k in sorted({k for k in keys if keys.count(k) > 1}, key=str)]
    return found


def _resolved(value: Any) -> Any:
    """``value`` with each placeholder object replaced by a string, as Backstage reads it."""
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in PLACEHOLDERS:
            return f"(content of {next(iter(value.values()))})"
        return {k: _resolved(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolved(v) for v in value]
    return value


def _backstage_problems(doc: Document) -> list[str]:
    validators = backstage_validators()
    entities = [_resolved(e) for e in as_written(doc)]
    found = [err for e in entities for err in backstage_schema_errors(validators, e)]
    return found + backstage_rule_errors(entities)


BACKSTAGE = Validator(
    "Backstage catalog schemas",
    lambda d: d.path.startswith("backstage/") and d.format == "yaml",
    _backstage_problems,
)


def mermaid_dir() -> Path:
    """Where mermaid and jsdom are installed (``node_modules`` inside)."""
    configured = os.environ.get(MERMAID_DIR_ENV)
    if configured:
        return Path(configured)
    return Path(sys.prefix) / "share" / "designkit" / "mermaid"


def mermaid_runner() -> Path:
    """The node script that parses ``.mmd`` files with Mermaid and prints what it read."""
    return Path(str(resources.files(__package__).joinpath("mermaid_parse.mjs")))


def _mermaid_tools() -> tuple[str, Path]:
    """``node`` and the folder holding Mermaid's parser, or :class:`Missing` saying what to run."""
    node = shutil.which("node")
    if node is None:
        raise Missing("node is needed to run Mermaid's parser (apt-get install nodejs)")
    folder = mermaid_dir()
    if not (folder / ".complete").is_file():
        raise Missing(
            f"Mermaid's parser is not in {folder} "
            "(run scripts/fetch-mermaid.sh, which needs npm and node)"
        )
    return node, folder


def mermaid_parse(paths: list[Path], timeout: float = 300) -> list[dict[str, Any]]:
    """What Mermaid's own parser read from each file (``{"file", "error"}`` when it refused).

    One node run for all the files. Raises :class:`Missing` without node or the parser.
    """
    node, folder = _mermaid_tools()
    run = subprocess.run(
        [node, str(mermaid_runner()), str(folder), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(f"Mermaid's parser failed: {run.stderr[-2000:]}")
    results: list[dict[str, Any]] = json.loads(run.stdout)
    return results


@cache
def _mermaid_error(text: str, tools: tuple[str, Path]) -> str | None:
    """Mermaid's complaint about ``text`` (None: it parsed); cached per text and installation."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "diagram.mmd"
        path.write_text(text, encoding="utf-8")
        (result,) = mermaid_parse([path])
    error: str | None = result.get("error")
    return error


def _mermaid_problems(doc: Document) -> list[str]:
    error = _mermaid_error(str(doc.content), _mermaid_tools())
    return [] if error is None else [f"{doc.path}: {error}"]


MERMAID = Validator(
    "Mermaid parser", lambda d: d.path.endswith(".mmd"), _mermaid_problems, external=True
)


def _structurizr_problems(doc: Document) -> list[str]:
    try:
        read(str(doc.content))
    except DslError as error:
        return [f"{doc.path}: {error}"]
    return []


STRUCTURIZR = Validator(
    "Structurizr DSL reader (designkit's)",
    lambda d: d.path.endswith(".dsl"),
    _structurizr_problems,
)
"""Structurizr's parser is Java; see :mod:`.structurizr_dsl` for the rules this one follows."""
