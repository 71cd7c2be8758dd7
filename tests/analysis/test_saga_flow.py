"""The messages of each saga and what each participant sees."""

from __future__ import annotations

import designkit
from designkit.analysis.saga_flow import flow, flows, participants
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES, make

PHASE3 = FIXTURES / "phase3"


def arrows(messages):
    return [(m.kind, m.source, m.target, m.label, m.via) for m in messages]


def test_ecommerce_orchestration():
    design = ecommerce()
    f = flow(design, design.sagas[0])
    assert f.lifelines == ("order", "payment", "inventory", "shipping", "notification")
    assert f.pivot == "capture-payment"
    assert arrows(f.forward[:3]) == [
        ("local", "order", "order", "create-order", ""),
        ("command", "order", "payment", "AuthorizePayment", "payment-commands"),
        ("reply", "payment", "order", "authorize-payment done", "payment-events"),
    ]
    # The worst case before the pivot: every compensation, last step first, each
    # labelled with the event its text names.
    assert arrows(f.compensation) == [
        ("compensation", "order", "inventory", "ReleaseStock", "inventory-commands"),
        ("compensation", "order", "payment", "VoidPayment", "payment-commands"),
        ("compensation", "order", "order", "OrderCancelled", ""),
    ]


def test_choreography_follows_the_topics():
    design = designkit.load(PHASE3 / "choreography-linear.yaml")
    f = flows(design)[0]
    assert arrows(f.forward) == [
        ("local", "a", "a", "register", ""),
        ("event", "a", "b", "verify", "a-events"),
        ("event", "b", "c", "welcome", "b-events"),
    ]
    # The failing pivot (c) tells b, then b's undo tells a.
    assert [(m.source, m.target, m.label) for m in f.compensation] == [
        ("c", "b", "unverify"),
        ("b", "a", "deregister"),
    ]


def test_a_synchronous_call_is_the_command_channel():
    design = make(
        services=[
            {
                "name": "o",
                "publishes": ["t"],
                "dependencies": [{"target": "p", "protocol": "grpc"}],
            },
            {"name": "p"},
        ],
        topics=[{"name": "t", "consumers": ["p"]}],
        sagas=[
            {
                "name": "s",
                "orchestrator": "o",
                "steps": [{"name": "x", "service": "p", "action": "do", "pivot": True}],
            }
        ],
    )
    assert arrows(flow(design, design.sagas[0]).forward) == [
        ("command", "o", "p", "x", "grpc"),
        ("reply", "p", "o", "x done", "grpc"),
    ]


def test_what_each_participant_sees():
    seen = {p.service: p for p in participants(ecommerce())}
    assert seen["order"].role == "orchestrator and participant"
    assert seen["payment"].steps == ("authorize-payment", "capture-payment")
    assert seen["payment"].receives == (
        "payment-commands: AuthorizePayment, CapturePayment, VoidPayment",
    )
    assert seen["payment"].sends == (
        "payment-events: PaymentAuthorized, PaymentDeclined, PaymentCaptured, PaymentVoided",
    )
    assert seen["inventory"].undoes == ("ReleaseStock for the order's reservations.",)
    assert seen["notification"].sends == ()


def test_the_design_is_left_alone():
    design = ecommerce()
    before = design.model_dump()
    flows(design)
    participants(design)
    assert design.model_dump() == before
