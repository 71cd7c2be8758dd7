"""The ERD of each service: owned entities, external references, relations."""

from __future__ import annotations

from designkit.analysis.erd import erds, service_erd
from tests.analysis._examples import ecommerce
from tests.conftest import make


def test_order_erd():
    erd = service_erd(ecommerce(), "order")
    assert erd.stores == ("order-db",)
    assert [(e.name, e.external, e.owner) for e in erd.entities] == [
        ("Order", False, "order"),
        ("OrderLine", False, "order"),
        ("Customer", True, "user"),
        ("Payment", True, "payment"),
        ("Shipment", True, "shipping"),
    ]
    order = erd.entities[0]
    assert order.root and order.store == "order-db"
    assert [a.name for a in order.attributes if a.key] == ["id"]
    assert ("shipping_address", "json", "pii") in [
        (a.name, a.type, a.classification) for a in order.attributes
    ]
    assert not erd.entities[1].root  # OrderLine belongs to the Order aggregate
    assert [(r.source, r.target, r.kind, r.many) for r in erd.relations] == [
        ("Order", "OrderLine", "composition", True),
        ("Order", "Customer", "association", False),
        ("Order", "Payment", "association", False),
        ("Order", "Shipment", "association", True),
    ]


def test_key_is_the_first_attribute_without_an_id():
    erd = service_erd(ecommerce(), "inventory")
    stock = next(e for e in erd.entities if e.name == "StockItem")
    assert [a.name for a in stock.attributes if a.key] == ["sku"]


def test_services_without_entities_have_no_erd():
    design = make(
        services=[{"name": "a"}, {"name": "b"}],
        domain={"entities": [{"name": "X", "relations": [{"target": "Y"}]}, {"name": "Y"}]},
        stores=[{"name": "db", "owner": "a", "entities": ["X"]}],
    )
    assert [e.service for e in erds(design)] == ["a"]
    assert [(e.name, e.external, e.owner) for e in service_erd(design, "a").entities] == [
        ("X", False, "a"),
        ("Y", True, ""),
    ]
    assert service_erd(design, "b").entities == ()
    assert len(erds(ecommerce())) == 14  # every service but the gateway
