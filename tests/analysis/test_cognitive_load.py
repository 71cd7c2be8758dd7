import math
from functools import cache

import pytest

import designkit
from designkit.analysis.cognitive_load import Limits, cognitive_load
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, FIXTURES, make

PHASE1 = FIXTURES / "phase1"


@cache
def example(name):
    return designkit.load(EXAMPLES / f"{name}.yaml")


def test_team_overloaded():
    load = cognitive_load(designkit.load(PHASE1 / "team-overloaded.yaml")).team("core")
    assert load.verdict == "overloaded"
    assert load.services == ("orders", "carts", "prices", "promotions")
    # 4 services / max_services 2; 2 core contexts (one is a team's whole domain budget).
    assert load.part("services").load == 2.0
    assert load.part("domains").load == 2.0
    # java, kotlin, go, and go is not among the skills: (3 + 1) / 2.
    assert load.languages == ("java", "kotlin", "go")
    assert load.unfamiliar == ("go",)
    assert load.part("stacks").load == 2.0
    # On call for critical, critical, high, standard: 1 + 1 + 0.75 + 0.5 over capacity 2.
    assert load.part("on-call").load == pytest.approx(3.25 / 2)
    assert load.on_call == ("orders", "carts", "prices")
    assert any("more than the 2 it says it can" in r for r in load.reasons)
    assert any("each is paged one week in 3" in r for r in load.reasons)
    assert load.score == pytest.approx(sum(p.load for p in load.parts), abs=0.01)


def test_team_not_overloaded():
    load = cognitive_load(designkit.load(PHASE1 / "team-not-overloaded.yaml")).team("core")
    assert load.verdict == "ok"
    assert max(p.load for p in load.parts) <= 1.0
    assert load.reasons == ()


def test_one_core_domain_fills_a_team_and_three_simple_ones_do_too():
    def domains(*kinds):
        contexts = [{"name": f"C{i}", "kind": k, "team": "t"} for i, k in enumerate(kinds)]
        d = make(teams=[{"name": "t"}], contexts=contexts)
        return cognitive_load(d).team("t").part("domains").load

    assert domains("core") == 1.0
    assert domains("supporting", "generic", "supporting") == 1.0
    assert domains("core", "supporting") == pytest.approx(4 / 3)


def test_capacity_from_size_when_no_max_services():
    d = make(teams=[{"name": "t", "size": 7}])
    assert cognitive_load(d).team("t").capacity == math.ceil(7 / 3)
    assert cognitive_load(d, limits=Limits(people_per_service=7)).team("t").capacity == 1


def test_enabling_team_owning_services_is_high():
    d = make(
        teams=[{"name": "coach", "kind": "enabling", "size": 8}],
        services=[{"name": "a", "team": "coach"}],
    )
    load = cognitive_load(d).team("coach")
    assert load.verdict == "high"
    assert "enabling teams coach others" in load.reasons[-1]


def test_cross_team_links_count_calls_and_topics_but_not_the_gateway():
    d = make(
        teams=[{"name": "t"}, {"name": "u"}, {"name": "v"}, {"name": "p"}],
        services=[
            {"name": "gw", "kind": "gateway", "team": "p", "dependencies": [{"target": "a"}]},
            {"name": "a", "team": "t", "dependencies": [{"target": "b"}], "publishes": ["e"]},
            {"name": "b", "team": "u"},
            {"name": "c", "team": "v"},
        ],
        topics=[{"name": "e", "consumers": ["c"]}],
    )
    load = cognitive_load(d).team("t")
    assert (load.deps_out, load.deps_in) == (2, 0)
    assert (load.sync_teams, load.async_teams) == (("u",), ("v",))
    assert load.part("interactions").load == pytest.approx(1.5 / 3)
    assert cognitive_load(d).team("p").deps_out == 0


def test_unowned_services_are_listed():
    d = make(teams=[{"name": "t"}], services=[{"name": "a", "team": "t"}, {"name": "b"}])
    assert cognitive_load(d).unowned == ("b",)


def test_examples():
    healthcare = cognitive_load(example("healthcare"))
    # privacy-and-security is an enabling team that runs consent and audit.
    assert healthcare.team("privacy-and-security").verdict == "high"
    banking = cognitive_load(example("banking"))
    # onboarding holds the core Accounts context plus two more.
    assert banking.team("onboarding").verdict == "overloaded"
    assert banking.team("ledger").verdict == "ok"
    shop = cognitive_load(ecommerce())
    assert [t.team for t in shop.teams] == [t.name for t in ecommerce().teams]
    assert shop.team("checkout").verdict == "ok"


def test_the_design_is_left_alone():
    d = designkit.load(PHASE1 / "team-overloaded.yaml")
    before = d.model_dump()
    cognitive_load(d)
    assert d.model_dump() == before
