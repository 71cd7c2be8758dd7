"""CQRS read models, event logs and the trade-offs text."""

from __future__ import annotations

import designkit
from designkit.analysis.read_models import event_logs, read_models, tradeoffs
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, make


def test_ecommerce_read_models():
    models = read_models(ecommerce())
    assert [(m.name, m.service, m.sticky) for m in models] == [
        ("search-index", "search", "Search Results"),
        ("recommendation-store", "recommendation", ""),
        ("analytics-warehouse", "analytics", ""),
        ("Product Page", "product-catalog", "Product Page"),
    ]
    search = models[0]
    assert search.fed_by == ("inventory-events", "product-events", "review-events")
    assert search.sources == ("inventory", "product-catalog", "review")
    # product-events is compacted; the other two keep 168 h.
    assert search.rebuild.startswith(
        "replay covers only the last 168 h of inventory-events, review-events"
    )


def projection(cleanup):
    return make(
        contexts=[{"name": "Q"}],
        services=[{"name": "w", "publishes": ["t"]}, {"name": "q", "context": "Q"}],
        stores=[{"name": "idx", "owner": "q", "purpose": "search"}],
        topics=[{"name": "t", "cleanup": cleanup, "consumers": ["q"]}],
        event_storming={
            "stickies": [
                {"name": "Lonely View", "kind": "read-model", "context": "Nowhere"},
                {"name": "Index View", "kind": "read-model", "context": "Q"},
            ]
        },
    )


def test_rebuild_from_compacted_topics():
    models = read_models(projection("compact"))
    assert models[0].rebuild == "replay its compacted topics (the latest message per key)"
    assert models[0].sticky == "Index View"
    # A sticky no service implements is still listed, so the gap shows.
    assert (models[1].name, models[1].service, models[1].rebuild) == (
        "Lonely View",
        "",
        "no service implements it",
    )
    assert "a full rebuild needs a snapshot" in read_models(projection("delete"))[0].rebuild


def test_event_logs():
    design = make(
        stores=[
            {"name": "ledger", "technology": "eventstore"},
            {"name": "audit", "technology": "s3", "purpose": "events"},
            {"name": "db"},
        ]
    )
    assert [(e.store, e.kind) for e in event_logs(design)] == [
        ("ledger", "event sourcing"),
        ("audit", "event archive"),
    ]
    banking = event_logs(designkit.load(EXAMPLES / "banking.yaml"))
    assert [(e.store, e.kind) for e in banking] == [("audit-archive", "event archive")]


def test_tradeoffs_say_where():
    rows = {t.pattern: t for t in tradeoffs(ecommerce())}
    assert rows["Read-your-writes"].where == "2: gateway -> search, gateway -> recommendation"
    assert rows["Event sourcing"].where == "not used in this design"
    assert rows["Transactional outbox"].where.startswith("7: user, product-catalog")
    assert all(t.gains and t.costs for t in rows.values())


def test_the_design_is_left_alone():
    design = ecommerce()
    before = design.model_dump()
    read_models(design)
    tradeoffs(design)
    assert design.model_dump() == before
