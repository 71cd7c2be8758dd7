"""Accepted findings: shown as accepted risks, not failing analyze, failing again once expired."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import designkit
from designkit.analysis.antipatterns import analyze, summary
from designkit.cli import main
from designkit.errors import DesignValidationError
from tests.analysis.antipatterns._support import FIXTURES

CYCLE_PATH = "services[0].dependencies[0]"


def _cycle(tmp_path, until: str | None, *, rule: str = "cyclic-sync-dependency", path=CYCLE_PATH):
    text = (FIXTURES / "cyclic-sync.yaml").read_text(encoding="utf-8")
    entry = {"rule": rule, "path": path, "reason": "legacy billing loop, removed in Q3"}
    if until:
        entry["until"] = until
    target = tmp_path / "accepted.yaml"
    target.write_text(text + "accepted:\n- " + json.dumps(entry) + "\n", encoding="utf-8")
    return target


def test_an_accepted_finding_is_marked_and_not_counted(tmp_path):
    design = designkit.load(_cycle(tmp_path, "2030-01-01"))
    (found,) = analyze(design, rules=["cyclic-sync-dependency"], today=dt.date(2029, 12, 31))
    assert found.accepted == "legacy billing loop, removed in Q3 until 2030-01-01"
    assert summary([found]) == {"error": 0, "warning": 0, "info": 0}
    assert str(found).startswith("ACCEPTED ERROR cyclic-sync-dependency")


def test_an_expired_acceptance_fails_again(tmp_path):
    design = designkit.load(_cycle(tmp_path, "2020-01-01"))
    (found,) = analyze(design, rules=["cyclic-sync-dependency"])
    assert found.accepted is None
    assert "accepted until 2020-01-01, expired" in found.message
    assert summary([found])["error"] == 1


def test_acceptance_on_its_last_day_still_holds(tmp_path):
    design = designkit.load(_cycle(tmp_path, "2026-03-01"))
    (found,) = analyze(design, rules=["cyclic-sync-dependency"], today=dt.date(2026, 3, 1))
    assert found.accepted is not None


def test_cli_exit_status_follows_acceptance(tmp_path, capsys):
    accepted = _cycle(tmp_path, None)
    assert main(["analyze", str(accepted), "--rule", "cyclic-sync-dependency"]) == 0
    out = capsys.readouterr().out
    assert (
        out.splitlines()[-1] == "cyclic-sync: 0 findings (0 error, 0 warning, 0 info), 1 accepted"
    )
    expired = _cycle(tmp_path, "2001-01-01")
    assert main(["analyze", str(expired), "--rule", "cyclic-sync-dependency"]) == 1


def test_sarif_marks_accepted_findings_suppressed(tmp_path, capsys):
    accepted = _cycle(tmp_path, None)
    main(["analyze", str(accepted), "--rule", "cyclic-sync-dependency", "--format", "sarif"])
    (result,) = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert result["suppressions"] == [
        {"kind": "inSource", "justification": "legacy billing loop, removed in Q3"}
    ]


@pytest.mark.parametrize(
    ("rule", "path", "expected"),
    [
        ("cyclic-sync-dependncy", CYCLE_PATH, "did you mean 'cyclic-sync-dependency'"),
        ("cyclic-sync-dependency", "services[9]", "finds nothing at services[9]"),
    ],
)
def test_a_stale_acceptance_is_reported(tmp_path, rule, path, expected):
    design = designkit.load(_cycle(tmp_path, None, rule=rule, path=path))
    found = analyze(design, rules=["cyclic-sync-dependency", "stale-acceptance"])
    stale = [f for f in found if f.rule == "stale-acceptance"]
    assert len(stale) == 1 and expected in stale[0].message
    assert stale[0].path.startswith("accepted[0]")


def test_no_acceptance_no_stale_finding(tmp_path):
    design = designkit.load(FIXTURES / "cyclic-sync.yaml")
    assert analyze(design, rules=["stale-acceptance"]) == []


def test_an_acceptance_needs_a_reason(tmp_path):
    target = tmp_path / "bad.yaml"
    target.write_text(
        "metadata: {name: x}\naccepted:\n- {rule: no-slo, path: 'services[0]', reason: ''}\n",
        encoding="utf-8",
    )
    with pytest.raises(DesignValidationError, match=r"accepted\[0\]\.reason"):
        designkit.load(target)
