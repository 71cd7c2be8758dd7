"""Tables of the event catalog, schema evolution, topics, consumers and outbox."""

from __future__ import annotations

import pytest

from designkit.analysis import event_catalog, topics
from designkit.render import event_tables
from tests.analysis._examples import ecommerce
from tests.render._phase3 import EXAMPLE_NAMES, check_empty, check_example

VIEWS = {
    "event_catalog": lambda d: event_tables.event_catalog(event_catalog.event_catalog(d)),
    "event_schemas": lambda d: event_tables.event_schemas(event_catalog.event_catalog(d)),
    "evolution": lambda d: event_tables.evolution(event_catalog.version_checks(d)),
    "topic_plans": lambda d: event_tables.topic_plans(topics.topic_plans(d)),
    "consumers": lambda d: event_tables.consumers(topics.consumer_policies(d)),
    "outbox": lambda d: event_tables.outbox(topics.outbox_checks(d)),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
@pytest.mark.parametrize("example_name", EXAMPLE_NAMES)
def test_views_of_the_examples(name, example_name):
    # Only e-commerce has an event with two versions; the others say so in a sentence.
    check_example(VIEWS[name], example_name, may_be_empty=name == "evolution")


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_views_of_an_empty_design(name):
    check_empty(VIEWS[name])


def test_topic_plan_and_consumer_rows():
    topics_frame = VIEWS["topic_plans"](ecommerce())
    assert topics_frame.loc["product-events", "Needed (throughput)"] == 2
    assert topics_frame.loc["dead-letter", "Dead letter"] == "yes"
    consumers = VIEWS["consumers"](ecommerce())
    assert consumers.loc[("order-events", "analytics"), "Group"] == "analytics-sink"


def test_evolution_marks_the_break():
    design = ecommerce().model_copy(deep=True)  # ecommerce() is shared: edit a copy
    assert VIEWS["evolution"](design).loc[("OrderPlaced", "v1", "v2"), "Compatible"] == "yes"
    # v2 adding shipping_address as required breaks backward compatibility
    v2 = next(e for e in design.events if (e.name, e.version) == ("OrderPlaced", 2))
    next(f for f in v2.fields if f.name == "shipping_address").required = True
    assert VIEWS["evolution"](design).loc[("OrderPlaced", "v1", "v2"), "Compatible"] == "no"
    assert str(event_tables.evolution([])) == "<p>No event has a second version yet.</p>"


def test_catalog_shows_optional_fields_and_classifications():
    frame = VIEWS["event_catalog"](ecommerce())
    assert "channel?: string" in frame.loc[("OrderPlaced", 2), "Schema"]
    assert "shipping_address?: object [pii]" in frame.loc[("OrderPlaced", 2), "Schema"]
