"""The design as pandas tables, one function per view a phase notebook shows.

Every function takes a Design (or an analysis result) and returns a DataFrame
indexed by the thing it lists; none of them mutates its input. pandas escapes
cell text when it renders HTML, so names users typed are safe in reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..analysis.antipatterns import Finding
from ..analysis.assessment import Assessment
from ..analysis.checklist import Criterion
from ..analysis.resilience import effective_calls
from ..model import Design
from ..phases import PHASES
from ..sizing.slo import error_budget_minutes
from ._frames import frame as _frame
from ._frames import join as _join
from .finding_words import where
from .table_html import REFERENCE

__all__ = [
    "agenda",
    "assessment",
    "capabilities",
    "checklist",
    "classification",
    "context_map",
    "contexts",
    "decisions",
    "dependencies",
    "deployments",
    "endpoints",
    "events",
    "findings",
    "hotspots",
    "journeys",
    "language",
    "mesh",
    "observability",
    "overview",
    "ownership_matrix",
    "platform",
    "recovery",
    "requirements",
    "roles",
    "routes",
    "saga_steps",
    "secrets",
    "services",
    "slos",
    "stickies",
    "stores",
    "teams",
    "topics",
]


def _pct(x: float) -> str:
    return f"{x * 100:.4g}%"


def overview(design: Design) -> pd.DataFrame:
    """Counts of what the design holds, and its headline targets."""
    r = design.requirements
    rows = [
        ("Services", str(len(design.services))),
        ("Bounded contexts", str(len(design.contexts))),
        ("Teams", str(len(design.teams))),
        ("Data stores", str(len(design.stores))),
        ("Topics / events", f"{len(design.topics)} / {len(design.events)}"),
        ("Sagas", str(len(design.sagas))),
        ("Journeys / SLOs", f"{len(design.journeys)} / {len(design.slos)}"),
        ("Gateway routes", str(len(design.gateway.routes)) if design.gateway else "no gateway"),
        ("Availability target", _pct(r.availability)),
        ("Latency target", f"p{r.latency.percentile:g} < {r.latency.threshold_ms:g} ms"),
        ("Compliance", _join([c.upper() for c in r.compliance]) or "none"),
    ]
    return pd.DataFrame(rows, columns=["Item", "Value"]).set_index("Item")


def requirements(design: Design) -> pd.DataFrame:
    """The requirements as one row per item."""
    r = design.requirements
    rows = [
        ("Kind", r.kind),
        ("Peak traffic", f"{r.traffic.peak_rps:g} req/s"),
        ("Growth", f"{r.traffic.growth_per_year:.0%} per year"),
        ("Read share", f"{r.traffic.read_ratio:.0%}"),
        ("Latency target", f"p{r.latency.percentile:g} < {r.latency.threshold_ms:g} ms"),
        ("Availability target", _pct(r.availability)),
        ("Compliance", _join([c.upper() for c in r.compliance]) or "none"),
        ("Budget", f"{r.budget.monthly:,.0f} {r.budget.currency}/month" if r.budget else "-"),
        ("Domain complexity", r.domain_complexity),
        ("MVP", "yes" if r.mvp else "no"),
        ("Teams", f"{len(design.teams)} ({sum(t.size for t in design.teams)} people)"),
    ]
    rows += [(f"Constraint {i + 1}", c) for i, c in enumerate(r.constraints)]
    return pd.DataFrame(rows, columns=["Requirement", "Value"]).set_index("Requirement")


def capabilities(design: Design) -> pd.DataFrame:
    return _frame(
        [
            {"Capability": c.name, "Context": c.context or "", "Description": c.description}
            for c in design.requirements.capabilities
        ],
        "Capability",
        ["Capability", "Context", "Description"],
    )


def teams(design: Design) -> pd.DataFrame:
    owned: dict[str, list[str]] = {}
    for s in design.services:
        if s.team:
            owned.setdefault(s.team, []).append(s.name)
    return _frame(
        [
            {
                "Team": t.name,
                "Type": t.kind,
                "Size": t.size,
                "Services": len(owned.get(t.name, [])),
                "Owns": _join(sorted(owned.get(t.name, []))),
            }
            for t in design.teams
        ],
        "Team",
        ["Team", "Type", "Size", "Services", "Owns"],
    )


def assessment(result: Assessment) -> pd.DataFrame:
    return _frame(
        [{"Factor": f.name, "Points": f.points, "Why": f.reason} for f in result.factors],
        "Factor",
        ["Factor", "Points", "Why"],
    )


def agenda(progress: dict[int, tuple[int, int]] | None = None) -> pd.DataFrame:
    """The workshop agenda; with ``progress``, how many success criteria are met."""
    rows = []
    for p in PHASES:
        row: dict[str, Any] = {
            "Phase": p.number,
            "Session": p.title,
            "Time": p.duration,
            "Notebook": p.notebook,
        }
        if progress is not None:
            met, total = progress.get(p.number, (0, 0))
            row["Criteria met"] = f"{met}/{total}"
        rows.append(row)
    columns = ["Phase", "Session", "Time", "Notebook"]
    return _frame(rows, "Phase", columns + (["Criteria met"] if progress is not None else []))


def checklist(criteria: list[Criterion]) -> pd.DataFrame:
    return _frame(
        [
            {
                "Phase": c.phase,
                "Criterion": c.text,
                "Met": "yes" if c.met else "no",
                "Detail": c.detail,
            }
            for c in criteria
        ],
        ["Phase", "Criterion"],
        ["Phase", "Criterion", "Met", "Detail"],
    )


def stickies(design: Design) -> pd.DataFrame:
    """The event-storming board as a table in timeline order."""
    ordered = sorted(design.event_storming.stickies, key=lambda s: (s.t, s.lane, s.name))
    return _frame(
        [
            {
                "t": s.t,
                "Kind": s.kind,
                "Sticky": s.name,
                "Context": s.context or "",
                "Leads to": _join(s.leads_to),
            }
            for s in ordered
        ],
        ["t", "Kind", "Sticky"],
        ["t", "Kind", "Sticky", "Context", "Leads to"],
    )


def hotspots(design: Design) -> pd.DataFrame:
    """The parking lot: hotspots and open questions with their owners."""
    return _frame(
        [
            {
                "Hotspot": s.name,
                "Owner": s.owner or "(unassigned)",
                "Context": s.context or "",
                "Notes": s.notes,
            }
            for s in design.event_storming.stickies
            if s.kind == "hotspot"
        ],
        "Hotspot",
        ["Hotspot", "Owner", "Context", "Notes"],
    )


def contexts(design: Design) -> pd.DataFrame:
    members: dict[str, list[str]] = {}
    for s in design.services:
        if s.context:
            members.setdefault(s.context, []).append(s.name)
    return _frame(
        [
            {
                "Context": c.name,
                "Kind": c.kind,
                "Team": c.team or "",
                "Services": _join(sorted(members.get(c.name, []))),
                "Description": c.description,
            }
            for c in design.contexts
        ],
        "Context",
        ["Context", "Kind", "Team", "Services", "Description"],
    )


def language(design: Design) -> pd.DataFrame:
    """The ubiquitous language of every context."""
    return _frame(
        [
            {"Context": c.name, "Term": t.term, "Meaning": t.meaning}
            for c in design.contexts
            for t in c.language
        ],
        ["Context", "Term"],
        ["Context", "Term", "Meaning"],
    )


def context_map(design: Design) -> pd.DataFrame:
    return _frame(
        [
            {
                "Upstream": r.upstream,
                "Downstream": r.downstream,
                "Relation": r.kind,
                "Upstream roles": _join(r.upstream_roles),
                "Downstream roles": _join(r.downstream_roles),
                "Description": r.description,
            }
            for r in design.context_map
        ],
        ["Upstream", "Downstream"],
        ["Upstream", "Downstream", "Relation", "Upstream roles", "Downstream roles", "Description"],
    )


def services(design: Design) -> pd.DataFrame:
    """The service catalog."""
    return _frame(
        [
            {
                "Service": s.name,
                "Context": s.context or "",
                "Team": s.team or "",
                "Kind": s.kind,
                "Exposure": s.exposure,
                "Stack": _join([x for x in (s.stack.language, s.stack.framework) if x]),
                "Stores": _join([u.store for u in s.stores]),
                "Responsibilities": "; ".join(s.responsibilities) or s.description,
            }
            for s in design.services
        ],
        "Service",
        ["Service", "Context", "Team", "Kind", "Exposure", "Stack", "Stores", "Responsibilities"],
    )


def ownership_matrix(design: Design) -> pd.DataFrame:
    """Service x store: R, W or RW for each use; the owner's cell is marked with *."""
    owners = {s.name: s.owner for s in design.stores}
    store_names = [s.name for s in design.stores]
    rows = []
    for svc in design.services:
        row: dict[str, str] = {"Service": svc.name}
        for name in store_names:
            row[name] = ""
        for use in svc.stores:
            code = {"read": "R", "write": "W", "read-write": "RW"}[use.access]
            row[use.store] = code + ("*" if owners.get(use.store) == svc.name else "")
        for name in store_names:
            if owners.get(name) == svc.name and not row[name]:
                row[name] = "*"
        rows.append(row)
    return _frame(rows, "Service", ["Service", *store_names])


