"""The grafana generator: valid dashboard JSON, stable ids and layout, queries that resolve.

No Grafana runs here; the checks are those Grafana applies on import (unique
panel ids, a 24-column grid, a uid of at most 40 characters) plus ours.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from designkit.generate import generate
from designkit.generate.grafana import dashboard, dashboard_uid
from designkit.generate.write import render
from tests.analysis._examples import ecommerce
from tests.conftest import make
from tests.generate._golden import assert_golden

GOLDEN = Path(__file__).parent / "golden" / "observability"
UID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


@pytest.fixture(scope="module")
def texts():
    return {doc.path: render(doc, "ecommerce.yaml") for doc in generate(ecommerce(), ["grafana"])}


@pytest.fixture(scope="module")
def boards(texts):
    return {path: json.loads(text) for path, text in texts.items()}


def test_one_dashboard_per_service(boards):
    assert set(boards) == {f"grafana/{s.name}.json" for s in ecommerce().services}


def test_dashboard_model(boards):
    uids = set()
    for path, board in boards.items():
        assert board["schemaVersion"] == 39 and board["id"] is None, path
        assert UID.match(board["uid"]), board["uid"]
        uids.add(board["uid"])
        (var,) = board["templating"]["list"]
        assert (var["name"], var["type"], var["query"]) == (
            "datasource",
            "datasource",
            "prometheus",
        )
    assert len(uids) == len(boards)


def test_panel_ids_unique_and_grid_within_24_columns(boards):
    for path, board in boards.items():
        ids = [p["id"] for p in board["panels"]]
        assert ids == list(range(1, len(ids) + 1)), path
        cells: set[tuple[int, int]] = set()
        for panel in board["panels"]:
            pos = panel["gridPos"]
            assert pos["w"] > 0 and pos["h"] > 0 and pos["x"] >= 0 and pos["y"] >= 0
            assert pos["x"] + pos["w"] <= 24, (path, panel["title"])
            mine = {
                (x, y)
                for x in range(pos["x"], pos["x"] + pos["w"])
                for y in range(pos["y"], pos["y"] + pos["h"])
            }
            assert not cells & mine, f"{path}: panel {panel['id']} overlaps another"
            cells |= mine


def test_every_query_uses_the_datasource_variable(boards):
    for board in boards.values():
        for panel in board["panels"]:
            if panel["type"] == "row":
                continue
            assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
            assert panel["targets"]
            refs = [t["refId"] for t in panel["targets"]]
            assert len(refs) == len(set(refs))
            assert all(t["datasource"] == panel["datasource"] for t in panel["targets"])


def test_red_panels_and_slo_rows(boards):
    board = boards["grafana/order.json"]
    titles = [p["title"] for p in board["panels"]]
    assert titles[:4] == [
        "Requests: rate, errors, duration",
        "Request rate",
        "Errors (5xx share)",
        "Duration p50 / p95 / p99",
    ]
    slo_rows = [t for t in titles if t.startswith("SLO ")]
    assert slo_rows == [
        "SLO order-availability (availability, order): 99.9% / 30d",
        "SLO order-latency (latency, order): 95% / 30d",
    ]
    duration = board["panels"][3]
    assert [t["expr"].split(",")[0] for t in duration["targets"]] == [
        "histogram_quantile(0.5",
        "histogram_quantile(0.95",
        "histogram_quantile(0.99",
    ]
    # The latency SLO's 200 ms threshold is drawn on the duration panel.
    steps = duration["fieldConfig"]["defaults"]["thresholds"]["steps"]
    assert {"color": "red", "value": 0.2} in steps


def test_journey_slos_show_on_the_entry_service(boards):
    titles = [p["title"] for p in boards["grafana/gateway.json"]["panels"]]
    design = ecommerce()
    journey_slos = [s for s in design.slos if s.journey]
    assert sum(", journey " in t for t in titles) == len(journey_slos) == 17


def test_slo_panels_read_series_the_prometheus_rules_record(boards):
    recorded = set()
    for doc in generate(ecommerce(), ["prometheus"]):
        for group in doc.content["groups"]:
            for rule in group["rules"]:
                if "record" in rule:
                    recorded.add((rule["record"], rule["labels"]["sloth_id"]))
    used = set()
    for board in boards.values():
        for panel in board["panels"]:
            for target in panel.get("targets", []):
                used |= set(re.findall(r'(slo:[a-z_:0-9]+)\{sloth_id="([^"]+)"\}', target["expr"]))
    assert used and used <= recorded


def test_uid_is_short_stable_and_distinct():
    assert dashboard_uid("ecommerce", "order") == "ecommerce-order"
    long_a = dashboard_uid("a-rather-long-design-name", "a-very-long-service-name-one")
    long_b = dashboard_uid("a-rather-long-design-name", "a-very-long-service-name-two")
    assert len(long_a) <= 40 and len(long_b) <= 40 and long_a != long_b
    assert long_a == dashboard_uid("a-rather-long-design-name", "a-very-long-service-name-one")
    assert UID.match(dashboard_uid("Shop Ünïcode!", "a"))


def test_a_service_without_slos_gets_red_panels_only():
    d = make(services=[{"name": "a"}])
    board = dashboard(d, "a")
    assert [p["type"] for p in board["panels"]] == ["row", "timeseries", "timeseries", "timeseries"]
    # No journey reaches it, so no planned-peak line on the rate panel.
    assert "thresholds" not in board["panels"][1]["fieldConfig"]["defaults"]


def test_deterministic_and_input_untouched(texts):
    design = ecommerce()
    before = design.model_dump()
    again = {d.path: render(d, "ecommerce.yaml") for d in generate(design, ["grafana"])}
    assert again == texts
    assert design.model_dump() == before


def test_golden_order_dashboard(texts):
    check_golden("grafana/order.json", texts["grafana/order.json"])


def check_golden(path: str, text: str) -> None:
    assert_golden(GOLDEN / path, text)
