"""A Grafana dashboard per service: RED panels, then one row per SLO measured there.

``grafana/<service>.json``, Grafana's dashboard JSON model (schemaVersion 39,
Grafana 10.4 / 11), ready to import or provision:

- a ``datasource`` template variable (any Prometheus data source), used by
  every panel and query;
- RED: request rate (with the planned peak from the traffic analysis as a
  threshold line), share of 5xx, and duration p50/p95/p99 (with the latency
  SLO's threshold as a line);
- per SLO of the service, and per journey SLO measured at it (journeys enter
  at their entry service): the SLI over the SLO period, the error budget
  remaining and the burn rate, read from the recording rules of
  :mod:`designkit.generate.prometheus`.

Nothing is random: panel ids count from 1 in layout order, ``gridPos`` follows
from that order, and the ``uid`` derives from the design and service names.
"""

from __future__ import annotations

from hashlib import sha256
from typing import Any

from ..analysis.traffic import TrafficReport, service_traffic
from ..model import Design, Service, Slo
from ..sizing.slo import multiwindow_alerts
from .observability import METRICS, HttpMetrics, dns_name, quote, sli_query
from .registry import Document, Generator

__all__ = ["GENERATOR", "SCHEMA_VERSION", "build", "dashboard", "dashboard_uid"]

SCHEMA_VERSION = 39
WIDTH = 24
"""Grafana's grid is 24 columns wide."""

_DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
_RATE = "$__rate_interval"


def dashboard_uid(design: str, service: str) -> str:
    """A stable uid of at most 40 characters (Grafana's limit) for a service's dashboard.

    The design's name is part of it, so two designs' dashboards can share one
    Grafana; a name too long is cut and given a hash suffix.

    Examples
    --------
    >>> dashboard_uid("ecommerce", "order")
    'ecommerce-order'
    >>> len(dashboard_uid("a-very-long-design-name", "a-rather-long-service-name"))
    40
    """
    uid = dns_name(f"{design}-{service}", limit=200)
    if len(uid) <= 40:
        return uid
    digest = sha256(f"{design}/{service}".encode()).hexdigest()[:8]
    return f"{uid[:31].rstrip('-')}-{digest}"


class _Layout:
    """Hands out panel ids and grid positions, row by row, left to right."""

    def __init__(self) -> None:
        self.panels: list[dict[str, Any]] = []
        self.y = 0

    def row(self, title: str) -> None:
        self._add({"type": "row", "title": title, "collapsed": False, "panels": []}, 24, 1)

    def line(self, panels: list[tuple[dict[str, Any], int]], height: int) -> None:
        x = 0
        for panel, width in panels:
            self._add(panel, width, height, x)
            x += width
        self.y += height

    def _add(self, panel: dict[str, Any], w: int, h: int, x: int = 0) -> None:
        panel = {"id": len(self.panels) + 1, **panel}
        panel["gridPos"] = {"h": h, "w": w, "x": x, "y": self.y}
        self.panels.append(panel)
        if panel["type"] == "row":
            self.y += h


def _target(expr: str, legend: str, ref: str = "A") -> dict[str, Any]:
    return {"datasource": _DATASOURCE, "expr": expr, "legendFormat": legend, "refId": ref}


def _thresholds(steps: list[tuple[str, float | None]]) -> dict[str, Any]:
    return {"mode": "absolute", "steps": [{"color": c, "value": v} for c, v in steps]}


def _timeseries(
    title: str,
    targets: list[dict[str, Any]],
    unit: str,
    lines: list[tuple[str, float]] | None = None,
    description: str = "",
) -> dict[str, Any]:
    custom: dict[str, Any] = {"drawStyle": "line", "fillOpacity": 10, "lineWidth": 1}
    defaults: dict[str, Any] = {"unit": unit, "custom": custom}
    if lines:
        custom["thresholdsStyle"] = {"mode": "line"}
        defaults["thresholds"] = _thresholds([("transparent", None), *lines])
    return {
        "type": "timeseries",
        "title": title,
        "description": description,
        "datasource": _DATASOURCE,
        "targets": targets,
        "fieldConfig": {"defaults": defaults, "overrides": []},
        "options": {
            "legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
            "tooltip": {"mode": "multi", "sort": "none"},
        },
    }


def _stat(
    title: str, expr: str, unit: str, steps: list[tuple[str, float | None]], description: str
) -> dict[str, Any]:
    return {
        "type": "stat",
        "title": title,
        "description": description,
        "datasource": _DATASOURCE,
        "targets": [_target(expr, title)],
        "fieldConfig": {
            "defaults": {"unit": unit, "decimals": 3, "thresholds": _thresholds(steps)},
            "overrides": [],
        },
        "options": {
            "colorMode": "value",
            "graphMode": "area",
            "justifyMode": "auto",
            "orientation": "auto",
            "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
            "textMode": "auto",
        },
    }


