"""Classified data traced from attributes, stores, events and entities to every holder."""

from __future__ import annotations

import pytest

from designkit.analysis.security.classification import holdings, store_classes, topic_classes
from designkit.model import Design
from tests.analysis.security._support import EXAMPLE_NAMES, example
from tests.conftest import make


def _trace_design(**overrides: object) -> Design:
    sections: dict[str, object] = {
        "contexts": [{"name": "Pay"}, {"name": "Ship"}, {"name": "Care"}],
        "domain": {
            "entities": [
                {
                    "name": "Card",
                    "context": "Pay",
                    "attributes": [{"name": "pan", "classification": "pci"}],
                },
                {
                    "name": "Note",
                    "context": "Care",
                    "attributes": [{"name": "text", "classification": "phi"}],
                },
            ]
        },
        "services": [
            {
                "name": "pay",
                "context": "Pay",
                "stores": [{"store": "cards"}],
                "publishes": ["paid"],
            },
            {"name": "ship", "context": "Ship"},
            {"name": "reader", "context": "Pay", "stores": [{"store": "cards", "access": "read"}]},
            {"name": "care", "context": "Care", "auth": "mtls"},
        ],
        "stores": [
            {
                "name": "cards",
                "owner": "pay",
                "classification": ["confidential"],
                "entities": ["Card"],
            }
        ],
        "topics": [{"name": "paid", "consumers": ["ship"]}],
        "events": [
            {
                "name": "Paid",
                "topic": "paid",
                "fields": [{"name": "email", "classification": "pii"}],
            }
        ],
    }
    sections.update(overrides)
    return make(**sections)


def test_stores_get_their_entities_classes():
    classes = store_classes(_trace_design())
    assert classes == {"cards": {"pci": ["domain.entities[0].attributes[0].classification"]}}
    assert set(store_classes(_trace_design(), include_confidential=True)["cards"]) == {
        "confidential",
        "pci",
    }


def test_topics_get_their_events_classes():
    assert topic_classes(_trace_design()) == {
        "paid": {"pii": ["events[0].fields[0].classification"]}
    }


def test_every_holder_with_its_path():
    held = {(h.data_class, h.kind, h.holder): h for h in holdings(_trace_design())}
    assert sorted(held) == [
        ("pci", "service", "pay"),
        ("pci", "service", "reader"),
        ("pci", "store", "cards"),
        ("phi", "service", "care"),  # Note is kept in no store: its context's services hold it
        ("pii", "service", "pay"),
        ("pii", "service", "ship"),
        ("pii", "topic", "paid"),
    ]
    assert held["pci", "service", "reader"].sources == ("services[2].stores[0]",)
    assert held["pii", "service", "ship"].sources == ("topics[0].consumers[0]",)
    assert held["phi", "service", "care"].sources == ("domain.entities[1].context",)
    assert held["pci", "store", "cards"].at_rest is True
    assert held["pii", "topic", "paid"].at_rest is None


@pytest.mark.parametrize(
    ("mesh", "auth", "tls", "expected"),
    [
        ("istio", "jwt", True, "mTLS (STRICT)"),
        ("none", "mtls", True, "mTLS (service)"),
        ("none", "jwt", True, "TLS"),
        ("none", "jwt", False, "none"),
    ],
)
def test_in_transit(mesh, auth, tls, expected):
    design = make(
        mesh={"technology": mesh},
        security={"encryption_in_transit": tls},
        services=[{"name": "a", "auth": auth, "stores": [{"store": "db"}]}],
        stores=[{"name": "db", "classification": ["pii"]}],
    )
    service = next(h for h in holdings(design) if h.kind == "service")
    assert service.in_transit == expected
    assert service.protected_in_transit is (expected != "none")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_hold_their_regulated_data_encrypted(name):
    design = example(name)
    before = design.model_dump()
    held = holdings(design)
    assert held and all(h.at_rest for h in held if h.kind == "store")
    assert all(h.protected_in_transit for h in held)
    assert holdings(design) == held
    assert design.model_dump() == before


def test_ecommerce_card_data_reaches_the_consumers_of_payment_events():
    pci = {h.holder for h in holdings(example("ecommerce")) if h.data_class == "pci"}
    assert pci == {
        "payment-db",
        "payment-commands",
        "payment-events",
        "order",
        "payment",
        "notification",
        "analytics",
    }
