"""Trace sampling and log retention, from the propagated traffic and the observability settings.

Rates are the peak rates of :mod:`designkit.analysis.traffic` (tracing must
cope with the peak) except log volumes, which are daily totals and use the
average rate of the capacity plan (peak x average share).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Design
from .capacity import CapacityPlan, capacity_plan
from .traffic import TrafficReport, service_traffic

__all__ = [
    "COMPLIANCE_AUDIT_DAYS",
    "LogRetention",
    "LoggingOptions",
    "SamplingOptions",
    "SamplingPlan",
    "average_share",
    "log_retention",
    "sampling_plan",
]


@dataclass(frozen=True)
class SamplingOptions:
    """Assumptions of the sampling plan."""

    max_traces_per_s: float = 200.0
    """Traces per second the tracing backend is sized to keep (ingest and store)."""
    error_share: float | None = None
    """Share of traces with an error; None: ``1 - requirements.availability`` (the
    most errors the availability target allows)."""
    slow_share: float | None = None
    """Share of traces slower than the slow threshold; None: ``1 - percentile/100``
    of ``requirements.latency`` (the most slow requests the latency target allows)."""
    span_bytes: int = 1000
    """Stored size of one span, for the daily volume."""


@dataclass(frozen=True)
class SamplingPlan:
    """How many traces to keep: every error and slow trace, plus a ratio of the rest.

    With ``t`` traces/s, ``s = min(1, error_share + slow_share)`` kept by the tail
    sampler and a ratio ``p`` of the others:
    ``kept = t x (s + (1 - s) x p)``, so the largest ratio within the budget
    ``B`` is ``p = (B / t - s) / (1 - s)``, clipped to [0, 1] and rounded down to
    two significant digits (``head_ratio``).

    Keeping *every* error needs the whole trace at the decision: the SDKs export
    every span (parent-based, always on) to a collector whose tail_sampling
    processor keeps errors, slow traces and the ratio (a probabilistic policy).
    A ratio applied in the SDK instead (head sampling) drops errors with the
    rest; ``collector_spans_per_s`` is what the collector tier must take.
    """

    traces_per_s: float
    """One trace per request entering a journey: the sum of the journeys' peak rates."""
    spans_per_s: float
    """Server and consumer spans: every request and message each service handles."""
    spans_per_trace: float
    error_share: float
    slow_share: float
    slow_threshold_ms: float
    tail_share: float
    """``min(1, error_share + slow_share)``: overlaps counted twice, an upper bound."""
    max_traces_per_s: float
    head_ratio: float
    """Recommended ratio of the remaining traces to keep."""
    kept_traces_per_s: float
    """Traces kept at ``head_ratio``."""
    configured_ratio: float
    """``observability.trace_sampling`` of the design."""
    configured_kept_per_s: float
    within_budget: bool
    """Whether the configured ratio keeps at most ``max_traces_per_s``."""
    collector_spans_per_s: float
    kept_gb_per_day: float
    """Spans kept per day at ``head_ratio`` x ``span_bytes``, in GB (10^9 bytes)."""
    note: str = ""


def average_share(plan: CapacityPlan) -> float:
    """Average load as a share of peak, as the capacity plan used it (0 without traffic).

    ``hpa_min`` is sized for ``average_rps = rate x share``; the share is the
    same for every service, so any service with traffic gives it back.
    """
    return next((s.average_rps / s.rate_rps for s in plan.services.values() if s.rate_rps), 0.0)


def _floor(value: float, digits: int = 2) -> float:
    if value <= 0:
        return 0.0
    scale = 10.0 ** (digits - 1 - math.floor(math.log10(value)))
    return math.floor(round(value * scale, 9)) / scale


def sampling_plan(
    design: Design,
    options: SamplingOptions | None = None,
    *,
    traffic: TrafficReport | None = None,
) -> SamplingPlan:
    """The OpenTelemetry sampling recommendation for ``design``.

    Examples
    --------
    1,000 req/s entering ``a``, which calls ``b``: 2 spans a trace. At 99.9%
    and p95, the tail keeps 0.1% + 5% of traces (51/s); a budget of 100 traces/s
    leaves 49/s for the ratio: ``(100/1000 - 0.051) / 0.949 = 0.0516 -> 0.051``.

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "requirements": {"availability": 0.999},
    ...     "services": [{"name": "a", "dependencies": [{"target": "b", "retries": 0}]},
    ...                  {"name": "b"}],
    ...     "journeys": [{"name": "j", "entry": "a", "peak_rps": 1000}]})
    >>> p = sampling_plan(d, SamplingOptions(max_traces_per_s=100))
    >>> p.spans_per_trace, round(p.tail_share, 4), p.head_ratio
    (2.0, 0.051, 0.051)
    >>> round(p.kept_traces_per_s, 2), p.within_budget
    (99.4, False)
    """
    opts = options or SamplingOptions()
    report = traffic or service_traffic(design)
    req = design.requirements
    traces = sum(j.peak_rps for j in design.journeys)
    spans = sum(s.request_rps + s.message_rps for s in report.services.values())
    error_share = opts.error_share if opts.error_share is not None else 1 - req.availability
    slow_share = (
        opts.slow_share if opts.slow_share is not None else 1 - req.latency.percentile / 100
    )
    tail = min(1.0, error_share + slow_share)
    per_trace = spans / traces if traces else 0.0
    note = ""
    if traces == 0:
        ratio, note = 1.0, "no journey brings traffic: keep everything"
    elif tail >= 1:
        ratio = 1.0
    else:
        ratio = min(1.0, max(0.0, (opts.max_traces_per_s / traces - tail) / (1 - tail)))
        ratio = 1.0 if ratio >= 1 else _floor(ratio)
        if ratio == 0:
            note = (
                f"errors and slow traces alone ({traces * tail:.4g}/s) exceed the budget of "
                f"{opts.max_traces_per_s:g} traces/s: raise it or sample the tail too"
            )

    def kept(p: float) -> float:
        return traces * (tail + (1 - tail) * p)

    configured = design.observability.trace_sampling
    return SamplingPlan(
        traces_per_s=traces,
        spans_per_s=spans,
        spans_per_trace=per_trace,
        error_share=error_share,
        slow_share=slow_share,
        slow_threshold_ms=req.latency.threshold_ms,
        tail_share=tail,
        max_traces_per_s=opts.max_traces_per_s,
        head_ratio=ratio,
        kept_traces_per_s=kept(ratio),
        configured_ratio=configured,
        configured_kept_per_s=kept(configured),
        within_budget=kept(configured) <= opts.max_traces_per_s,
        collector_spans_per_s=spans,
        kept_gb_per_day=kept(ratio) * per_trace * opts.span_bytes * 86400 / 1e9,
        note=note,
    )


