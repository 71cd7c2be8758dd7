"""A chaos-engineering plan: experiments on the dependencies that matter most.

Which dependencies: every synchronous call a journey follows carries that
journey's ``peak_rps``; the calls carrying the most traffic come first (soft
ones included: their fallback is exactly what an experiment should prove).
Each gets two experiments:

- **network-delay** on the call, longer than the caller's timeout
  (``ceil(1.5 x t / 10) x 10`` ms with ``t`` the shorter of the per-try and
  the overall timeout): does the caller give up in time and retry, fall back
  or fail fast?
- **http-abort** of the callee's requests for REST calls, or a
  **network-partition** between caller and callee for gRPC and GraphQL: does
  the circuit breaker eject the callee and the caller fail fast or fall back?

The services whose outage fails the most journey traffic (the top single
points of failure of :mod:`designkit.analysis.blast_radius`) get a **pod-kill**
of one pod: do the other replicas carry the load while it is replaced?

Each experiment has a steady state from the SLOs: the error ratio of the most
used touched journey's SLO (latency for delays, when there is one, else
availability), falling back to the caller's or target's own SLO. The query
reads the recording rules :mod:`designkit.generate.prometheus` writes
(``slo:sli_error:ratio_rate5m{sloth_slo="<slo>"}``, sloth's naming). The abort
condition is the SRE Workbook's fast-burn page: abort as soon as the 5-minute
error ratio exceeds ``burn_rate(0.02, window_days, 1) x (1 - objective)``
(14.4 x the budget rate for a 30-day SLO), so an experiment spends at most
``burn x duration / window`` of the error budget before it is stopped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ..model import Design
from .blast_radius import BlastRadius, blast_radius
from .journey_calls import Call, all_journey_calls
from .resilience import effective_calls
from .slos import _reach
from .steady_state import SLI_RATIO, SteadyState, budget_spend, slo_for, steady_state

__all__ = [
    "SLI_RATIO",
    "ChaosPlan",
    "Experiment",
    "FaultKind",
    "SteadyState",
    "chaos_plan",
    "critical_calls",
]

FaultKind = Literal["pod-kill", "network-delay", "network-partition", "http-abort"]


@dataclass(frozen=True)
class Experiment:
    """One chaos experiment: the fault, where, what we expect, and when to stop."""

    name: str
    fault: FaultKind
    target: str
    """The service whose pods receive the fault."""
    caller: str | None
    """For faults on a call: the calling service."""
    hypothesis: str
    steady_state: SteadyState | None
    journeys: tuple[str, ...]
    """The blast radius: journeys the fault touches, most traffic first."""
    expected: str
    """What the journeys should show: ``no impact``, ``degraded`` or ``fails fast``."""
    duration_s: int
    delay_ms: float | None
    port: int | None
    budget_spend: float | None
    """Most of the SLO's error budget spent before the abort fires (a fraction)."""
    rationale: str


@dataclass(frozen=True)
class ChaosPlan:
    """The experiments, in order, where to run them, and what was left out."""

    experiments: tuple[Experiment, ...]
    environment: str
    notes: tuple[str, ...]


def critical_calls(design: Design) -> list[tuple[Call, float, tuple[str, ...]]]:
    """Synchronous calls on journeys, with the traffic they carry, most first.

    Returns ``(call, peak req/s of the journeys through it, those journeys)``;
    ties in file order.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b"}, {"target": "c"}]},
    ...     {"name": "b"}, {"name": "c"}],
    ...     "journeys": [{"name": "j", "entry": "a", "peak_rps": 5, "via": ["c"]},
    ...                  {"name": "k", "entry": "a", "peak_rps": 2}]})
    >>> [(c.callee, w, js) for c, w, js in critical_calls(d)]
    [('c', 7.0, ('j', 'k')), ('b', 2.0, ('k',))]
    """
    found: dict[tuple[str, str], tuple[Call, float, list[str]]] = {}
    for journey, followed in zip(design.journeys, all_journey_calls(design), strict=True):
        for service in _reach(journey.entry, followed, hard_only=False):
            for call in followed.get(service, ()):
                key = (call.caller, call.callee)
                first, weight, names = found.get(key, (call, 0.0, []))
                if journey.name not in names:
                    found[key] = (first, weight + journey.peak_rps, [*names, journey.name])
    ranked = sorted(found.values(), key=lambda item: -item[1])
    return [(call, float(weight), tuple(names)) for call, weight, names in ranked]