def dependencies(design: Design) -> pd.DataFrame:
    """Every dependency with the resilience settings that apply to it."""
    effective = {(c.caller, c.callee): c for c in effective_calls(design)}
    rows = []
    for s in design.services:
        for d in s.dependencies:
            c = effective.get((s.name, d.target))
            rows.append(
                {
                    "Caller": s.name,
                    "Callee": d.target,
                    "Protocol": d.protocol,
                    "Topic": d.topic or "",
                    "Calls/req": d.calls_per_request,
                    "Timeout ms": "" if c is None or c.timeout_ms is None else f"{c.timeout_ms:g}",
                    "Retries": "" if c is None else c.retries,
                    "Breaker": "" if c is None else ("yes" if c.circuit_breaker else "no"),
                    "Hard": "yes" if d.hard else "no",
                    "Fallback": d.fallback or "",
                }
            )
    return _frame(
        rows,
        ["Caller", "Callee"],
        [
            "Caller",
            "Callee",
            "Protocol",
            "Topic",
            "Calls/req",
            "Timeout ms",
            "Retries",
            "Breaker",
            "Hard",
            "Fallback",
        ],
    )


def routes(design: Design) -> pd.DataFrame:
    items = design.gateway.routes if design.gateway else []
    return _frame(
        [
            {
                "Route": r.name,
                "Path": r.path,
                "Methods": _join(r.methods),
                "Service": r.service,
                "Auth": r.auth,
                "Scopes": _join(r.scopes),
                "Rate limit": _rate(r.rate_limit),
                "Version": r.version or "",
                "CORS": _join(r.cors.origins) if r.cors else "",
            }
            for r in items
        ],
        "Route",
        ["Route", "Path", "Methods", "Service", "Auth", "Scopes", "Rate limit", "Version", "CORS"],
    )


