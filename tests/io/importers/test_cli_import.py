"""designkit import PATH ... --out: write, merge with conflicts, and the imported design works."""

from __future__ import annotations

import shutil

import designkit
from designkit.cli import main

from ._helpers import HERE, inside


def _copy(tmp_path):
    for name in ("compose", "k8s", "contracts"):
        shutil.copytree(HERE / name, tmp_path / name)


def test_import_writes_a_design_and_reports_what_it_read(tmp_path, capsys):
    _copy(tmp_path)
    with inside(tmp_path):
        assert main(["import", "k8s", "contracts", "--out", "library.yaml"]) == 0
        out = capsys.readouterr().out
        assert "read k8s/workloads.yaml (kubernetes)" in out
        assert "read contracts/library.cml (cml)" in out
        last = out.strip().splitlines()[-1]
        assert last.startswith("wrote library.yaml (3 services, 4 bounded contexts, 2 stores, ")
        design = designkit.load("library.yaml")
    assert design.metadata.name == "library"
    assert main(["validate", str(tmp_path / "library.yaml")]) == 0


def test_merging_keeps_the_users_value_and_reports_the_conflict(tmp_path, capsys):
    _copy(tmp_path)
    with inside(tmp_path):
        assert main(["import", "k8s", "--out", "library.yaml"]) == 0
        text = (tmp_path / "library.yaml").read_text()
        # The user edits the design: a team's decision and a comment.
        text = text.replace("replicas: 3", "replicas: 5  # agreed in the workshop", 1)
        (tmp_path / "library.yaml").write_text(text)
        capsys.readouterr()
        assert main(["import", "k8s", "contracts", "--out", "library.yaml"]) == 0
        captured = capsys.readouterr()
        assert (
            "designkit: conflict: services[catalog].deployment.replicas: yours 5, import 3 "
            "(kept yours)" in captured.err
        )
        assert "merged into library.yaml" in captured.out
        merged = designkit.load("library.yaml")
        assert merged.service("catalog").deployment.replicas == 5
        assert "# agreed in the workshop" in (tmp_path / "library.yaml").read_text()
        assert merged.service("loans").endpoints  # the contracts were added
        assert main(["import", "k8s", "--out", "library.yaml", "--prefer", "import"]) == 0
        assert designkit.load("library.yaml").service("catalog").deployment.replicas == 3


def test_imported_design_analyzes_and_generates(tmp_path, capsys):
    _copy(tmp_path)
    with inside(tmp_path):
        assert main(["import", "compose", "--out", "shop.yaml"]) == 0
        capsys.readouterr()
        assert main(["analyze", "shop.yaml"]) == 1  # errors: calls without timeouts
        out = capsys.readouterr().out
        assert "ERROR missing-timeout services[0].dependencies[0].timeout_ms" in out
        assert main(["generate", "shop.yaml", "--out", "gen", "--only", "kubernetes"]) == 0
        assert (tmp_path / "gen" / "kubernetes" / "base" / "menu" / "deployment.yaml").exists()


def test_bad_input_is_one_line_naming_the_file(tmp_path, capsys):
    bad = tmp_path / "x.proto"
    bad.write_text('syntax = "proto3";\nservice A { rpc B( returns (C); }\n')
    assert main(["import", str(bad), "--out", str(tmp_path / "o.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"designkit: {bad}:2: not a valid .proto file: no viable alternative")
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o.yaml").exists()


def test_unknown_kind_and_missing_out(tmp_path, capsys):
    assert main(["import", "x", "--out", "o.yaml", "--kind", "terraform"]) == 2
    assert "--kind 'terraform': choose one of compose, kubernetes" in capsys.readouterr().err
    assert main(["import", "x"]) == 2


def test_files_that_hold_nothing_to_import_are_an_error(tmp_path, capsys):
    empty = tmp_path / "types.proto"
    empty.write_text('syntax = "proto3";\nmessage A { string b = 1; }\n')
    assert main(["import", str(empty), "--out", str(tmp_path / "o.yaml")]) == 1
    assert "found no service, store, topic, context or entity" in capsys.readouterr().err
