"""Sizing Kafka topics: partition counts and broker storage."""

from __future__ import annotations

import math

from designkit.sizing import _check

__all__ = ["partitions", "storage_bytes"]


def partitions(target: float, producer_per_partition: float, consumer_per_partition: float) -> int:
    """Partitions needed to carry ``target`` throughput in and out of a topic.

    Parameters
    ----------
    target : float
        Throughput the topic must sustain (MB/s, messages/s, ...).
    producer_per_partition, consumer_per_partition : float
        Throughput measured for one partition when producing and when
        consuming, in the same unit as ``target``.

    Returns
    -------
    int
        ``max(ceil(target / producer_per_partition), ceil(target / consumer_per_partition))``.

    Notes
    -----
    Confluent, "How to choose the number of topics/partitions in a Kafka
    cluster?" (Jun Rao): with per-partition production ``p`` and consumption
    ``c`` and target ``t``, "you need to have at least max(t/p, t/c)
    partitions". A consumer group cannot use more consumers than partitions, so
    the slower side sets the count. The ceilings are taken on the decimal
    values as written, so ``partitions(1.1, 0.1, 1)`` is 11, not 12.

    Examples
    --------
    Reading 1,000 MB/s with consumers that process 50 MB/s each, producers
    writing 100 MB/s each (Confluent's example):

    >>> partitions(1000, 100, 50)
    20
    """
    t = _check.exact(_check.positive("target", target))
    p = _check.exact(_check.positive("producer_per_partition", producer_per_partition))
    c = _check.exact(_check.positive("consumer_per_partition", consumer_per_partition))
    return max(math.ceil(t / p), math.ceil(t / c))


def storage_bytes(
    messages_per_second: float,
    message_bytes: float,
    retention_seconds: float,
    replication_factor: int,
) -> float:
    """Bytes a topic occupies across the cluster at steady state.

    ``messages_per_second * message_bytes * retention_seconds * replication_factor``

    Notes
    -----
    Every replica keeps the whole retained log, so the cluster stores
    throughput x retention x replication factor. This is the log payload only:
    add headroom for indexes, the active segment (Kafka deletes whole segments,
    so up to ``segment.bytes`` per partition outlives ``retention.ms``),
    compression savings and free-space alarms.

    Examples
    --------
    1,000 messages/s of 1 KiB kept 7 days with replication factor 3, in TB:

    >>> round(storage_bytes(1000, 1024, 7 * 86400, 3) / 1e12, 3)
    1.858
    """
    rate = _check.non_negative("messages_per_second", messages_per_second)
    size = _check.non_negative("message_bytes", message_bytes)
    retention = _check.positive("retention_seconds", retention_seconds)
    replicas = _check.integer("replication_factor", replication_factor, 1)
    return rate * size * retention * replicas
