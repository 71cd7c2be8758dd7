"""Saga sequence diagrams: well-formed, deterministic, escaped, ordered."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import designkit
from designkit.analysis.saga_flow import SagaFlow, SagaMessage, flow, flows
from designkit.render.sequence import sequence_gallery, sequence_svg
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES

NS = "{http://www.w3.org/2000/svg}"


def arrows(svg):
    """(title, y) of every message arrow, top to bottom."""
    root = ET.fromstring(svg)
    out = []
    for g in root.iter(f"{NS}g"):
        path = g.find(f"{NS}path")
        if path is not None and path.get("marker-end"):
            y = float(re.match(r"M[-\d.]+,([-\d.]+)", path.get("d")).group(1))
            out.append((g.find(f"{NS}title").text, y))
    return out


def test_order_saga():
    design = ecommerce()
    svg = sequence_svg(flow(design, design.sagas[0]))
    assert svg == sequence_svg(flow(ecommerce(), ecommerce().sagas[0]))
    drawn = arrows(svg)
    f = flow(design, design.sagas[0])
    assert len(drawn) == len(f.forward) + len(f.compensation)
    ys = [y for _, y in drawn]
    assert ys == sorted(ys)  # top to bottom in the order of the flow
    assert drawn[1][0] == "authorize-payment: AuthorizePayment via payment-commands (command)"
    assert drawn[-1][0].startswith("create-order: OrderCancelled")
    root = ET.fromstring(svg)
    labels = [t.text for t in root.iter(f"{NS}text")]
    assert "pivot: capture-payment (after it, forward only)" in labels
    assert "If capture-payment fails: compensations, last step first" in labels


def test_choreography_labels_name_the_event_and_the_step():
    design = designkit.load(EXAMPLES / "healthcare.yaml")
    svg = sequence_svg(flows(design)[1])
    assert "EncounterCompleted → create-claim" in svg


def test_labels_are_escaped():
    f = SagaFlow(
        "<s>",
        "orchestration",
        ("<o>", "p&q"),
        "x",
        (SagaMessage("x", "<o>", "p&q", "<b>go</b>", "command", "<t>"),),
        (SagaMessage("x", "<o>", "<o>", "<undo>", "compensation", ""),),
    )
    svg = sequence_svg(f)
    assert "<b>" not in svg and "<undo>" not in svg and "<o>" not in svg
    ET.fromstring(svg)


def test_gallery():
    assert sequence_gallery(flows(ecommerce())).count("<svg") == 1
    assert str(sequence_gallery([])) == "<p>the design has no sagas</p>"


def test_no_label_prints_under_7_pt_at_the_drawings_own_size():
    # At 96 px to the inch, 7 pt is 9.33 px; the report never prints a diagram
    # smaller than that for its smallest label, nor larger than its own size.
    for name in ("ecommerce", "banking", "healthcare"):
        for saga in flows(designkit.load(EXAMPLES / f"{name}.yaml")):
            root = ET.fromstring(sequence_svg(saga))
            sizes = {
                float(t.get("font-size", root.get("font-size"))) for t in root.iter(f"{NS}text")
            }
            assert min(sizes) * 72 / 96 >= 7, (name, saga.saga, sorted(sizes))
