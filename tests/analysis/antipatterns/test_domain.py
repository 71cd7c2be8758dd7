"""Conformists without protection and bounded contexts owned by several teams."""

from __future__ import annotations

import pytest

from designkit.model import Design
from tests.analysis.antipatterns._support import Case, check_case, run
from tests.conftest import make


def _relation(upstream_roles: list[str], downstream_roles: list[str]) -> Design:
    return make(
        contexts=[{"name": "Ledger"}, {"name": "Payments"}],
        context_map=[
            {
                "upstream": "Ledger",
                "downstream": "Payments",
                "upstream_roles": upstream_roles,
                "downstream_roles": downstream_roles,
            }
        ],
    )


def _owned(context_team: str | None, *service_teams: str) -> Design:
    teams = {t for t in (context_team, *service_teams) if t}
    return make(
        teams=[{"name": t} for t in sorted(teams)],
        contexts=[{"name": "Sales", "team": context_team}],
        services=[
            {"name": f"s{i}", "context": "Sales", "team": team}
            for i, team in enumerate(service_teams)
        ],
    )


CASES = {
    "conformist-without-acl": Case(
        lambda: _relation([], ["conformist"]),
        lambda: _relation(["open-host-service"], ["conformist"]),
    ),
    "context-multiple-teams": Case(
        lambda: _owned("sales", "sales", "data"), lambda: _owned("sales", "sales", "sales")
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    check_case(rule_id, CASES[rule_id])


@pytest.mark.parametrize(
    ("upstream", "downstream", "flagged"),
    [
        ([], ["conformist"], True),
        (["published-language"], ["conformist"], False),  # conforming to a PL is its purpose
        (["open-host-service", "published-language"], ["conformist"], False),
        ([], ["conformist", "anticorruption-layer"], False),
        ([], ["anticorruption-layer"], False),
        ([], [], False),
    ],
)
def test_conformist_reading(upstream, downstream, flagged):
    assert bool(run(_relation(upstream, downstream), "conformist-without-acl")) is flagged


def test_conformist_finding():
    (finding,) = run(_relation([], ["conformist"]), "conformist-without-acl")
    assert (finding.path, finding.subject, finding.severity) == (
        "context_map[0].downstream_roles",
        "Ledger -> Payments",
        "info",
    )


def test_context_team_counts_as_an_owner():
    (finding,) = run(_owned("sales", "data"), "context-multiple-teams")
    assert finding.path == "contexts[0]"
    assert "sales (the context); data (s0)" in finding.message


def test_services_without_team_are_not_owners():
    design = make(contexts=[{"name": "Sales"}], services=[{"name": "a", "context": "Sales"}])
    assert run(design, "context-multiple-teams") == []
