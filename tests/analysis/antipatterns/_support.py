"""Helpers shared by the anti-pattern tests: fixture loading and positive/negative cases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import designkit
from designkit.analysis.antipatterns import Finding, analyze
from designkit.model import Design

FIXTURES = Path(__file__).parents[2] / "fixtures" / "antipatterns"

Build = Callable[[], Design]


def fixture(name: str) -> Build:
    """A builder loading tests/fixtures/antipatterns/NAME."""
    return lambda: designkit.load(FIXTURES / name)


@dataclass(frozen=True)
class Case:
    """A design the rule must flag, and a close one it must leave alone."""

    positive: Build
    negative: Build


def run(design: Design, rule_id: str, **thresholds: float) -> list[Finding]:
    """The findings of one rule."""
    return analyze(design, rules=[rule_id], thresholds=thresholds)


def check_case(rule_id: str, case: Case) -> None:
    """The positive design has findings of the rule (and only of it); the negative has none."""
    found = run(case.positive(), rule_id)
    assert found, f"{rule_id}: the positive design has no finding"
    assert {f.rule for f in found} == {rule_id}
    assert run(case.negative(), rule_id) == []
