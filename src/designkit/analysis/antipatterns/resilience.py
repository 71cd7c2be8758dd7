"""Resilience of synchronous calls: timeouts, circuit breakers, timeout budgets, retry storms."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Design
from ...sizing.retries import amplification, envoy_backoff_upper_ms, min_caller_timeout_ms
from ..resilience import EffectiveCall
from . import _view
from .catalog import NERI_2020, NEWMAN_2021, RICHARDSON, SRE_2016, cite
from .finding import Finding
from .registry import Threshold, Thresholds, register

__all__ = [
    "missing_circuit_breaker",
    "missing_timeout",
    "retry_amplification",
    "timeout_budget",
    "wobbly_service_interaction",
]

# Meshes whose sidecar is Envoy, which waits a jittered back-off before each retry.
_ENVOY_MESHES = {"istio", "consul"}


@register(
    "missing-timeout",
    title="Synchronous call without a timeout",
    severity="error",
    family="resilience",
    phase=2,
    fix="Set a timeout on the call, or a default timeout in the mesh.",
    catalog=(
        cite(NEWMAN_2021, 'ch. "Resiliency" (timeouts)'),
        cite(SRE_2016, 'ch. 22 "Addressing Cascading Failures" (deadlines)'),
    ),
)
def missing_timeout(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A synchronous call with no timeout of its own and none from the mesh defaults.

    A hung callee then holds the caller's threads and connections until the
    caller fails too: the failure cascades up the call graph.

    A best practice rather than the published smell: the smell, an interaction
    with no protection at all, is ``wobbly-service-interaction``.

    Catalog: Newman 2021, ch. "Resiliency"; Beyer et al. 2016, ch. 22.
    """
    for item in _view.sync_calls(design):
        call = item.call
        if call.timeout_ms is None:
            yield missing_timeout.finding(
                item.path("timeout_ms"),
                f"{call.caller} -> {call.callee}",
                f"{call.caller} waits on {call.callee} without a timeout (none set, "
                f"{_defaults(design)}): a hung {call.callee} hangs {call.caller} too",
                f"set timeout_ms on the call from the latency {call.callee} is expected to "
                "have, or a default timeout in mesh.defaults",
            )


