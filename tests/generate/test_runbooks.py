"""The runbooks generator: one Markdown runbook per scenario, numbers from the design.

Golden files live in tests/generate/golden/runbooks/; regenerate them with
``DESIGNKIT_UPDATE_GOLDEN=1 pytest tests/generate/test_runbooks.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import designkit
from designkit.generate import generate
from designkit.generate.runbooks import runbooks
from designkit.generate.write import render
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, FIXTURES, make
from tests.generate._golden import assert_golden

GOLDEN = Path(__file__).parent / "golden"
SECTIONS = ["## Detection", "## Decision", "## Steps", "## Verification", "## Communication"]


@pytest.fixture(scope="module")
def texts():
    return {d.path: render(d, "ecommerce.yaml") for d in generate(ecommerce(), ["runbooks"])}


def test_one_runbook_per_scenario_and_an_index(texts):
    assert sorted(texts) == [
        "runbooks/bad-deploy.md",
        "runbooks/dependency-outage-product-catalog.md",  # the top SPOF after the gateway
        "runbooks/index.md",
        "runbooks/region-loss.md",
        "runbooks/store-restore.md",
    ]
    index = texts["runbooks/index.md"]
    for name in texts:
        if name != "runbooks/index.md":
            assert f"({name.removeprefix('runbooks/')})" in index


@pytest.mark.parametrize("example", ["ecommerce", "banking", "healthcare"])
def test_every_runbook_has_the_five_sections_in_order(example):
    for name, text in runbooks(designkit.load(EXAMPLES / f"{example}.yaml")).items():
        positions = [text.index(s) for s in SECTIONS]
        assert positions == sorted(positions), f"{example} {name}"
        assert text.startswith("# Runbook: ")


def test_alerts_are_the_prometheus_generators(texts):
    rules = generate(ecommerce(), ["prometheus"])
    alerts = {
        r["alert"] for d in rules for g in d.content["groups"] for r in g["rules"] if "alert" in r
    }
    named = set()
    for text in texts.values():
        named |= set(re.findall(r"`([A-Za-z0-9]+ErrorBudgetBurn)`", text))
    assert named and named <= alerts


def test_region_loss_numbers_come_from_the_design(texts):
    text = texts["runbooks/region-loss.md"]
    assert "Strategy **warm-standby**: eu-west serves, eu-central stands by." in text
    assert "RTO 60 min, RPO 15 min" in text
    # 99.9% over 30 days: 43.2 minutes, each minute 1/43.2 = 2.3% of it
    assert (
        "A 43.2-minute error budget over 30 days (99.9%): every minute down spends 2.3% of it"
        in text
    )
    assert "| order-db | multi-region | promote the replica | 1 | 1 | 30 |" in text
    assert "| inventory-cache | multi-az | rebuild from its source | rebuilt | 1440 | 15 |" in text


def test_bad_deploy_rollback_follows_the_strategy():
    d = make(
        services=[
            {"name": "a"},
            {"name": "b", "deployment": {"strategy": "canary", "canary": {"weight": 0.1}}},
            {"name": "c", "deployment": {"strategy": "blue-green"}},
            {"name": "d", "deployment": {"stateful": True}},
        ],
        platform={"namespace": "shop"},
    )
    text = runbooks(d)["bad-deploy"]
    assert "| a | rolling | `kubectl rollout undo deployment/a -n shop` |" in text
    assert "set the canary weight to 0 in the VirtualService b (-n shop)" in text
    assert "switch Service c's selector back to the previous colour" in text
    assert "`kubectl rollout undo statefulset/d -n shop`" in text


def test_no_spof_no_dependency_runbook():
    design = designkit.load(FIXTURES / "small-shop.yaml")
    names = set(runbooks(make(services=[{"name": "a"}])))
    assert names == {"region-loss", "store-restore", "bad-deploy"}
    assert "dependency-outage-order" in runbooks(design)


def test_user_text_cannot_break_tables():
    d = make(
        teams=[{"name": "x|y"}],
        services=[{"name": "a", "team": "x|y", "stores": [{"store": "db|evil"}]}],
        stores=[{"name": "db|evil", "owner": "a"}],
    )
    text = runbooks(d)["store-restore"]
    assert "db\\|evil" in text and "x\\|y" in text


def test_deterministic_and_input_untouched(texts):
    design = ecommerce()
    before = design.model_dump()
    again = {d.path: render(d, "ecommerce.yaml") for d in generate(design, ["runbooks"])}
    assert again == texts
    assert design.model_dump() == before


@pytest.mark.parametrize(
    "path", ["runbooks/region-loss.md", "runbooks/dependency-outage-product-catalog.md"]
)
def test_golden(texts, path):
    assert_golden(GOLDEN / path, texts[path])


def test_region_loss_without_a_second_region_says_so_instead_of_none() -> None:
    from designkit.analysis.blast_radius import blast_radius
    from designkit.analysis.recovery import recovery_plan
    from designkit.generate.runbooks_dr import region_loss

    design = make(
        services=[{"name": "api"}],
        disaster_recovery={"strategy": "warm-standby", "regions": []},
        platform={"regions": ["eu-west"]},
    )
    text = region_loss(design, recovery_plan(design), blast_radius(design))
    assert "None" not in text
    assert "a second region (none is listed" in text


def test_the_budget_window_follows_the_recovery_options() -> None:
    from designkit.analysis.blast_radius import blast_radius
    from designkit.analysis.recovery import RecoveryOptions, recovery_plan
    from designkit.generate.runbooks_dr import region_loss

    design = make(services=[{"name": "api"}])
    rec = recovery_plan(design, RecoveryOptions(window_days=28))
    assert "error budget over 28 days" in region_loss(design, rec, blast_radius(design))
