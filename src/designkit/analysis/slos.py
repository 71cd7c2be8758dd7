"""SLO math applied to the design: journey availability, latency budgets, error budgets.

Journeys are walked with the rules of :mod:`designkit.analysis.journey_calls`
(the route is the entry's only first hop; ``via`` restricts the calls).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ..model import Design, Journey, Slo
from ..sizing.availability import serial
from ..sizing.slo import BurnRateAlert, error_budget_minutes, multiwindow_alerts
from .journey_calls import Call, all_journey_calls

__all__ = [
    "DependencyCheck",
    "ErrorBudget",
    "Hop",
    "JourneyAvailability",
    "LatencyBudget",
    "SloReport",
    "error_budgets",
    "journey_availability",
    "latency_budgets",
    "slo_report",
]

EXTRA_NINE = 10
"""A hard dependency should be this many times more available than the objective."""


@dataclass(frozen=True)
class DependencyCheck:
    """The "extra nine" rule for one service a journey hard-depends on.

    ``ok`` when ``1 - availability <= (1 - objective) / 10``, evaluated on the
    decimal values as written (so 0.9999 passes for 0.999 exactly).
    """

    service: str
    availability: float
    unavailability: float
    allowed: float
    """``(1 - objective) / 10``."""
    ok: bool


@dataclass(frozen=True)
class JourneyAvailability:
    """Composite availability of a journey and whether its objective is feasible.

    ``composite = serial(a_s for s in services)``: the product of the
    ``Profile.availability`` of every service reached from the entry through
    hard synchronous calls, each counted once however many paths reach it.
    Soft calls (``hard: false``: the caller answers without the callee) and
    everything reached only through them are left out (``excluded``).
    """

    journey: str
    objective: float
    objective_source: str
    """``slo: <name>`` or ``requirements.availability``."""
    services: tuple[str, ...]
    availabilities: tuple[float, ...]
    composite: float
    meets: bool
    """``composite >= objective``."""
    budget_used: float
    """``(1 - composite) / (1 - objective)``: share of the error budget the
    expected failures of the dependencies alone spend (above 1: infeasible)."""
    checks: tuple[DependencyCheck, ...]
    excluded: tuple[str, ...]

    @property
    def failing(self) -> tuple[str, ...]:
        """Services that break the extra-nine rule."""
        return tuple(c.service for c in self.checks if not c.ok)


@dataclass(frozen=True)
class Hop:
    """One service on a journey's critical path and its share of the latency budget.

    ``share = service_time_ms / sum(service times on the path)`` and
    ``budget_ms = share x threshold_ms``.
    """

    service: str
    service_time_ms: float
    share: float
    budget_ms: float
    timeout_ms: float | None
    """Effective timeout of the call into this hop (None for the entry)."""


@dataclass(frozen=True)
class LatencyBudget:
    """A journey's latency threshold split along its critical path.

    The critical path is the synchronous chain from the entry with the largest
    sum of ``Profile.service_time_ms`` (soft calls included: they still take
    time), taking service time as each hop's own work, excluding its callees.
    """

    journey: str
    quantile: float
    threshold_ms: float
    source: str
    path: tuple[str, ...]
    hops: tuple[Hop, ...]
    total_ms: float
    """Sum of the mean service times on the path."""

    @property
    def slack_ms(self) -> float:
        """``threshold_ms - total_ms``; negative when the mean alone misses it."""
        return self.threshold_ms - self.total_ms


@dataclass(frozen=True)
class ErrorBudget:
    """One SLO's error budget and its multiwindow, multi-burn-rate alerts.

    ``budget_minutes = (1 - objective) x window_days x 1440``; alerts from the
    SRE Workbook, table 5-8 (see ``sizing.slo.multiwindow_alerts``).
    """

    slo: str
    target: str
    """The service, or ``journey: <name>``."""
    sli: str
    objective: float
    window_days: int
    budget_minutes: float
    alerts: tuple[BurnRateAlert, ...]
    note: str = ""


@dataclass(frozen=True)
class SloReport:
    """Everything phase 6 computes about SLOs."""

    journeys: Mapping[str, JourneyAvailability]
    latency: Mapping[str, LatencyBudget]
    budgets: tuple[ErrorBudget, ...]


def _journey_slos(design: Design) -> dict[tuple[str, str], Slo]:
    """The first SLO of each (journey, sli), built once instead of scanned per journey."""
    found: dict[tuple[str, str], Slo] = {}
    for slo in design.slos:
        if slo.journey is not None:
            found.setdefault((slo.journey, slo.sli), slo)
    return found


def _reach(entry: str, followed: Mapping[str, tuple[Call, ...]], *, hard_only: bool) -> list[str]:
    order = [entry]
    seen = {entry}
    for service in order:  # grows while it is walked: breadth first
        for call in followed.get(service, ()):
            if (call.hard or not hard_only) and call.callee not in seen:
                seen.add(call.callee)
                order.append(call.callee)
    return order


def _exact(value: float) -> Fraction:
    return Fraction(repr(value))


def journey_availability(design: Design) -> dict[str, JourneyAvailability]:
    """Composite availability and the extra-nine check of every journey.

    The objective is the journey's availability SLO, else
    ``requirements.availability``. Every service on the journey's hard path,
    the entry included, is checked against the extra-nine rule (Treynor et
    al., "The Calculus of Service Availability", ACM Queue 15(2), 2017).

    Examples
    --------
    Three services at 0.999 in series: 0.999**3 = 0.997002999.

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": n, "profile": {"availability": 0.999},
    ...      "dependencies": [{"target": t}] if t else []}
    ...     for n, t in (("a", "b"), ("b", "c"), ("c", None))],
    ...     "journeys": [{"name": "j", "entry": "a"}]})
    >>> j = journey_availability(d)["j"]
    >>> round(j.composite, 9), j.meets, j.failing
    (0.997002999, False, ('a', 'b', 'c'))
    """
    return _journey_availability(design, all_journey_calls(design))


def _journey_availability(
    design: Design, walks: list[dict[str, tuple[Call, ...]]]
) -> dict[str, JourneyAvailability]:
    slos = _journey_slos(design)
    profiles = {svc.name: svc.profile.availability for svc in design.services}
    results = {}
    for journey, followed in zip(design.journeys, walks, strict=True):
        slo = slos.get((journey.name, "availability"))
        results[journey.name] = _availability(design, journey, followed, slo, profiles)
    return results


def _availability(
    design: Design,
    journey: Journey,
    followed: Mapping[str, tuple[Call, ...]],
    slo: Slo | None,
    profiles: Mapping[str, float],
) -> JourneyAvailability:
    hard = _reach(journey.entry, followed, hard_only=True)
    everything = _reach(journey.entry, followed, hard_only=False)
    on_hard_path = set(hard)
    objective = slo.objective if slo else design.requirements.availability
    availabilities = tuple(profiles[name] for name in hard)
    composite = serial(*availabilities)
    allowed = (1 - _exact(objective)) / EXTRA_NINE
    checks = tuple(
        DependencyCheck(
            service=name,
            availability=a,
            unavailability=1 - a,
            allowed=float(allowed),
            ok=1 - _exact(a) <= allowed,
        )
        for name, a in zip(hard, availabilities, strict=True)
    )
    return JourneyAvailability(
        journey=journey.name,
        objective=objective,
        objective_source=f"slo: {slo.name}" if slo else "requirements.availability",
        services=tuple(hard),
        availabilities=availabilities,
        composite=composite,
        meets=composite >= objective,
        budget_used=(1 - composite) / (1 - objective),
        checks=checks,
        excluded=tuple(name for name in everything if name not in on_hard_path),
    )


def latency_budgets(design: Design) -> dict[str, LatencyBudget]:
    """Split each journey's latency threshold along its critical path.

    The threshold is the journey's latency SLO (its percentile, else its
    objective, as the quantile), else ``requirements.latency``. Ties between
    equally slow paths go to the first in file order.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "requirements": {"latency": {"percentile": 95, "threshold_ms": 100}},
    ...     "services": [
    ...     {"name": "a", "profile": {"service_time_ms": 10},
    ...      "dependencies": [{"target": "b"}, {"target": "c"}]},
    ...     {"name": "b", "profile": {"service_time_ms": 10}},
    ...     {"name": "c", "profile": {"service_time_ms": 30}}],
    ...     "journeys": [{"name": "j", "entry": "a"}]})
    >>> b = latency_budgets(d)["j"]
    >>> b.path, [h.budget_ms for h in b.hops]
    (('a', 'c'), [25.0, 75.0])
    """
    return _latency_budgets(design, all_journey_calls(design))


def _latency_budgets(
    design: Design, walks: list[dict[str, tuple[Call, ...]]]
) -> dict[str, LatencyBudget]:
    slos = _journey_slos(design)
    times = {svc.name: svc.profile.service_time_ms for svc in design.services}
    target = design.requirements.latency
    results = {}
    for journey, followed in zip(design.journeys, walks, strict=True):
        path, into = _slowest_path(journey.entry, followed, times)
        slo = slos.get((journey.name, "latency"))
        if slo is not None and slo.threshold_ms is not None:
            quantile = slo.percentile / 100 if slo.percentile is not None else slo.objective
            threshold, source = slo.threshold_ms, f"slo: {slo.name}"
        else:
            quantile = target.percentile / 100
            threshold, source = target.threshold_ms, "requirements.latency"
        total = sum(times[name] for name in path)
        hops = tuple(
            Hop(
                service=name,
                service_time_ms=times[name],
                share=times[name] / total,
                budget_ms=times[name] / total * threshold,
                timeout_ms=call.timeout_ms if call else None,
            )
            for name, call in zip(path, into, strict=True)
        )
        results[journey.name] = LatencyBudget(
            journey=journey.name,
            quantile=quantile,
            threshold_ms=threshold,
            source=source,
            path=path,
            hops=hops,
            total_ms=total,
        )
    return results


def _slowest_path(
    entry: str, followed: Mapping[str, tuple[Call, ...]], times: Mapping[str, float]
) -> tuple[tuple[str, ...], tuple[Call | None, ...]]:
    best: tuple[tuple[str, ...], tuple[Call | None, ...]] = ((entry,), (None,))
    best_ms = times[entry]
    stack: list[tuple[tuple[str, ...], tuple[Call | None, ...], float]] = [
        ((entry,), (None,), times[entry])
    ]
    while stack:
        path, into, spent = stack.pop()
        if spent > best_ms:
            best, best_ms = (path, into), spent
        nexts = [
            ((*path, c.callee), (*into, c), spent + times[c.callee])
            for c in followed.get(path[-1], ())
            if c.callee not in path  # a cycle is not a chain
        ]
        stack.extend(reversed(nexts))
    return best


def error_budgets(design: Design) -> tuple[ErrorBudget, ...]:
    """Error budget and burn-rate alerts of every SLO, in file order.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "a"}],
    ...     "slos": [{"name": "a-up", "service": "a", "objective": 0.999}]})
    >>> (b,) = error_budgets(d)
    >>> round(b.budget_minutes, 1), [a.burn_rate for a in b.alerts]
    (43.2, [14.4, 6.0, 1.0])
    """
    budgets = []
    for slo in design.slos:
        note = ""
        try:
            alerts = tuple(multiwindow_alerts(slo.objective, slo.window_days))
        except ValueError as error:
            alerts, note = (), str(error)
        budgets.append(
            ErrorBudget(
                slo=slo.name,
                target=slo.service or f"journey: {slo.journey}",
                sli=slo.sli,
                objective=slo.objective,
                window_days=slo.window_days,
                budget_minutes=error_budget_minutes(slo.objective, slo.window_days),
                alerts=alerts,
                note=note,
            )
        )
    return tuple(budgets)


def slo_report(design: Design) -> SloReport:
    """Journey availability, latency budgets and error budgets of ``design``."""
    walks = all_journey_calls(design)  # walked once for both
    return SloReport(
        journeys=_journey_availability(design, walks),
        latency=_latency_budgets(design, walks),
        budgets=error_budgets(design),
    )