def _rate(limit: Any) -> str:
    if limit is None:
        return ""
    parts = [
        f"{v}/{unit}"
        for unit, v in (("s", limit.per_second), ("min", limit.per_minute), ("h", limit.per_hour))
        if v
    ]
    return _join(parts)


def mesh(design: Design) -> pd.DataFrame:
    """The mesh policy: mTLS and the defaults for calls that set nothing themselves."""
    m = design.mesh
    d = m.defaults
    rows = [
        ("Mesh", m.technology),
        ("mTLS mode", m.mtls.mode),
        ("Certificate rotation", f"every {m.mtls.rotation_hours:g} h"),
        ("Default timeout", f"{d.timeout_ms:g} ms" if d.timeout_ms else "none"),
        ("Default retries", str(d.retries)),
        (
            "Default per-try timeout",
            f"{d.per_try_timeout_ms:g} ms" if d.per_try_timeout_ms else "none",
        ),
        ("Retry on", _join(d.retry_on)),
        (
            "Circuit breaker",
            f"{d.circuit_breaker.consecutive_errors} errors / {d.circuit_breaker.interval_s:g} s"
            if d.circuit_breaker
            else "off",
        ),
        ("Connection pool", f"{d.max_connections} connections, {d.max_pending_requests} pending"),
        ("Injected faults", _join([f.service for f in m.faults]) or "none"),
    ]
    return pd.DataFrame(rows, columns=["Setting", "Value"]).set_index("Setting")


def endpoints(design: Design) -> pd.DataFrame:
    return _frame(
        [
            {
                "Service": s.name,
                "Method": e.method,
                "Path": e.path,
                "Summary": e.summary,
                "Scopes": _join(e.scopes),
            }
            for s in design.services
            for e in s.endpoints
        ],
        ["Service", "Method", "Path"],
        ["Service", "Method", "Path", "Summary", "Scopes"],
    )


