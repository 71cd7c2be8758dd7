"""Findings as a SARIF 2.1.0 log, for GitHub code scanning and editors.

Each result is located at the line of the design file its field path points
to (``line_of``, from :func:`designkit.io.line_of`), and carries the path as
its logical location. Accepted findings are results with an in-source
suppression (the acceptance lives in the design file), so code scanning shows
them as dismissed. The log is built as data; the caller serialises it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .finding import Finding
from .registry import Rule

__all__ = ["LEVELS", "SARIF_SCHEMA", "sarif_log"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
"""SARIF's level for each severity."""


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.title,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.doc.split("\n\n")[0].replace("\n", " ")},
        "help": {"text": rule.fix},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "family": rule.family,
            "phase": rule.phase,
            "citation": list(rule.catalog),
            "tags": [rule.family],
        },
    }


def _result(
    finding: Finding, index: int, uri: str, line_of: Callable[[str], int | None]
) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    line = line_of(finding.path)
    location["region"] = {"startLine": line or 1}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": f"{finding.message}. Fix: {finding.fix}."},
        "locations": [
            {
                "physicalLocation": location,
                "logicalLocations": [{"fullyQualifiedName": finding.path, "kind": "member"}],
            }
        ],
        "partialFingerprints": {"designkitFinding/v1": f"{finding.rule}|{finding.path}"},
        "properties": {"subject": finding.subject},
    }
    if finding.accepted is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.accepted}]
    return result


def sarif_log(
    findings: Sequence[Finding],
    rules: Iterable[Rule],
    uri: str,
    line_of: Callable[[str], int | None],
    version: str,
) -> dict[str, Any]:
    """The SARIF 2.1.0 log of ``findings`` in the design file at ``uri``.

    Parameters
    ----------
    findings : sequence of Finding
        What ``analyze`` found.
    rules : iterable of Rule
        The rules that ran (listed in the tool's driver, with their citations).
    uri : str
        The design file, relative to the repository root where possible.
    line_of : callable
        The 1-based line of a finding's field path in the file (None: unknown, line 1).
    version : str
        designkit's version.

    Examples
    --------
    >>> from designkit.analysis.antipatterns import get_rule
    >>> f = Finding("no-slo", "warning", "services[0]", "a", "a has no SLO", "add one")
    >>> log = sarif_log([f], [get_rule("no-slo")], "design.yaml", lambda p: 7, "0.1.0")
    >>> result = log["runs"][0]["results"][0]
    >>> result["level"], result["locations"][0]["physicalLocation"]["region"]
    ('warning', {'startLine': 7})
    """
    listed = list(rules)
    index = {rule.id: i for i, rule in enumerate(listed)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "designkit",
                        "version": version,
                        "rules": [_rule(rule) for rule in listed],
                    }
                },
                "artifacts": [{"location": {"uri": uri}}],
                "results": [_result(f, index[f.rule], uri, line_of) for f in findings],
            }
        ],
    }
