"""`designkit analyze --format sarif` and `--list`: the official SARIF schema, lines, rules."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from designkit.analysis.antipatterns import rules
from designkit.cli import main
from tests.analysis.antipatterns._support import FIXTURES
from tests.conftest import EXAMPLES, ROOT

SCHEMA = Path(
    os.environ.get(
        "DESIGNKIT_SARIF_SCHEMA", ROOT / ".venv" / "share" / "designkit" / "sarif-2.1.0.json"
    )
)


@cache
def _validator() -> Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(schema)  # the schema declares draft-04
    validator: Validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return validator


@pytest.fixture
def official() -> Validator:
    """The official SARIF 2.1.0 schema; a missing schema fails, it does not skip."""
    if not SCHEMA.is_file():
        pytest.fail(
            f"the SARIF 2.1.0 JSON Schema is missing ({SCHEMA}); "
            "run scripts/fetch-sarif-schema.sh to fetch it"
        )
    return _validator()


def _sarif(capsys, *args: str) -> tuple[int, dict]:
    code = main(["analyze", *args, "--format", "sarif"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", ["ecommerce", "banking", "healthcare"])
def test_sarif_of_the_examples_is_valid(official, capsys, name):
    _code, log = _sarif(capsys, str(EXAMPLES / f"{name}.yaml"))
    errors = sorted(official.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    (run,) = log["runs"]
    assert len(run["tool"]["driver"]["rules"]) == len(rules())
    assert run["results"], "every example has at least one finding"


def test_the_validator_rejects_a_broken_log(official, capsys):
    _code, log = _sarif(capsys, str(FIXTURES / "cyclic-sync.yaml"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not official.is_valid(log)


def test_results_point_at_the_design_file_line(capsys):
    path = FIXTURES / "cyclic-sync.yaml"
    code, log = _sarif(capsys, str(path), "--rule", "cyclic-sync-dependency")
    assert code == 1
    (result,) = log["runs"][0]["results"]
    location = result["locations"][0]
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "services[0].dependencies[0]"
    line = location["physicalLocation"]["region"]["startLine"]
    lines = path.read_text(encoding="utf-8").splitlines()
    # The first dependency of the first service: its line names the target.
    assert "target:" in lines[line - 1]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == path.as_posix() or (
        location["physicalLocation"]["artifactLocation"]["uri"] == path.as_uri()
    )
    assert result["level"] == "error" and result["ruleId"] == "cyclic-sync-dependency"


def test_list_json_shows_every_rule_with_its_source(capsys):
    assert main(["analyze", "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == len(rules()) >= 60
    assert {r["family"] for r in listed} == {
        "structure",
        "communication",
        "data",
        "events",
        "sagas",
        "security",
        "resilience",
        "recovery",
        "operations",
    }
    for rule in listed:
        assert rule["citation"] and rule["fix"] and rule["severity"] in ("error", "warning", "info")
        assert 0 <= rule["phase"] <= 7


def test_list_filters_by_family(capsys):
    assert main(["analyze", "--list", "--family", "sagas"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "12 rules"
    heads = [line for line in out[:-1] if not line.startswith(" ")]
    assert len(heads) == 12 and all("[sagas, phase 3," in line for line in heads)
