"""The event catalog and schema evolution: positive and negative fixtures."""

from __future__ import annotations

import designkit
from designkit.analysis import schema_evolution
from designkit.analysis.event_catalog import event_catalog, event_findings, version_checks
from designkit.generate import schemas
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, FIXTURES, make

PHASE3 = FIXTURES / "phase3"


def rules(design):
    return [(f.severity, f.rule, f.path) for f in event_findings(design)]


def test_breaking_version_is_an_error_per_problem():
    design = designkit.load(PHASE3 / "event-version-breaking.yaml")
    (check,) = version_checks(design)
    assert (check.event, check.old, check.new, check.mode) == ("OrderPlaced", 1, 2, "backward")
    assert len(check.problems) == 2
    assert "changes field 'total' from integer to string" in check.problems[0]
    assert "adds required field 'currency'" in check.problems[1]
    assert rules(design) == [("error", "event-incompatible-version", "events[1]")] * 2


def test_compatible_version_passes():
    design = designkit.load(PHASE3 / "event-version-compatible.yaml")
    assert [c.problems for c in version_checks(design)] == [()]
    assert rules(design) == []


def test_the_check_lives_in_analysis_and_generate_reuses_it():
    assert schemas.compatible is schema_evolution.compatible
    assert schemas.version_checks is schema_evolution.version_checks


def _events(*events, key="order_id", publish=True):
    return make(
        services=[{"name": "order", "publishes": ["orders"] if publish else []}, {"name": "mail"}],
        topics=[{"name": "orders", "key": key, "consumers": ["mail"]}],
        events=list(events),
    )


def test_ordering_key_must_be_in_the_payload():
    with_key = {"name": "Placed", "topic": "orders", "fields": [{"name": "order_id"}]}
    without = {"name": "Placed", "topic": "orders", "fields": [{"name": "id"}]}
    assert rules(_events(with_key)) == []
    assert rules(_events(without)) == [
        ("warning", "event-missing-ordering-key", "events[0].fields")
    ]
    assert rules(_events(without, key=None)) == []  # no key: nothing to carry
    entry = event_catalog(_events(without))[0]
    assert (entry.key, entry.key_in_payload) == ("order_id", False)


def test_version_gap_and_retired_versions():
    def versions(*numbers):
        return _events(
            *(
                {"name": "E", "version": v, "topic": "orders", "compatibility": "none"}
                for v in numbers
            ),
            key=None,
        )

    assert rules(versions(1, 3)) == [("warning", "event-version-gap", "events[1].version")]
    assert rules(versions(1, 2, 3)) == []
    assert rules(versions(3, 4)) == []  # 1 and 2 retired


def test_event_without_producer_and_sensitive_fields():
    event = {
        "name": "Registered",
        "topic": "orders",
        "fields": [{"name": "order_id"}, {"name": "email", "classification": "pii"}],
    }
    assert rules(_events(event)) == [("info", "sensitive-event-field", "events[0].fields")]
    assert ("warning", "event-without-producer", "events[0].topic") in rules(
        _events(event, publish=False)
    )


def test_catalog_of_the_example():
    catalog = event_catalog(ecommerce())
    assert len(catalog) == 27
    placed = catalog[0]
    assert (placed.name, placed.version, placed.topic, placed.key) == (
        "OrderPlaced",
        1,
        "order-events",
        "order_id",
    )
    assert placed.producers == ("order",)
    assert placed.consumers == ("notification", "cart", "review", "recommendation", "analytics")
    assert [f.name for f in placed.fields][:2] == ["order_id", "customer_id"]
    # OrderPlaced v2 adds shipping_address as optional: backward-compatible, no error.
    v2 = next(e for e in catalog if (e.name, e.version) == ("OrderPlaced", 2))
    assert not next(f for f in v2.fields if f.name == "shipping_address").required
    assert [f for f in event_findings(ecommerce()) if f.severity == "error"] == []


def test_healthcare_keys_missing_from_events():
    found = event_findings(designkit.load(EXAMPLES / "healthcare.yaml"))
    assert [f.subject for f in found if f.rule == "event-missing-ordering-key"] == [
        "PatientsMerged v1",
        "ClaimSubmitted v1",
    ]


def test_the_design_is_left_alone():
    design = ecommerce()
    before = design.model_dump()
    event_catalog(design)
    event_findings(design)
    assert design.model_dump() == before