@register(
    "missing-circuit-breaker",
    title="Synchronous call without a circuit breaker",
    severity="warning",
    family="resilience",
    phase=2,
    fix="Set a circuit breaker (outlier detection) on the call, or one in the mesh defaults.",
    catalog=(
        cite(RICHARDSON, "pattern: Circuit Breaker"),
        cite(NEWMAN_2021, 'ch. "Resiliency" (circuit breakers)'),
    ),
)
def missing_circuit_breaker(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A synchronous call with no circuit breaker of its own and none from the mesh defaults.

    Without one the caller keeps sending requests to a failing callee, waiting
    out every timeout and adding load to a service that is trying to recover.

    A best practice rather than the published smell: the smell, an interaction
    with no protection at all, is ``wobbly-service-interaction``.

    Catalog: Richardson, Circuit Breaker pattern; Newman 2021, ch. "Resiliency".
    """
    for item in _view.sync_calls(design):
        call = item.call
        if call.circuit_breaker is None:
            yield missing_circuit_breaker.finding(
                item.path("circuit_breaker"),
                f"{call.caller} -> {call.callee}",
                f"{call.caller} calls {call.callee} without a circuit breaker (none set, "
                f"{_defaults(design)}): it keeps waiting on a failing {call.callee}",
                "set circuit_breaker on the call (outlier detection), or one in mesh.defaults",
            )


@register(
    "wobbly-service-interaction",
    title="Wobbly service interaction",
    severity="warning",
    family="resilience",
    phase=2,
    fix="Protect the call with a circuit breaker, a timeout, or a fallback (bulkhead).",
    catalog=(cite(NERI_2020, "Wobbly Service Interactions"),),
)
def wobbly_service_interaction(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A synchronous call with no circuit breaker, no timeout and no fallback.

    Neri et al. 2020: the interaction of a service with another is wobbly when a
    failure of the second can cause a failure of the first; it is mitigated by a
    circuit breaker *or* a timeout *or* a bulkhead. microFreshener reports an
    interaction with neither a circuit breaker nor a timeout; a ``fallback``
    (what the caller does instead, the model's bulkhead) mitigates it too. The
    call's own settings and the mesh defaults both count.

    Catalog: Neri et al. 2020 ("Wobbly Service Interactions"), as implemented by
    microFreshener.
    """
    for item in _view.sync_calls(design):
        call = item.call
        dep = design.services[item.service].dependencies[item.dependency]
        if call.timeout_ms is None and call.circuit_breaker is None and not dep.fallback:
            yield wobbly_service_interaction.finding(
                item.path(),
                f"{call.caller} -> {call.callee}",
                f"{call.caller} calls {call.callee} with no circuit breaker, no timeout and no "
                f"fallback ({_defaults(design)}): a failing {call.callee} takes "
                f"{call.caller} down with it",
                "set a timeout or a circuit breaker on the call (or in mesh.defaults), or a "
                "fallback for when it fails",
            )


def _defaults(design: Design) -> str:
    if design.mesh.technology == "none":
        return "and no mesh to supply a default"
    return "nor in mesh.defaults"


def _backoffs(design: Design, retries: int) -> list[float]:
    if design.mesh.technology in _ENVOY_MESHES:
        return [envoy_backoff_upper_ms(n) for n in range(1, retries + 1)]
    return [0.0] * retries


def _needed_ms(design: Design, call: EffectiveCall) -> float | None:
    """Worst-case time for every attempt and back-off of ``call``; None if unbounded."""
    if call.per_try_timeout_ms is None:
        return None
    return min_caller_timeout_ms(
        call.retries, call.per_try_timeout_ms, _backoffs(design, call.retries)
    )


def _worst_case_ms(design: Design, call: EffectiveCall) -> float | None:
    """The longest the caller may wait on ``call``: its timeout caps its retries."""
    needed = _needed_ms(design, call)
    if call.timeout_ms is None:
        return needed
    return call.timeout_ms if needed is None else min(call.timeout_ms, needed)


def _ms(value: float) -> str:
    return f"{value:g} ms"


@register(
    "timeout-budget",
    title="Timeout shorter than the retries or the callee's own calls need",
    severity="warning",
    family="resilience",
    phase=2,
    fix="Make each caller's timeout cover its callee's attempts and back-offs.",
    catalog=(
        cite(SRE_2016, 'ch. 22 "Addressing Cascading Failures" (deadlines, retries)'),
        cite(NEWMAN_2021, 'ch. "Resiliency" (timeouts, retries)'),
    ),
    thresholds=(
        Threshold(
            "min_last_attempt_share",
            0.5,
            "Share of its per-try timeout the last retry of a call must keep, in the worst "
            "case, within the call's overall timeout; less is reported (1 reports any "
            "shortfall).",
        ),
    ),
)
def timeout_budget(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A timeout that gives up before the work it waits for can finish.

    Two cases, both found with :func:`designkit.sizing.retries.min_caller_timeout_ms`:

    - a call whose overall timeout is shorter than its own attempts and back-offs
      ((retries + 1) x per-try timeout + back-offs) by so much that, in the worst
      case, the last attempt keeps less than ``min_last_attempt_share`` of its
      per-try timeout: that retry adds load but rarely succeeds;
    - in a chain a -> b -> c, a's time for one attempt on b (per-try timeout, else
      timeout) is shorter than the longest b may wait on c with its retries: a gives
      up while b is still working, and a's retries pile more work on b.

    Back-offs are Envoy's documented upper bounds (25, 75, 175 ms, capped at 250 ms) on
    Envoy-based meshes (Istio, Consul) and 0 otherwise. The chain check looks at
    one callee of b at a time; calls b makes in sequence add up, so it is a
    lower bound.

    Catalog: Beyer et al. 2016, "Site Reliability Engineering", ch. 22; Newman 2021, ch.
    "Resiliency".
    """
    share = thresholds["min_last_attempt_share"]
    calls = _view.sync_calls(design)
    below: dict[str, list[EffectiveCall]] = {}
    for item in calls:
        below.setdefault(item.call.caller, []).append(item.call)
    for item in calls:
        call = item.call
        needed = _needed_ms(design, call)
        if needed is not None and call.timeout_ms is not None and call.per_try_timeout_ms:
            per_try = call.per_try_timeout_ms
            # In the worst case the last attempt starts after every earlier one timed out.
            left = call.timeout_ms - (needed - per_try)
            if call.retries and per_try >= call.timeout_ms:
                yield timeout_budget.finding(
                    item.path("per_try_timeout_ms"),
                    f"{call.caller} -> {call.callee}",
                    f"on {call.caller} -> {call.callee} the per-try timeout ({_ms(per_try)}) "
                    f"is not shorter than the whole timeout ({_ms(call.timeout_ms)}): after a "
                    "timed-out attempt "
                    + ("its retry" if call.retries == 1 else f"none of its {call.retries} retries")
                    + " can run",
                    "make per_try_timeout_ms a fraction of timeout_ms (timeout / (retries + 1), "
                    "less the back-offs), or set retries: 0",
                )
            elif call.retries and left < share * per_try:
                # Without retries the one attempt is simply capped by the timeout.
                yield timeout_budget.finding(
                    item.path("timeout_ms"),
                    f"{call.caller} -> {call.callee}",
                    f"the timeout of {_ms(call.timeout_ms)} on {call.caller} -> {call.callee} "
                    f"leaves the last of {call.retries + 1} attempts of {_ms(per_try)} "
                    + (f"only {_ms(left)}" if left > 0 else "no time")
                    + f" in the worst case ({_ms(needed)} needed with back-offs): "
                    "that retry adds load but rarely succeeds",
                    f"raise timeout_ms to {_ms(needed)}, or lower per_try_timeout_ms or retries",
                )
        limits = [t for t in (call.per_try_timeout_ms, call.timeout_ms) if t is not None]
        if not limits:
            continue
        budget = min(limits)
        worst = [(w, c) for c in below.get(call.callee, []) if (w := _worst_case_ms(design, c))]
        if not worst:
            continue
        longest, inner = max(worst, key=lambda pair: pair[0])
        if budget < longest:
            field = "per_try_timeout_ms" if budget == call.per_try_timeout_ms else "timeout_ms"
            kind = "per-try timeout" if field == "per_try_timeout_ms" else "timeout"
            yield timeout_budget.finding(
                item.path(field),
                f"{call.caller} -> {call.callee} -> {inner.callee}",
                f"{call.caller} gives {call.callee} {_ms(budget)} ({kind}) but {call.callee} "
                f"may wait {_ms(longest)} on {inner.callee} with its retries: "
                f"{call.caller} gives up while {call.callee} is still working",
                f"raise {call.caller}'s {kind} on {call.callee} above {_ms(longest)}, or cut "
                f"{call.callee}'s timeout or retries on {inner.callee}",
            )


@register(
    "retry-amplification",
    title="Retry amplification along a call chain",
    severity="warning",
    family="resilience",
    phase=2,
    fix="Retry at one layer of a chain only, or add a retry budget.",
    catalog=(
        cite(SRE_2016, 'ch. 22 "Addressing Cascading Failures" (retrying at several layers)'),
    ),
    thresholds=(
        Threshold(
            "max_retry_amplification",
            10,
            "Most attempts one request at the top of a synchronous chain may cause at its "
            "bottom (the product of 1 + retries over the hops); more is reported.",
        ),
    ),
)
def retry_amplification(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """Retries at several layers of a chain that multiply into a retry storm.

    When the bottom of a chain fails, every layer retries, and the attempts
    multiply: a hop that retries twice under one that retries twice gives 9
    attempts per top request, just when the bottom is least able to take them.
    Reported once per chain, at the hop where the product first exceeds the bound.

    Catalog: Beyer et al. 2016, "Site Reliability Engineering", ch. 22.
    """
    limit = thresholds["max_retry_amplification"]
    attempts: dict[tuple[str, str], int] = {}
    for item in _view.sync_calls(design):
        pair = (item.call.caller, item.call.callee)
        attempts[pair] = max(attempts.get(pair, 1), item.call.retries + 1)
    order = _view.service_index(design)
    seen: set[tuple[str, ...]] = set()
    for path in _view.simple_paths(_view.sync_graph(design)):
        layers: list[int] = []
        for n in range(1, len(path)):
            layers.append(attempts[(path[n - 1], path[n])])
            total = amplification(layers)
            if total <= limit:
                continue
            prefix = path[: n + 1]
            if prefix not in seen:
                seen.add(prefix)
                product = " x ".join(map(str, layers))
                yield retry_amplification.finding(
                    _view.call_path(design, path[n - 1], path[n], order) + ".retries",
                    _view.chain(prefix),
                    f"one request to {path[0]} may cause {total} attempts on {path[n]} "
                    f"({product}), more than {limit:g}: a failing {path[n]} gets a retry storm",
                    "retry at one layer only (usually the one nearest the failure) and set "
                    "retries: 0 on the others, or add a retry budget",
                )
            break