def _red(layout: _Layout, svc: Service, design: Design, peak: float, m: HttpMetrics) -> None:
    sel = f"{m.service_label}={quote(svc.name)}"
    count = f"{m.count}{{{sel}}}"
    errors = f"{m.count}{{{sel},{m.status_label}=~{quote(m.server_error)}}}"
    latency = [s for s in design.slos if s.service == svc.name and s.sli == "latency"]
    layout.row("Requests: rate, errors, duration")
    rate = _timeseries(
        "Request rate",
        [_target(f"sum(rate({count}[{_RATE}]))", "requests/s")],
        "reqps",
        [("orange", round(peak, 6))] if peak > 0 else None,
        "Requests per second; the line is the planned peak from the traffic analysis.",
    )
    error_ratio = _timeseries(
        "Errors (5xx share)",
        [
            _target(
                f"(sum(rate({errors}[{_RATE}])) or vector(0)) / sum(rate({count}[{_RATE}]))",
                "5xx share",
            )
        ],
        "percentunit",
    )
    bucket = f"sum by (le) (rate({m.bucket}{{{sel}}}[{_RATE}]))"
    duration = _timeseries(
        "Duration p50 / p95 / p99",
        [
            _target(f"histogram_quantile({q}, {bucket})", f"p{int(q * 100)}", ref)
            for q, ref in ((0.5, "A"), (0.95, "B"), (0.99, "C"))
        ],
        "s",
        [("red", s.threshold_ms / 1000) for s in latency if s.threshold_ms is not None] or None,
        "Response time quantiles from the histogram; lines mark the latency SLO thresholds.",
    )
    layout.line([(rate, 8), (error_ratio, 8), (duration, 8)], 8)


def _slo_row(layout: _Layout, design: Design, slo: Slo, m: HttpMetrics) -> None:
    query = sli_query(design, slo, m)
    sel = f"{{sloth_id={quote(dns_name(slo.name))}}}"
    where = f"journey {slo.journey}" if slo.journey else slo.service
    layout.row(
        f"SLO {slo.name} ({slo.sli}, {where}): {slo.objective * 100:g}% / {slo.window_days}d"
    )
    try:
        burns = [a.burn_rate for a in multiwindow_alerts(slo.objective, slo.window_days)]
    except ValueError:
        burns = []
    sli = _stat(
        f"SLI over {slo.window_days}d",
        f"1 - slo:sli_error:ratio_rate{slo.window_days}d{sel}",
        "percentunit",
        [("red", None), ("green", slo.objective)],
        f"Share of good requests; the objective is {slo.objective * 100:g}%. Measured by "
        f"{query.total}.",
    )
    remaining = _stat(
        "Error budget remaining",
        f"slo:period_error_budget_remaining:ratio{sel}",
        "percentunit",
        [("red", None), ("orange", 0), ("green", 0.25)],
        f"Share of the {slo.window_days}-day error budget not yet spent.",
    )
    burn = _timeseries(
        "Burn rate",
        [
            _target(f"slo:current_burn_rate:ratio{sel}", "current (5m)"),
            _target(f"slo:period_burn_rate:ratio{sel}", f"period ({slo.window_days}d)", "B"),
        ],
        "none",
        [("red", b) for b in sorted(set(burns))] or None,
        "How fast the error budget is spent (1 = exactly over the period); lines mark the "
        "burn rates the alerts fire at.",
    )
    layout.line([(sli, 6), (remaining, 6), (burn, 12)], 6)


def dashboard(
    design: Design,
    service: str,
    metrics: HttpMetrics = METRICS,
    *,
    traffic: TrafficReport | None = None,
) -> dict[str, Any]:
    """The dashboard of one service, as Grafana's JSON model.

    ``traffic`` is ``service_traffic(design)`` when already computed.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}],
    ...     "slos": [{"name": "a-up", "service": "a"}]})
    >>> board = dashboard(d, "a")
    >>> board["uid"], [p["id"] for p in board["panels"]], board["panels"][1]["gridPos"]
    ('x-a', [1, 2, 3, 4, 5, 6, 7, 8], {'h': 8, 'w': 8, 'x': 0, 'y': 1})
    """
    svc = next(s for s in design.services if s.name == service)
    traffic = traffic or service_traffic(design)
    entries = {j.name for j in design.journeys if j.entry == service}
    layout = _Layout()
    _red(layout, svc, design, traffic.services[service].request_rps, metrics)
    for slo in design.slos:
        if slo.service == service or slo.journey in entries:
            _slo_row(layout, design, slo, metrics)
    name = design.metadata.name
    return {
        "id": None,
        "uid": dashboard_uid(name, service),
        "title": f"{name} / {service}",
        "description": svc.description or f"RED metrics and SLOs of {service}.",
        "tags": ["designkit", dns_name(name), "red", "slo"],
        "editable": True,
        "graphTooltip": 1,
        "schemaVersion": SCHEMA_VERSION,
        "version": 1,
        "time": {"from": "now-6h", "to": "now"},
        "timepicker": {},
        "timezone": "",
        "refresh": "1m",
        "fiscalYearStartMonth": 0,
        "liveNow": False,
        "links": [],
        "annotations": {
            "list": [
                {
                    "builtIn": 1,
                    "datasource": {"type": "grafana", "uid": "-- Grafana --"},
                    "enable": True,
                    "hide": True,
                    "iconColor": "rgba(0, 211, 255, 1)",
                    "name": "Annotations & Alerts",
                    "type": "dashboard",
                }
            ]
        },
        "templating": {
            "list": [
                {
                    "name": "datasource",
                    "label": "Data source",
                    "type": "datasource",
                    "query": "prometheus",
                    "current": {},
                    "hide": 0,
                    "includeAll": False,
                    "multi": False,
                    "options": [],
                    "refresh": 1,
                    "regex": "",
                    "skipUrlSync": False,
                }
            ]
        },
        "panels": layout.panels,
    }


def build(design: Design) -> list[Document]:
    """``grafana/<service>.json`` for every service."""
    traffic = service_traffic(design)
    return [
        Document(f"grafana/{svc.name}.json", dashboard(design, svc.name, traffic=traffic), "json")
        for svc in design.services
    ]


GENERATOR = Generator(
    "grafana",
    "Grafana dashboard per service: RED panels and its SLOs",
    build,
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