def _environment(design: Design) -> str:
    envs = design.platform.environments
    if "staging" in envs:
        return "staging"
    non_prod = [e for e in envs if e not in ("prod", "production")]
    return non_prod[-1] if non_prod else (envs[-1] if envs else "staging")


def _ordered(design: Design, journeys: tuple[str, ...]) -> tuple[str, ...]:
    """``journeys`` by peak traffic, most first (ties in the given order)."""
    weight = {j.name: j.peak_rps for j in design.journeys}
    return tuple(sorted(journeys, key=lambda j: (-weight[j], journeys.index(j))))


def _call_experiments(
    design: Design,
    call: Call,
    weight: float,
    journeys: tuple[str, ...],
    duration_s: int,
    aborted: set[str],
) -> list[Experiment]:
    caller, callee = call.caller, call.callee
    dep = next((d for d in design.service(caller).dependencies if d.target == callee), None)
    protocol = dep.protocol if dep else "rest"
    fallback = dep.fallback if dep else None
    breaker = next(
        (
            c.circuit_breaker
            for c in effective_calls(design)
            if (c.caller, c.callee) == (caller, callee)
        ),
        design.mesh.defaults.circuit_breaker if design.mesh.technology != "none" else None,
    )
    if call.hard:
        outcome = "fails fast"
        after = f"the journeys fail fast ({', '.join(journeys)}) instead of hanging"
    else:
        outcome = "degraded"
        after = f"{caller} answers with its fallback ({fallback or 'none stated'})"
    why = f"{caller} -> {callee} carries {weight:g} req/s of journey traffic"
    out = []
    bounds = [
        (t, k)
        for t, k in ((call.per_try_timeout_ms, "per-try timeout"), (call.timeout_ms, "timeout"))
        if t is not None
    ]
    limit, kind = min(bounds) if bounds else (None, "")
    delay = math.ceil(limit * 1.5 / 10) * 10 if limit else 2000.0
    if limit:
        gives_up = f"{caller} gives up after its {limit:g} ms {kind}" + (
            ""
            if not call.retries
            else ", retries once"
            if call.retries == 1
            else f", retries {call.retries} times"
        )
    else:
        gives_up = f"{caller} has no timeout on {callee}: expect it to hang (fix that first)"
    delay_slo = slo_for(design, journeys, (caller, callee), "latency")
    delay_state = steady_state(delay_slo)
    out.append(
        Experiment(
            name=f"{caller}-{callee}-delay",
            fault="network-delay",
            target=callee,
            caller=caller,
            hypothesis=f"With {delay:g} ms added to every packet from {caller} to {callee}, "
            f"{gives_up} and {after}; the steady state holds.",
            steady_state=delay_state,
            journeys=journeys,
            expected=outcome,
            duration_s=duration_s,
            delay_ms=float(delay),
            port=None,
            budget_spend=budget_spend(delay_state, duration_s),
            rationale=why,
        )
    )
    state = steady_state(slo_for(design, journeys, (caller, callee), "availability"))
    ejects = (
        f"outlier detection ejects {callee} after {breaker.consecutive_errors} consecutive "
        f"errors (for {breaker.base_ejection_s:g} s)"
        if breaker
        else f"{caller} has no circuit breaker on {callee}: every request waits for the error"
    )
    if protocol == "rest":
        if callee in aborted:
            return out
        aborted.add(callee)
        port = design.service(callee).deployment.port
        out.append(
            Experiment(
                name=f"{callee}-http-abort",
                fault="http-abort",
                target=callee,
                caller=caller,
                hypothesis=f"With every HTTP request to {callee} aborted, {ejects} and "
                f"{after}; the steady state holds.",
                steady_state=state,
                journeys=journeys,
                expected=outcome,
                duration_s=duration_s,
                delay_ms=None,
                port=port,
                budget_spend=budget_spend(state, duration_s),
                rationale=why,
            )
        )
    else:
        out.append(
            Experiment(
                name=f"{caller}-{callee}-partition",
                fault="network-partition",
                target=callee,
                caller=caller,
                hypothesis=f"With {caller} cut off from {callee}, {ejects} and {after}; "
                "the steady state holds.",
                steady_state=state,
                journeys=journeys,
                expected=outcome,
                duration_s=duration_s,
                delay_ms=None,
                port=None,
                budget_spend=budget_spend(state, duration_s),
                rationale=why,
            )
        )
    return out


