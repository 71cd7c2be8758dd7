"""The saga validator: what can leave a saga half done, hanging or looping.

Conventions the checks rely on (the model states them per step):

- The *pivot* is the go/no-go step. Steps before it are undone by their
  compensations, in reverse order, when a later step up to the pivot fails;
  the pivot and the steps after it only retry forward. A saga without a
  pivot step is read as if its last step were the pivot.
- A compensation is retried until it succeeds, so it must be idempotent.
  ``SagaStep.compensation_idempotent`` (default true) records it; set it to
  false for a compensation such as "refund the amount" that has no refund id
  to recognise a repeat, and the validator reports it as an error.
- In a choreography, services react to each other's events: the topics
  between its services (who publishes what who consumes) must link each step
  to the next, and must not loop.

The message flow and the participants' view are :mod:`~designkit.analysis.saga_flow`;
the failure simulation is :mod:`~designkit.analysis.saga_simulation`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import networkx as nx

from ..model import Design, Saga, Service
from .antipatterns.catalog import RICHARDSON_2018, cite
from .antipatterns.engine import analyze
from .antipatterns.finding import Finding, Severity, loc
from .antipatterns.registry import Thresholds, declare
from .saga_flow import Links, members, pivot_index

__all__ = ["RULES", "saga_findings"]

_SAGAS = cite(RICHARDSON_2018, 'ch. 4 "Managing transactions with sagas"')
_GARCIA = 'Garcia-Molina & Salem 1987, "Sagas", SIGMOD'

# id: (severity, what it finds, fix, sources)
_TABLE: dict[str, tuple[Severity, str, str, tuple[str, ...]]] = {
    "saga-compensation-not-idempotent": (
        "error",
        "a retried compensation would undo twice",
        "Key the compensation by the saga id so a repeat is recognised.",
        (_SAGAS, _GARCIA),
    ),
    "saga-unretryable-after-pivot": (
        "error",
        "a step after the pivot can fail and not retry",
        "Make the steps after the pivot retriable (idempotent, retried until they succeed).",
        (_SAGAS,),
    ),
    "saga-orchestrator-not-service": (
        "error",
        "the orchestrator is no backend service",
        "Name a business or worker service of the design as the orchestrator.",
        (_SAGAS,),
    ),
    "saga-participant-not-service": (
        "error",
        "a step's service is not in the design",
        "Name a service of the design for every step.",
        (_SAGAS,),
    ),
    "saga-choreography-cycle": (
        "warning",
        "the choreography's services loop through events",
        "Break the loop: let one service end the saga, or orchestrate it.",
        (_SAGAS,),
    ),
    "saga-unlinked-step": (
        "warning",
        "no topic or call carries the step's message",
        "Link each step to the next with a topic or a call.",
        (_SAGAS,),
    ),
    "saga-missing-timeout": (
        "warning",
        "a step without a timeout can hang the saga",
        "Give every step a timeout (timeout_s).",
        (_SAGAS,),
    ),
    "saga-timeout-budget": (
        "warning",
        "the steps up to the pivot outlast the saga's timeout",
        "Raise the saga's timeout to cover its steps, or shorten theirs.",
        (_SAGAS,),
    ),
    "saga-empty": (
        "warning",
        "a saga without steps",
        "List the saga's local transactions in order, each with its compensation.",
        (_SAGAS,),
    ),
    "saga-unused-compensation": (
        "info",
        "the pivot's or a later step's compensation never runs",
        "Remove the compensation, or move the pivot.",
        (_SAGAS,),
    ),
    "saga-no-pivot": (
        "info",
        "no pivot marked; the last step is taken as the pivot",
        "Mark the step after which the saga must complete (pivot: true).",
        (_SAGAS,),
    ),
}

for _id, (_severity, _what, _fix, _sources) in _TABLE.items():
    declare(
        _id,
        title=_what[0].upper() + _what[1:],
        severity=_severity,
        catalog=_sources,
        family="sagas",
        phase=3,
        fix=_fix,
        producer="designkit.analysis.sagas:_produce",
    )

RULES: dict[str, tuple[Severity, str]] = {
    "saga-missing-compensation": (
        "error",
        "a step before the pivot changes data, nothing undoes it",
    ),
    **{rule_id: (row[0], row[1]) for rule_id, row in _TABLE.items()},
}
"""Every rule of the validator with its severity and what it finds (registered rules)."""

_BACKEND = ("business", "worker", "platform")


def saga_findings(design: Design) -> list[Finding]:
    """Every problem of every saga, most serious first (see :data:`RULES`).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "order", "dependencies": [{"target": "payment"}]},
    ...                  {"name": "payment"}],
    ...     "sagas": [{"name": "s", "orchestrator": "order", "steps": [
    ...         {"name": "charge", "service": "payment", "action": "charge", "timeout_s": 5,
    ...          "compensation": "refund", "compensation_idempotent": False},
    ...         {"name": "confirm", "service": "order", "action": "confirm", "pivot": True,
    ...          "timeout_s": 1}]}]})
    >>> [(f.rule, f.path) for f in saga_findings(d)]
    [('saga-compensation-not-idempotent', 'sagas[0].steps[0].compensation_idempotent')]
    """
    return analyze(design, rules=list(RULES))


def _produce(design: Design, thresholds: Thresholds) -> list[Finding]:
    """The validator's findings but ``saga-missing-compensation`` (a rule of its own)."""
    found: list[Finding] = []
    links = Links(design)
    services = {s.name: s for s in design.services}
    for s, saga in enumerate(design.sagas):
        found.extend(_steps(s, saga))
        found.extend(_services(s, saga, services))
        found.extend(_links(s, saga, links))
    return found


