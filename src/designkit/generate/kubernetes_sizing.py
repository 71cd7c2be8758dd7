"""Replicas, autoscaler bounds, disruption budget and resources of each workload.

Rules, in order:

- replicas and autoscaler bounds are the larger of what the design says
  (``deployment.replicas``, ``deployment.autoscaling``) and, when journey
  traffic reaches the service, what the capacity math needs (peak replicas,
  ``hpa_min``/``hpa_max``): the math is a floor under the architect's
  intent, never a cut (an autoscaler sized 2-2 could not scale at all);
- a service with an SLO (its own, or on the path of a journey that has one)
  runs at least two replicas and never scales below two: one pod can be
  drained or lost while the other serves;
- ``deployment.autoscaling: null`` means no autoscaler (the design chose a
  fixed replica count); the CPU target always comes from the design;
- the replica count is kept inside the autoscaler's bounds;
- CPU and memory requests and limits are the capacity plan's resources
  (:mod:`designkit.analysis.resources`, the numbers the cost uses too): the
  design's where it sets them, else derived, the CPU request sized for the
  autoscaler's CPU target so that holding that target holds each replica at
  its planned share of the peak;
- the PodDisruptionBudget allows one voluntary disruption at a time and, with
  exactly two replicas, says so as ``minAvailable: 1``. With one replica a
  ``minAvailable`` would block every node drain, and with three or more
  ``maxUnavailable: 1`` keeps all but one serving as the autoscaler adds pods.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.capacity import capacity_plan
from ..analysis.journey_calls import all_journey_calls
from ..model import Design

__all__ = ["Sizing", "disruption_budget", "millicores", "sizing", "slo_services"]


@dataclass(frozen=True)
class Sizing:
    """How many pods a service runs and the CPU and memory each asks for."""

    replicas: int
    hpa_min: int | None
    """None: no autoscaler."""
    hpa_max: int | None
    target_cpu_percent: int
    cpu_request: str
    cpu_limit: str | None
    source: str
    """``capacity`` when the counts come from the capacity plan, else ``design``."""
    memory_request: str = "256Mi"
    memory_limit: str = "512Mi"


def slo_services(design: Design) -> set[str]:
    """Services with an SLO of their own or on the sync path of a journey with one.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}, {"name": "c"}],
    ...     "journeys": [{"name": "j", "entry": "a"}],
    ...     "slos": [{"name": "s", "journey": "j"}]})
    >>> sorted(slo_services(d))
    ['a', 'b']
    """
    names = {slo.service for slo in design.slos if slo.service}
    with_slo = {slo.journey for slo in design.slos if slo.journey}
    for journey, followed in zip(design.journeys, all_journey_calls(design), strict=True):
        if journey.name not in with_slo:
            continue
        queue, seen = [journey.entry], {journey.entry}
        while queue:
            for call in followed.get(queue.pop(), ()):
                if call.callee not in seen:
                    seen.add(call.callee)
                    queue.append(call.callee)
        names |= seen
    return names


def millicores(quantity: str) -> float:
    """A CPU quantity in millicores.

    Examples
    --------
    >>> millicores("250m"), millicores("2"), millicores("1.5")
    (250.0, 2000.0, 1500.0)
    """
    if quantity.endswith("m"):
        return float(quantity[:-1])
    return float(quantity) * 1000


def sizing(design: Design) -> dict[str, Sizing]:
    """The sizing of every service, by name (rules in the module docstring).

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "deployment": {"replicas": 1, "autoscaling": None}}]})
    >>> sizing(d)["a"]
    Sizing(replicas=1, hpa_min=None, hpa_max=None, target_cpu_percent=70, cpu_request='250m', \
cpu_limit='500m', source='design', memory_request='256Mi', memory_limit='512Mi')
    """
    plan = capacity_plan(design)
    floors = slo_services(design)
    result = {}
    for svc in design.services:
        deployment = svc.deployment
        cap = plan.services[svc.name]
        floor = 2 if svc.name in floors else 1
        autoscaling = deployment.autoscaling
        reached = cap.rate_rps > 0
        replicas = max(cap.replicas, deployment.replicas) if reached else deployment.replicas
        hpa_min: int | None = None
        hpa_max: int | None = None
        if autoscaling is not None:
            low, high = autoscaling.min_replicas, autoscaling.max_replicas
            if reached:
                low, high = max(low, cap.hpa_min), max(high, cap.hpa_max)
            hpa_min = max(floor, low)
            hpa_max = max(hpa_min, high)
            replicas = min(max(replicas, hpa_min), hpa_max)
        replicas = max(floor, replicas)
        res = cap.resources
        result[svc.name] = Sizing(
            replicas=replicas,
            hpa_min=hpa_min,
            hpa_max=hpa_max,
            target_cpu_percent=round(res.target_cpu_utilization * 100),
            cpu_request=res.cpu_request,
            cpu_limit=res.cpu_limit,
            source="capacity" if reached else "design",
            memory_request=res.memory_request,
            memory_limit=res.memory_limit,
        )
    return result


def disruption_budget(size: Sizing) -> dict[str, int]:
    """The PodDisruptionBudget's rule for the fewest replicas the service runs at.

    Examples
    --------
    >>> s = Sizing(2, 2, 6, 70, "250m", None, "design")
    >>> disruption_budget(s)
    {'minAvailable': 1}
    >>> disruption_budget(Sizing(1, None, None, 70, "250m", None, "design"))
    {'maxUnavailable': 1}
    """
    fewest = size.hpa_min if size.hpa_min is not None else size.replicas
    return {"minAvailable": 1} if fewest == 2 else {"maxUnavailable": 1}
