"""Security and compliance results as pandas tables (phase 7).

Each function takes a result of :mod:`designkit.analysis.security` and returns
a DataFrame indexed by what it lists; none mutates its input. pandas escapes
cell text when it renders HTML, so names users typed are safe in reports.
Findings of every security area render with :func:`designkit.render.tables.findings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..analysis.antipatterns import Finding
from ..analysis.security import edge as edge_analysis
from ..analysis.security.classification import Holding
from ..analysis.security.compliance import ComplianceReport
from ..analysis.security.owasp import OwaspItem
from ..analysis.security.paths import Flow
from ..analysis.security.policy import SecurityPolicy
from ..analysis.security.rbac import RbacMatrix
from ..analysis.security.rotation import SecretView
from ..analysis.security.zero_trust import ZeroTrustMatrix
from ..model import Design
from . import tables
from ._frames import frame as _frame
from ._frames import join as _join
from ._frames import noted as _noted
from .table_html import REFERENCE

__all__ = [
    "classification",
    "compliance",
    "flows",
    "frameworks",
    "owasp",
    "policy",
    "rbac",
    "routes",
    "secrets",
    "zero_trust",
]

DENY = "deny"
"""A matrix cell no policy opens."""


def _yes(flag: bool | None, unknown: str = "") -> str:
    return unknown if flag is None else ("yes" if flag else "NO")


def _cell(item: Flow) -> str:
    if not item.allowed:
        return "blocked: " + ("network" if not item.network else "mesh")
    text = f"{item.protocol} :{item.port}"
    if item.kind == "broker":
        return f"{text} (pub {len(item.publishes)}, sub {len(item.consumes)})"
    return f"{text} as {item.identity}" if item.identity else text


def zero_trust(matrix: ZeroTrustMatrix) -> pd.DataFrame:
    """Sources x targets: ``protocol :port as identity`` where allowed, else ``deny``.

    A pair that only exchanges messages reads ``deny (async: topics)``: the
    messages go through the broker, never directly.

    Examples
    --------
    >>> from designkit.analysis.security.zero_trust import matrix
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}]})
    >>> zero_trust(matrix(d)).loc["a", "b"]
    'rest :8080 as a'
    """
    cells = {(f.source, f.target): _cell(f) for f in matrix.flows}
    rows = []
    for source in matrix.sources:
        row: dict[str, Any] = {"From": source}
        for target in matrix.targets:
            if source == target:
                row[target] = ""
            elif (source, target) in cells:
                row[target] = cells[source, target]
            elif (source, target) in matrix.messages:
                row[target] = f"{DENY} (async: {_join(matrix.messages[source, target])})"
            else:
                row[target] = DENY
        rows.append(row)
    return _frame(rows, "From", ["From", *matrix.targets])


def flows(matrix: ZeroTrustMatrix) -> pd.DataFrame:
    """Every path a policy opens (or only one layer opens), with what each layer says.

    Examples
    --------
    >>> from designkit.analysis.security.zero_trust import matrix
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}]})
    >>> flows(matrix(d)).loc[("a", "b"), ["Protocol", "Identity", "Allowed"]].tolist()
    ['rest', 'a', 'yes']
    """
    mesh = "yes" if matrix.mesh_enforced else "not enforced"
    rows = [
        {
            "From": f.source,
            "To": f.target,
            "Kind": f.kind,
            "Protocol": f.protocol,
            "Port": f.port,
            "Identity": f.identity or "",
            "NetworkPolicy": _yes(f.network) if matrix.network_enforced else "not enforced",
            "AuthorizationPolicy": _yes(f.mesh, "n/a") if matrix.mesh_enforced else mesh,
            "Allowed": _yes(f.allowed),
            "Publishes": _join(f.publishes),
            "Consumes": _join(f.consumes),
        }
        for f in matrix.flows
    ]
    columns = [
        "From",
        "To",
        "Kind",
        "Protocol",
        "Port",
        "Identity",
        "NetworkPolicy",
        "AuthorizationPolicy",
        "Allowed",
        "Publishes",
        "Consumes",
    ]
    return _frame(rows, ["From", "To"], columns)


def routes(design: Design, found: Sequence[Finding] | None = None) -> pd.DataFrame:
    """The gateway routes (as :func:`tables.routes`), with what each serves and its findings.

    ``found`` defaults to :func:`designkit.analysis.security.edge.findings`.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "o",
    ...     "endpoints": [{"path": "/v1/orders"}]}], "gateway": {"routes": [{"name": "r",
    ...     "path": "/v1/orders", "service": "o", "scopes": ["o:read"]}]}})
    >>> routes(d).loc["r", ["Serves", "Findings"]].tolist()
    ['GET /v1/orders', 'route-without-rate-limit']
    """
    base = tables.routes(design)
    found = edge_analysis.findings(design) if found is None else found
    views = edge_analysis.routes(design)
    serves = [_join([f"{op.method} {op.path}" for op in v.operations]) for v in views]
    rules = [
        _join(sorted({f.rule for f in found if f.path.startswith(f"gateway.routes[{v.index}]")}))
        for v in views
    ]
    frame = base.copy()
    frame["Body kB"] = [v.route.max_body_kb for v in views]
    frame["Serves"] = serves
    frame["Findings"] = rules
    return _noted(frame)


def rbac(matrix: RbacMatrix) -> pd.DataFrame:
    """Operations x roles: the permission that grants each cell ('' where none does).

    Examples
    --------
    >>> from designkit.analysis.security.rbac import matrix
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "o", "endpoints": [{"path": "/v1/o", "scopes": ["o:read"]}]}],
    ...     "security": {"roles": [{"name": "clerk", "permissions": ["o:read"]}]}})
    >>> rbac(matrix(d)).loc[("o", "GET /v1/o"), "clerk"]
    'o:read'
    """
    rows = []
    for op in matrix.operations:
        row: dict[str, Any] = {
            "Service": op.service,
            "Operation": f"{op.method} {op.path}",
            "Audience": op.audience,
            "Scopes": _join(op.scopes),
            "Writes PCI/PHI": "yes" if op.key in matrix.sensitive else "",
        }
        for role in matrix.roles:
            row[role] = matrix.grants.get((op.key, role), "")
        rows.append(row)
    columns = ["Service", "Operation", "Audience", "Scopes", "Writes PCI/PHI", *matrix.roles]
    return _frame(rows, ["Service", "Operation"], columns)


def secrets(views: Sequence[SecretView]) -> pd.DataFrame:
    """Each secret's rotation against its bound, and who holds it.

    Examples
    --------
    >>> from designkit.analysis.security.rotation import secrets as views
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "mesh": {"technology": "none"},
    ...     "security": {"secrets": [{"name": "k", "kind": "api-key", "rotation_days": 120}]}})
    >>> secrets(views(d)).loc["k", ["Kind", "Within"]].tolist()
    ['api-key', 'NO']
    """
    return _frame(
        [
            {
                "Secret": v.name,
                "Kind": v.kind,
                "Rotation d": round(v.rotation_days, 2),
                "Bound d": round(v.max_days, 2),
                "Within": _yes(v.within_policy),
                "Services": len(v.services),
                "Contexts": _join(v.contexts),
                "Bound from": v.basis,
            }
            for v in views
        ],
        "Secret",
        ["Secret", "Kind", "Rotation d", "Bound d", "Within", "Services", "Contexts", "Bound from"],
    )


def classification(items: Sequence[Holding]) -> pd.DataFrame:
    """Every holder of PCI, PHI or PII data, with its protection at rest and in transit.

    Examples
    --------
    >>> from designkit.analysis.security.classification import holdings
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "stores": [{"name": "db", "classification": ["pii"]}]})
    >>> classification(holdings(d)).loc[("PII", "store", "db"), "At rest"]
    'yes'
    """
    return _frame(
        [
            {
                "Class": h.data_class.upper(),
                "Holder": h.holder,
                "Kind": h.kind,
                "Context": h.context or "",
                "Via": _join(h.via),
                "At rest": _yes(h.at_rest, "not stated" if h.kind == "topic" else ""),
                "In transit": h.in_transit,
                "Where": _join(h.sources[:3]) + _more(h.sources, 3),
            }
            for h in items
        ],
        ["Class", "Kind", "Holder"],
        ["Class", "Kind", "Holder", "Context", "Via", "At rest", "In transit", "Where"],
    )


def owasp(items: Sequence[OwaspItem]) -> pd.DataFrame:
    """The OWASP API Security Top 10 (2023) checklist.

    Examples
    --------
    >>> from designkit.analysis.security.owasp import checklist
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}})
    >>> owasp(checklist(d)).loc["API8:2023", "Status"]
    'needs review'
    """
    return _frame(
        [
            {
                "Risk": i.id,
                "Title": i.title,
                "Status": i.status,
                "Evidence": "; ".join(i.evidence),
                REFERENCE: _join(i.paths[:4]) + _more(i.paths, 4),
            }
            for i in items
        ],
        "Risk",
        ["Risk", "Title", "Status", "Evidence", REFERENCE],
    )


def compliance(report: ComplianceReport) -> pd.DataFrame:
    """Every evaluated control: status, evidence and where in the design.

    Examples
    --------
    >>> from designkit.analysis.security.compliance import report
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "requirements": {"compliance": ["sox"]}})
    >>> compliance(report(d)).loc[("sox", "SOX ITGC OP-1"), "Evidence"]
    'audit logging off'
    """
    return _frame(
        [
            {
                "Framework": c.framework,
                "Control": c.id,
                "Requirement": c.title,
                "Status": c.status + (" (override)" if c.overridden else ""),
                "Evidence": c.evidence,
                "Where": _join(c.paths[:4]) + _more(c.paths, 4),
            }
            for c in report.controls
        ],
        ["Framework", "Control"],
        ["Framework", "Control", "Requirement", "Status", "Evidence", "Where"],
    )


def frameworks(report: ComplianceReport) -> pd.DataFrame:
    """Each framework: evaluated or not, and its controls counted by status.

    Examples
    --------
    >>> from designkit.analysis.security.compliance import report
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "requirements": {"compliance": ["gdpr"]}})
    >>> frameworks(report(d))["Evaluation"].tolist()
    ['not applicable', 'not applicable', 'evaluated', 'not applicable']
    """
    counts = report.summary()
    statuses = ["holds", "missing", "needs review", "not applicable"]
    rows = []
    for framework, state in report.frameworks.items():
        row: dict[str, Any] = {"Framework": framework, "Evaluation": state}
        for status in statuses:
            row[status] = counts[framework][status] if framework in counts else ""
        rows.append(row)
    return _frame(rows, "Framework", ["Framework", "Evaluation", *statuses])


def policy(chosen: SecurityPolicy) -> pd.DataFrame:
    """The bounds the checks applied, and where each comes from.

    Examples
    --------
    >>> policy(SecurityPolicy()).loc["Access token lifetime", "Value"]
    '<= 60 min'
    """
    rows = [
        ("Workload certificate lifetime", f"<= {chosen.max_cert_hours:g} h", "max_cert_hours"),
        ("Access token lifetime", f"<= {chosen.max_token_minutes} min", "max_token_minutes"),
        (
            "Roles per PCI/PHI write",
            f"<= {chosen.max_roles_per_sensitive_operation}",
            "max_roles_per_sensitive_operation",
        ),
        ("Request body", f"<= {chosen.max_body_kb} kB", "max_body_kb"),
    ]
    rows += [
        (f"Rotation: {kind}", f"<= {days} d", f"rotation_days.{kind}")
        for kind, days in chosen.rotation_days.items()
    ]
    return _frame(
        [{"Bound": b, "Value": v, "Why": chosen.reasons.get(key, "")} for b, v, key in rows],
        "Bound",
        ["Bound", "Value", "Why"],
    )


def _more(items: Sequence[str], shown: int) -> str:
    """ " and N more" after the first ``shown`` items (a count, never a cut-off list)."""
    return f" and {len(items) - shown} more" if len(items) > shown else ""
