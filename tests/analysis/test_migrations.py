"""The migration strategy of each store, stated or derived."""

from __future__ import annotations

import pytest

from designkit.analysis.migrations import STEPS, migrations
from tests.analysis._examples import ecommerce
from tests.conftest import make


def strategy(kind="greenfield", writers=1, **store):
    services = [{"name": f"s{i}", "stores": [{"store": "db"}]} for i in range(writers)]
    design = make(
        requirements={"kind": kind},
        services=services,
        stores=[{"name": "db", "owner": "s0" if writers else None} | store],
    )
    (m,) = migrations(design)
    return m.strategy, m.chosen


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({}, ("expand-contract", False)),
        ({"migration": "dual-write"}, ("dual-write", True)),
        ({"writers": 2}, ("cdc", False)),
        ({"kind": "migration"}, ("cdc", False)),
        ({"kind": "migration", "technology": "redis"}, ("expand-contract", False)),
        (
            {"kind": "migration", "purpose": "objects", "technology": "s3"},
            ("expand-contract", False),
        ),
        ({"purpose": "search", "technology": "elasticsearch"}, ("dual-write", False)),
        ({"purpose": "analytics", "technology": "clickhouse"}, ("dual-write", False)),
        ({"purpose": "cache", "technology": "redis"}, ("expand-contract", False)),
        ({"purpose": "events", "technology": "eventstore"}, ("expand-contract", False)),
    ],
)
def test_rules(args, expected):
    assert strategy(**args) == expected


def test_reasons_and_steps():
    design = make(services=[{"name": "a"}], stores=[{"name": "db", "owner": "a"}])
    (m,) = migrations(design)
    assert m.reason.startswith("one owner (a) with rolling deploys")
    assert m.steps == STEPS["expand-contract"]
    assert set(STEPS) == {"expand-contract", "dual-write", "cdc"}


def test_ecommerce():
    found = {m.store: m.strategy for m in migrations(ecommerce())}
    assert found["order-db"] == "expand-contract"
    assert found["search-index"] == "dual-write"
    assert sorted(s for s, v in found.items() if v == "dual-write") == [
        "analytics-warehouse",
        "search-index",
    ]