def _finding(rule: str, path: str, subject: str, message: str, fix: str) -> Finding:
    return Finding(rule, RULES[rule][0], path, subject, message, fix)


def _steps(s: int, saga: Saga) -> Iterator[Finding]:
    p = pivot_index(saga)
    if p is None:
        yield _finding(
            "saga-empty",
            loc("sagas", s, "steps"),
            saga.name,
            f"saga {saga.name} has no steps",
            "list its local transactions in order, each with its compensation",
        )
        return
    if not any(step.pivot for step in saga.steps):
        yield _finding(
            "saga-no-pivot",
            loc("sagas", s, "steps"),
            saga.name,
            f"saga {saga.name} marks no pivot: its last step "
            f"({saga.steps[-1].name}) is taken as the go/no-go point",
            "mark the step after which the saga must complete (pivot: true)",
        )
    for j, step in enumerate(saga.steps):
        subject = f"{saga.name}.{step.name}"
        where = ("sagas", s, "steps", j)
        if step.compensation and not step.compensation_idempotent:
            yield _finding(
                "saga-compensation-not-idempotent",
                loc(*where, "compensation_idempotent"),
                subject,
                f"the compensation of {step.name} ({step.compensation}) is not idempotent: "
                "it is retried until it succeeds, so a repeat undoes twice",
                "key it by the saga id (e.g. a refund id) so a repeat is recognised, then "
                "set compensation_idempotent: true",
            )
        if j > p and not step.retryable:
            yield _finding(
                "saga-unretryable-after-pivot",
                loc(*where, "retryable"),
                subject,
                f"{step.name} runs after the pivot ({saga.steps[p].name}) but cannot be "
                "retried: if it fails the saga can go neither back nor forward",
                "make it retryable (idempotent, retried until it succeeds), or move it "
                "before the pivot with a compensation",
            )
        if j >= p and step.compensation:
            yield _finding(
                "saga-unused-compensation",
                loc(*where, "compensation"),
                subject,
                f"{step.name} is {'the pivot' if j == p else 'after the pivot'}: its "
                f"compensation ({step.compensation}) never runs in the saga",
                "drop it, or move the pivot if this step must be undoable",
            )
        if step.timeout_s is None:
            yield _finding(
                "saga-missing-timeout",
                loc(*where, "timeout_s"),
                subject,
                f"{step.name} ({step.service}) has no timeout: a participant that never "
                "answers keeps the saga waiting",
                "set timeout_s from the participant's latency objective",
            )
    budget = sum(step.timeout_s or 0.0 for step in saga.steps[: p + 1])
    if budget > saga.timeout_s:
        yield _finding(
            "saga-timeout-budget",
            loc("sagas", s, "timeout_s"),
            saga.name,
            f"the steps up to the pivot of {saga.name} may take {budget:g} s, more than "
            f"the saga's timeout of {saga.timeout_s:g} s: it can time out while a step "
            "is still within its own",
            f"raise the saga's timeout_s to at least {budget:g}, or shorten the steps'",
        )


