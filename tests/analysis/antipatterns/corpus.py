"""The rule corpus: for every rule, a positive and a negative design built from one clean base.

``tests/fixtures/rules/clean.yaml`` is a small design no rule finds anything
in. ``tests/fixtures/rules/RULE.yaml`` turns it into the rule's positive case
(the problem as its source defines it) and a negative one (a near miss the
rule must leave alone), each an edit of the base::

    source: where the definition comes from
    positive:
      set: {"services[1].dependencies[0].timeout_ms": null}   # path: value
      append: {"topics": {name: t}}                           # path: item
      unset: ["services[1].outbox"]                           # back to the default
      expect: [RULE, other-rule]   # every rule that must fire (default: [RULE])
    negative:
      set: {...}
      expect: []                   # default: nothing fires

Every finding of every rule on every case is compared with ``expect``: a
finding of a rule not expected is a false alarm, an expected rule that stays
silent is a miss (see :func:`scores`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from designkit.analysis.antipatterns import analyze
from designkit.io import validate_data

__all__ = [
    "CORPUS",
    "Case",
    "build",
    "cases",
    "found",
    "rule_ids",
    "scores",
    "unreachable",
    "validate_data",
]
from designkit.model import Design

CORPUS = Path(__file__).parents[2] / "fixtures" / "rules"

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parts(path: str) -> list[str | int]:
    return [name if name else int(index) for name, index in _PART.findall(path)]


def _walk(data: Any, parts: list[str | int]) -> Any:
    for part in parts:
        data = data[part]
    return data


@cache
def _base() -> dict[str, Any]:
    return YAML(typ="safe").load((CORPUS / "clean.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Case:
    """One design of the corpus and the rules that must fire on it."""

    rule: str
    kind: str
    design: Design
    expect: frozenset[str]


def build(edit: dict[str, Any] | None) -> dict[str, Any]:
    """The base design data with ``edit`` (set, append, unset) applied."""
    data = copy.deepcopy(_base())
    edit = edit or {}
    for path in edit.get("unset", []):
        *head, last = _parts(path)
        _walk(data, head).pop(last)
    for path, value in (edit.get("set") or {}).items():
        *head, last = _parts(path)
        parent = _walk(data, head)
        if isinstance(last, int) and last == len(parent):
            parent.append(value)
        else:
            parent[last] = value
    for path, value in (edit.get("append") or {}).items():
        parts = _parts(path)
        *head, last = parts
        parent = _walk(data, head)
        parent.setdefault(last, []) if isinstance(parent, dict) else None
        parent[last].append(value)
    return data


def rule_ids() -> list[str]:
    """The rules the corpus has a file for."""
    return sorted(p.stem for p in CORPUS.glob("*.yaml") if p.stem != "clean")


def _spec(rule: str) -> dict[str, Any]:
    spec: dict[str, Any] = YAML(typ="safe").load(
        (CORPUS / f"{rule}.yaml").read_text(encoding="utf-8")
    )
    return spec


def unreachable(rule: str) -> str | None:
    """Why no valid design can show the rule (its file says ``unreachable: reason``), if so."""
    reason = _spec(rule).get("unreachable")
    return str(reason) if reason else None


@cache
def cases(rule: str) -> tuple[Case, Case]:
    """The positive and the negative case of ``rule``."""
    spec = _spec(rule)
    out = []
    for kind, default in (("positive", [rule]), ("negative", [])):
        edit = spec.get(kind) or {}
        design = validate_data(build(edit), f"{rule}.yaml {kind}")
        out.append(Case(rule, kind, design, frozenset(edit.get("expect", default))))
    return out[0], out[1]


def found(case: Case) -> frozenset[str]:
    """The rules that fire on the case's design (accepted risks left out)."""
    return frozenset(f.rule for f in analyze(case.design) if f.accepted is None)


def scores(all_cases: list[Case]) -> tuple[float, float, list[str]]:
    """Precision and recall over every (case, rule) pair, and what went wrong."""
    tp = fp = fn = 0
    problems = []
    for case in all_cases:
        got = found(case)
        tp += len(got & case.expect)
        fp += len(got - case.expect)
        fn += len(case.expect - got)
        if got != case.expect:
            problems.append(
                f"{case.rule} {case.kind}: unexpected {sorted(got - case.expect)}, "
                f"missed {sorted(case.expect - got)}"
            )
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, problems
