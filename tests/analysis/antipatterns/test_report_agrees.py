"""`designkit analyze` and the report show the same findings on every bundled example.

The report's findings come from the phase notebooks' views (data, events,
topics, sagas, consistency, security, chains, recovery) and the summary's
full list; all are filtered views of the one registry, so each must be the
CLI's findings of those rules, and together they are the CLI's list.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

import designkit
from designkit.analysis import (
    consistency,
    data_architecture,
    event_catalog,
    recovery,
    resilience_plan,
    sagas,
    security,
    topics,
)
from designkit.analysis.antipatterns import analyze, summary
from designkit.cli import main
from designkit.render.summary import executive_summary
from tests.conftest import EXAMPLES, ROOT

NAMES = ["ecommerce", "banking", "healthcare"]


def _cli(capsys, name: str) -> list[dict]:
    main(["analyze", str(EXAMPLES / f"{name}.yaml"), "--format", "json"])
    findings: list[dict] = json.loads(capsys.readouterr().out)["findings"]
    return findings


def _keys(findings) -> list[tuple[str, str, str, str]]:
    return [
        (f["rule"], f["path"], f["subject"], f["message"])
        if isinstance(f, dict)
        else (f.rule, f.path, f.subject, f.message)
        for f in findings
    ]


@pytest.fixture(scope="module")
def designs():
    return {name: designkit.load(EXAMPLES / f"{name}.yaml") for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_each_phase_view_is_the_cli_list_of_its_rules(capsys, designs, name):
    design = designs[name]
    cli = _cli(capsys, name)
    views = {
        "data": data_architecture.data_findings(design),
        "events": event_catalog.event_findings(design),
        "topics": topics.messaging_findings(design),
        "sagas": sagas.saga_findings(design),
        "consistency": consistency.consistency_findings(design),
        "security": security.findings(design),
        "chains": list(resilience_plan.resilience_plan(design).findings),
        "recovery": list(recovery.recovery_plan(design).findings),
    }
    shown = set()
    for view, found in views.items():
        rules = {f.rule for f in found}
        expected = [f for f in cli if f["rule"] in rules]
        assert sorted(_keys(found)) == sorted(_keys(expected)), view
        shown.update(_keys(found))
    # The summary shows everything: the views plus the rules no phase view lists.
    assert sorted(_keys(analyze(design))) == sorted(_keys(cli))
    assert shown <= set(_keys(cli))


@pytest.mark.parametrize("name", NAMES)
def test_the_report_front_page_counts_what_analyze_counts(capsys, designs, name):
    design = designs[name]
    cli = _cli(capsys, name)
    counts = summary(analyze(design))
    assert sum(counts.values()) == len(cli)
    text = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in counts.items() if n)
    assert f"<p>{text}.</p>" in executive_summary(design)


def test_the_committed_summary_notebook_lists_the_cli_findings(capsys):
    # The notebooks run on the e-commerce example by default.
    cli = _cli(capsys, "ecommerce")
    notebook = nbformat.read(ROOT / "notebooks" / "08_summary.ipynb", as_version=4)
    cell = next(c for c in notebook.cells if "tables.findings(analyze(design))" in c.source)
    (output,) = [o for o in cell.outputs if "text/html" in o.get("data", {})]
    html = output["data"]["text/html"]
    # <wbr> marks where a long field path may break in print: not text.
    body = html[html.index("<tbody>") :].replace("<wbr>", "")
    assert body.count("<tr>") == len(cli)
    cells = set(re.findall(r"<td[^>]*>([^<]*)</td>", body))
    for finding in cli:
        assert finding["rule"] in cells and finding["path"] in cells