def stores(design: Design) -> pd.DataFrame:
    return _frame(
        [
            {
                "Store": s.name,
                "Technology": s.technology,
                "Owner": s.owner or "",
                "Purpose": s.purpose,
                "Classification": _join(s.classification),
                "Encrypted": "yes" if s.encrypted_at_rest else "no",
                "Replication": s.replication,
                "RPO min": "" if s.rpo_minutes is None else f"{s.rpo_minutes:g}",
                "RTO min": "" if s.rto_minutes is None else f"{s.rto_minutes:g}",
            }
            for s in design.stores
        ],
        "Store",
        [
            "Store",
            "Technology",
            "Owner",
            "Purpose",
            "Classification",
            "Encrypted",
            "Replication",
            "RPO min",
            "RTO min",
        ],
    )


def topics(design: Design) -> pd.DataFrame:
    producers: dict[str, list[str]] = {}
    for s in design.services:
        for t in s.publishes:
            producers.setdefault(t, []).append(s.name)
    return _frame(
        [
            {
                "Topic": t.name,
                "Partitions": t.partitions,
                "Replication": t.replication_factor,
                "Retention h": f"{t.retention_hours:g}",
                "Key": t.key or "",
                "Producers": _join(sorted(producers.get(t.name, []))),
                "Consumers": _join([c.service for c in t.consumers]),
            }
            for t in design.topics
        ],
        "Topic",
        ["Topic", "Partitions", "Replication", "Retention h", "Key", "Producers", "Consumers"],
    )


def events(design: Design) -> pd.DataFrame:
    return _frame(
        [
            {
                "Event": e.name,
                "Version": e.version,
                "Topic": e.topic,
                "Format": e.format,
                "Compatibility": e.compatibility,
                "Fields": _join([f.name for f in e.fields]),
            }
            for e in design.events
        ],
        ["Event", "Version"],
        ["Event", "Version", "Topic", "Format", "Compatibility", "Fields"],
    )


def saga_steps(design: Design) -> pd.DataFrame:
    return _frame(
        [
            {
                "Saga": g.name,
                "Step": i + 1,
                "Service": s.service,
                "Action": s.action,
                "Compensation": s.compensation or "",
                "Pivot": "yes" if s.pivot else "",
            }
            for g in design.sagas
            for i, s in enumerate(g.steps)
        ],
        ["Saga", "Step"],
        ["Saga", "Step", "Service", "Action", "Compensation", "Pivot"],
    )


def deployments(design: Design) -> pd.DataFrame:
    rows = []
    for s in design.services:
        d = s.deployment
        hpa = d.autoscaling
        rows.append(
            {
                "Service": s.name,
                "Image": d.image or "",
                "Replicas": d.replicas,
                "HPA": f"{hpa.min_replicas}-{hpa.max_replicas}" if hpa else "",
                "CPU req": d.resources.cpu_request,
                "Mem req": d.resources.memory_request,
                "Mem limit": d.resources.memory_limit,
                "Strategy": d.strategy,
                "Readiness": d.probes.readiness.path if d.probes.readiness else "",
                "Liveness": d.probes.liveness.path if d.probes.liveness else "",
            }
        )
    return _frame(
        rows,
        "Service",
        [
            "Service",
            "Image",
            "Replicas",
            "HPA",
            "CPU req",
            "Mem req",
            "Mem limit",
            "Strategy",
            "Readiness",
            "Liveness",
        ],
    )


def journeys(design: Design) -> pd.DataFrame:
    return _frame(
        [
            {
                "Journey": j.name,
                "Entry": j.entry,
                "Route": j.route or "",
                "Peak req/s": j.peak_rps,
                "Via": _join(j.via) or "(all reachable)",
                "Description": j.description,
            }
            for j in design.journeys
        ],
        "Journey",
        ["Journey", "Entry", "Route", "Peak req/s", "Via", "Description"],
    )


def slos(design: Design) -> pd.DataFrame:
    """SLOs with their error budget in minutes per window (sizing.slo)."""
    return _frame(
        [
            {
                "SLO": o.name,
                "For": o.service or f"journey: {o.journey}",
                "SLI": o.sli,
                "Objective": _pct(o.objective),
                "Threshold ms": "" if o.threshold_ms is None else f"{o.threshold_ms:g}",
                "Window d": o.window_days,
                "Error budget min": round(error_budget_minutes(o.objective, o.window_days), 1),
            }
            for o in design.slos
        ],
        "SLO",
        ["SLO", "For", "SLI", "Objective", "Threshold ms", "Window d", "Error budget min"],
    )


