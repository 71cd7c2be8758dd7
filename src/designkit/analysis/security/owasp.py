"""The OWASP API Security Top 10 (2023) as a checklist evaluated from the design.

Each item is ``pass``, ``fail`` or ``needs review`` (the design cannot decide
it: the answer lives in code or process), with the evidence and the field
paths it rests on. Items reuse the edge, RBAC, data and anti-pattern checks
rather than repeating them.

Source: OWASP API Security Project, "OWASP Top 10 API Security Risks - 2023",
https://owasp.org/API-Security/editions/2023/en/0x11-t10/
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ...model import Design
from ..antipatterns import analyze
from ..antipatterns.finding import Finding
from . import edge, rbac
from .classification import holdings
from .edge import RouteView
from .operations import operations
from .policy import SecurityPolicy, policy_for

__all__ = ["ITEMS", "OwaspItem", "Status", "checklist"]

Status = Literal["pass", "fail", "needs review"]

ITEMS: dict[str, str] = {
    "API1:2023": "Broken Object Level Authorization",
    "API2:2023": "Broken Authentication",
    "API3:2023": "Broken Object Property Level Authorization",
    "API4:2023": "Unrestricted Resource Consumption",
    "API5:2023": "Broken Function Level Authorization",
    "API6:2023": "Unrestricted Access to Sensitive Business Flows",
    "API7:2023": "Server Side Request Forgery",
    "API8:2023": "Security Misconfiguration",
    "API9:2023": "Improper Inventory Management",
    "API10:2023": "Unsafe Consumption of APIs",
}
"""The ten risks of the 2023 edition, by id."""


@dataclass(frozen=True)
class OwaspItem:
    """One risk of the Top 10, evaluated."""

    id: str
    title: str
    status: Status
    evidence: tuple[str, ...]
    paths: tuple[str, ...]
    """Where in the design: the fields the verdict rests on."""


@dataclass(frozen=True)
class _Facts:
    design: Design
    policy: SecurityPolicy
    edge_findings: list[Finding]
    rbac_findings: list[Finding]
    routes: list[RouteView]
    holders: set[str]
    """Services holding PCI, PHI or PII data."""

    def of(self, *rules: str) -> list[Finding]:
        return [f for f in (*self.edge_findings, *self.rbac_findings) if f.rule in rules]


Verdict = tuple[Status, list[str], list[str]]


def _listing(found: list[Finding]) -> tuple[list[str], list[str]]:
    return [f"{f.rule}: {f.subject}" for f in found], [f.path for f in found]


def _api1(facts: _Facts) -> Verdict:
    exposed = [op for op in operations(facts.design) if op.route and "{" in op.path]
    anonymous = [op for op in exposed if op.audience == "anonymous" and op.service in facts.holders]
    if anonymous:
        return (
            "fail",
            [
                f"{op.key} takes an object id anonymously and {op.service} holds classified data"
                for op in anonymous
            ],
            [op.where for op in anonymous],
        )
    if exposed:
        return (
            "needs review",
            [
                f"{len(exposed)} exposed operations take an object id; each handler must check "
                f"the caller may see that object: {', '.join(op.key for op in exposed[:5])}"
            ],
            [op.where for op in exposed],
        )
    return "pass", ["no exposed operation takes an object id in its path"], []


def _api2(facts: _Facts) -> Verdict:
    found = facts.of("basic-auth-route", "no-identity-provider")
    unthrottled = [v for v in facts.routes if v.token_endpoint and not v.rate_limited]
    evidence, paths = _listing(found)
    evidence += [f"token route {v.route.name} has no rate limit (brute force)" for v in unthrottled]
    paths += [f"gateway.routes[{v.index}].rate_limit" for v in unthrottled]
    minutes = facts.design.security.token_lifetime_minutes
    if minutes > facts.policy.max_token_minutes:
        evidence.append(f"access tokens live {minutes} min (> {facts.policy.max_token_minutes})")
        paths.append("security.token_lifetime_minutes")
    if evidence:
        return "fail", evidence, paths
    idp = facts.design.security.identity_provider
    return (
        "pass",
        [f"identity provider {idp}; tokens live {minutes} min"],
        ["security.identity_provider"],
    )


def _api3(facts: _Facts) -> Verdict:
    reach = [v for v in facts.routes if v.route.service in facts.holders]
    if not reach:
        return "pass", ["no route reaches a service holding PCI, PHI or PII data"], []
    names = ", ".join(f"{v.route.name} -> {v.route.service}" for v in reach[:6])
    return (
        "needs review",
        [
            f"{len(reach)} routes reach services holding classified data ({names}): responses "
            "must return only the properties the caller may see, writes accept only those it "
            "may set"
        ],
        [f"gateway.routes[{v.index}]" for v in reach],
    )


def _api4(facts: _Facts) -> Verdict:
    evidence, paths = _listing(facts.of("route-without-rate-limit"))
    limit = facts.policy.max_body_kb
    for v in facts.routes:
        if v.route.max_body_kb > limit:
            evidence.append(f"route {v.route.name} accepts {v.route.max_body_kb} kB (> {limit})")
            paths.append(f"gateway.routes[{v.index}].max_body_kb")
    if evidence:
        return "fail", evidence, paths
    if not facts.routes:
        return "needs review", ["no gateway routes: nothing in the design limits clients"], []
    largest = max(v.route.max_body_kb for v in facts.routes)
    return "pass", [f"every route is rate limited; bodies up to {largest} kB"], []


def _api5(facts: _Facts) -> Verdict:
    hard = facts.of("anonymous-scoped-endpoint", "role-wildcard")
    hard += [f for f in facts.of("route-without-scopes") if _writes(facts, f.path)]
    if hard:
        return "fail", *_listing(hard)
    soft = facts.of("unauthenticated-write-route")
    machine = [
        op
        for v in facts.routes
        for op in v.operations
        if op.writes and op.audience == "authenticated"
    ]
    if soft or machine:
        evidence, paths = _listing(soft)
        evidence += [
            f"{op.key} is callable by any client the route authenticates" for op in machine
        ]
        paths += [op.where for op in machine]
        return "needs review", evidence, paths
    return "pass", ["every writing route needs a token with a scope"], []


def _writes(facts: _Facts, path: str) -> bool:
    return any(path.startswith(f"gateway.routes[{v.index}].") and v.writes for v in facts.routes)


def _api6(facts: _Facts) -> Verdict:
    flows = [v for v in facts.routes if v.writes and not v.token_endpoint]
    if not flows:
        return "pass", ["no route changes state"], []
    return (
        "needs review",
        [
            f"{v.route.name}: {', '.join(v.route.methods)} {v.route.path}, limit "
            f"{edge.rate_text(v.route.rate_limit) or 'none'}"
            for v in flows
        ],
        [f"gateway.routes[{v.index}]" for v in flows],
    )


def _external(design: Design) -> list[tuple[int, str]]:
    return [
        (i, s.name)
        for i, s in enumerate(design.event_storming.stickies)
        if s.kind == "external-system"
    ]


def _api7(facts: _Facts) -> Verdict:
    external = _external(facts.design)
    k8s = facts.design.platform.orchestrator == "kubernetes"
    egress = (
        "the generated NetworkPolicies deny egress except DNS, the broker and declared calls"
        if k8s
        else f"nothing in the design restricts egress on {facts.design.platform.orchestrator}"
    )
    if not external and k8s:
        return "pass", [f"no external system is called; {egress}"], []
    names = ", ".join(n for _, n in external) or "none listed"
    return (
        "needs review",
        [
            f"{egress}; external systems ({names}) need an egress allow-list, and no service "
            "may fetch a URL a client supplies"
        ],
        [f"event_storming.stickies[{i}]" for i, _ in external] or ["platform.orchestrator"],
    )


def _api8(facts: _Facts) -> Verdict:
    design = facts.design
    evidence, paths = _listing(facts.of("cors-wildcard-credentials"))
    if design.gateway is not None and not design.gateway.security_headers:
        evidence.append("the gateway adds no security headers (HSTS, nosniff, framing)")
        paths.append("gateway.security_headers")
    for f in analyze(design, rules=["unsecured-service-calls"]):
        evidence.append(f"{f.rule}: {f.message}")
        paths.append(f.path)
    if not design.security.encryption_in_transit:
        evidence.append("encryption in transit is off")
        paths.append("security.encryption_in_transit")
    if evidence:
        return "fail", evidence, paths
    if design.gateway is None:
        return "needs review", ["no gateway: headers and CORS are each service's job"], []
    return (
        "pass",
        ["security headers on; no credentialed wildcard CORS; mTLS STRICT; TLS in transit"],
        ["gateway.security_headers", "mesh.mtls.mode"],
    )


def _api9(facts: _Facts) -> Verdict:
    found = analyze(facts.design, rules=["no-api-versioning", "publicly-accessible-service"])
    found += facts.of("route-serves-no-endpoint")
    if found:
        return "fail", *_listing(found)
    versions = sorted({v.route.version for v in facts.routes if v.route.version})
    return (
        "pass",
        [
            f"{len(facts.routes)} routes, all versioned ({', '.join(versions) or '-'}); every "
            "exposed service is behind the gateway; deprecation dates are not in the design"
        ],
        [],
    )


def _api10(facts: _Facts) -> Verdict:
    hooks = [v for v in facts.routes if "webhook" in v.route.path or "callback" in v.route.path]
    open_hooks = [v for v in hooks if v.route.auth == "none"]
    if open_hooks:
        return (
            "fail",
            [
                f"webhook route {v.route.name} takes third-party calls unauthenticated"
                for v in open_hooks
            ],
            [f"gateway.routes[{v.index}].auth" for v in open_hooks],
        )
    external = _external(facts.design)
    if not hooks and not external:
        return "pass", ["the design consumes no third-party API or webhook"], []
    evidence = [
        f"webhook {v.route.name} ({v.route.auth}): verify signatures, validate payloads"
        for v in hooks
    ]
    evidence += [
        f"external system {n}: TLS, timeouts, validate and sanitise its data" for _, n in external
    ]
    paths = [f"gateway.routes[{v.index}]" for v in hooks]
    paths += [f"event_storming.stickies[{i}]" for i, _ in external]
    return "needs review", evidence, paths


_CHECKS: dict[str, Callable[[_Facts], Verdict]] = {
    "API1:2023": _api1,
    "API2:2023": _api2,
    "API3:2023": _api3,
    "API4:2023": _api4,
    "API5:2023": _api5,
    "API6:2023": _api6,
    "API7:2023": _api7,
    "API8:2023": _api8,
    "API9:2023": _api9,
    "API10:2023": _api10,
}


def checklist(design: Design, policy: SecurityPolicy | None = None) -> list[OwaspItem]:
    """The ten OWASP API risks (2023), each evaluated against ``design``.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "o"}],
    ...     "gateway": {"routes": [{"name": "r", "path": "/orders", "service": "o",
    ...         "methods": ["GET"], "scopes": ["orders:read"]}]}})
    >>> [(i.id, i.status) for i in checklist(d)][3]
    ('API4:2023', 'fail')
    """
    policy = policy or policy_for(design)
    facts = _Facts(
        design=design,
        policy=policy,
        edge_findings=edge.findings(design),
        rbac_findings=rbac.findings(design, policy),
        routes=edge.routes(design),
        holders={h.holder for h in holdings(design) if h.kind == "service"},
    )
    out = []
    for item_id, check in _CHECKS.items():
        status, evidence, paths = check(facts)
        out.append(
            OwaspItem(item_id, ITEMS[item_id], status, tuple(evidence), tuple(dict.fromkeys(paths)))
        )
    return out
