"""The saga validator: positive and negative fixtures for every rule."""

from __future__ import annotations

import pytest

import designkit
from designkit.analysis.sagas import RULES, saga_findings
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, FIXTURES, make

PHASE3 = FIXTURES / "phase3"


def found(design):
    return [(f.severity, f.rule, f.path) for f in saga_findings(design)]


def test_unsafe_saga_breaks_each_orchestration_rule_once():
    design = designkit.load(PHASE3 / "saga-unsafe.yaml")
    assert found(design) == [
        ("error", "saga-compensation-not-idempotent", "sagas[0].steps[0].compensation_idempotent"),
        ("error", "saga-missing-compensation", "sagas[0].steps[1].compensation"),
        ("error", "saga-orchestrator-not-service", "sagas[0].orchestrator"),
        ("error", "saga-unretryable-after-pivot", "sagas[0].steps[3].retryable"),
        ("warning", "saga-missing-timeout", "sagas[0].steps[2].timeout_s"),
        ("warning", "saga-timeout-budget", "sagas[0].timeout_s"),
        ("warning", "saga-unlinked-step", "sagas[0].steps[2]"),
        ("info", "saga-unused-compensation", "sagas[0].steps[2].compensation"),
    ]


def test_safe_saga_passes():
    assert found(designkit.load(PHASE3 / "saga-safe.yaml")) == []


def test_messages_name_the_values():
    by_rule = {f.rule: f for f in saga_findings(designkit.load(PHASE3 / "saga-unsafe.yaml"))}
    # 5 s (reserve) + 8 s (charge) + nothing for the pivot: 13 s > 10 s.
    assert (
        "may take 13 s, more than the saga's timeout of 10 s"
        in by_rule["saga-timeout-budget"].message
    )
    assert "web, is a gateway" in by_rule["saga-orchestrator-not-service"].message
    assert "from web to order" in by_rule["saga-unlinked-step"].message
    assert by_rule["saga-missing-compensation"].subject == "checkout.charge"


def test_choreography_cycle_and_its_fix():
    cycle = saga_findings(designkit.load(PHASE3 / "choreography-cycle.yaml"))
    assert [(f.rule, f.path, f.subject) for f in cycle] == [
        ("saga-choreography-cycle", "sagas[0]", "onboarding: a -> b -> a")
    ]
    assert "(via a-events, b-events)" in cycle[0].message
    assert saga_findings(designkit.load(PHASE3 / "choreography-linear.yaml")) == []


def _choreography(*topics, steps=("a", "b")):
    return make(
        services=[
            {"name": "a", "publishes": [t["name"] for t in topics]},
            {"name": "b"},
        ],
        topics=list(topics),
        sagas=[
            {
                "name": "s",
                "style": "choreography",
                "steps": [
                    {
                        "name": f"step-{i}",
                        "service": name,
                        "action": "do",
                        "compensation": None if i == len(steps) - 1 else "undo",
                        "timeout_s": 1,
                        "pivot": i == len(steps) - 1,
                    }
                    for i, name in enumerate(steps)
                ],
            }
        ],
    )


def test_choreography_step_without_a_topic_is_unlinked():
    linked = _choreography({"name": "t", "consumers": ["b"]})
    assert found(linked) == []
    unlinked = _choreography({"name": "t"})
    assert found(unlinked) == [("warning", "saga-unlinked-step", "sagas[0].steps[1]")]
    # Two steps of one service in a row need no topic between them.
    assert found(_choreography({"name": "t"}, steps=("a", "a"))) == []


def test_orchestrator_that_is_not_in_the_design():
    # Loading refuses an unknown orchestrator, so build the broken design past validation.
    design = designkit.load(PHASE3 / "saga-safe.yaml")
    saga = design.sagas[0]
    steps = [saga.steps[0].model_copy(update={"service": "ghost"}), *saga.steps[1:]]
    broken = design.model_copy(
        update={"sagas": [saga.model_copy(update={"orchestrator": "nobody", "steps": steps})]}
    )
    rules = {(f.rule, f.path) for f in saga_findings(broken)}
    assert ("saga-orchestrator-not-service", "sagas[0].orchestrator") in rules
    assert ("saga-participant-not-service", "sagas[0].steps[0].service") in rules


def test_no_pivot_and_no_steps():
    design = make(
        services=[{"name": "o"}],
        sagas=[
            {"name": "empty", "orchestrator": "o"},
            {
                "name": "flat",
                "orchestrator": "o",
                "steps": [{"name": "x", "service": "o", "action": "do", "timeout_s": 1}],
            },
        ],
    )
    assert found(design) == [
        ("warning", "saga-empty", "sagas[0].steps"),
        ("info", "saga-no-pivot", "sagas[1].steps"),
    ]


def test_every_rule_is_exercised_by_these_tests():
    seen = set()
    for name in ("saga-unsafe", "choreography-cycle"):
        seen |= {f.rule for f in saga_findings(designkit.load(PHASE3 / f"{name}.yaml"))}
    # The others have their own tests above.
    seen |= {"saga-participant-not-service", "saga-empty", "saga-no-pivot"}
    assert seen == set(RULES)


def test_examples():
    assert saga_findings(ecommerce()) == []
    banking = saga_findings(designkit.load(EXAMPLES / "banking.yaml"))
    assert [(f.rule, f.subject) for f in banking] == [
        ("saga-choreography-cycle", "account-opening: account -> aml -> account"),
        ("saga-unused-compensation", "account-opening.open-account"),
    ]


@pytest.mark.parametrize("name", ["saga-unsafe", "choreography-cycle"])
def test_the_design_is_left_alone(name):
    design = designkit.load(PHASE3 / f"{name}.yaml")
    before = design.model_dump()
    saga_findings(design)
    assert design.model_dump() == before
