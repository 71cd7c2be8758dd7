"""Consistency per interaction: derived, chosen, and what a link cannot give."""

from __future__ import annotations

from collections import Counter

from designkit.analysis.consistency import consistency_findings, interactions
from tests.analysis._examples import ecommerce
from tests.conftest import make


def shop(search_purpose="search", gateway_writes=True, choose=None):
    """web calls catalog (which publishes) and search (a projection of catalog's events)."""
    calls = [{"target": "search"}] + ([{"target": "catalog"}] if gateway_writes else [])
    if choose:
        calls[0]["consistency"] = choose
    return make(
        services=[
            {"name": "web", "kind": "gateway", "dependencies": calls},
            {
                "name": "catalog",
                "stores": [{"store": "catalog-db"}],
                "publishes": ["products"],
                "endpoints": [{"method": "POST", "path": "/v1/products"}],
            },
            {"name": "search", "stores": [{"store": "index"}]},
            {"name": "edge"},
        ],
        stores=[
            {"name": "catalog-db", "owner": "catalog"},
            {
                "name": "index",
                "owner": "search",
                "purpose": search_purpose,
                "technology": "elasticsearch",
            },
        ],
        topics=[{"name": "products", "consumers": ["search"]}],
    )


def levels(design):
    return [(i.caller, i.callee, i.topic, i.consistency) for i in interactions(design)]


def test_derived_levels():
    assert levels(shop()) == [
        ("web", "search", "", "read-your-writes"),
        ("web", "catalog", "", "strong"),
        ("catalog", "search", "products", "eventual"),
    ]
    # Without a write path through the caller, the projection is just eventual.
    assert levels(shop(gateway_writes=False))[0][-1] == "eventual"
    # Analytics lags by design: never read-your-writes.
    assert levels(shop(search_purpose="analytics"))[0][-1] == "eventual"


def test_reasons():
    ryw, strong, message = interactions(shop())
    assert "web also writes through catalog" in ryw.reason
    assert strong.reason == "catalog answers from its own catalog-db (postgresql)"
    assert message.reason.startswith("through products: stale until delivered")


def test_stateless_callee_is_strong():
    design = make(services=[{"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}])
    (i,) = interactions(design)
    assert (i.consistency, i.reason) == (
        "strong",
        "b keeps no data: it answers from the request and its calls",
    )


def test_chosen_consistency_and_its_findings():
    chosen = shop(choose="eventual")
    first = interactions(chosen)[0]
    assert (first.consistency, first.chosen, first.derived) == (
        "eventual",
        True,
        "read-your-writes",
    )
    assert first.reason.startswith("chosen in the design; the link itself gives read-your-writes")
    assert consistency_findings(chosen) == []
    strong = consistency_findings(shop(choose="strong"))
    assert [(f.severity, f.rule, f.path) for f in strong] == [
        ("warning", "consistency-needs-owner", "services[0].dependencies[0].consistency")
    ]


def test_strong_through_a_topic_is_impossible():
    design = make(
        services=[
            {
                "name": "a",
                "dependencies": [
                    {"target": "b", "protocol": "async", "topic": "t", "consistency": "strong"},
                    {
                        "target": "b",
                        "protocol": "async",
                        "topic": "t",
                        "consistency": "read-your-writes",
                    },
                ],
            },
            {"name": "b"},
        ],
        topics=[{"name": "t"}],
    )
    assert [(f.rule, f.path) for f in consistency_findings(design)] == [
        ("impossible-consistency", "services[0].dependencies[0].consistency"),
        ("impossible-consistency", "services[0].dependencies[1].consistency"),
    ]


def test_topic_links_are_not_counted_twice():
    design = make(
        services=[
            {
                "name": "a",
                "publishes": ["t"],
                "dependencies": [{"target": "b", "protocol": "async", "topic": "t"}],
            },
            {"name": "b"},
            {"name": "c"},
        ],
        topics=[{"name": "t", "consumers": ["b", "c"]}],
    )
    assert [(i.caller, i.callee) for i in interactions(design)] == [("a", "b"), ("a", "c")]


def test_ecommerce_counts():
    counts = Counter(i.consistency for i in interactions(ecommerce()))
    assert counts == {"strong": 15, "read-your-writes": 2, "eventual": 33}
    assert consistency_findings(ecommerce()) == []
