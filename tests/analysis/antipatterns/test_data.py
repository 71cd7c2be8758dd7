"""Shared persistence and stores used by services that do not own them."""

from __future__ import annotations

import pytest

from designkit.model import Design
from tests.analysis.antipatterns._support import Case, check_case, fixture, run
from tests.conftest import make


def _reader(owner: str | None) -> Design:
    return make(
        services=[
            {"name": "order", "stores": [{"store": "orders-db"}]},
            {"name": "report", "stores": [{"store": "orders-db", "access": "read"}]},
        ],
        stores=[{"name": "orders-db", "owner": owner}],
    )


CASES = {
    "shared-persistence": Case(
        fixture("shared-persistence.yaml"), fixture("no-shared-persistence.yaml")
    ),
    "foreign-store-access": Case(lambda: _reader("order"), fixture("no-shared-persistence.yaml")),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    check_case(rule_id, CASES[rule_id])


def test_shared_persistence_names_the_store_and_its_writers():
    (finding,) = run(fixture("shared-persistence.yaml")(), "shared-persistence")
    assert (finding.path, finding.subject, finding.severity) == ("stores[0]", "orders-db", "error")
    assert "order, billing" in finding.message
    assert "let order own orders-db alone" in finding.fix


def test_readers_are_not_shared_persistence_but_foreign_access():
    design = _reader("order")
    assert run(design, "shared-persistence") == []
    (finding,) = run(design, "foreign-store-access")
    assert finding.path == "services[1].stores[0]"
    assert finding.message.startswith("report reads orders-db, which order owns")


def test_store_without_owner_is_not_judged_as_foreign():
    assert run(_reader(None), "foreign-store-access") == []
