"""Topics and their consumers: sizing, ordering, retries, dead letters, idempotency, outbox.

- :func:`topic_plans`: per topic, partitions sized from the peak throughput
  (:func:`designkit.analysis.capacity.capacity_plan`) next to the consumers'
  parallelism and what is configured; replication, ``min.insync.replicas``,
  retention and storage; the ordering guarantee its key gives.
- :func:`consumer_policies`: per consumer, its group, retry policy, dead-letter
  topic, idempotency key and the ordering it actually gets.
- :func:`outbox_checks`: services that write a store and publish, and whether
  an outbox makes the two one transaction (otherwise a dual write).
- :func:`messaging_findings`: the problems of all three.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Design
from .antipatterns.catalog import (
    HOHPE_WOOLF_2003,
    KAFKA_DOCS,
    KLEPPMANN_2017,
    RICHARDSON,
    cite,
)
from .antipatterns.engine import analyze
from .antipatterns.finding import Finding, Severity, loc, sort_key
from .antipatterns.registry import Thresholds, declare_table
from .capacity import CapacityOptions, capacity_plan
from .traffic import topic_ends

__all__ = [
    "MIN_REPLICATION",
    "MIN_RETENTION_HOURS",
    "ConsumerPolicy",
    "OutboxCheck",
    "TopicPlan",
    "consumer_policies",
    "messaging_findings",
    "outbox_checks",
    "topic_plans",
]

MIN_REPLICATION = 3
"""Replicas a topic needs to survive one broker down while writes with acks=all go on."""
MIN_RETENTION_HOURS = 72.0
"""Retention that outlasts a consumer down over a long weekend (deleted topics)."""


@dataclass(frozen=True)
class TopicPlan:
    """A topic's configuration next to what its traffic and consumers need."""

    topic: str
    producers: tuple[str, ...]
    groups: tuple[str, ...]
    """Consumer groups (a consumer's group, or its service name)."""
    key: str | None
    ordering: str
    message_rps: float
    mb_s: float
    partitions: int
    """Configured."""
    partitions_for_throughput: int
    """``max(ceil(mb_s / producer MB/s), ceil(mb_s / consumer MB/s))`` (capacity)."""
    consumer_parallelism: int
    """The most replicas any consuming service may run (its autoscaler maximum)."""
    replication_factor: int
    min_insync_replicas: int
    """``replication_factor - 1`` (at least 1): with acks=all a write survives one loss."""
    retention_hours: float
    cleanup: str
    storage_bytes: float
    dead_letter: bool
    """True when some consumer parks failed messages on this topic."""

    @property
    def recommended_partitions(self) -> int:
        """Enough for the throughput and for every consumer replica to get a partition."""
        return max(self.partitions_for_throughput, self.consumer_parallelism, 1)


@dataclass(frozen=True)
class ConsumerPolicy:
    """How one consumer reads a topic and what happens when a message fails."""

    topic: str
    service: str
    group: str
    retries: int
    dead_letter: str | None
    on_failure: str
    idempotent: bool
    idempotency_key: str
    ordering: str


@dataclass(frozen=True)
class OutboxCheck:
    """A service that writes a store and publishes: one transaction, or a dual write."""

    service: str
    writes: tuple[str, ...]
    publishes: tuple[str, ...]
    outbox: bool

    @property
    def dual_write(self) -> bool:
        """True when the store write and the publish can succeed or fail apart."""
        return bool(self.writes and self.publishes and not self.outbox)


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _ordering(key: str | None) -> str:
    if key is None:
        return "none: no key, messages spread over partitions"
    return f"per {key}: in order within a partition, none across keys"


def topic_plans(design: Design, options: CapacityOptions | None = None) -> list[TopicPlan]:
    """Every topic, in file order, with its sizing and guarantees.

    Examples
    --------
    1,000 messages/s of 10 kB is 10 MB/s; one partition takes 10 MB/s in and
    gives 5 MB/s out, so the consumers need 2 partitions:

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "a", "publishes": ["t"]},
    ...                  {"name": "b", "deployment": {"autoscaling": {"max_replicas": 4}}}],
    ...     "topics": [{"name": "t", "message_bytes": 10000, "consumers": ["b"]}],
    ...     "journeys": [{"name": "j", "entry": "a", "peak_rps": 1000}]})
    >>> p = topic_plans(d)[0]
    >>> p.partitions_for_throughput, p.consumer_parallelism, p.recommended_partitions
    (2, 4, 4)
    """
    plan = capacity_plan(design, options)
    publishers, consumers = topic_ends(design)
    width = {
        s.name: s.deployment.autoscaling.max_replicas
        if s.deployment.autoscaling
        else s.deployment.replicas
        for s in design.services
    }
    dead_letters = {c.dead_letter for t in design.topics for c in t.consumers if c.dead_letter}
    plans = []
    for topic in design.topics:
        sized = plan.topics[topic.name]
        groups = dict.fromkeys(c.group or c.service for c in topic.consumers)
        declared = {c.service for c in topic.consumers}
        for name in consumers.get(topic.name, []):
            if name not in declared:  # an async dependency's target: its own group
                groups.setdefault(name)
        plans.append(
            TopicPlan(
                topic=topic.name,
                producers=tuple(publishers.get(topic.name, [])),
                groups=tuple(groups),
                key=topic.key,
                ordering=_ordering(topic.key),
                message_rps=sized.message_rps,
                mb_s=sized.mb_s,
                partitions=topic.partitions,
                partitions_for_throughput=sized.partitions,
                consumer_parallelism=max(
                    (width.get(c, 1) for c in consumers.get(topic.name, [])), default=0
                ),
                replication_factor=topic.replication_factor,
                min_insync_replicas=max(1, topic.replication_factor - 1),
                retention_hours=topic.retention_hours,
                cleanup=topic.cleanup,
                storage_bytes=sized.storage_bytes,
                dead_letter=topic.name in dead_letters,
            )
        )
    return plans


