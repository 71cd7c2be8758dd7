"""Monthly cost from the capacity plan and a price sheet, checked by hand; the price sheet's errors;
and the "capacity", "slo" and "cost" sections of `designkit analyze --json`."""

from __future__ import annotations

import json

import pytest

from designkit.analysis.capacity import capacity_plan
from designkit.analysis.cost import (
    CostError,
    CostOptions,
    PriceSheet,
    cost_report,
    default_price_sheet,
    load_price_sheet,
    parse_quantity,
)
from designkit.cli import main
from designkit.errors import DesignFileError, DesignKitError
from designkit.sizing.slo import multiwindow_alerts
from tests.analysis._examples import ecommerce
from tests.conftest import FIXTURES, make

SHEET = PriceSheet.model_validate(
    {
        "name": "round",
        "date": "2025-01-01",
        "currency": "USD",
        "source": "round numbers for hand checks",
        "hours_per_month": 730,
        "compute": {"vcpu_hour": 0.04, "memory_gib_hour": 0.005},
        "storage_gb_month": {"block": 0.1, "object": 0.02, "memory": 3},
        "technology_class": {"redis": "memory", "s3": "object"},
    }
)


def tiny():
    """Two services, three stores (one unowned) and a topic; average load half the peak."""
    return make(
        requirements={
            "traffic": {"peak_rps": 100, "average_rps": 50},
            "latency": {"percentile": 95, "threshold_ms": 10_000},
        },
        services=[
            {
                "name": "a",
                "profile": {"service_time_ms": 10},
                "deployment": {"resources": {"cpu_request": "500m", "memory_request": "1Gi"}},
                "publishes": ["events"],
                "stores": [{"store": "db"}],
                "dependencies": [{"target": "b", "retries": 0}],
            },
            {
                "name": "b",
                "profile": {"service_time_ms": 20, "cpu_ms_per_request": 20},
                "deployment": {"resources": {"memory_request": "512Mi"}},
                "stores": [{"store": "cache"}],
            },
        ],
        stores=[
            {"name": "db", "owner": "a", "size_gb": 100},
            {
                "name": "cache",
                "technology": "redis",
                "owner": "b",
                "size_gb": 2,
                "replication": "none",
            },
            {"name": "bucket", "technology": "s3", "size_gb": 1000, "replication": "multi-region"},
        ],
        topics=[{"name": "events", "message_bytes": 1000, "retention_hours": 24}],
        journeys=[{"name": "j", "entry": "a", "peak_rps": 100}],
        slos=[{"name": "a-up", "service": "a"}],
    )


def test_hand_checked_tiny_design():
    report = cost_report(tiny(), SHEET)
    a, b = report.services["a"], report.services["b"]
    # a: 100 req/s x 10 ms = 1 busy worker, /0.7 -> 2 workers, 1 replica; SLO floor 2.
    # compute 2 x (0.5 x 0.04 + 1 x 0.005) x 730 = 36.5
    assert (a.replicas, a.cpu_cores, a.memory_gib) == (2, 0.5, 1.0)
    assert a.compute == pytest.approx(36.5)
    # db: 100 GB x 2 copies (multi-az, the default) x 0.10 = 20
    assert a.storage == pytest.approx(20.0) and a.stores == ("db",)
    # events: 100 msg/s x 1000 B x 86,400 s x 3 replicas = 25.92 GB at peak, x 0.5
    # (average/peak) = 12.96 GB x 0.10 = 1.296
    assert a.topics == pytest.approx(1.296)
    # b: 100 x 20 ms = 2 workers /0.7 -> 3, 1 replica (no SLO); CPU from the plan:
    # 100 x 20 ms / 1 replica / 0.7 (HPA target) = 2857 -> 2900m.
    # 1 x (2.9 x 0.04 + 0.5 x 0.005) x 730 = 86.505
    assert (b.replicas, b.cpu_cores, b.cpu_source) == (1, 2.9, "capacity plan")
    assert b.compute == pytest.approx(86.505)
    # cache: redis is memory-priced, no replication: 2 GB x 1 x 3 = 6
    assert b.storage == pytest.approx(6.0)
    # bucket: no owner, 1000 GB x 2 (multi-region) x 0.02 = 40
    assert report.unassigned == pytest.approx(40.0)
    assert a.total == pytest.approx(57.796)
    assert b.total == pytest.approx(92.505)
    assert report.total == pytest.approx(57.796 + 92.505 + 40)
    assert [s.service for s in report.top(2)] == ["b", "a"]


def test_to_dict_rounds_to_cents_and_names_the_sheet():
    summary = cost_report(tiny(), SHEET).to_dict()
    assert summary["currency"] == "USD"
    assert summary["price_sheet"] == {
        "name": "round",
        "date": "2025-01-01",
        "source": "round numbers for hand checks",
    }
    assert summary["services"]["a"] == {
        "replicas": 2,
        "compute": 36.5,
        "storage": 20.0,
        "topics": 1.3,
        "total": 57.8,
    }
    assert summary["total"] == 190.3
    assert summary["budget"] is None and summary["within_budget"] is None
    json.dumps(summary)


def test_average_basis_prices_the_autoscalers_minimum():
    design = ecommerce()
    plan = capacity_plan(design)
    report = cost_report(design, SHEET, CostOptions(basis="average"), plan=plan)
    assert {n: s.replicas for n, s in report.services.items()} == {
        n: s.hpa_min for n, s in plan.services.items()
    }


