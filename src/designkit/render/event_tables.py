"""Tables of events and topics: the catalog, schema evolution, topic sizing, consumers, outbox.

Each function takes an analysis result and returns a DataFrame; none mutates
its input. Sizes are in the column names (MB/s, GB, h).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd

from ..analysis.event_catalog import EventEntry
from ..analysis.schema_evolution import VersionCheck
from ..analysis.topics import ConsumerPolicy, OutboxCheck, TopicPlan
from ._frames import frame as _frame
from ._frames import join as _join
from .html import Html

__all__ = ["consumers", "event_catalog", "event_schemas", "evolution", "outbox", "topic_plans"]


def event_catalog(entries: Sequence[EventEntry]) -> pd.DataFrame:
    """One row per event version: topic, ordering key, producers, consumers, schema.

    Fields read ``name: type``; ``?`` marks an optional field, ``[pii]`` a
    classification.

    Examples
    --------
    >>> from designkit.analysis.event_catalog import CatalogField, EventEntry
    >>> e = EventEntry("Paid", 1, "t", "json", "backward", "", (
    ...     CatalogField("id", "uuid", True, None),
    ...     CatalogField("card", "string", False, "pci")), ("pay",), (), "id", True)
    >>> event_catalog([e]).loc[("Paid", 1), "Schema"]
    'id: uuid, card?: string [pci]'
    """
    rows = []
    for e in entries:
        schema = _join(
            [
                f"{f.name}{'' if f.required else '?'}: {f.type}"
                + (f" [{f.classification}]" if f.classification else "")
                for f in e.fields
            ]
        )
        rows.append(
            {
                "Event": e.name,
                "Version": e.version,
                "Topic": e.topic,
                "Key": (e.key or "") + ("" if e.key_in_payload else " (not in payload)"),
                "Producers": _join(e.producers),
                "Consumers": _join(e.consumers),
                "Format": e.format,
                "Compatibility": e.compatibility,
                "Schema": schema,
            }
        )
    columns = [
        "Event",
        "Version",
        "Topic",
        "Key",
        "Producers",
        "Consumers",
        "Format",
        "Compatibility",
        "Schema",
    ]
    return _frame(rows, ["Event", "Version"], columns)


def event_schemas(entries: Sequence[EventEntry]) -> pd.DataFrame:
    """One row per field of every event version (the schemas in full)."""
    return _frame(
        [
            {
                "Event": e.name,
                "Version": e.version,
                "Field": f.name,
                "Type": f.type,
                "Required": "yes" if f.required else "no",
                "Classification": f.classification or "",
            }
            for e in entries
            for f in e.fields
        ],
        ["Event", "Version", "Field"],
        ["Event", "Version", "Field", "Type", "Required", "Classification"],
    )


def evolution(
    checks: Sequence[VersionCheck], *, none: str = "No event has a second version yet."
) -> pd.DataFrame | Html:
    """Each version step of each event: the mode it promises and whether it keeps it.

    Examples
    --------
    >>> evolution([])
    No event has a second version yet.
    """
    if not checks:
        return Html(f"<p>{escape(none)}</p>")
    return _frame(
        [
            {
                "Event": c.event,
                "From": f"v{c.old}",
                "To": f"v{c.new}",
                "Mode": c.mode,
                "Compatible": "no" if c.problems else "yes",
                "Problems": "; ".join(c.problems),
            }
            for c in checks
        ],
        ["Event", "From", "To"],
        ["Event", "From", "To", "Mode", "Compatible", "Problems"],
    )


def topic_plans(plans: Sequence[TopicPlan]) -> pd.DataFrame:
    """Topics sized from their peak throughput, beside what is configured.

    Messages keep their order per key (within its partition), never across keys.
    """
    return _frame(
        [
            {
                "Topic": p.topic,
                "msg/s": round(p.message_rps, 1),
                "MB/s": round(p.mb_s, 3),
                "Partitions": p.partitions,
                "Needed (throughput)": p.partitions_for_throughput,
                "Consumer replicas": p.consumer_parallelism,
                "Recommended": p.recommended_partitions,
                "Replication": p.replication_factor,
                "min.insync": p.min_insync_replicas,
                "Retention h": round(p.retention_hours, 1),
                "Cleanup": p.cleanup,
                "Storage GB": round(p.storage_bytes / 1e9, 1),
                "Key": p.key or "(none: no order)",
                "Producers": _join(p.producers),
                "Groups": _join(p.groups),
                "Dead letter": "yes" if p.dead_letter else "",
            }
            for p in plans
        ],
        "Topic",
        [
            "Topic",
            "msg/s",
            "MB/s",
            "Partitions",
            "Needed (throughput)",
            "Consumer replicas",
            "Recommended",
            "Replication",
            "min.insync",
            "Retention h",
            "Cleanup",
            "Storage GB",
            "Key",
            "Producers",
            "Groups",
            "Dead letter",
        ],
    )


def consumers(policies: Sequence[ConsumerPolicy]) -> pd.DataFrame:
    """Every consumer: group, retry policy, dead letter, idempotency key and ordering."""
    return _frame(
        [
            {
                "Topic": c.topic,
                "Consumer": c.service,
                "Group": c.group,
                "On failure": c.on_failure,
                "Idempotency key": c.idempotency_key,
                "Ordering": c.ordering,
            }
            for c in policies
        ],
        ["Topic", "Consumer"],
        ["Topic", "Consumer", "Group", "On failure", "Idempotency key", "Ordering"],
    )


def outbox(checks: Sequence[OutboxCheck]) -> pd.DataFrame:
    """Services that publish: the stores they write, and whether an outbox covers both."""
    return _frame(
        [
            {
                "Service": c.service,
                "Writes": _join(c.writes),
                "Publishes": _join(c.publishes),
                "Outbox": "yes" if c.outbox else "no",
                "Dual-write risk": "yes" if c.dual_write else "",
            }
            for c in checks
        ],
        "Service",
        ["Service", "Writes", "Publishes", "Outbox", "Dual-write risk"],
    )