def _services(s: int, saga: Saga, services: dict[str, Service]) -> Iterator[Finding]:
    orch = saga.orchestrator
    if orch is not None:
        svc = services.get(orch)
        if svc is None or svc.kind not in _BACKEND:
            what = "not a service of the design" if svc is None else f"a {svc.kind}"
            yield _finding(
                "saga-orchestrator-not-service",
                loc("sagas", s, "orchestrator"),
                saga.name,
                f"the orchestrator of {saga.name}, {orch}, is {what}: the saga's state "
                "needs a backend service that owns it",
                "let the service that owns the business transaction orchestrate it",
            )
    for j, step in enumerate(saga.steps):
        if step.service not in services:
            yield _finding(
                "saga-participant-not-service",
                loc("sagas", s, "steps", j, "service"),
                f"{saga.name}.{step.name}",
                f"step {step.name} runs in {step.service}, which is not a service of the design",
                "name one of the design's services",
            )


def _links(s: int, saga: Saga, links: Links) -> Iterator[Finding]:
    if saga.orchestrator:
        for j, step in enumerate(saga.steps):
            if step.service != saga.orchestrator and not links.channel(
                saga.orchestrator, step.service
            ):
                yield _unlinked(s, j, saga, saga.orchestrator, step.service)
        return
    for j in range(1, len(saga.steps)):
        before, step = saga.steps[j - 1], saga.steps[j]
        if before.service != step.service and not links.topics_between(
            before.service, step.service
        ):
            yield _unlinked(s, j, saga, before.service, step.service)
    names = members(saga)
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(names)
    graph.add_edges_from(
        (a, b) for a in names for b in names if a != b and links.topics_between(a, b)
    )
    cycles = {_canonical(c) for c in nx.simple_cycles(graph)}
    for cycle in sorted(cycles, key=lambda c: (len(c), c))[:5]:
        path = [*cycle, cycle[0]]
        via = [links.topics_between(a, b)[0] for a, b in pairwise(path)]
        yield _finding(
            "saga-choreography-cycle",
            loc("sagas", s),
            f"{saga.name}: {' -> '.join(path)}",
            f"the services of choreography {saga.name} react to each other in a loop: "
            f"{' -> '.join(path)} (via {', '.join(via)}); the flow is hard to follow and "
            "a message can bounce between them",
            "orchestrate the saga, or have one side consume a narrower topic",
        )


def _canonical(cycle: list[str]) -> tuple[str, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


def _unlinked(s: int, j: int, saga: Saga, source: str, target: str) -> Finding:
    step = saga.steps[j]
    how = "a call or a topic" if saga.orchestrator else "a topic"
    return _finding(
        "saga-unlinked-step",
        loc("sagas", s, "steps", j),
        f"{saga.name}.{step.name}",
        f"nothing carries {step.name} from {source} to {target}: the design has no {how} "
        f"from {source} that {target} reads",
        f"add the topic to {source}'s publishes and {target} to its consumers"
        + (" (or a dependency)" if saga.orchestrator else ""),
    )
