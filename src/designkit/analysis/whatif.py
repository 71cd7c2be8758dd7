"""What-if scenarios: change a few knobs, recompute traffic, capacity and SLOs.

The knobs a facilitator moves in a workshop: a traffic multiplier, the target
utilisation, the availability objective, and one service's own availability.
:func:`apply` returns a changed copy of the design (the original is never
touched); :func:`evaluate` runs the analyses on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Design
from .capacity import CapacityOptions, CapacityPlan, capacity_plan
from .slos import SloReport, slo_report
from .traffic import TrafficReport, service_traffic

__all__ = ["Scenario", "WhatIf", "apply", "evaluate"]


@dataclass(frozen=True)
class Scenario:
    """The knobs of a what-if; the defaults leave the design as it is."""

    traffic_multiplier: float = 1.0
    """Scales every journey's peak rate (2.0: twice the traffic)."""
    target_utilization: float = 0.7
    """Highest mean busy share of a worker at peak, for the capacity plan."""
    availability_objective: float | None = None
    """Overrides every journey's availability objective (and the requirement)."""
    service_availability: Mapping[str, float] = field(default_factory=dict)
    """Overrides services' own availability, by service name."""


@dataclass(frozen=True)
class WhatIf:
    """The design as changed by a scenario, and what the analyses say of it."""

    design: Design
    traffic: TrafficReport
    capacity: CapacityPlan
    slo: SloReport


def apply(design: Design, scenario: Scenario) -> Design:
    """A copy of ``design`` with the scenario's knobs applied.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "a"}], "journeys": [{"name": "j", "entry": "a",
    ...     "peak_rps": 10}]})
    >>> apply(d, Scenario(traffic_multiplier=3)).journeys[0].peak_rps
    30.0
    >>> d.journeys[0].peak_rps
    10.0
    """
    if scenario.traffic_multiplier <= 0:
        raise ValueError(
            f"traffic_multiplier must be positive; got {scenario.traffic_multiplier!r}"
        )
    # Copy only what a scenario changes and share the rest (a slider move must
    # stay cheap: a deep copy of the whole design was half of its cost). The
    # shared parts are the input's own objects: change them in neither design.
    updates: dict[str, Any] = {
        "journeys": [
            j.model_copy(update={"peak_rps": j.peak_rps * scenario.traffic_multiplier})
            for j in design.journeys
        ]
    }
    objective = scenario.availability_objective
    if objective is not None:
        if not 0 < objective < 1:
            raise ValueError(
                f"availability_objective must be strictly between 0 and 1; got {objective!r}"
            )
        updates["requirements"] = design.requirements.model_copy(update={"availability": objective})
        updates["slos"] = [
            slo.model_copy(update={"objective": objective})
            if slo.journey is not None and slo.sli == "availability"
            else slo
            for slo in design.slos
        ]
    changes = dict(scenario.service_availability)
    for name, availability in changes.items():
        if not 0 < availability < 1:
            raise ValueError(
                f"service_availability[{name!r}] must be strictly between 0 and 1; "
                f"got {availability!r}"
            )
    unknown = sorted(set(changes) - {s.name for s in design.services})
    if unknown:
        raise KeyError(unknown[0])
    if changes:
        updates["services"] = [
            svc.model_copy(
                update={
                    "profile": svc.profile.model_copy(update={"availability": changes[svc.name]})
                }
            )
            if svc.name in changes
            else svc
            for svc in design.services
        ]
    changed = design.model_copy(update=updates)
    changed._source = None  # not the loaded file any more: never saved over it
    return changed


def evaluate(design: Design, scenario: Scenario = Scenario()) -> WhatIf:
    """Apply ``scenario`` and recompute traffic, the capacity plan and the SLO report."""
    changed = apply(design, scenario)
    traffic = service_traffic(changed)
    plan = capacity_plan(
        changed,
        CapacityOptions(target_utilization=scenario.target_utilization),
        traffic=traffic,
    )
    return WhatIf(changed, traffic, plan, slo_report(changed))
