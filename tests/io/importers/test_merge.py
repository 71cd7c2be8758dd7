"""Merging an import into the user's design: conflicts reported, the user's values kept."""

from __future__ import annotations

from designkit.io.importers import merge_designs
from designkit.model import Design


def _design(**sections):
    return Design.model_validate({"metadata": {"name": "mine"}, **sections})


def test_user_values_win_and_each_conflict_is_reported():
    mine = _design(
        services=[
            {"name": "cart", "team": None, "deployment": {"replicas": 4, "port": 9000}},
            {"name": "order", "description": "Takes orders"},
        ],
    )
    found = _design(
        services=[
            {"name": "cart", "deployment": {"replicas": 2, "port": 9000}, "origin": "k.yaml:3"},
            {"name": "order", "description": "", "dependencies": [{"target": "cart"}]},
            {"name": "search"},
        ],
        open_questions=[{"text": "Who owns cart?"}],
    )
    merged, conflicts = merge_designs(mine, found)
    assert [s.name for s in merged.services] == ["cart", "order", "search"]
    assert merged.service("cart").deployment.replicas == 4
    assert merged.service("cart").origin == "k.yaml:3"  # provenance is not a conflict
    assert merged.service("order").description == "Takes orders"
    assert [d.target for d in merged.service("order").dependencies] == ["cart"]
    assert [str(c) for c in conflicts] == [
        "services[cart].deployment.replicas: yours 4, import 2 (kept yours)",
        "services[order].description: yours 'Takes orders', import '' (kept yours)",
    ]
    assert merged.metadata.name == "mine"
    assert [q.text for q in merged.open_questions] == ["Who owns cart?"]


def test_prefer_import_takes_the_import_value():
    mine = _design(services=[{"name": "cart", "deployment": {"replicas": 4}}])
    found = _design(services=[{"name": "cart", "deployment": {"replicas": 2}}])
    merged, conflicts = merge_designs(mine, found, prefer="import")
    assert merged.service("cart").deployment.replicas == 2
    assert str(conflicts[0]).endswith("(kept the import's)")


def test_merging_is_idempotent_and_leaves_inputs_alone():
    mine = _design(services=[{"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}])
    call = {"target": "b", "timeout_ms": 100}
    found = _design(services=[{"name": "a", "dependencies": [call]}, {"name": "b"}])
    before = mine.model_copy(deep=True)
    once, _ = merge_designs(mine, found)
    twice, conflicts = merge_designs(once, found)
    assert once == twice and conflicts == []
    assert mine == before
    assert once.service("a").dependencies[0].timeout_ms == 100


def test_defaults_the_user_never_wrote_are_not_conflicts():
    mine = _design(services=[{"name": "cart"}])  # replicas: the default 2, never written
    found = _design(services=[{"name": "cart", "deployment": {"replicas": 1}}])
    merged, conflicts = merge_designs(mine, found)
    assert conflicts == [] and merged.service("cart").deployment.replicas == 1


def test_a_reimport_does_not_ask_again():
    mine = _design(
        open_questions=[
            {"text": "2 of 3 calls declare no timeout", "path": "services", "source": "import"},
            {"text": "Parked by the facilitator"},
        ]
    )
    found = _design(
        open_questions=[
            {"text": "3 of 4 calls declare no timeout", "path": "services", "source": "import"},
            {"text": "Which SLOs?", "path": "slos", "source": "import"},
        ]
    )
    merged, conflicts = merge_designs(mine, found)
    assert [q.text for q in merged.open_questions] == [
        "2 of 3 calls declare no timeout",
        "Parked by the facilitator",
        "Which SLOs?",
    ]
    assert conflicts == []
