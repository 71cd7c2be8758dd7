"""Resilience per dependency, and the checks along every synchronous call chain.

One row per dependency of every service:

- synchronous calls: the effective timeout, per-try timeout and retries
  (:func:`~designkit.analysis.resilience.effective_calls`: the dependency's own
  values, else the mesh defaults), the back-off before each retry, the longest
  the caller may wait, the circuit breaker (outlier detection), the bulkhead
  from Little's law (:mod:`~designkit.analysis.capacity`), hard or soft and the
  fallback;
- asynchronous ones: how the consumer takes delivery (retries, dead letter,
  idempotency).

Back-offs follow Envoy's fully jittered exponential back-off on Envoy-based
meshes (Istio, Consul): before retry ``n`` the wait is drawn uniformly from
``[0, min(250, 25 x (2**n - 1)))`` ms, the range Envoy's router documentation
gives for its defaults (:func:`~designkit.sizing.retries.envoy_backoff_upper_ms`);
other meshes and plain clients are taken to retry at once.
The worst case a caller waits is ``min(timeout, (retries + 1) x per_try +
sum(back-offs))`` (:func:`~designkit.sizing.retries.min_caller_timeout_ms`).

Chains are the maximal simple paths of the synchronous call graph; each gets
its retry amplification (product of ``1 + retries`` per hop,
:func:`~designkit.sizing.retries.amplification`) and the hops whose caller
gives up before its callee's own calls can finish. The anti-pattern rules of
:mod:`designkit.analysis.antipatterns.resilience` (the ones notebook 02 shows)
supply the findings, with their field paths and fixes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from ..model import CircuitBreaker, Design
from ..sizing.retries import amplification, envoy_backoffs_ms, min_caller_timeout_ms
from .antipatterns import Finding, analyze
from .antipatterns import _view as view
from .antipatterns.registry import resolve_thresholds
from .capacity import Bulkhead, CapacityPlan, capacity_plan
from .resilience import EffectiveCall, effective_calls

__all__ = [
    "CHAIN_RULES",
    "ENVOY_MESHES",
    "ChainCheck",
    "DependencyResilience",
    "ResiliencePlan",
    "backoffs_ms",
    "resilience_plan",
    "worst_case_ms",
]

ENVOY_MESHES = frozenset({"istio", "consul"})
"""Meshes whose sidecar is Envoy, which waits a jittered back-off before each retry."""

CHAIN_RULES = (
    "missing-timeout",
    "missing-circuit-breaker",
    "timeout-budget",
    "retry-amplification",
)
"""The anti-pattern rules that check calls and chains (notebook 02's checks)."""


@dataclass(frozen=True)
class DependencyResilience:
    """The resilience settings that apply to one dependency, with their consequences."""

    caller: str
    callee: str
    protocol: str
    topic: str | None
    hard: bool
    fallback: str | None
    timeout_ms: float | None
    per_try_timeout_ms: float | None
    retries: int
    backoff_ms: tuple[float, ...]
    """Upper bound of the jittered wait before each retry (the wait is uniform below it)."""
    worst_case_ms: float | None
    """The longest the caller may wait on this call; None when nothing bounds it."""
    circuit_breaker: CircuitBreaker | None
    rate_rps: float
    """Attempts per second at peak from the caller to the callee (traffic analysis)."""
    bulkhead: int | None
    """Concurrent calls to allow (Little's law with safety); None without a timeout."""
    from_defaults: tuple[str, ...]
    delivery: str
    """For async dependencies: the consumer's retries, dead letter and idempotency."""
    issues: tuple[str, ...]


@dataclass(frozen=True)
class ChainCheck:
    """Retry amplification and timeout budget along one synchronous call chain."""

    path: tuple[str, ...]
    attempts: tuple[int, ...]
    """``1 + retries`` of each hop."""
    amplification: int
    limit: float
    tight_hops: tuple[str, ...]
    """Hops ``a -> b`` where ``a`` gives up on ``b`` before ``b``'s own calls can finish."""

    @property
    def ok(self) -> bool:
        """Amplification within the limit and no tight hop."""
        return self.amplification <= self.limit and not self.tight_hops


@dataclass(frozen=True)
class ResiliencePlan:
    """Resilience per dependency, the chain checks and the rules' findings."""

    dependencies: tuple[DependencyResilience, ...]
    chains: tuple[ChainCheck, ...]
    findings: tuple[Finding, ...]


def backoffs_ms(design: Design, retries: int) -> tuple[float, ...]:
    """Upper bounds of the back-off before each of ``retries`` retries on this design's mesh.

    Examples
    --------
    >>> from designkit.model import Design
    >>> backoffs_ms(Design.model_validate({"metadata": {"name": "x"}}), 3)
    (25.0, 75.0, 175.0)
    """
    if design.mesh.technology in ENVOY_MESHES:
        return tuple(envoy_backoffs_ms(retries))
    return (0.0,) * retries


def worst_case_ms(design: Design, call: EffectiveCall) -> float | None:
    """The longest the caller may wait on ``call``: its timeout caps attempts and back-offs.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "timeout_ms": 1000,
    ...      "retries": 2, "per_try_timeout_ms": 200}]}, {"name": "b"}]})
    >>> worst_case_ms(d, effective_calls(d)[0])  # 3 x 200 + 25 + 75
    700.0
    """
    needed = None
    if call.per_try_timeout_ms is not None:
        needed = min_caller_timeout_ms(
            call.retries, call.per_try_timeout_ms, list(backoffs_ms(design, call.retries))
        )
    if call.timeout_ms is None:
        return needed
    return call.timeout_ms if needed is None else min(call.timeout_ms, needed)


def _issues(design: Design, call: EffectiveCall) -> tuple[str, ...]:
    issues = []
    if call.timeout_ms is None and call.per_try_timeout_ms is None:
        issues.append("no timeout: a hung callee hangs the caller")
    if call.circuit_breaker is None:
        issues.append("no circuit breaker")
    if call.retries and call.per_try_timeout_ms is None:
        issues.append("retries without a per-try timeout")
    if call.retries and call.per_try_timeout_ms and call.timeout_ms is not None:
        needed = min_caller_timeout_ms(
            call.retries, call.per_try_timeout_ms, list(backoffs_ms(design, call.retries))
        )
        if needed > call.timeout_ms:
            issues.append(
                f"attempts and back-offs need {needed:g} ms > timeout {call.timeout_ms:g}"
            )
    if call.retries and call.timeout_ms is None and call.per_try_timeout_ms is not None:
        issues.append("no overall timeout: retries are bounded only by their count")
    return tuple(issues)


def _async_rows(design: Design) -> dict[tuple[int, int], DependencyResilience]:
    consumers = {(t.name, c.service): c for t in design.topics for c in t.consumers}
    rows = {}
    for i, svc in enumerate(design.services):
        for j, dep in enumerate(svc.dependencies):
            if dep.protocol != "async":
                continue
            consumer = consumers.get((dep.topic or "", dep.target))
            issues: list[str] = []
            if consumer is None:
                delivery = "consumer not listed on the topic"
                issues.append(f"{dep.target} is not a listed consumer of {dep.topic}")
            else:
                delivery = (
                    f"{consumer.retries} retries, dead letter "
                    f"{consumer.dead_letter or 'none'}, "
                    + ("idempotent" if consumer.idempotent else "not idempotent")
                )
                if not consumer.idempotent:
                    issues.append("not idempotent: a redelivered message is processed twice")
                if consumer.dead_letter is None:
                    issues.append("no dead letter: a poison message blocks its partition")
            rows[(i, j)] = DependencyResilience(
                caller=svc.name,
                callee=dep.target,
                protocol="async",
                topic=dep.topic,
                hard=dep.hard,
                fallback=dep.fallback,
                timeout_ms=None,
                per_try_timeout_ms=None,
                retries=consumer.retries if consumer else 0,
                backoff_ms=(),
                worst_case_ms=None,
                circuit_breaker=None,
                rate_rps=0.0,
                bulkhead=None,
                from_defaults=(),
                delivery=delivery,
                issues=tuple(issues),
            )
    return rows


def _chains(design: Design, limit: float) -> tuple[ChainCheck, ...]:
    calls = effective_calls(design)
    attempts: dict[tuple[str, str], int] = {}
    worst: dict[tuple[str, str], float] = {}
    budget: dict[tuple[str, str], float] = {}
    for call in calls:
        pair = (call.caller, call.callee)
        attempts[pair] = max(attempts.get(pair, 1), call.retries + 1)
        wait = worst_case_ms(design, call)
        if wait is not None:
            worst[pair] = max(worst.get(pair, 0.0), wait)
        limits = [t for t in (call.per_try_timeout_ms, call.timeout_ms) if t is not None]
        if limits:
            budget[pair] = min(budget.get(pair, min(limits)), min(limits))
    checks = []
    for path in view.simple_paths(view.sync_graph(design)):
        if len(path) < 2:
            continue
        hops = list(pairwise(path))
        tight = tuple(
            f"{a} -> {b}"
            for (a, b), (_, c) in pairwise(hops)
            if (a, b) in budget and (b, c) in worst and budget[(a, b)] < worst[(b, c)]
        )
        layers = tuple(attempts[hop] for hop in hops)
        checks.append(ChainCheck(path, layers, amplification(layers), limit, tight))
    return tuple(checks)


def resilience_plan(
    design: Design,
    *,
    plan: CapacityPlan | None = None,
    thresholds: Mapping[str, float] | None = None,
) -> ResiliencePlan:
    """Resilience of every dependency, every chain's checks and the rules' findings.

    Parameters
    ----------
    design : Design
    plan : CapacityPlan, optional
        ``capacity_plan(design)`` when already computed (for the bulkheads).
    thresholds : mapping, optional
        Overrides of the anti-pattern thresholds (``max_retry_amplification``,
        ``min_last_attempt_share``).

    Examples
    --------
    ``a -> b -> c``, each hop retrying twice, on Istio:

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "retries": 2,
    ...      "timeout_ms": 300, "per_try_timeout_ms": 100}]},
    ...     {"name": "b", "dependencies": [{"target": "c", "retries": 2,
    ...      "timeout_ms": 300, "per_try_timeout_ms": 80}]}, {"name": "c"}],
    ...     "journeys": [{"name": "j", "entry": "a", "peak_rps": 100}]})
    >>> r = resilience_plan(d)
    >>> [(x.caller, x.callee, x.backoff_ms, x.worst_case_ms, x.bulkhead) for x in r.dependencies]
    [('a', 'b', (25.0, 75.0), 300.0, 13), ('b', 'c', (25.0, 75.0), 300.0, 10)]
    >>> (chain,) = r.chains
    >>> chain.path, chain.amplification, chain.tight_hops, chain.ok
    (('a', 'b', 'c'), 9, ('a -> b',), False)
    """
    capacity = plan or capacity_plan(design)
    heads: dict[tuple[str, str], Bulkhead] = {
        (b.caller, b.callee): b for c in capacity.services.values() for b in c.bulkheads
    }
    rows = _async_rows(design)
    for item in view.sync_calls(design):
        call = item.call
        worst = worst_case_ms(design, call)
        head = heads.get((call.caller, call.callee))
        rows[(item.service, item.dependency)] = DependencyResilience(
            caller=call.caller,
            callee=call.callee,
            protocol=call.protocol,
            topic=None,
            hard=call.hard,
            fallback=call.fallback,
            timeout_ms=call.timeout_ms,
            per_try_timeout_ms=call.per_try_timeout_ms,
            retries=call.retries,
            backoff_ms=backoffs_ms(design, call.retries),
            worst_case_ms=worst,
            circuit_breaker=call.circuit_breaker,
            rate_rps=head.rate_rps if head else 0.0,
            bulkhead=head.max_concurrent if head else None,
            from_defaults=call.from_defaults,
            delivery="",
            issues=_issues(design, call),
        )
    findings = analyze(design, thresholds=thresholds, rules=CHAIN_RULES)
    limit = resolve_thresholds(thresholds)["max_retry_amplification"]
    return ResiliencePlan(
        dependencies=tuple(rows[key] for key in sorted(rows)),
        chains=_chains(design, limit),
        findings=tuple(findings),
    )
