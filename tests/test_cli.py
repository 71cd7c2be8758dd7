"""The designkit command: exit codes, messages, no tracebacks for bad input."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest

import designkit
from designkit.cli import main
from tests.conftest import EXAMPLES, FIXTURES


def test_validate_examples_ok(capsys):
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    assert len(files) == 3
    assert main(["validate", *files]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok (") == 3


BAD_FILES = {
    "empty.yaml": b"",
    "syntax.yaml": b"metadata: {name: x\n",
    "list.yaml": b"- a\n- b\n",
    "binary.yaml": b"\x00\x01\x02binary",
    "python-tag.yaml": b"metadata: !!python/object/apply:os.system ['touch PWNED']\n",
    "future.yaml": b"schema_version: 99\nmetadata: {name: x}\n",
    "types.yaml": b"metadata: {name: x}\nservices: [{name: a, deployment: {replicas: many}}]\n",
    "reference.yaml": b"metadata: {name: x}\nservices:\n  - name: order\n    dependencies:\n"
    b"      - target: paymnt\n  - name: payment\n",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_validate_bad_files_exit_1_naming_the_file(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err
    assert "Traceback" not in err
    assert not (tmp_path / "PWNED").exists()


def test_reference_error_has_path_line_and_hint(tmp_path, capsys):
    path = tmp_path / "reference.yaml"
    path.write_bytes(BAD_FILES["reference.yaml"])
    main(["validate", str(path)])
    err = capsys.readouterr().err.strip()
    assert err == (
        f"{path}:5: services[0].dependencies[0].target: 'paymnt' is not a service "
        "(did you mean 'payment'?)"
    )


def test_one_bad_file_fails_the_run_but_all_are_checked(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- nope\n")
    assert main(["validate", str(bad), str(FIXTURES / "small-shop.yaml")]) == 1
    captured = capsys.readouterr()
    assert "small-shop.yaml: ok" in captured.out and "bad.yaml" in captured.err


def test_oversize_file_refused(tmp_path, capsys):
    path = tmp_path / "big.yaml"
    path.write_text("metadata: {name: x}\n" + "# padding\n" * 50)
    assert main(["validate", "--max-bytes", "100", str(path)]) == 1
    assert "the limit is 100" in capsys.readouterr().err
    assert main(["validate", str(path)]) == 0


def test_schema_prints_json_schema(capsys):
    import json

    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Design" and "services" in schema["properties"]


def test_new_minimal_and_from_example(tmp_path, capsys):
    out = tmp_path / "shop.yaml"
    assert main(["new", "shop", "--out", str(out)]) == 0
    assert designkit.load(out).metadata.name == "shop"
    assert main(["new", "shop", "--out", str(out)]) == 1  # never overwrites
    assert "exists" in capsys.readouterr().err

    bank = tmp_path / "bank.yaml"
    assert main(["new", "mybank", "--from", "banking", "--out", str(bank)]) == 0
    design = designkit.load(bank)
    assert design.metadata.name == "mybank"
    assert len(design.services) == len(designkit.load(EXAMPLES / "banking.yaml").services)


@pytest.mark.parametrize("given", ["x/shop", "x/shop.yaml"])
@pytest.mark.parametrize("example", [[], ["--from", "banking"]])
def test_new_names_the_design_from_the_file_stem(tmp_path, monkeypatch, given, example):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x").mkdir()
    assert main(["new", str(tmp_path / given), *example]) == 0
    assert designkit.load(tmp_path / "x" / "shop.yaml").metadata.name == "shop"
    assert main(["new", given, *example]) == 1  # the same file: exists, never overwritten


def test_new_from_unknown_example(tmp_path, capsys):
    assert main(["new", "x", "--from", "nope", "--out", str(tmp_path / "x.yaml")]) == 1
    assert "ecommerce" in capsys.readouterr().err


def test_console_script_runs_without_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata: [")
    proc = subprocess.run(
        [sys.executable, "-m", "designkit.cli", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "bad.yaml:1" in proc.stderr


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "validate" in capsys.readouterr().out


VALIDATE_AND_REPORT_IMPORTS = """
import gc, sys
from designkit.cli import main
status = main(["validate", "-q", sys.argv[1]])
print(status, "importlib.metadata" in sys.modules, gc.isenabled())
from pydantic.plugin import _loader
print(callable(_loader.get_plugins), _loader.PYDANTIC_ENTRY_POINT_GROUP)
"""


@pytest.mark.parametrize(
    ("plugins", "scanned"), [(None, False), ("__all__", False), ("some-plugin", True)]
)
def test_validate_does_not_import_the_plugin_scan(plugins, scanned):
    # pydantic's plugin loader imports importlib.metadata (5% of a small
    # validate); with every plugin off the CLI stands in for it, and anything
    # else asked of the loader still reaches the real one.
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if plugins is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = plugins
    proc = subprocess.run(
        [sys.executable, "-c", VALIDATE_AND_REPORT_IMPORTS, str(EXAMPLES / "ecommerce.yaml")],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    first, second = proc.stdout.splitlines()
    assert first == f"0 {scanned} True"  # valid, metadata imported or not, collector back on
    assert second == "True pydantic"


def test_validate_turns_the_collector_back_on(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata: {name: x}\nservices: [{name: Bad Name}]\n")
    assert gc.isenabled()
    assert main(["validate", str(bad)]) == 1
    assert gc.isenabled()
    assert "services[0].name" in capsys.readouterr().err


def test_console_script_exits_with_the_status_of_main(tmp_path):
    # `run` (the console script) freezes the survivors before exit; the status,
    # output and messages are main's.
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata: {name: x}\nservices: [{name: Bad Name}]\n")
    code = "from designkit.cli import run; run()"
    for path, status in ((EXAMPLES / "ecommerce.yaml", 0), (bad, 1)):
        proc = subprocess.run(
            [sys.executable, "-c", code, "validate", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == status, proc.stderr
        assert ("ok (" in proc.stdout) == (status == 0)
        assert ("services[0].name" in proc.stderr) == (status == 1)


def test_one_command_parser_matches_the_full_parser():
    # main builds only the named command's parser; _COMMANDS must name them all,
    # and each alone must parse as in the full parser.
    import argparse

    from designkit.cli import _COMMANDS, _parser

    def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return dict(action.choices)

    full = commands(_parser())
    assert tuple(full) == _COMMANDS
    for name in _COMMANDS:
        alone = commands(_parser(name))
        assert list(alone) == [name]
        assert alone[name].format_help() == full[name].format_help()
