"""designkit generate: listing without a design, the names users know, usage errors."""

from __future__ import annotations

import pytest

from designkit.cli import main
from designkit.generate import generators
from tests.conftest import EXAMPLES


def test_list_needs_no_design_and_no_out(capsys):
    assert main(["generate", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(generators())
    assert any(line.startswith("kong ") and "(also: gateway)" in line for line in lines)


@pytest.mark.parametrize(
    ("only", "folder"), [("kong", "gateway"), ("gateway", "gateway"), ("Chaos-Mesh", "chaos")]
)
def test_only_takes_the_names_users_know(tmp_path, capsys, only, folder):
    out = tmp_path / "out"
    assert (
        main(["generate", str(EXAMPLES / "ecommerce.yaml"), "--out", str(out), "--only", only]) == 0
    )
    assert {p.relative_to(out).parts[0] for p in out.rglob("*") if p.is_file()} == {folder}


def test_unknown_name_exits_2_listing_the_choices(tmp_path, capsys):
    assert (
        main(
            [
                "generate",
                str(EXAMPLES / "ecommerce.yaml"),
                "--out",
                str(tmp_path),
                "--only",
                "kubernets",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "unknown generator 'kubernets'; choose from" in err
    assert "kubernetes" in err
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("argv", [["generate"], ["generate", "x.yaml"], ["generate", "--out", "o"]])
def test_design_and_out_are_required_without_list(capsys, argv):
    assert main(argv) == 2
    assert "a DESIGN and --out DIR are needed" in capsys.readouterr().err
