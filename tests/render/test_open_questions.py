"""The parking lot table: what the workshop must still decide (render.workshop.open_questions)."""

from __future__ import annotations

from designkit.render.workshop import open_questions
from tests.conftest import make


def _design():
    return make(
        open_questions=[
            {"text": "Parked", "status": "resolved", "resolution": "done"},
            {"text": "No phase yet <b>"},
            {"text": "Which SLOs?", "phase": 6, "path": "slos", "source": "k8s/a.yaml:3"},
            {"text": "Who owns the cart store?", "phase": 3, "path": "stores[0].owner"},
        ]
    )


def test_open_questions_by_phase_with_where_they_came_from():
    table = open_questions(_design())
    assert table["Question"].tolist() == [
        "Who owns the cart store?",
        "Which SLOs?",
        "No phase yet <b>",
    ]
    assert table.loc[2, "From"] == "k8s/a.yaml:3" and table.loc[1, "Concerns"] == "stores[0].owner"
    assert table.loc[2, "Phase"] == "6 Observability and SLOs" and table.loc[3, "Phase"] == ""


def test_resolved_questions_on_request_and_input_untouched():
    design = _design()
    before = design.model_copy(deep=True)
    table = open_questions(design, include_resolved=True)
    assert len(table) == 4 and table["Status"].tolist().count("resolved") == 1
    assert table["Resolution"].tolist().count("done") == 1
    assert design == before


def test_names_are_escaped_in_html():
    assert "&lt;b&gt;" in open_questions(_design()).to_html()


def test_an_empty_parking_lot_says_so():
    assert "Nothing parked yet" in open_questions(make())._repr_html_()