def consumer_policies(design: Design) -> list[ConsumerPolicy]:
    """Every declared consumer of every topic, in file order.

    A failed message is retried in place (the partition waits, order kept);
    after the retries it goes to the dead-letter topic, where later messages
    with the same key overtake it, or, without one, it blocks the partition
    or is dropped, as the client is configured.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "b"}],
    ...     "topics": [{"name": "t", "key": "id", "consumers": [
    ...         {"service": "b", "retries": 2, "dead_letter": "dlq", "idempotent": True}]},
    ...         {"name": "dlq"}]})
    >>> c = consumer_policies(d)[0]
    >>> c.on_failure
    'retry 2 times, then park on dlq'
    >>> c.idempotency_key, c.ordering.split(";")[0]
    ('message id', 'per id')
    """
    out = []
    for topic in design.topics:
        for c in topic.consumers:
            if c.dead_letter:
                on_failure = f"park on {c.dead_letter}"
            else:
                on_failure = "block the partition or drop (no dead-letter topic)"
            ordering = _ordering(topic.key).split(":")[0]
            if topic.key and c.dead_letter:
                ordering += "; a parked message is overtaken by later ones with its key"
            key = (c.idempotency_key or "message id") if c.idempotent else "none (not idempotent)"
            out.append(
                ConsumerPolicy(
                    topic=topic.name,
                    service=c.service,
                    group=c.group or c.service,
                    retries=c.retries,
                    dead_letter=c.dead_letter,
                    on_failure=f"retry {_times(c.retries)}, then {on_failure}"
                    if c.retries
                    else on_failure,
                    idempotent=c.idempotent,
                    idempotency_key=key,
                    ordering=ordering,
                )
            )
    return out


def outbox_checks(design: Design) -> list[OutboxCheck]:
    """Every service that publishes, with the stores it writes, in service order.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "a", "stores": [{"store": "db"}], "publishes": ["t"]}],
    ...     "stores": [{"name": "db", "owner": "a"}], "topics": [{"name": "t"}]})
    >>> [(c.service, c.dual_write) for c in outbox_checks(d)]
    [('a', True)]
    """
    publishers, _ = topic_ends(design)
    out = []
    for svc in design.services:
        topics = tuple(t for t, names in publishers.items() if svc.name in names)
        if not topics:
            continue
        writes = tuple(u.store for u in svc.stores if u.access != "read")
        out.append(OutboxCheck(svc.name, writes, topics, svc.outbox))
    return out


# id: (default severity, title, fix, sources); found by _produce.
_RULES: dict[str, tuple[Severity, str, str, tuple[str, ...]]] = {
    "dual-write-risk": (
        "warning", "A service writes its store and publishes without an outbox",
        "Write the event to an outbox in the same transaction and relay it (or use CDC).",
        (cite(RICHARDSON, "pattern: Transactional Outbox"),
         cite(KLEPPMANN_2017, 'ch. 11 "Keeping Systems in Sync" (dual writes)')),
    ),
    "consumer-without-dead-letter": (
        "warning", "A retrying consumer without a dead-letter topic",
        "Name a dead-letter topic for the consumer and alert on it.",
        (cite(HOHPE_WOOLF_2003, "Dead Letter Channel"),),
    ),
    "under-partitioned": (
        "warning", "Fewer partitions than the topic's throughput needs",
        "Raise the partitions to what the peak throughput needs.",
        (cite(KAFKA_DOCS, "partitions and consumer parallelism"),),
    ),
    "low-replication": (
        "warning", "A topic replicated fewer than 3 times",
        "Use replication factor 3 with min.insync.replicas 2.",
        (cite(KAFKA_DOCS, "Replication; min.insync.replicas"),),
    ),
    "short-retention": (
        "info", "A topic that keeps messages too briefly",
        "Keep messages longer than a consumer may be down, or compact the topic.",
        (cite(KAFKA_DOCS, "retention.ms"),),
    ),
    "unkeyed-topic": (
        "info", "A topic without an ordering key",
        "Key the topic by the aggregate id its events are about.",
        (cite(KAFKA_DOCS, "message keys and partition ordering"),),
    ),
}  # fmt: skip

