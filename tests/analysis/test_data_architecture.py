"""Database per service: technology reasons, ownership findings."""

from __future__ import annotations

import designkit
from designkit.analysis.data_architecture import (
    access_pattern,
    data_findings,
    entity_owners,
    store_choices,
)
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES, make

ANTIPATTERNS = FIXTURES / "antipatterns"


def one_store(technology="postgresql", purpose="primary", per_day=1000.0, reads=True, level=None):
    attribute = {"name": "id"} | ({"consistency_criticality": level} if level else {})
    case = {"name": "uc", "frequency_per_day": per_day}
    case["reads" if reads else "writes"] = ["Thing"]
    return make(
        services=[{"name": "svc"}],
        domain={"entities": [{"name": "Thing", "attributes": [attribute]}], "use_cases": [case]},
        stores=[
            {
                "name": "db",
                "owner": "svc",
                "technology": technology,
                "purpose": purpose,
                "entities": ["Thing"],
            }
        ],
    )


def choice(**kwargs):
    return store_choices(one_store(**kwargs))[0]


def test_a_relational_primary_fits():
    c = choice()
    assert c.fits and c.review == ""
    assert c.reason.startswith("postgresql (relational) for primary data (Thing)")
    assert "read-heavy: 1k reads and 0 writes a day from 1 use case(s)" in c.reason


def test_technology_that_does_not_suit_its_purpose():
    c = choice(technology="redis")
    assert not c.fits
    assert c.review.startswith("redis is suited to cache data, not primary")
    assert choice(technology="redis", purpose="cache").fits
    assert not choice(technology="elasticsearch").fits


def test_critical_data_in_an_eventually_consistent_store():
    c = choice(technology="dynamodb", level="critical")
    assert "critical consistency criticality" in c.review
    assert choice(technology="dynamodb", level="normal").fits


def test_one_primary_taking_many_writes():
    # 1,000 writes/s on average is 86.4 M writes a day: the boundary.
    assert "1,000 writes/s on average" in choice(per_day=86_400_000, reads=False).review
    assert choice(per_day=86_300_000, reads=False).fits


def test_access_pattern_counts_each_use_case_once_per_side():
    design = make(
        domain={
            "entities": [{"name": "A", "attributes": [{"name": "x"}]}, {"name": "B"}],
            "use_cases": [
                {"name": "both", "reads": ["A.x"], "writes": ["B"], "frequency_per_day": 10},
                {"name": "fast", "reads": ["A"], "latency_critical": True},
            ],
        },
        stores=[{"name": "s", "entities": ["A", "B"]}],
    )
    a = access_pattern(design, design.stores[0])
    assert (a.reads_per_day, a.writes_per_day, a.use_cases) == (10, 10, ("both", "fast"))
    assert a.latency_critical and a.shape == "mixed"


def test_shared_database_fixture_and_its_fix():
    shared = data_findings(designkit.load(ANTIPATTERNS / "shared-persistence.yaml"))
    assert "shared-persistence" in {f.rule for f in shared}
    assert data_findings(designkit.load(ANTIPATTERNS / "no-shared-persistence.yaml")) == []


def test_entity_kept_by_two_owners_and_by_none():
    design = make(
        services=[{"name": "a"}, {"name": "b"}, {"name": "s"}],
        domain={"entities": [{"name": "Order"}, {"name": "Lost"}, {"name": "Doc"}]},
        stores=[
            {"name": "a-db", "owner": "a", "entities": ["Order"]},
            {"name": "b-db", "owner": "b", "entities": ["Order"]},
            {"name": "idx", "owner": "s", "purpose": "search", "entities": ["Doc"]},
            {"name": "loose"},
        ],
    )
    assert entity_owners(design) == {"Order": ["a", "b"], "Lost": [], "Doc": []}
    assert [(f.severity, f.rule, f.path) for f in data_findings(design)] == [
        ("error", "entity-several-owners", "domain.entities[0]"),
        ("warning", "store-without-owner", "stores[3].owner"),
        ("info", "entity-without-store", "domain.entities[1]"),
    ]


def test_ecommerce():
    choices = {c.store: c for c in store_choices(ecommerce())}
    assert len(choices) == 15
    assert [s for s, c in choices.items() if not c.fits] == ["cart-store"]
    assert choices["catalog-db"].access.shape == "read-heavy"
    assert data_findings(ecommerce()) == []


def test_the_design_is_left_alone():
    design = ecommerce()
    before = design.model_dump()
    store_choices(design)
    data_findings(design)
    assert design.model_dump() == before
