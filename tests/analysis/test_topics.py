"""Topics and consumers: sizing, ordering, retries, dead letters, idempotency and outbox."""

from __future__ import annotations

import designkit
from designkit.analysis.capacity import CapacityOptions
from designkit.analysis.topics import (
    consumer_policies,
    messaging_findings,
    outbox_checks,
    topic_plans,
)
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES, make

PHASE3 = FIXTURES / "phase3"


def rules(design):
    return [(f.severity, f.rule, f.path) for f in messaging_findings(design)]


def test_unsafe_messaging_fixture():
    assert rules(designkit.load(PHASE3 / "messaging-unsafe.yaml")) == [
        ("warning", "consumer-without-dead-letter", "topics[0].consumers[0].dead_letter"),
        ("warning", "dual-write-risk", "services[0].outbox"),
        ("warning", "low-replication", "topics[0].replication_factor"),
        ("warning", "non-idempotent-consumer", "topics[0].consumers[0].idempotent"),
        ("info", "unkeyed-topic", "topics[0].key"),
    ]


def test_safe_messaging_fixture():
    design = designkit.load(PHASE3 / "messaging-safe.yaml")
    assert rules(design) == []
    (policy,) = consumer_policies(design)
    assert policy.idempotency_key == "event_id"
    assert policy.on_failure == "retry 3 times, then park on orders-dlq"
    assert policy.ordering == (
        "per order_id; a parked message is overtaken by later ones with its key"
    )
    plans = {p.topic: p for p in topic_plans(design)}
    assert plans["orders-dlq"].dead_letter and not plans["orders"].dead_letter


def test_consumer_policy_wording():
    design = make(
        services=[{"name": "a", "publishes": ["t"]}, {"name": "b"}, {"name": "c"}],
        topics=[
            {
                "name": "t",
                "consumers": [
                    {"service": "b", "retries": 1},
                    {"service": "c", "retries": 0, "idempotent": True, "group": "g"},
                ],
            }
        ],
    )
    b, c = consumer_policies(design)
    assert b.on_failure == "retry once, then block the partition or drop (no dead-letter topic)"
    assert b.idempotency_key == "none (not idempotent)"
    assert b.ordering == "none"
    assert (c.group, c.idempotency_key) == ("g", "message id")
    assert c.on_failure == "block the partition or drop (no dead-letter topic)"


def _busy(partitions):
    # 1,000 req/s each publish one 10 kB message: 10 MB/s. One partition takes
    # 10 MB/s from producers and gives 5 MB/s to a consumer: max(1, 2) = 2 needed.
    return make(
        services=[
            {"name": "a", "publishes": ["t"]},
            {"name": "b", "deployment": {"autoscaling": {"max_replicas": 4}}},
        ],
        topics=[
            {
                "name": "t",
                "key": "id",
                "partitions": partitions,
                "message_bytes": 10_000,
                "consumers": [{"service": "b", "idempotent": True, "retries": 0}],
            }
        ],
        journeys=[{"name": "j", "entry": "a", "peak_rps": 1000}],
    )


def test_partitions_from_throughput_and_consumers():
    (plan,) = topic_plans(_busy(1))
    assert (plan.message_rps, plan.mb_s) == (1000, 10)
    assert plan.partitions_for_throughput == 2
    assert plan.consumer_parallelism == 4
    assert plan.recommended_partitions == 4
    # 1,000 msg/s x 10 kB x 7 days x 3 replicas.
    assert plan.storage_bytes == 1000 * 10_000 * 168 * 3600 * 3
    assert plan.min_insync_replicas == 2
    assert rules(_busy(1)) == [("warning", "under-partitioned", "topics[0].partitions")]
    assert rules(_busy(2)) == []
    # Faster consumers need fewer partitions.
    fast = CapacityOptions(consumer_mb_s=10.0)
    assert topic_plans(_busy(1), fast)[0].partitions_for_throughput == 1


def test_short_retention_unless_compacted():
    def retained(hours, cleanup="delete"):
        return make(
            services=[{"name": "a", "publishes": ["t"]}, {"name": "b"}],
            topics=[
                {
                    "name": "t",
                    "key": "id",
                    "retention_hours": hours,
                    "cleanup": cleanup,
                    "consumers": [{"service": "b", "idempotent": True, "retries": 0}],
                }
            ],
        )

    assert rules(retained(71.5)) == [("info", "short-retention", "topics[0].retention_hours")]
    assert rules(retained(72)) == []
    assert rules(retained(1, "compact")) == []


def test_outbox_checks_count_only_writes():
    design = make(
        services=[
            {"name": "w", "stores": [{"store": "db"}], "publishes": ["t"]},
            {"name": "r", "stores": [{"store": "db", "access": "read"}], "publishes": ["t"]},
            {"name": "quiet", "stores": [{"store": "db2"}]},
        ],
        stores=[{"name": "db", "owner": "w"}, {"name": "db2", "owner": "quiet"}],
        topics=[{"name": "t"}],
    )
    checks = outbox_checks(design)
    assert [(c.service, c.writes, c.dual_write) for c in checks] == [
        ("w", ("db",), True),
        ("r", (), False),
    ]


def test_ecommerce_messaging():
    found = messaging_findings(ecommerce())
    dual = [f.subject for f in found if f.rule == "dual-write-risk"]
    assert dual == ["search", "image"]
    assert not [f for f in found if f.rule in ("under-partitioned", "low-replication")]
    plans = {p.topic: p for p in topic_plans(ecommerce())}
    # product-events: 1,901.9 msg/s x 4,096 B = 7.79 MB/s -> ceil(7.79 / 5) = 2 partitions.
    assert plans["product-events"].partitions_for_throughput == 2
    assert plans["order-events"].groups == (
        "notification",
        "cart",
        "review",
        "recommendation",
        "analytics-sink",
    )


def test_the_design_is_left_alone():
    design = ecommerce()
    before = design.model_dump()
    messaging_findings(design)
    consumer_policies(design)
    assert design.model_dump() == before
