"""`designkit analyze`: text and JSON output, exit codes, --rule and --threshold."""

from __future__ import annotations

import json

import pytest

from designkit.cli import main
from tests.analysis.antipatterns._support import FIXTURES
from tests.conftest import FIXTURES as SHARED_FIXTURES

CYCLE = str(FIXTURES / "cyclic-sync.yaml")
SHOP = str(SHARED_FIXTURES / "small-shop.yaml")


def test_text_output_one_line_per_finding_and_a_summary(capsys):
    assert main(["analyze", SHOP, "--phase", "1", "--phase", "3", "--family", "data"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "WARNING foreign-store-access services[2].stores[1]: stock reads orders-db, which order "
        "owns: it depends on order's private schema (fix: get the data from order's API, or keep "
        "a copy fed by order's events)"
    )
    assert all(line.startswith(("ERROR ", "WARNING ", "INFO ")) for line in lines[:-1])
    assert lines[-1] == "small-shop: 1 finding (0 error, 1 warning, 0 info)"


def test_every_rule_runs_by_default(capsys):
    assert main(["analyze", SHOP]) == 1  # recovery errors: nightly backups, RPO 60 min
    out = capsys.readouterr().out
    assert "ERROR dr-backup-misses-rpo stores[0].backup" in out
    assert "WARNING route-without-rate-limit gateway.routes[0].rate_limit" in out


def test_an_error_finding_exits_1(capsys):
    assert main(["analyze", CYCLE]) == 1
    out = capsys.readouterr().out
    assert out.startswith("ERROR cyclic-sync-dependency services[0].dependencies[0]: ")
    assert "1 error" in out


def test_json_output(capsys):
    assert main(["analyze", CYCLE, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["design"] == "cyclic-sync"
    severities = [f["severity"] for f in report["findings"]]
    assert report["summary"] == {s: severities.count(s) for s in ("error", "warning", "info")}
    assert report["summary"]["error"] == 1
    first = report["findings"][0]
    assert list(first) == ["rule", "severity", "path", "subject", "message", "fix", "accepted"]
    assert first["rule"] == "cyclic-sync-dependency"
    assert first["subject"] == "order -> payment -> ledger -> order"


def test_rule_selects_rules(capsys):
    args = ["analyze", CYCLE, "--rule", "no-slo", "--rule", "timeout-budget", "--format", "json"]
    assert main(args) == 0  # the cycle (an error) is not among the selected rules
    report = json.loads(capsys.readouterr().out)
    assert {f["rule"] for f in report["findings"]} == {"no-slo", "timeout-budget"}


def test_threshold_overrides(capsys):
    chain = str(FIXTURES / "long-sync-chain.yaml")
    args = ["analyze", chain, "--rule", "long-sync-chain"]
    assert main(args) == 0
    assert "WARNING long-sync-chain" in capsys.readouterr().out
    assert main([*args, "--threshold", "max_sync_hops=5"]) == 0
    assert (
        capsys.readouterr().out.strip()
        == "long-sync-chain: 0 findings (0 error, 0 warning, 0 info)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rule", "cyclic"], "unknown rule 'cyclic'"),
        (["--threshold", "max_sync_hop=3"], "did you mean 'max_sync_hops'"),
        (["--threshold", "max_sync_hops"], "NAME=NUMBER"),
        (["--threshold", "max_sync_hops=many"], "NAME=NUMBER"),
        (["--threshold", "max_sync_hops=inf"], "finite number"),
        (["--family", "secruity"], "did you mean 'security'"),
        (["--phase", "9"], "unknown phase 9"),
    ],
)
def test_bad_options_exit_2_with_a_clean_message(capsys, args, message):
    assert main(["analyze", CYCLE, *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("designkit: ") and message in err and "Traceback" not in err


@pytest.mark.parametrize(
    "content",
    [
        b"metadata: {name: x\n",
        b"metadata: {name: x}\nservices: [{name: a, dependencies: [{target: b}]}]\n",
    ],
)
def test_invalid_design_exits_1_without_traceback(tmp_path, capsys, content):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    assert main(["analyze", str(path)]) == 1
    captured = capsys.readouterr()
    assert str(path) in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_missing_file_exits_1(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nope.yaml")]) == 1
    assert "no such file" in capsys.readouterr().err
