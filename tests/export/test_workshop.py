from pathlib import Path

import nbformat
import pytest

from designkit.cli import main
from designkit.errors import DesignKitError
from designkit.export.workshop import prepare_workshop
from designkit.phases import PHASES
from tests.conftest import FIXTURES


def test_notebooks_parameterised_for_the_design(tmp_path):
    written = prepare_workshop(FIXTURES / "small-shop.yaml", tmp_path / "ws")
    assert [p.name for p in written] == [p.notebook for p in PHASES]
    nb = nbformat.read(written[0], as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert str((FIXTURES / "small-shop.yaml").resolve()) in injected[0].source


def test_existing_workshop_notebooks_are_kept_unless_refreshed(tmp_path):
    folder = tmp_path / "ws"
    prepare_workshop(FIXTURES / "small-shop.yaml", folder)
    notes = folder / PHASES[0].notebook
    notes.write_text(notes.read_text().replace("Phase 0", "Phase 0 (our notes)"))
    assert prepare_workshop(FIXTURES / "small-shop.yaml", folder) == []
    assert "our notes" in notes.read_text()
    assert len(prepare_workshop(FIXTURES / "small-shop.yaml", folder, refresh=True)) == 9
    assert "our notes" not in notes.read_text()


def test_invalid_design_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata: {}\n")
    with pytest.raises(DesignKitError, match=r"metadata\.name"):
        prepare_workshop(bad, tmp_path / "ws")
    assert not (tmp_path / "ws").exists()


def test_lab_command_launches_jupyterlab(tmp_path, monkeypatch):
    import importlib.util
    import subprocess

    calls = []
    monkeypatch.setattr(subprocess, "call", lambda cmd: calls.append(cmd) or 0)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    folder = tmp_path / "ws"
    code = main(["lab", str(FIXTURES / "small-shop.yaml"), "--dir", str(folder), "--no-browser"])
    assert code == 0
    assert calls and calls[0][1:3] == ["-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={folder}" in calls[0] and "--no-browser" in calls[0]
    assert (folder / PHASES[0].notebook).is_file()


def test_lab_without_jupyterlab_says_how_to_install(tmp_path, monkeypatch, capsys):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert main(["lab", str(FIXTURES / "small-shop.yaml"), "--dir", str(tmp_path)]) == 1
    assert "make setup" in capsys.readouterr().err


@pytest.mark.parametrize(("euid", "expected"), [(0, True), (1000, False)])
def test_lab_allows_root_only_as_root(monkeypatch, euid, expected):
    import os

    from designkit.export.workshop import lab_command

    monkeypatch.setattr(os, "geteuid", lambda: euid)
    assert ("--allow-root" in lab_command(Path("ws"))) is expected
    assert "--ServerApp.ip=0.0.0.0" in lab_command(Path("ws"), ip="0.0.0.0", port=8888)


def test_lab_on_a_bundled_example_works_on_a_copy(tmp_path, monkeypatch, capsys):
    import importlib.util
    import subprocess

    from designkit.examples_index import example_path

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(subprocess, "call", lambda cmd: 0)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    example = example_path("healthcare")
    before = sorted(p.name for p in example.resolve().parent.iterdir())
    assert main(["lab", "--no-browser"]) == 0
    assert main(["lab", str(example), "--no-browser"]) == 0
    out = capsys.readouterr().out
    assert "bundled example" in out and "ecommerce.yaml" in out
    assert (tmp_path / "ecommerce.yaml").read_bytes() == example_path("ecommerce").read_bytes()
    assert (tmp_path / "ecommerce-workshop" / PHASES[0].notebook).is_file()
    assert (tmp_path / "healthcare-workshop" / PHASES[0].notebook).is_file()
    assert sorted(p.name for p in example.resolve().parent.iterdir()) == before


def test_workshop_folder_never_inside_the_examples(tmp_path):
    from designkit.examples_index import example_path

    inside = example_path("ecommerce").resolve().parent / "x-workshop"
    with pytest.raises(DesignKitError, match="bundled examples"):
        prepare_workshop(FIXTURES / "small-shop.yaml", inside)
    assert not inside.exists()
