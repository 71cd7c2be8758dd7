"""The prometheus generator: rule files in the standard format, thresholds from the SRE Workbook.

`promtool check rules` is the real validator of these files; it is not
installed here (no system installs), so `test_promtool_accepts_the_rules` is
skipped unless `promtool` is on PATH, and the structure, names and numbers
are checked by hand below.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from designkit.generate import generate
from designkit.generate.prometheus import alert_name, rule_groups
from designkit.generate.write import render, write_documents
from designkit.sizing.slo import multiwindow_alerts
from tests.analysis._examples import ecommerce
from tests.conftest import make
from tests.generate._golden import assert_golden

GOLDEN = Path(__file__).parent / "golden" / "observability"
METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
DURATION = re.compile(r"^[0-9]+[smhd]$")
CONDITION = re.compile(
    r"max\(slo:sli_error:ratio_rate(?P<window>\w+)\{(?P<sel>[^}]*)\} > "
    r"\((?P<burn>[0-9.e+-]+) \* (?P<budget>[0-9.e+-]+)\)\) without \(sloth_window\)"
)
SECONDS = {"m": 60, "h": 3600, "d": 86400}


def seconds(window: str) -> float:
    return int(window[:-1]) * SECONDS[window[-1]]


def parse(text: str):
    return YAML(typ="safe", pure=True).load(io.StringIO(text))


@pytest.fixture(scope="module")
def texts():
    return {
        doc.path: render(doc, "ecommerce.yaml") for doc in generate(ecommerce(), ["prometheus"])
    }


@pytest.fixture(scope="module")
def files(texts):
    return {path: parse(text) for path, text in texts.items()}


def rules(content):
    return [rule for group in content["groups"] for rule in group["rules"]]


def test_one_file_per_service_and_journey_with_slos(files):
    design = ecommerce()
    expected = {f"prometheus/{s.service}.rules.yaml" for s in design.slos if s.service}
    expected |= {f"prometheus/journey-{s.journey}.rules.yaml" for s in design.slos if s.journey}
    assert set(files) == expected
    assert len(files) == 25  # 15 services, 10 journeys


def test_standard_rule_file_structure(files):
    for path, content in files.items():
        assert list(content) == ["groups"], path
        names = [g["name"] for g in content["groups"]]
        assert len(names) == len(set(names)), f"{path}: duplicate group names"
        for group in content["groups"]:
            assert set(group) == {"name", "rules"} and group["rules"], path
            for rule in group["rules"]:
                if "record" in rule:
                    assert set(rule) == {"record", "expr", "labels"}, rule
                else:
                    assert set(rule) == {"alert", "expr", "for", "labels", "annotations"}, rule
                    assert DURATION.match(rule["for"])
                    assert set(rule["annotations"]) == {"summary", "description"}
                assert isinstance(rule["expr"], str) and rule["expr"]
                assert all(isinstance(v, str) for v in rule["labels"].values())


def test_names_are_valid_prometheus_identifiers(files):
    for content in files.values():
        for rule in rules(content):
            if "record" in rule:
                assert METRIC_NAME.match(rule["record"]), rule["record"]
            else:
                # promtool refuses alert names that are not valid metric names.
                assert METRIC_NAME.match(rule["alert"]) and ":" not in rule["alert"]
            for label in rule["labels"]:
                assert LABEL_NAME.match(label) and not label.startswith("__"), label


def test_expressions_are_balanced(files):
    # A cheap stand-in for the PromQL parser: brackets pair up outside strings.
    pairs = {")": "(", "]": "[", "}": "{"}
    for content in files.values():
        for rule in rules(content):
            stack: list[str] = []
            text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', rule["expr"])
            for char in text:
                if char in "([{":
                    stack.append(char)
                elif char in pairs:
                    assert stack and stack.pop() == pairs[char], rule["expr"]
            assert not stack, rule["expr"]


def test_alert_thresholds_match_the_multiwindow_alerts(files):
    design = ecommerce()
    by_id = {}
    for content in files.values():
        for group in content["groups"]:
            if "-alerts-" in group["name"]:
                by_id[group["name"].split("-alerts-", 1)[1]] = group["rules"]
    assert len(by_id) == len(design.slos)
    checked = 0
    for slo in design.slos:
        expected = multiwindow_alerts(slo.objective, slo.window_days)
        alerts = by_id[slo.name]
        assert [a["labels"]["severity"] for a in alerts] == [e.severity for e in expected]
        for alert, want in zip(alerts, expected, strict=True):
            assert alert["alert"] == alert_name(slo.name)
            conditions = [m.groupdict() for m in CONDITION.finditer(alert["expr"])]
            assert len(conditions) == 2, alert["expr"]
            long, short = conditions
            assert seconds(long["window"]) == want.long_window.total_seconds()
            assert seconds(short["window"]) == want.short_window.total_seconds()
            for cond in conditions:
                assert f'sloth_slo="{slo.name}"' in cond["sel"]
                assert float(cond["burn"]) == pytest.approx(want.burn_rate, rel=1e-12)
                assert float(cond["budget"]) == pytest.approx(1 - slo.objective, rel=1e-12)
                threshold = float(cond["burn"]) * float(cond["budget"])
                assert threshold == pytest.approx(want.error_ratio_threshold, rel=1e-12)
            checked += 1
    assert checked == 3 * len(design.slos)


def test_published_thresholds_for_three_nines():
    # SRE Workbook, ch. 5, table 5-8, for a 30-day 99.9% SLO: 14.4 x 0.001 = 1.44%
    # over 1 h and 5 min, 6 x 0.001 over 6 h and 30 min, 1 x 0.001 over 3 d and 6 h.
    d = make(services=[{"name": "a"}], slos=[{"name": "a-up", "service": "a"}])
    *_, alerts = rule_groups(d, d.slos[0])
    exprs = [a["expr"] for a in alerts["rules"]]
    assert "ratio_rate1h" in exprs[0] and "> (14.4 * 0.001)" in exprs[0]
    assert "ratio_rate30m" in exprs[1] and "> (6 * 0.001)" in exprs[1]
    assert "ratio_rate3d" in exprs[2] and "ratio_rate6h" in exprs[2] and "(1 * 0.001)" in exprs[2]
    assert [a["for"] for a in alerts["rules"]] == ["2m", "15m", "3h"]


def test_every_window_an_alert_reads_is_recorded(files):
    for path, content in files.items():
        recorded = {(r["record"], r["labels"]["sloth_id"]) for r in rules(content) if "record" in r}
        for rule in rules(content):
            for name, sel in re.findall(r"(slo:[a-z_:0-9]+)\{([^}]*)\}", rule["expr"]):
                ident = re.search(r'sloth_id="([^"]+)"', sel)
                assert ident and (name, ident.group(1)) in recorded, (path, name)


def test_sli_windows_and_metadata(files):
    content = files["prometheus/order.rules.yaml"]
    sli, meta, _alerts = content["groups"][:3]
    assert sli["name"] == "designkit-slo-sli-recordings-order-availability"
    windows = [r["labels"]["sloth_window"] for r in sli["rules"]]
    assert windows == ["5m", "30m", "1h", "6h", "3d", "30d"]
    assert [r["record"] for r in meta["rules"]] == [
        "slo:objective:ratio",
        "slo:error_budget:ratio",
        "slo:time_period:days",
        "slo:current_burn_rate:ratio",
        "slo:period_burn_rate:ratio",
        "slo:period_error_budget_remaining:ratio",
    ]
    assert [r["expr"] for r in meta["rules"][:3]] == [
        "vector(0.999)",
        "vector(0.001)",
        "vector(30)",
    ]
    assert all(r["labels"]["sloth_service"] == "order" for r in rules(content) if "record" in r)


def test_availability_and_latency_queries(small_shop):
    (sli, *_), (latency, *_) = (rule_groups(small_shop, slo) for slo in small_shop.slos)
    count = "http_server_request_duration_seconds_count"
    # A journey is measured at its entry service (web); this one names no route.
    assert sli["rules"][0]["expr"] == (
        f'(sum(rate({count}{{job="web",http_response_status_code=~"5.."}}[5m])) or vector(0))'
        f' / sum(rate({count}{{job="web"}}[5m]))'
    )
    assert sli["rules"][0]["labels"]["journey"] == "checkout"
    assert latency["rules"][0]["expr"] == (
        '1 - (sum(rate(http_server_request_duration_seconds_bucket{job="order",le="0.25"}[5m]))'
        f' / sum(rate({count}{{job="order"}}[5m])))'
    )


def test_journey_on_a_route_filters_by_http_route(files):
    record = files["prometheus/journey-checkout.rules.yaml"]["groups"][0]["rules"][0]
    assert 'job="gateway",http_route=~"/api/v1/orders(/.*)?"' in record["expr"]


def test_whole_second_thresholds_match_both_le_spellings():
    d = make(
        services=[{"name": "a"}],
        slos=[{"name": "slow", "service": "a", "sli": "latency", "threshold_ms": 1000}],
    )
    expr = rule_groups(d, d.slos[0])[0]["rules"][0]["expr"]
    assert 'le=~"1(\\\\.0)?"' in expr  # Prometheus 3 writes le="1.0", 2.x le="1"


def test_odd_names_are_quoted_and_slugged():
    d = make(
        services=[{"name": "a"}],
        slos=[{"name": 'Say "fast" 99%', "service": "a"}],
    )
    sli, _meta, alerts = rule_groups(d, d.slos[0])
    labels = sli["rules"][0]["labels"]
    assert labels["sloth_slo"] == 'Say "fast" 99%'
    assert re.fullmatch(r"[a-z0-9-]+", labels["sloth_id"])
    assert 'sloth_slo="Say \\"fast\\" 99%"' in alerts["rules"][0]["expr"]
    assert METRIC_NAME.match(alerts["rules"][0]["alert"])


def test_a_period_too_short_for_the_ticket_window_has_no_alerts():
    d = make(services=[{"name": "a"}], slos=[{"name": "a-up", "service": "a", "window_days": 2}])
    groups = rule_groups(d, d.slos[0])
    assert [g["name"].split("-")[2] for g in groups] == ["sli", "meta"]
    assert groups[0]["rules"][-1]["labels"]["sloth_window"] == "2d"


def test_deterministic_and_input_untouched(texts):
    design = ecommerce()
    before = design.model_dump()
    again = {d.path: render(d, "ecommerce.yaml") for d in generate(design, ["prometheus"])}
    assert again == texts
    assert design.model_dump() == before


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed")
def test_promtool_accepts_the_rules(tmp_path):
    written = write_documents(generate(ecommerce(), ["prometheus"]), tmp_path, "ecommerce.yaml")
    result = subprocess.run(
        ["promtool", "check", "rules", *map(str, written)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_golden_order_rules(texts):
    check_golden("prometheus/order.rules.yaml", texts["prometheus/order.rules.yaml"])


def check_golden(path: str, text: str) -> None:
    assert_golden(GOLDEN / path, text)


def test_windows_of_the_recommended_alerts_are_whole_minutes():
    # The recording windows are Prometheus durations: every alert window must be one.
    for alert in multiwindow_alerts(0.999):
        for window in (alert.long_window, alert.short_window):
            assert window % timedelta(minutes=1) == timedelta(0)