def test_budget_compared_only_in_the_same_currency():
    same = make(
        requirements={"budget": {"monthly": 100, "currency": "USD"}}, services=[{"name": "a"}]
    )
    report = cost_report(same, SHEET)
    assert report.budget == 100 and report.to_dict()["within_budget"] is True
    other = make(
        requirements={"budget": {"monthly": 100, "currency": "EUR"}}, services=[{"name": "a"}]
    )
    report = cost_report(other, SHEET)
    assert report.budget is None
    assert report.notes == ("requirements.budget is in EUR, the price sheet in USD: not compared",)


def test_a_store_without_size_is_noted():
    d = make(services=[{"name": "a"}], stores=[{"name": "db", "owner": "a"}])
    report = cost_report(d, SHEET)
    assert report.services["a"].storage == 0
    assert report.notes == ("store db has no size_gb: priced at 0",)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("250m", 0.25),
        ("1", 1.0),
        ("1.5", 1.5),
        ("2k", 2000.0),
        ("512Mi", 2.0**29),
        ("1Gi", 2.0**30),
        ("1e3", 1000.0),
        ("1G", 1e9),
    ],
)
def test_kubernetes_quantities(text, value):
    assert parse_quantity(text) == value


def test_a_bad_quantity_names_the_field():
    d = make(services=[{"name": "a", "deployment": {"resources": {"memory_request": "lots"}}}])
    with pytest.raises(
        CostError,
        match=r"services\[0\]\.deployment\.resources\.memory_request: "
        r"'lots' is not a Kubernetes quantity",
    ):
        cost_report(d, SHEET)


def test_the_bundled_sheet_is_valid_and_says_it_is_an_example():
    path = default_price_sheet()
    assert path is not None and path.name == "cloud-example.yaml"
    sheet = load_price_sheet(path)
    assert sheet.currency == "USD" and sheet.date.year >= 2024 and sheet.source
    assert "NOT a quote" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.replace("  vcpu_hour: 0.035", "  vcpu_hour: -1"),
            "prices.yaml: compute.vcpu_hour: Input should be greater than 0 (got -1)",
        ),
        (
            lambda t: t.replace("currency: USD", "currency: dollars"),
            "prices.yaml: currency: String should match pattern",
        ),
        (lambda t: t.replace("name: cloud-example\n", ""), "prices.yaml: name: Field required"),
        (lambda t: t + "discount: 0.2\n", "prices.yaml: discount: Extra inputs are not permitted"),
        (
            lambda t: t.replace("  redis: memory", "  redis: ram"),
            "prices.yaml: technology_class.redis: Input should be 'block', 'object' or 'memory'",
        ),
    ],
)
def test_price_sheet_errors_name_file_field_and_value(tmp_path, edit, message):
    bad = tmp_path / "prices.yaml"
    bad.write_text(edit(default_price_sheet().read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(CostError) as info:
        load_price_sheet(bad)
    assert message in str(info.value)
    assert str(info.value).startswith(str(bad))


def test_unreadable_or_malformed_sheets(tmp_path):
    with pytest.raises(CostError, match="cannot read the price sheet"):
        load_price_sheet(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("compute: [unclosed\n", encoding="utf-8")
    with pytest.raises(DesignFileError, match="not valid YAML"):
        load_price_sheet(broken)
    assert issubclass(CostError, DesignKitError)


def test_ecommerce_cost_is_deterministic_and_leaves_the_design_alone():
    design = ecommerce()
    before = design.model_dump()
    sheet = load_price_sheet(default_price_sheet())
    first, second = cost_report(design, sheet), cost_report(design, sheet)
    assert first.to_dict() == second.to_dict()
    assert design.model_dump() == before
    assert first.total == pytest.approx(sum(s.total for s in first.services.values()))
    assert first.budget == 60_000 and first.total < first.budget


def test_analyze_json_has_capacity_slo_and_cost(capsys):
    assert main(["analyze", str(FIXTURES / "small-shop.yaml"), "--json"]) == 1  # DR errors
    report = json.loads(capsys.readouterr().out)
    assert list(report) == ["design", "findings", "summary", "capacity", "slo", "cost"]
    assert set(report["capacity"]) == {"web", "order", "stock"}
    assert set(report["capacity"]["order"]) == {
        "rate_rps",
        "replicas",
        "hpa_min",
        "hpa_max",
        "cpu_request_m",
        "cpu_limit_m",
        "memory_request_mib",
        "memory_limit_mib",
        "cpu_basis",
    }
    journey = report["slo"]["journeys"]["checkout"]
    assert set(journey) == {"composite", "objective", "meets"} and journey["objective"] == 0.999
    latency = report["slo"]["slos"]["order-latency"]
    assert latency["budget_minutes"] == pytest.approx(0.05 * 30 * 1440)
    expected = multiwindow_alerts(0.95, 30)
    assert [a["burn_rate"] for a in latency["alerts"]] == [e.burn_rate for e in expected]
    assert [a["error_ratio"] for a in latency["alerts"]] == [
        e.error_ratio_threshold for e in expected
    ]
    assert [a["long_window_s"] for a in latency["alerts"]] == [3600, 21600, 259200]
    assert report["cost"]["currency"] == "USD"
    assert report["cost"]["total"] == pytest.approx(
        sum(s["total"] for s in report["cost"]["services"].values()) + report["cost"]["unassigned"],
        abs=0.05,
    )


def test_analyze_json_reports_a_cost_error_instead_of_failing(tmp_path, capsys):
    design = tmp_path / "bad.yaml"
    design.write_text(
        "metadata: {name: bad}\n"
        "services:\n"
        "  - name: a\n"
        "    deployment: {resources: {memory_request: lots}}\n",
        encoding="utf-8",
    )
    main(["analyze", str(design), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert "is not a Kubernetes quantity" in report["cost"]["error"]
    assert report["capacity"]["a"]["replicas"] == 1