COMPLIANCE_AUDIT_DAYS = {"pci-dss": 365, "hipaa": 6 * 365, "sox": 7 * 365}
"""Minimum audit-log retention by regime, in days: PCI DSS v4.0 req. 10.5.1 (12
months); HIPAA 45 CFR 164.316(b)(2)(i) (6 years, documentation retention, the
figure usually applied to audit trails); SOX, SEC Regulation S-X rule 2-06 (7
years for audit records). GDPR, ISO 27001 and SOC 2 set no fixed minimum."""

_SENSITIVE = {"pii", "pci", "phi"}


@dataclass(frozen=True)
class LoggingOptions:
    """Assumptions of the log volume."""

    lines_per_request: float = 2.0
    """Application log lines per request or message (an access line and one more)."""
    audit_lines_per_request: float = 1.0
    """Audit lines per request of a service that touches sensitive data."""
    bytes_per_line: int = 400
    """A structured (JSON) log line with trace and span ids."""


@dataclass(frozen=True)
class LogRetention:
    """One log stream of one service: volume per day and what its retention stores.

    ``gb_per_day = lines_per_s x bytes_per_line x 86,400 / 10^9`` at the average
    rate, and ``stored_gb = gb_per_day x retention_days``.
    """

    service: str
    stream: str
    """``application`` or ``audit``."""
    lines_per_s: float
    gb_per_day: float
    retention_days: int
    stored_gb: float
    basis: str
    """Where the retention comes from."""


def _audit_retention(design: Design) -> tuple[int, str]:
    obs = design.observability
    if obs.audit_log_retention_days is not None:
        return obs.audit_log_retention_days, "observability.audit_log_retention_days"
    regimes = [c for c in design.requirements.compliance if c in COMPLIANCE_AUDIT_DAYS]
    if regimes:
        regime = max(regimes, key=lambda c: COMPLIANCE_AUDIT_DAYS[c])
        return COMPLIANCE_AUDIT_DAYS[regime], f"{regime} minimum"
    return obs.log_retention_days, "observability.log_retention_days"


def log_retention(
    design: Design,
    options: LoggingOptions | None = None,
    *,
    plan: CapacityPlan | None = None,
) -> tuple[LogRetention, ...]:
    """The logging-retention table: every service's application logs, and audit logs.

    A service writes an audit stream when it uses a store classified ``pii``,
    ``pci`` or ``phi`` and the design audits (``security.audit_logging``, an
    audit retention set, or a regime of :data:`COMPLIANCE_AUDIT_DAYS`). Audit
    retention is ``observability.audit_log_retention_days``, else the longest
    regime minimum, else the application retention.

    Examples
    --------
    100 req/s average, 2 lines of 400 bytes: 200 lines/s, 6.912 GB a day, 30 days kept.

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "requirements": {"traffic": {"peak_rps": 100, "average_rps": 100}},
    ...     "services": [{"name": "a"}],
    ...     "journeys": [{"name": "j", "entry": "a", "peak_rps": 100}]})
    >>> (row,) = log_retention(d)
    >>> row.lines_per_s, round(row.gb_per_day, 3), row.retention_days, round(row.stored_gb, 2)
    (200.0, 6.912, 30, 207.36)
    """
    opts = options or LoggingOptions()
    plan = plan or capacity_plan(design)
    stores = {s.name: s for s in design.stores}
    audits = (
        design.security.audit_logging
        or design.observability.audit_log_retention_days is not None
        or any(c in COMPLIANCE_AUDIT_DAYS for c in design.requirements.compliance)
    )
    audit_days, audit_basis = _audit_retention(design)
    days = design.observability.log_retention_days
    rows = []
    share = average_share(plan)
    for svc in design.services:
        cap = plan.services[svc.name]
        rate = (cap.request_rps + cap.message_rps) * share
        streams = [
            ("application", opts.lines_per_request, days, "observability.log_retention_days")
        ]
        sensitive = any(
            _SENSITIVE & set(stores[a.store].classification)
            for a in svc.stores
            if a.store in stores
        )
        if audits and sensitive:
            streams.append(("audit", opts.audit_lines_per_request, audit_days, audit_basis))
        for stream, per_request, keep, basis in streams:
            lines = rate * per_request
            per_day = lines * opts.bytes_per_line * 86400 / 1e9
            rows.append(
                LogRetention(
                    service=svc.name,
                    stream=stream,
                    lines_per_s=lines,
                    gb_per_day=per_day,
                    retention_days=keep,
                    stored_gb=per_day * keep,
                    basis=basis,
                )
            )
    return tuple(rows)
