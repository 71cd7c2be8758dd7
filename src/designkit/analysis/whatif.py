"""What-if scenarios: change a few knobs, recompute traffic, capacity and SLOs.

The knobs a facilitator moves in a workshop: a traffic multiplier, the target
utilisation, the availability objective, and one service's own availability.
:func:`apply` returns a changed copy of the design (the original is never
touched); :func:`evaluate` runs the analyses on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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
    detached = design.model_copy()
    detached._source = None  # never deep-copy the loaded file's YAML tree: slow, unneeded
    changed = detached.model_copy(deep=True)
    for journey in changed.journeys:
        journey.peak_rps *= scenario.traffic_multiplier
    objective = scenario.availability_objective
    if objective is not None:
        if not 0 < objective < 1:
            raise ValueError(
                f"availability_objective must be strictly between 0 and 1; got {objective!r}"
            )
        changed.requirements.availability = objective
        for slo in changed.slos:
            if slo.journey is not None and slo.sli == "availability":
                slo.objective = objective
    for name, availability in scenario.service_availability.items():
        if not 0 < availability < 1:
            raise ValueError(
                f"service_availability[{name!r}] must be strictly between 0 and 1; "
                f"got {availability!r}"
            )
        changed.service(name).profile.availability = availability
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
