"""Tables of stores, migrations, consistency, read models and findings."""

from __future__ import annotations

import pandas as pd
import pytest

from designkit.analysis import consistency, data_architecture, migrations, read_models, topics
from designkit.render import data_tables
from designkit.render.html import Html
from tests.analysis._examples import ecommerce
from tests.render._phase3 import EXAMPLE_NAMES, check_empty, check_example, example

VIEWS = {
    "store_choices": lambda d: data_tables.store_choices(data_architecture.store_choices(d)),
    "migrations": lambda d: data_tables.migrations(migrations.migrations(d)),
    "consistency": lambda d: data_tables.consistency(consistency.interactions(d)),
    "consistency_summary": lambda d: data_tables.consistency_summary(consistency.interactions(d)),
    "read_models": lambda d: data_tables.read_models(read_models.read_models(d)),
    "tradeoffs": lambda d: data_tables.tradeoffs(read_models.tradeoffs(d)),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
@pytest.mark.parametrize("example_name", EXAMPLE_NAMES)
def test_views_of_the_examples(name, example_name):
    check_example(VIEWS[name], example_name)


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_views_of_an_empty_design(name):
    check_empty(VIEWS[name])


def test_store_choices_are_indexed_by_service():
    frame = VIEWS["store_choices"](ecommerce())
    assert frame.loc[("cart", "cart-store"), "Fits"] == "review"
    assert frame.loc[("order", "order-db"), "Technology"] == "postgresql"


def test_consistency_summary_adds_up():
    frame = VIEWS["consistency_summary"](ecommerce())
    assert frame["Total"].to_dict() == {"strong": 15, "read-your-writes": 2, "eventual": 33}


def test_empty_results_read_as_sentences():
    assert isinstance(data_tables.findings([], none="All good."), Html)
    assert str(data_tables.findings([], none="<ok>")) == "<p>&lt;ok&gt;</p>"
    found = data_tables.findings(topics.messaging_findings(ecommerce()))
    assert isinstance(found, pd.DataFrame) and len(found) == 16
    assert isinstance(data_tables.event_logs([]), Html)
    banking = read_models.event_logs(example("banking"))
    assert list(data_tables.event_logs(banking).index) == ["audit-archive"]
    assert list(data_tables.migration_steps().index) == ["expand-contract", "dual-write", "cdc"]