declare_table(_RULES, family="events", phase=3, producer="designkit.analysis.topics:_produce")


def messaging_findings(design: Design, options: CapacityOptions | None = None) -> list[Finding]:
    """Problems of topics and consumers, most serious first.

    ``orphan-topic`` and ``non-idempotent-consumer`` are the anti-pattern rules;
    the others: ``dual-write-risk`` (warning), ``consumer-without-dead-letter``
    (warning, for consumers that retry), ``under-partitioned`` (warning: fewer
    partitions than the throughput needs), ``low-replication`` (warning, below
    :data:`MIN_REPLICATION`), ``short-retention`` (info, below
    :data:`MIN_RETENTION_HOURS`) and ``unkeyed-topic`` (info). Consumer replicas
    beyond the partition count idle; :attr:`TopicPlan.recommended_partitions`
    counts them, without a finding, since replicas also scale for requests.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "a", "publishes": ["t"]}, {"name": "b"}],
    ...     "topics": [{"name": "t", "key": "id", "replication_factor": 2,
    ...                 "consumers": [{"service": "b", "idempotent": True, "retries": 0}]}]})
    >>> [f.rule for f in messaging_findings(d)]
    ['low-replication']
    """
    rules = ["orphan-topic", "non-idempotent-consumer", *_RULES]
    if options is None:
        return analyze(design, rules=rules)
    found = analyze(design, rules=rules[:2]) + _produce(design, {}, options)
    return sorted(found, key=sort_key)


def _produce(
    design: Design, thresholds: Thresholds, options: CapacityOptions | None = None
) -> list[Finding]:
    found: list[Finding] = []
    index = {s.name: i for i, s in enumerate(design.services)}
    for check in outbox_checks(design):
        if check.dual_write:
            found.append(
                Finding(
                    "dual-write-risk",
                    "warning",
                    loc("services", index[check.service], "outbox"),
                    check.service,
                    f"{check.service} writes {', '.join(check.writes)} and publishes to "
                    f"{', '.join(check.publishes)} without an outbox: a crash between the "
                    "two loses the event or publishes one for a change that never committed",
                    "write the event to an outbox table in the same transaction and relay "
                    "it (or use CDC on the store), then set outbox: true",
                )
            )
    for k, topic in enumerate(design.topics):
        for j, c in enumerate(topic.consumers):
            if c.retries and not c.dead_letter:
                found.append(
                    Finding(
                        "consumer-without-dead-letter",
                        "warning",
                        loc("topics", k, "consumers", j, "dead_letter"),
                        f"{topic.name} -> {c.service}",
                        f"{c.service} retries {topic.name} {_times(c.retries)} with no "
                        "dead-letter topic: a poison message then blocks the partition or "
                        "is dropped",
                        "name a dead-letter topic (dead_letter: TOPIC) and alert on it",
                    )
                )
    for k, plan in enumerate(topic_plans(design, options)):
        found.extend(_plan_findings(k, plan))
    return found


def _plan_findings(k: int, plan: TopicPlan) -> list[Finding]:
    found = []
    if plan.partitions < plan.partitions_for_throughput:
        found.append(
            Finding(
                "under-partitioned",
                "warning",
                loc("topics", k, "partitions"),
                plan.topic,
                f"{plan.topic} carries {plan.mb_s:.3g} MB/s at peak and needs "
                f"{plan.partitions_for_throughput} partitions; it has {plan.partitions}",
                f"set partitions to at least {plan.recommended_partitions} (more later means "
                "re-keying: keys move to other partitions)",
            )
        )
    if plan.replication_factor < MIN_REPLICATION:
        found.append(
            Finding(
                "low-replication",
                "warning",
                loc("topics", k, "replication_factor"),
                plan.topic,
                f"{plan.topic} has replication factor {plan.replication_factor}: losing a "
                "broker stops writes with acks=all, or loses data without it",
                f"use replication_factor {MIN_REPLICATION} with min.insync.replicas 2",
            )
        )
    if plan.cleanup == "delete" and plan.retention_hours < MIN_RETENTION_HOURS:
        found.append(
            Finding(
                "short-retention",
                "info",
                loc("topics", k, "retention_hours"),
                plan.topic,
                f"{plan.topic} keeps messages {plan.retention_hours:g} h: a consumer down "
                "longer (a long weekend) loses them, and a replay reaches no further back",
                f"keep at least {MIN_RETENTION_HOURS:g} h, or compact the topic",
            )
        )
    if plan.key is None and not plan.dead_letter:
        found.append(
            Finding(
                "unkeyed-topic",
                "info",
                loc("topics", k, "key"),
                plan.topic,
                f"{plan.topic} has no key: its messages have no order, even for one entity",
                "key it by the aggregate id its events are about",
            )
        )
    return found
