"""Metric conventions and SLI queries shared by the prometheus, grafana and openslo generators.

Every generated query reads one histogram, the OpenTelemetry HTTP semantic
convention ``http.server.request.duration`` (seconds) as exported to Prometheus:
``http_server_request_duration_seconds_{count,bucket}`` with the labels
``http_response_status_code`` and ``http_route``, and the service in ``job``
(the OpenTelemetry-to-Prometheus rule maps ``service.name`` to ``job``). The
names live in :data:`METRICS`; a team on another convention (Micrometer's
``http_server_requests_seconds`` with ``status``, say) builds its own
:class:`HttpMetrics` and passes it in.

- availability: a request is bad when answered 5xx;
- latency: a request is good when it falls in the histogram bucket whose
  upper bound ``le`` is the SLO's threshold, so every threshold must be a
  bucket boundary (see :func:`latency_buckets`: the OpenTelemetry default
  boundaries hold none of 150, 200 or 300 ms);
- a journey is measured at its entry service, on the requests of its gateway
  route (``http_route`` under the route's path); journeys sharing a route share
  the measurement.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction
from hashlib import sha256

from ..model import Design, Slo

__all__ = [
    "DEFAULT_BUCKETS_S",
    "METRICS",
    "HttpMetrics",
    "SliQuery",
    "dns_name",
    "duration",
    "error_budget",
    "latency_buckets",
    "number",
    "quote",
    "sli_query",
]


@dataclass(frozen=True)
class HttpMetrics:
    """Names of the request histogram and its labels."""

    count: str = "http_server_request_duration_seconds_count"
    bucket: str = "http_server_request_duration_seconds_bucket"
    service_label: str = "job"
    status_label: str = "http_response_status_code"
    route_label: str = "http_route"
    server_error: str = "5.."
    """Regex of the status codes that count against availability."""


METRICS = HttpMetrics()
"""OpenTelemetry semantic conventions (HTTP server metrics, stable since v1.23)."""

DEFAULT_BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)
"""Explicit bucket boundaries the semantic conventions advise for http.server.request.duration."""

_DNS = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")
_RE2_SPECIAL = re.compile(r"([\\.+*?()|\[\]^$])")
_TEMPLATE = re.compile(r"\{[^/}]*\}")


def quote(value: str) -> str:
    """A PromQL string literal (double quotes, Go escapes).

    Examples
    --------
    >>> quote('say "hi"')
    '"say \\\\"hi\\\\""'
    """
    return json.dumps(value, ensure_ascii=False)


def number(value: float) -> str:
    """A number as PromQL and Prometheus' own formatting write it (1, not 1.0).

    Examples
    --------
    >>> number(14.4), number(6.0), number(0.001), number(0.2)
    ('14.4', '6', '0.001', '0.2')
    """
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def duration(window: timedelta) -> str:
    """A Prometheus duration in the largest whole unit: 5m, 1h, 3d, 30d.

    Examples
    --------
    >>> duration(timedelta(minutes=30)), duration(timedelta(days=3))
    ('30m', '3d')
    """
    seconds = int(window.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def dns_name(name: str, limit: int = 63) -> str:
    """``name`` if it is a DNS label (RFC 1123) within ``limit``, else a stable slug.

    A changed name gets a hash suffix, so two names never share a slug.

    Examples
    --------
    >>> dns_name("order-availability")
    'order-availability'
    >>> dns_name("Checkout p95")
    'checkout-p95-2eab1c'
    """
    if len(name) <= limit and _DNS.match(name):
        return name
    suffix = sha256(name.encode("utf-8")).hexdigest()[:6]
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    slug = slug[: limit - len(suffix) - 1].strip("-")
    return f"{slug}-{suffix}" if slug else f"x-{suffix}"


def error_budget(objective: float) -> float:
    """``1 - objective`` on the decimal as written (0.001, not 0.0010000000000000009)."""
    return float(1 - Fraction(repr(objective)))


def _le_matcher(threshold_ms: float) -> str:
    seconds = threshold_ms / 1000
    text = number(seconds)
    if float(seconds).is_integer():
        # Prometheus 3 writes whole-number bounds as "1.0", earlier versions as "1".
        pattern = text + r"(\.0)?"
        return f"le=~{quote(pattern)}"
    return f"le={quote(text)}"


def _route_regex(path: str) -> str:
    parts = _TEMPLATE.split(path.rstrip("/") or "/")
    escaped = "[^/]+".join(_RE2_SPECIAL.sub(r"\\\1", part) for part in parts)
    return f"{escaped}(/.*)?"


@dataclass(frozen=True)
class SliQuery:
    """How one SLO is measured: counters of bad (or good) and of all requests.

    ``numerator`` counts bad requests for availability and good requests for
    latency (``good`` says which); both are selectors without a range, for
    OpenSLO's ``counter: true`` and for :meth:`error_ratio`.
    """

    slo: str
    sli: str
    service: str
    """The service whose requests measure it (a journey's entry)."""
    journey: str | None
    selector: str
    """The label matchers every query of this SLO carries."""
    numerator: str
    total: str
    good: bool

    def rate(self, series: str, window: str) -> str:
        """``sum(rate(series[window]))``."""
        return f"sum(rate({series}[{window}]))"

    def error_ratio(self, window: str) -> str:
        """PromQL for the share of bad requests over ``window`` (e.g. '5m')."""
        total = self.rate(self.total, window)
        if self.good:
            return f"1 - ({self.rate(self.numerator, window)} / {total})"
        # A service with no 5xx yet has no such series: count it as 0, not absent.
        return f"({self.rate(self.numerator, window)} or vector(0)) / {total}"


def sli_query(design: Design, slo: Slo, metrics: HttpMetrics = METRICS) -> SliQuery:
    """The queries that measure ``slo``, by the conventions of the module docstring.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}],
    ...     "slos": [{"name": "a-fast", "service": "a", "sli": "latency",
    ...               "objective": 0.95, "threshold_ms": 200}]})
    >>> q = sli_query(d, d.slos[0])
    >>> q.numerator
    'http_server_request_duration_seconds_bucket{job="a",le="0.2"}'
    >>> q.error_ratio("5m")[:40]
    '1 - (sum(rate(http_server_request_durati'
    """
    journey = None
    matchers = []
    if slo.service is not None:
        service = slo.service
        matchers.append(f"{metrics.service_label}={quote(service)}")
    else:
        journey = next(j for j in design.journeys if j.name == slo.journey)
        service = journey.entry
        matchers.append(f"{metrics.service_label}={quote(service)}")
        routes = design.gateway.routes if design.gateway else []
        route = next((r for r in routes if r.name == journey.route), None)
        if route is not None:
            matchers.append(f"{metrics.route_label}=~{quote(_route_regex(route.path))}")
    base = ",".join(matchers)
    total = f"{metrics.count}{{{base}}}"
    if slo.sli == "latency":
        assert slo.threshold_ms is not None  # the model requires it for latency SLIs
        numerator = f"{metrics.bucket}{{{base},{_le_matcher(slo.threshold_ms)}}}"
        good = True
    else:
        errors = f"{metrics.status_label}=~{quote(metrics.server_error)}"
        numerator = f"{metrics.count}{{{base},{errors}}}"
        good = False
    return SliQuery(
        slo=slo.name,
        sli=slo.sli,
        service=service,
        journey=journey.name if journey else None,
        selector=base,
        numerator=numerator,
        total=total,
        good=good,
    )


def latency_buckets(design: Design) -> dict[str, tuple[float, ...]]:
    """Histogram bucket bounds (seconds) each service must export for its latency SLOs.

    The generated latency SLIs read the bucket at each threshold; a bound the
    service's histogram lacks makes the SLI empty. Configure these bounds
    (with an OpenTelemetry SDK view) besides or instead of
    :data:`DEFAULT_BUCKETS_S`.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}],
    ...     "slos": [{"name": "a-fast", "service": "a", "sli": "latency",
    ...               "objective": 0.95, "threshold_ms": 200}]})
    >>> latency_buckets(d)
    {'a': (0.2,)}
    """
    needed: dict[str, set[float]] = {}
    for slo in design.slos:
        if slo.sli == "latency" and slo.threshold_ms is not None:
            service = sli_query(design, slo).service
            needed.setdefault(service, set()).add(slo.threshold_ms / 1000)
    return {name: tuple(sorted(bounds)) for name, bounds in needed.items()}
