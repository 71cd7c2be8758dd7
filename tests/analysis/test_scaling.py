"""The analyses do work proportional to the design, not to its square (benchmarks/README.md).

Measured as lines of designkit.analysis run on synthetic designs of 50 and 200
services (see tests/_scaling.py): linear work grows about 4 times. Each check
below scanned the whole design once per service, store, journey or SLO before,
and grew 9-16 times.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from designkit.analysis.antipatterns import analyze, rules
from designkit.analysis.capacity import capacity_plan
from designkit.analysis.checklist import checklist
from designkit.analysis.slos import slo_report
from designkit.analysis.traffic import service_traffic
from designkit.model import Design
from designkit.synth import synthesize
from tests._scaling import LINEAR, growth

SMALL = synthesize(50, 0)
LARGE = synthesize(200, 0)

STEPS: dict[str, Callable[[Design], Any]] = {
    "traffic": service_traffic,
    "capacity": lambda d: capacity_plan(d, traffic=service_traffic(d)),
    "slos": slo_report,
    "checklist": checklist,
}


@pytest.mark.parametrize("name", STEPS)
def test_sizing_and_checklist_work_grows_linearly(name: str) -> None:
    assert growth(STEPS[name], SMALL, LARGE, "analysis") < LINEAR


# The rules of the modules this suite owns; rules other modules register are theirs to test.
OWN_RULES = [r.id for r in rules() if r.check.__module__.startswith("designkit.analysis.antipat")]


@pytest.mark.parametrize("rule", OWN_RULES)
def test_each_rule_work_grows_linearly(rule: str) -> None:
    assert growth(lambda d: analyze(d, rules=[rule]), SMALL, LARGE, "analysis") < LINEAR


def test_a_quadratic_scan_is_caught() -> None:
    # The measure itself: looking every service up by name with Design.service
    # (a scan of the services) is the shape of the scans removed, and fails the bound.
    def look_up_each(d: Design) -> None:
        for svc in d.services:
            d.service(svc.name)

    assert growth(look_up_each, SMALL, LARGE, "model") > 2 * LINEAR  # about 15
