"""Protection of classified data: one positive and one negative design per rule."""

from __future__ import annotations

import pytest

from designkit.analysis.security import protection
from designkit.model import Design
from tests.analysis.security._support import example, rules
from tests.conftest import make


def _store(
    *,
    encrypted: bool = True,
    classes: list[str] | None = None,
    audit: bool = True,
    tls: bool = True,
) -> Design:
    return make(
        domain={
            "entities": [{"name": "Card", "attributes": [{"name": "pan", "classification": "pci"}]}]
        },
        services=[{"name": "pay", "stores": [{"store": "db"}]}],
        stores=[
            {
                "name": "db",
                "owner": "pay",
                "entities": ["Card"],
                "classification": ["pci"] if classes is None else classes,
                "encrypted_at_rest": encrypted,
            }
        ],
        security={"audit_logging": audit, "encryption_in_transit": tls},
    )


def _event(consumer_context: str) -> Design:
    return make(
        contexts=[{"name": "Shop"}, {"name": "Mail"}],
        services=[
            {"name": "order", "context": "Shop", "publishes": ["orders"]},
            {"name": "reader", "context": consumer_context},
        ],
        topics=[{"name": "orders", "consumers": ["reader"]}],
        events=[
            {
                "name": "Placed",
                "topic": "orders",
                "fields": [{"name": "email", "classification": "pii"}],
            }
        ],
        security={"audit_logging": True},
    )


CASES = {
    "classified-store-unencrypted": (lambda: _store(encrypted=False), lambda: _store()),
    "store-classification-incomplete": (lambda: _store(classes=["internal"]), lambda: _store()),
    "classified-event-leaves-context": (lambda: _event("Mail"), lambda: _event("Shop")),
    "regulated-data-without-audit": (lambda: _store(audit=False), lambda: _store()),
    "classified-data-in-plaintext": (
        lambda: _store(tls=False),
        lambda: _store(tls=True),
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    positive, negative = CASES[rule_id]
    assert rule_id in rules(protection.findings(positive())), f"{rule_id}: no finding"
    assert protection.findings(negative()) == []


def test_unencrypted_store_names_the_field_and_the_classes():
    (finding, *_) = protection.findings(_store(encrypted=False))
    assert (finding.rule, finding.path) == (
        "classified-store-unencrypted",
        "stores[0].encrypted_at_rest",
    )
    assert "PCI" in finding.message


def test_a_store_with_only_pii_needs_no_audit_finding():
    design = make(stores=[{"name": "db", "classification": ["pii"]}])
    assert protection.findings(design) == []


def test_ecommerce_events_carry_classified_data_out_of_their_context():
    found = protection.findings(example("ecommerce"))
    assert rules(found) == {"classified-event-leaves-context"}
    assert [f.subject for f in found] == [
        "OrderPlaced v2",
        "AuthorizePayment v1",
        "PaymentAuthorized v1",
        "CreateShipment v1",
        "CustomerRegistered v1",
    ]
