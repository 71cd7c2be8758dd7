import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from designkit.sizing.kafka import partitions, storage_bytes


def test_partitions_reference_value():
    # Confluent blog, "How to choose the number of topics/partitions in a Kafka
    # cluster?" (Jun Rao): reading 1 GB/s with consumers that handle 50 MB/s needs 20
    # partitions; producers writing 100 MB/s need 10; so max(t/p, t/c) = 20.
    assert partitions(1000, 100, 50) == 20
    assert partitions(1000, 50, 100) == 20


def test_partitions_round_up_on_the_written_values():
    assert partitions(20, 5, 3) == 7  # max(4, 6.67) -> 7
    # 1.1 / 0.1 is 11.000000000000002 in binary floating point; it needs 11.
    assert partitions(1.1, 0.1, 1) == 11
    assert partitions(0.3, 0.1, 1) == 3


@given(st.floats(0.001, 1e6), st.floats(0.001, 1e4), st.floats(0.001, 1e4))
def test_partitions_carry_the_target(target, producer, consumer):
    count = partitions(target, producer, consumer)
    assert count >= 1
    # Enough partitions for both sides, and one fewer is not enough for the slower.
    assert count * min(producer, consumer) >= target * (1 - 1e-12)
    assert (count - 1) * min(producer, consumer) < target * (1 + 1e-12)


def test_storage_reference_value():
    # throughput x retention x replication factor: 1,000 msg/s x 1 KiB x 7 days x 3.
    assert storage_bytes(1000, 1024, 7 * 86400, 3) == 1000 * 1024 * 604800 * 3


@given(st.floats(0, 1e6), st.floats(0, 1e6), st.floats(1, 1e8), st.integers(1, 5))
def test_storage_scales_with_replication(rate, size, retention, replicas):
    one = storage_bytes(rate, size, retention, 1)
    assert storage_bytes(rate, size, retention, replicas) == pytest.approx(one * replicas)
    assert math.isfinite(one)


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"target must be positive; got 0"):
        partitions(0, 10, 10)
    with pytest.raises(ValueError, match=r"consumer_per_partition must be positive; got -5"):
        partitions(100, 10, -5)
    with pytest.raises(ValueError, match=r"replication_factor must be an integer of at least 1"):
        storage_bytes(1, 1, 1, 0)
    with pytest.raises(ValueError, match=r"messages_per_second must be zero or more; got -1"):
        storage_bytes(-1, 1, 1, 3)
    with pytest.raises(ValueError, match=r"retention_seconds must be positive; got 0"):
        storage_bytes(1, 1, 0, 3)