def chaos_plan(
    design: Design,
    *,
    calls: int = 5,
    spofs: int = 3,
    duration_s: int = 300,
    blast: BlastRadius | None = None,
) -> ChaosPlan:
    """Experiments for the ``calls`` busiest calls and the top ``spofs`` services.

    Parameters
    ----------
    design : Design
    calls : int, default 5
        How many of :func:`critical_calls` get a delay and an abort (or partition).
    spofs : int, default 3
        How many of the top single points of failure get a pod-kill.
    duration_s : int, default 300
        How long each fault lasts.
    blast : BlastRadius, optional
        ``blast_radius(design)`` when already computed.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "deployment": {"replicas": 3},
    ...      "dependencies": [{"target": "b", "per_try_timeout_ms": 100}]},
    ...     {"name": "b", "deployment": {"replicas": 2}}],
    ...     "journeys": [{"name": "j", "entry": "a", "peak_rps": 50}],
    ...     "slos": [{"name": "j-up", "journey": "j", "objective": 0.999}]})
    >>> p = chaos_plan(d)
    >>> [(e.name, e.fault, e.delay_ms) for e in p.experiments]  # doctest: +NORMALIZE_WHITESPACE
    [('a-b-delay', 'network-delay', 150.0), ('b-http-abort', 'http-abort', None),
     ('a-pod-kill', 'pod-kill', None), ('b-pod-kill', 'pod-kill', None)]
    >>> s = p.experiments[0].steady_state
    >>> print(s.query)
    slo:sli_error:ratio_rate5m{sloth_slo="j-up"}
    >>> print(s.abort_query)
    slo:sli_error:ratio_rate5m{sloth_slo="j-up"} > 0.0144
    """
    radius = blast or blast_radius(design)
    experiments: list[Experiment] = []
    aborted: set[str] = set()
    for call, weight, journeys in critical_calls(design)[:calls]:
        ordered = _ordered(design, journeys)
        experiments.extend(_call_experiments(design, call, weight, ordered, duration_s, aborted))
    notes = []
    for spof in radius.spofs(spofs):
        touched = _ordered(design, (*spof.failed, *spof.degraded))
        if spof.replicas < 2:
            notes.append(
                f"{spof.service} runs {spof.replicas} pod: killing it fails "
                f"{', '.join(spof.failed)}; add replicas before a pod-kill experiment"
            )
            continue
        state = steady_state(slo_for(design, touched, (spof.service,), "availability"))
        probe = design.service(spof.service).deployment.probes.readiness
        ready = f"its readiness probe ({probe.path})" if probe else "no readiness probe (!)"
        experiments.append(
            Experiment(
                name=f"{spof.service}-pod-kill",
                fault="pod-kill",
                target=spof.service,
                caller=None,
                hypothesis=f"Killing one of the {spof.replicas} pods of {spof.service} "
                f"leaves {', '.join(touched)} within their SLO: the other pods take its "
                f"load while Kubernetes replaces it, and {ready} keeps traffic off the "
                "new pod until it is ready.",
                steady_state=state,
                journeys=touched,
                expected="no impact",
                duration_s=duration_s,
                delay_ms=None,
                port=None,
                budget_spend=budget_spend(state, duration_s),
                rationale=f"its outage fails {spof.failed_rps:g} req/s of journeys "
                f"({spof.failed_share:.0%} of the peak)",
            )
        )
    for item in experiments:
        if item.steady_state is None:
            notes.append(
                f"{item.name}: no SLO on {', '.join(item.journeys) or item.target}; "
                "define one to have a steady state and an abort condition"
            )
    return ChaosPlan(tuple(experiments), _environment(design), tuple(notes))
