"""Orphan topics, uncompensated saga steps and non-idempotent consumers."""

from __future__ import annotations

import pytest

from designkit.model import Design
from tests.analysis.antipatterns._support import Case, check_case, run
from tests.conftest import make


def _topic(publish: bool, consumers: list[object]) -> Design:
    return make(
        services=[{"name": "order", "publishes": ["orders"] if publish else []}, {"name": "mail"}],
        topics=[{"name": "orders", "consumers": consumers}, {"name": "dlq"}],
    )


def _saga(*steps: dict[str, object]) -> Design:
    return make(
        services=[{"name": "order"}, {"name": "payment"}],
        sagas=[{"name": "checkout", "orchestrator": "order", "steps": list(steps)}],
    )


CREATE = {"name": "create", "service": "order", "action": "create order"}
CHARGE = {"name": "charge", "service": "payment", "action": "charge", "pivot": True}


def _consumer(**consumer: object) -> Design:
    return _topic(True, [{"service": "mail", **consumer}])


CASES = {
    "orphan-topic": Case(
        lambda: _topic(True, []),
        lambda: _topic(True, [{"service": "mail", "dead_letter": "dlq", "idempotent": True}]),
    ),
    "saga-missing-compensation": Case(
        lambda: _saga(CREATE, CHARGE), lambda: _saga({**CREATE, "compensation": "cancel"}, CHARGE)
    ),
    "non-idempotent-consumer": Case(
        lambda: _consumer(retries=3), lambda: _consumer(retries=3, idempotent=True)
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    check_case(rule_id, CASES[rule_id])


def test_orphan_topic_says_which_side_is_missing():
    found = run(_topic(False, []), "orphan-topic")
    # dlq is not anyone's dead letter here, so it is an orphan too.
    assert [(f.subject, "no producer and no consumer" in f.message) for f in found] == [
        ("orders", True),
        ("dlq", True),
    ]
    (only,) = run(_topic(False, ["mail"]), "orphan-topic")[:1]
    assert only.subject == "orders" and "has no producer:" in only.message


def test_async_dependency_counts_as_producing():
    design = make(
        services=[
            {
                "name": "order",
                "dependencies": [{"target": "mail", "protocol": "async", "topic": "t"}],
            },
            {"name": "mail"},
        ],
        topics=[{"name": "t", "consumers": ["mail"]}],
    )
    assert run(design, "orphan-topic") == []


def test_steps_that_need_no_compensation():
    check = {"name": "check", "service": "payment", "action": "check", "side_effects": False}
    after = {"name": "ship", "service": "order", "action": "ship"}
    assert run(_saga(check, CHARGE, after), "saga-missing-compensation") == []
    # Without a pivot the last step decides: only the earlier ones need compensation.
    assert run(_saga({**CHARGE, "pivot": False}), "saga-missing-compensation") == []


def test_uncompensated_step_path():
    (finding,) = run(_saga(CREATE, CHARGE), "saga-missing-compensation")
    assert (finding.path, finding.subject) == ("sagas[0].steps[0].compensation", "checkout.create")


def test_consumer_without_retries_need_not_be_idempotent():
    assert run(_consumer(retries=0), "non-idempotent-consumer") == []
    (finding,) = run(_consumer(retries=2), "non-idempotent-consumer")
    assert finding.path == "topics[0].consumers[0].idempotent"
