"""Empty tables display as a note on what is still to be decided, and in which phase."""

from __future__ import annotations

import pandas as pd
import pytest

from designkit.phases import phase
from designkit.render import html
from designkit.render._frames import NotDecided, frame, set_phase


@pytest.fixture(autouse=True)
def _no_phase():
    set_phase(None)
    yield
    set_phase(None)


def test_a_table_with_rows_is_an_ordinary_frame():
    table = frame([{"Service": "cart", "Team": "a"}], "Service", ["Service", "Team"])
    assert type(table) is pd.DataFrame


def test_an_empty_table_names_the_phase_that_captures_its_rows():
    table = frame([], "Store", ["Store", "Kind"])
    assert isinstance(table, NotDecided) and table.empty
    assert repr(table) == "Not decided yet - captured in phase 3."
    assert "Not decided yet - captured in phase 3." in table._repr_html_()
    assert "<table" not in table.to_html()


def test_otherwise_the_phase_of_the_running_notebook():
    assert repr(frame([], "Chain", ["Chain", "Hops"])) == "Not decided yet."
    html.phase_card(phase(6))
    assert repr(frame([], "Chain", ["Chain", "Hops"])) == "Not decided yet - captured in phase 6."
    assert repr(frame([], ["Service", "X"], ["Service", "X", "Y"])).endswith("phase 1.")


def test_derived_tables_are_plain_frames_and_nothing_warns(recwarn):
    table = frame([], "Service", ["Service", "Team", "Stack"])
    assert type(table.drop(columns=["Team"])) is pd.DataFrame
    assert type(table.copy()) is pd.DataFrame
    assert table.columns.tolist() == ["Team", "Stack"]
    assert not recwarn.list
