"""Events and sagas: dangling topics, uncompensated saga steps, non-idempotent consumers."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Design, SagaStep
from . import _view
from .catalog import DESIGNKIT, RICHARDSON, RICHARDSON_2018, cite
from .finding import Finding, loc
from .registry import Thresholds, register

__all__ = ["non_idempotent_consumer", "orphan_topic", "saga_missing_compensation"]


@register(
    "orphan-topic",
    title="Topic without a producer or a consumer",
    severity="warning",
    family="events",
    phase=3,
    fix="Give the topic a producer and a consumer, or remove it.",
    catalog=(DESIGNKIT,),
)
def orphan_topic(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A topic nobody writes to, or nobody reads.

    Either the design is missing a link (a consumer that should react, a
    producer that should publish), or the topic is dead configuration that
    still costs partitions and retention. Dead-letter topics are exempt: the
    broker client writes them, and people read them.

    Catalog: none published; a consistency check of the design.
    """
    dead_letters = {c.dead_letter for t in design.topics for c in t.consumers if c.dead_letter}
    written = _view.producers(design)
    read = _view.consumers(design)
    for k, topic in enumerate(design.topics):
        if topic.name in dead_letters:
            continue
        missing = [
            side
            for side, ends in (("producer", written), ("consumer", read))
            if not ends.get(topic.name)
        ]
        if not missing:
            continue
        yield orphan_topic.finding(
            loc("topics", k),
            topic.name,
            f"topic {topic.name} has no {' and no '.join(missing)}: "
            + (
                "its messages are never read"
                if missing == ["consumer"]
                else "nothing ever arrives on it"
            ),
            "add the missing side (a service's publishes, or the topic's consumers), "
            "or remove the topic",
        )


def _before_pivot(steps: list[SagaStep]) -> list[tuple[int, SagaStep]]:
    for i, step in enumerate(steps):
        if step.pivot:
            return list(enumerate(steps[:i]))
    # Without a pivot the last step decides; only the ones before it can need undoing.
    return list(enumerate(steps[:-1]))


@register(
    "saga-missing-compensation",
    title="Saga step without compensation",
    severity="error",
    family="sagas",
    phase=3,
    fix="Give every step before the pivot a compensation that undoes it.",
    catalog=(
        cite(RICHARDSON, "pattern: Saga"),
        cite(RICHARDSON_2018, "ch. 4 (compensatable, pivot and retriable transactions)"),
    ),
)
def saga_missing_compensation(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A saga step before the pivot that changes data but has nothing to undo it.

    If a later step fails, the saga cannot roll back: the change stays and the
    services disagree. Steps without side effects (checks, reads) need no
    compensation; nor do the pivot and the steps after it, which only retry
    forward. Without a pivot, the last step is taken as the pivot.

    Catalog: Richardson, Saga pattern; Richardson 2018, "Microservices Patterns", ch. 4.
    """
    for s, saga in enumerate(design.sagas):
        for j, step in _before_pivot(saga.steps):
            if step.side_effects and not step.compensation:
                yield saga_missing_compensation.finding(
                    loc("sagas", s, "steps", j, "compensation"),
                    f"{saga.name}.{step.name}",
                    f"step {step.name} of saga {saga.name} ({step.service}: {step.action}) "
                    "changes data before the pivot but has no compensation: if a later step "
                    "fails the saga cannot undo it",
                    "add the compensating action that semantically undoes the step, or move "
                    "the step after the pivot if it can always be retried to success",
                )


@register(
    "non-idempotent-consumer",
    title="Retried consumer without idempotency",
    severity="warning",
    family="events",
    phase=3,
    fix="Make the consumer idempotent (an idempotency key), or stop retrying.",
    catalog=(cite(RICHARDSON, "pattern: Idempotent Consumer"),),
)
def non_idempotent_consumer(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A consumer that retries messages but is not idempotent.

    Brokers deliver at least once, and a retry after a timeout may repeat work
    that already happened: a non-idempotent consumer then charges, books or
    sends twice.

    Catalog: Richardson, Idempotent Consumer pattern.
    """
    for k, topic in enumerate(design.topics):
        for j, consumer in enumerate(topic.consumers):
            if consumer.retries > 0 and not consumer.idempotent:
                yield non_idempotent_consumer.finding(
                    loc("topics", k, "consumers", j, "idempotent"),
                    f"{topic.name} -> {consumer.service}",
                    f"{consumer.service} retries messages from {topic.name} "
                    f"({consumer.retries} times) but is not idempotent: a redelivered "
                    "message repeats its effects",
                    "make the consumer idempotent (record processed message ids, or use "
                    "upserts keyed by the message), then set idempotent: true",
                )
