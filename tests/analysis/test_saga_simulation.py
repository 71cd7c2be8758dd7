"""The failure simulation, against compensations worked out by hand."""

from __future__ import annotations

import designkit
from designkit.analysis.saga_simulation import simulate, simulate_all
from designkit.model import Saga
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, FIXTURES

PHASE3 = FIXTURES / "phase3"


def walk(saga):
    return [(o.failed, o.final, [c.step for c in o.compensations]) for o in simulate(saga)]


def test_ecommerce_order_saga_by_hand():
    # Pivot: capture-payment (4th). A failure up to it undoes the earlier steps, last
    # first; a failure after it retries forward. create-order has no predecessor.
    saga = ecommerce().sagas[0]
    assert walk(saga) == [
        ("create-order", "compensated", []),
        ("authorize-payment", "compensated", ["create-order"]),
        ("reserve-stock", "compensated", ["authorize-payment", "create-order"]),
        ("capture-payment", "compensated", ["reserve-stock", "authorize-payment", "create-order"]),
        ("create-shipment", "completed forward", []),
        ("notify-customer", "completed forward", []),
    ]
    pivot = simulate(saga)[3]
    assert pivot.stage == "the pivot"
    assert [c.action for c in pivot.compensations] == [
        "ReleaseStock for the order's reservations.",
        "VoidPayment - release the authorisation at the PSP.",
        "Mark the order CANCELLED and publish OrderCancelled.",
    ]
    assert pivot.done == ("create-order", "authorize-payment", "reserve-stock")
    shipment = simulate(saga)[4]
    assert shipment.retried == "create-shipment"
    assert shipment.reason.endswith("then notify-customer runs")


def test_steps_without_side_effects_need_no_undoing():
    # Banking's instant transfer: the screening only reads, so a failing hold undoes
    # nothing; the failing pivot (submit-to-scheme) releases the hold only.
    saga = designkit.load(EXAMPLES / "banking.yaml").sagas[0]
    assert walk(saga)[:3] == [
        ("screen-counterparty", "compensated", []),
        ("hold-funds", "compensated", []),
        ("submit-to-scheme", "compensated", ["hold-funds"]),
    ]


def test_unsafe_saga_gets_stuck_where_the_validator_says():
    outcomes = simulate(designkit.load(PHASE3 / "saga-unsafe.yaml").sagas[0])
    reserve, charge, confirm, ship = outcomes
    assert (reserve.final, charge.final) == ("compensated", "compensated")
    assert "reserve is not idempotent" in charge.reason
    # charge changed data and cannot be undone: reserve is still released, the saga is stuck.
    assert (confirm.final, [c.step for c in confirm.compensations]) == ("stuck", ["reserve"])
    assert confirm.reason.startswith("charge changed data and has no compensation")
    assert (ship.final, ship.stage) == ("stuck", "after the pivot")
    assert "cannot be retried" in ship.reason


def test_safe_saga_never_gets_stuck():
    outcomes = simulate(designkit.load(PHASE3 / "saga-safe.yaml").sagas[0])
    assert [o.final for o in outcomes] == [
        "compensated",
        "compensated",
        "compensated",
        "completed forward",
    ]
    assert [c.step for c in outcomes[2].compensations] == ["charge", "reserve"]


def test_without_a_pivot_the_last_step_decides():
    saga = Saga(
        name="s",
        orchestrator="o",
        steps=[
            {"name": "a", "service": "x", "action": "a", "compensation": "undo a"},
            {"name": "b", "service": "y", "action": "b", "compensation": "undo b"},
            {"name": "c", "service": "z", "action": "c"},
        ],
    )
    assert walk(saga) == [
        ("a", "compensated", []),
        ("b", "compensated", ["a"]),
        ("c", "compensated", ["b", "a"]),
    ]
    assert simulate(Saga(name="e", orchestrator="o")) == []


def test_simulate_all_covers_every_saga_in_order():
    outcomes = simulate_all(designkit.load(EXAMPLES / "healthcare.yaml"))
    assert [o.saga for o in outcomes] == ["appointment-booking"] * 4 + ["encounter-to-claim"] * 4
    claim = outcomes[6]
    assert (claim.failed, [c.step for c in claim.compensations]) == (
        "submit-claim",
        ["create-claim", "complete-encounter"],
    )