def platform(design: Design) -> pd.DataFrame:
    """Platform-wide deployment choices."""
    p = design.platform
    rows = [
        ("Orchestrator", p.orchestrator),
        ("Kubernetes version", p.kubernetes_version),
        ("Namespace", p.namespace),
        ("Registry", p.registry),
        ("Environments", _join(p.environments)),
        ("Packaging", p.packaging),
        ("CI/CD", p.ci),
        ("Secrets", p.secrets),
        ("Regions", _join(p.regions)),
        ("Broker", p.broker),
    ]
    return pd.DataFrame(rows, columns=["Setting", "Value"]).set_index("Setting")


def observability(design: Design) -> pd.DataFrame:
    """Telemetry choices."""
    o = design.observability
    rows = [
        ("Metrics", o.metrics),
        ("Tracing", o.tracing),
        ("Trace sampling", f"{o.trace_sampling:.0%}"),
        ("Log retention", f"{o.log_retention_days} days"),
        (
            "Audit log retention",
            f"{o.audit_log_retention_days} days" if o.audit_log_retention_days else "-",
        ),
        ("On-call", "yes" if o.on_call else "no"),
    ]
    return pd.DataFrame(rows, columns=["Setting", "Value"]).set_index("Setting")


def recovery(design: Design) -> pd.DataFrame:
    """Recovery objectives and backups per store (design defaults where a store sets none)."""
    dr = design.disaster_recovery
    return _frame(
        [
            {
                "Store": s.name,
                "Owner": s.owner or "",
                "RPO min": f"{s.rpo_minutes if s.rpo_minutes is not None else dr.rpo_minutes:g}",
                "RTO min": f"{s.rto_minutes if s.rto_minutes is not None else dr.rto_minutes:g}",
                "Backup": f"{s.backup.schedule} (keep {s.backup.retention_days} d)"
                if s.backup
                else "none",
                "Replication": s.replication,
            }
            for s in design.stores
        ],
        "Store",
        ["Store", "Owner", "RPO min", "RTO min", "Backup", "Replication"],
    )


def classification(design: Design) -> pd.DataFrame:
    """Sensitive data: which stores hold which class, and which services use them."""
    users: dict[str, list[str]] = {}
    for svc in design.services:
        for use in svc.stores:
            users.setdefault(use.store, []).append(svc.name)
    return _frame(
        [
            {
                "Store": s.name,
                "Classes": _join(s.classification),
                "Encrypted at rest": "yes" if s.encrypted_at_rest else "NO",
                "Used by": _join(sorted(users.get(s.name, []))),
            }
            for s in design.stores
            if s.classification
        ],
        "Store",
        ["Store", "Classes", "Encrypted at rest", "Used by"],
    )


def roles(design: Design) -> pd.DataFrame:
    return _frame(
        [
            {"Role": r.name, "Permissions": _join(r.permissions), "Description": r.description}
            for r in design.security.roles
        ],
        "Role",
        ["Role", "Permissions", "Description"],
    )


def secrets(design: Design) -> pd.DataFrame:
    return _frame(
        [
            {
                "Secret": s.name,
                "Kind": s.kind,
                "Services": _join(s.services),
                "Rotation days": s.rotation_days,
            }
            for s in design.security.secrets
        ],
        "Secret",
        ["Secret", "Kind", "Services", "Rotation days"],
    )


def findings(items: Sequence[Finding]) -> pd.DataFrame:
    """Findings, most serious first (as ``analyze`` sorts them); accepted risks say so.

    "About" says in words what each is about (:func:`.finding_words.where`); the
    field path in the design file stays as the last column, a small reference.
    """
    return _frame(
        [
            {
                "#": i + 1,
                "Severity": f.severity if f.accepted is None else f"{f.severity} (accepted)",
                "Rule": f.rule,
                "About": where(f),
                "Why": f.message,
                "Fix": f.fix if f.accepted is None else f"accepted risk: {f.accepted}",
                REFERENCE: f.path,
            }
            for i, f in enumerate(items)
        ],
        "#",
        ["#", "Severity", "Rule", "About", "Why", "Fix", REFERENCE],
    )


def decisions(design: Design) -> pd.DataFrame:
    return _frame(
        [
            {
                "#": i + 1,
                "Decision": d.title,
                "Status": d.status,
                "Date": d.date.isoformat() if d.date else "",
                "Outcome": d.outcome,
            }
            for i, d in enumerate(design.decisions)
        ],
        "#",
        ["#", "Decision", "Status", "Date", "Outcome"],
    )
