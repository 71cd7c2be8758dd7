"""designkit import servicecutter and designkit decompose."""

from __future__ import annotations

import json

import pytest

import designkit
from designkit.cli import main
from tests.conftest import EXAMPLES, FIXTURES

SC = FIXTURES / "servicecutter"


def test_import_writes_a_valid_design(tmp_path, capsys):
    out = tmp_path / "library.yaml"
    args = ["import", "servicecutter", str(SC / "library_model_strings.json")]
    assert main([*args, str(SC / "library_user_nested.json"), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"wrote {out} (6 entities, 15 nanoentities, 5 use cases)"
    )
    design = designkit.load(out)
    assert design.domain.predefined_services[0].name == "Accounting"


def test_import_without_user_representations_and_overwrite(tmp_path, capsys):
    out = tmp_path / "library.yaml"
    out.write_text("keep me")
    args = ["import", "servicecutter", str(SC / "library_model_objects.json"), "--out", str(out)]
    assert main(args) == 1
    assert "exists; pass --force" in capsys.readouterr().err
    assert out.read_text() == "keep me"
    assert main([*args, "--force"]) == 0
    assert designkit.load(out).domain.use_cases == []


def test_import_bad_input_names_file_and_json_path(tmp_path, capsys):
    user = tmp_path / "user.json"
    user.write_text(json.dumps({"useCases": [{"name": "x", "nanoentitiesRead": ["Book.isbm"]}]}))
    out = tmp_path / "out.yaml"
    model = str(SC / "library_model_strings.json")
    assert main(["import", "servicecutter", model, str(user), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        f"designkit: {user}: $.useCases[0].nanoentitiesRead[0]: 'Book.isbm' is not a "
        "nanoentity of the model (did you mean 'Book.isbn'?)"
    )
    assert not out.exists()


def test_import_warnings_go_to_stderr(tmp_path, capsys):
    user = tmp_path / "user.json"
    user.write_text(json.dumps({"useCases": [], "notes": "hello"}))
    out = tmp_path / "out.yaml"
    model = str(SC / "library_model_strings.json")
    assert main(["import", "servicecutter", model, str(user), "--out", str(out)]) == 0
    assert "warning: " in capsys.readouterr().err and out.exists()


def test_decompose_prints_a_table_and_a_summary(capsys):
    assert main(["decompose", str(EXAMPLES / "banking.yaml"), "--services", "4"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:2] == ["nanoentities", "entities"]
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("banking: 4 candidates (greedy-modularity), modularity ")
    assert "0 constraint violations" in out


def test_decompose_json_with_priorities_and_algorithm(capsys):
    design = str(FIXTURES / "decomposition" / "predefined-service.yaml")
    args = ["decompose", design, "--json", "--algorithm", "greedy-modularity"]
    assert main([*args, "--priority", "semantic_proximity=XL", "--priority", "Latency=S"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["design"] == "predefined-service"
    assert data["algorithm"] == "greedy-modularity"
    assert data["priorities"]["semantic_proximity"] == 8.0 and data["priorities"]["latency"] == 1.0
    assert "Billing" in [c["name"] for c in data["candidates"]]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--priority", "latency"], "--priority takes CRITERION=LEVEL; got 'latency'"),
        (["--priority", "latncy=M"], "'latncy' is not a coupling criterion"),
        (["--priority", "latency=HUGE"], "priorities.latency: 'HUGE' is not a priority"),
        (["--algorithm", "kmeans"], "'kmeans' is not a clustering algorithm"),
        (["--services", "0"], "n: the number of services must be a whole number >= 1"),
    ],
)
def test_decompose_bad_options_exit_2(capsys, extra, message):
    assert main(["decompose", str(EXAMPLES / "banking.yaml"), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_decompose_bad_design_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- not a design\n")
    assert main(["decompose", str(bad)]) == 1
    assert str(bad) in capsys.readouterr().err


def test_import_without_a_format_shows_the_formats(capsys):
    assert main(["import"]) == 2
    assert "servicecutter" in capsys.readouterr().out
