from functools import cache

import pandas as pd
import pytest

import designkit
from designkit.analysis.cognitive_load import cognitive_load
from designkit.analysis.communication import recommend_communication
from designkit.analysis.granularity import granularity
from designkit.analysis.strangler import strangler_plan
from designkit.render import phase1_tables
from tests.conftest import EXAMPLES, FIXTURES, make

PHASE1 = FIXTURES / "phase1"
TABLES = sorted(set(phase1_tables.__all__) - {"migration_overview"})
"""Views that are DataFrames (migration_overview is a paragraph, tested apart)."""


def results(design):
    report = granularity(design)
    plan = strangler_plan(design)
    return {
        "communication": recommend_communication(design),
        "granularity": report,
        "chatty_pairs": report,
        "monolith_signals": report,
        "team_load": cognitive_load(design),
        "migration_plan": plan,
        "migration_needs": plan,
    }


def test_every_view_is_tested():
    assert set(TABLES) == set(results(make()))


@cache
def bank():
    return results(designkit.load(EXAMPLES / "banking.yaml"))


@pytest.mark.parametrize("name", TABLES)
def test_views_of_the_banking_example(name):
    frame = getattr(phase1_tables, name)(bank()[name])
    assert isinstance(frame, pd.DataFrame)
    assert frame.index.is_unique
    if name != "monolith_signals":  # banking shows no distributed-monolith signal
        assert len(frame) > 0


@pytest.mark.parametrize("name", TABLES)
def test_views_of_an_empty_design(name):
    frame = getattr(phase1_tables, name)(results(make())[name])
    assert isinstance(frame, pd.DataFrame) and frame.empty


def test_communication_can_show_only_mismatches():
    recs = recommend_communication(designkit.load(PHASE1 / "communication-mismatch.yaml"))
    frame = phase1_tables.communication(recs, mismatches_only=True)
    assert len(frame) == 6 and set(frame["Fits"]) == {"no"}
    assert frame.loc[("orders", "ledger", "topic postings"), "Recommended"] == "rest"
    fits = recommend_communication(designkit.load(PHASE1 / "communication-fits.yaml"))
    assert phase1_tables.communication(fits, mismatches_only=True).empty


def test_team_load_has_one_column_per_part():
    frame = phase1_tables.team_load(cognitive_load(designkit.load(PHASE1 / "team-overloaded.yaml")))
    assert frame.loc["core", "Verdict"] == "overloaded"
    assert frame.loc["core", "services load"] == 2.0
    assert frame.loc["core", "stacks load"] == 2.0


def test_migration_tables():
    plan = strangler_plan(designkit.load(PHASE1 / "migration-order.yaml"))
    steps = phase1_tables.migration_plan(plan)
    assert list(steps["Service"]) == [s.service for s in plan.steps]
    assert steps.loc[2, "Waits on monolith"] == "inventory"
    needs = phase1_tables.migration_needs(plan)
    assert needs.loc[(2, "inventory", "calls"), "Ready"] == "monolith"
    assert needs.loc[(2, "pricing", "calls"), "Ready"] == "yes"


def test_granularity_tables_of_a_distributed_monolith():
    report = granularity(designkit.load(PHASE1 / "distributed-monolith.yaml"))
    assert len(phase1_tables.monolith_signals(report)) == 4
    assert phase1_tables.granularity(report).loc["catalog", "Verdict"] == "distributed monolith"


def test_names_users_typed_are_escaped_in_html():
    d = make(
        teams=[{"name": "<b>team</b>"}],
        services=[{"name": "a", "team": "<b>team</b>", "description": "x"}],
    )
    html = phase1_tables.team_load(cognitive_load(d)).to_html()
    assert "<b>team</b>" not in html and "&lt;b&gt;team&lt;/b&gt;" in html


def test_the_pipeline_leaves_the_design_alone(small_shop):
    before = small_shop.model_dump()
    for name, result in results(small_shop).items():
        getattr(phase1_tables, name)(result)
    assert small_shop.model_dump() == before


def test_migration_overview_says_why_there_is_no_plan_or_what_comes_first():
    greenfield = phase1_tables.migration_overview(strangler_plan(make()))
    assert "greenfield" in repr(greenfield).lower()
    plan = strangler_plan(designkit.load(EXAMPLES / "banking.yaml"))
    overview = phase1_tables.migration_overview(plan)
    assert f"{len(plan.steps)} steps." in repr(overview) and plan.facade[:20] in repr(overview)
