"""How the capacity plan follows traffic: replicas per service over traffic multipliers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Design
from .whatif import Scenario, evaluate

__all__ = ["DEFAULT_MULTIPLIERS", "TrafficSweep", "traffic_sweep"]

DEFAULT_MULTIPLIERS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0)
"""From a quiet night to ten times today's peak."""


@dataclass(frozen=True)
class TrafficSweep:
    """Replicas per service at each traffic multiplier: ``replicas[s][i]`` at ``multipliers[i]``."""

    multipliers: tuple[float, ...]
    replicas: dict[str, tuple[int, ...]]
    request_rps: dict[str, tuple[float, ...]]
    target_utilization: float


def traffic_sweep(
    design: Design,
    multipliers: Sequence[float] = DEFAULT_MULTIPLIERS,
    *,
    target_utilization: float = 0.7,
) -> TrafficSweep:
    """Re-plan capacity at each multiplier of every journey's peak rate.

    Each point is :func:`~designkit.analysis.whatif.evaluate` of the scenario
    ``Scenario(traffic_multiplier=m, target_utilization=...)``, so the numbers are
    exactly those the what-if panel shows for that slider position.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "api", "profile": {"service_time_ms": 100}}],
    ...     "journeys": [{"name": "use", "entry": "api", "peak_rps": 100}]})
    >>> sweep = traffic_sweep(d, [1, 10])
    >>> sweep.request_rps["api"], sweep.replicas["api"]  # 1000 x 0.1 s / 0.7 -> 143 workers / 8
    ((100.0, 1000.0), (2, 18))
    """
    if not multipliers or any(m <= 0 for m in multipliers):
        raise ValueError(f"multipliers: every multiplier must be > 0 (got {list(multipliers)})")
    points = [
        evaluate(design, Scenario(traffic_multiplier=m, target_utilization=target_utilization))
        for m in multipliers
    ]
    names = [s.name for s in design.services]
    return TrafficSweep(
        multipliers=tuple(float(m) for m in multipliers),
        replicas={n: tuple(p.capacity.services[n].replicas for p in points) for n in names},
        request_rps={n: tuple(p.capacity.services[n].request_rps for p in points) for n in names},
        target_utilization=target_utilization,
    )
