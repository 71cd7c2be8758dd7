"""ERD drawings: well-formed, deterministic, escaped, one box per entity."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from designkit.analysis.erd import (
    ErdAttribute,
    ErdEntity,
    ErdRelation,
    ServiceErd,
    erds,
    service_erd,
)
from designkit.render.erd import erd_gallery, erd_svg
from tests.analysis._examples import ecommerce

NS = "{http://www.w3.org/2000/svg}"


def boxes(svg):
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter(f"{NS}g"):
        rect = g.find(f"{NS}rect")
        if rect is not None:
            out[g.find(f"{NS}title").text] = rect
    return out


def test_order_erd_is_well_formed_and_deterministic():
    svg = erd_svg(service_erd(ecommerce(), "order"))
    assert svg == erd_svg(service_erd(ecommerce(), "order"))
    found = boxes(svg)
    assert set(found) == {
        "Order (aggregate Order)",
        "OrderLine (aggregate Order)",
        "Customer (aggregate Customer)",
        "Payment (aggregate Payment)",
        "Shipment (aggregate Shipment)",
    }
    # Owned entities solid, entities kept elsewhere dashed.
    dashed = {name for name, rect in found.items() if rect.get("stroke-dasharray")}
    assert dashed == {
        "Customer (aggregate Customer)",
        "Payment (aggregate Payment)",
        "Shipment (aggregate Shipment)",
    }
    # The composition starts with a filled diamond; the root is left of its parts.
    assert svg.count('marker-start="url(#dk-comp)"') == 1
    x = {name.split(" ")[0]: float(rect.get("x")) for name, rect in found.items()}
    assert x["Order"] < x["OrderLine"]


def test_labels_are_escaped():
    erd = ServiceErd(
        "<svc>",
        ("db&co",),
        (
            ErdEntity(
                "<b>E", None, True, "db", "<svc>", False, (ErdAttribute("<x>", "t", "pii", True),)
            ),
            ErdEntity("F", None, True, "", "o<w>ner", True, ()),
        ),
        (ErdRelation("<b>E", "F", "aggregation", True),),
    )
    svg = erd_svg(erd)
    assert "<b>" not in svg and "<x>" not in svg and "<svc>" not in svg
    ET.fromstring(svg)


def test_gallery_holds_one_drawing_per_service():
    gallery = erd_gallery(erds(ecommerce()))
    assert gallery.count("<svg") == 14
    assert erd_gallery(erds(ecommerce())) == gallery
    assert str(erd_gallery([])) == "<p>no entities are kept by any service</p>"


def test_empty_erd():
    ET.fromstring(erd_svg(ServiceErd("a", (), (), ())))
