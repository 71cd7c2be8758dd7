import inspect

import pandas as pd
import pytest

from designkit.analysis.assessment import assess
from designkit.analysis.checklist import checklist, progress
from designkit.render import tables

DESIGN_VIEWS = [
    name
    for name, fn in inspect.getmembers(tables, inspect.isfunction)
    if name in tables.__all__ and list(inspect.signature(fn).parameters) == ["design"]
]


def test_every_design_view_is_covered():
    assert len(DESIGN_VIEWS) >= 25


@pytest.mark.parametrize("name", DESIGN_VIEWS)
def test_views_return_frames_and_leave_the_design_alone(name, small_shop):
    before = small_shop.model_dump()
    frame = getattr(tables, name)(small_shop)
    assert isinstance(frame, pd.DataFrame)
    assert small_shop.model_dump() == before


@pytest.mark.parametrize("name", DESIGN_VIEWS)
def test_views_of_an_empty_design(name):
    from tests.conftest import make

    frame = getattr(tables, name)(make())
    assert isinstance(frame, pd.DataFrame)


def test_catalog_content(small_shop):
    catalog = tables.services(small_shop)
    assert list(catalog.index) == ["web", "order", "stock"]
    assert catalog.loc["order", "Stores"] == "orders-db"
    assert catalog.loc["stock", "Context"] == "Fulfilment"


def test_ownership_matrix_marks_owner(small_shop):
    m = tables.ownership_matrix(small_shop)
    assert m.loc["order", "orders-db"] == "RW*"
    assert m.loc["stock", "orders-db"] == "R"
    assert m.loc["web", "stock-db"] == ""


def test_dependencies_show_effective_settings(small_shop):
    deps = tables.dependencies(small_shop)
    assert deps.loc[("web", "order"), "Timeout ms"] == "800"
    assert deps.loc[("web", "order"), "Retries"] == 2  # mesh default
    assert deps.loc[("order", "stock"), "Retries"] == 1


def test_slo_error_budgets(small_shop):
    slos = tables.slos(small_shop)
    assert slos.loc["checkout-availability", "Error budget min"] == 43.2
    assert slos.loc["order-latency", "For"] == "order"
    assert slos.loc["checkout-availability", "For"] == "journey: checkout"


def test_agenda_with_progress(small_shop):
    agenda = tables.agenda(progress(small_shop))
    assert list(agenda.index) == list(range(9))
    assert agenda.loc[0, "Criteria met"] == "5/6"
    assert "Criteria met" not in tables.agenda().columns


def test_checklist_and_assessment_frames(small_shop):
    frame = tables.checklist(checklist(small_shop, 1))
    assert set(frame["Met"]) <= {"yes", "no"}
    assert len(tables.assessment(assess(small_shop))) == len(assess(small_shop).factors)


def test_user_text_is_escaped_in_html(small_shop):
    small_shop.services[0].description = "<img src=x onerror=alert(1)>"
    html = tables.services(small_shop).to_html()
    assert "<img" not in html and "&lt;img src=x" in html


def test_findings_frame(small_shop):
    from designkit.analysis.antipatterns import analyze

    found = analyze(small_shop)
    frame = tables.findings(found)
    assert list(frame.index) == list(range(1, len(found) + 1))
    assert list(frame["Rule"]) == [f.rule for f in found]
    assert tables.findings([]).empty
