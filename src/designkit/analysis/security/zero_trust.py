"""Zero trust: the allow-list of who may talk to whom, and the settings that break it.

:func:`matrix` lays :func:`~.paths.flows` out as sources x targets: every
pair it lists is allowed (with protocol, port and the identity the mesh
checks) or blocked by one layer; every other pair is denied. Services that
only exchange messages are not connected: each talks to the broker.

:func:`findings` reports where the design's mesh, identity and network
settings fall short of zero trust, together with the anti-pattern rules that
already cover part of it (``unsecured-service-calls`` for mTLS that is not
STRICT or absent, ``publicly-accessible-service`` and ``no-api-gateway`` for
exposed services outside the gateway), so one list says it all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model import Design
from ..antipatterns import analyze
from ..antipatterns.finding import Finding, loc, sort_key
from .operations import is_token_path, operations
from .paths import (
    BROKER_PORTS,
    CLUSTER,
    DNS,
    INTERNET,
    Flow,
    async_participants,
    broker_peer,
    flows,
    mesh_callers,
    message_topics,
)
from .policy import SecurityPolicy, policy_for
from .rules import rule

__all__ = [
    "BROKER_PATH_MISSING",
    "MESH_ONLY_PATH",
    "MTLS_ROTATION_TOO_LONG",
    "NO_NETWORK_DEFAULT_DENY",
    "REUSED_RULES",
    "SERVICE_WITHOUT_AUTH",
    "TOKEN_LIFETIME_TOO_LONG",
    "ZeroTrustMatrix",
    "findings",
    "identity_providers",
    "matrix",
]

REUSED_RULES = ("unsecured-service-calls", "publicly-accessible-service", "no-api-gateway")
"""Anti-pattern rules whose findings are part of the zero-trust review."""

MTLS_ROTATION_TOO_LONG = rule(
    "mtls-rotation-too-long",
    title="Workload certificates live too long",
    severity="warning",
    fix="Shorten the workload certificate lifetime (mesh.mtls.rotation_hours).",
    area="zero-trust",
    reference="NIST SP 800-207 (2020), 3.1 tenet 6: authentication is dynamic and strictly "
    "enforced; Istio's default workload certificate lifetime is 24 h",
)
TOKEN_LIFETIME_TOO_LONG = rule(
    "token-lifetime-too-long",
    title="Access tokens live too long",
    severity="warning",
    fix="Shorten the access token lifetime (security.token_lifetime_minutes).",
    area="zero-trust",
    reference="RFC 9700 (OAuth 2.0 Security BCP), 2.2.2 and 4.14: short-lived access "
    "tokens; PCI-DSS v4.0 8.2.8",
)
SERVICE_WITHOUT_AUTH = rule(
    "service-without-auth",
    title="A service called by others authenticates nobody",
    severity="warning",
    fix="Authenticate callers (mTLS identity or tokens) on every service others call.",
    area="zero-trust",
    reference="NIST SP 800-207 (2020), 3.1 tenets 2 and 6: every request is authenticated",
)
MESH_ONLY_PATH = rule(
    "mesh-only-path",
    title="The mesh admits a caller the network policies block",
    severity="warning",
    fix="Allow the same callers in the network policies as in the mesh authorization.",
    area="zero-trust",
    reference="designkit consistency check of the generated NetworkPolicies and "
    "AuthorizationPolicies",
)
BROKER_PATH_MISSING = rule(
    "broker-path-missing",
    title="Messaging services have no allowed path to the broker",
    severity="warning",
    fix="Allow the messaging services to reach the broker in the network policies.",
    area="zero-trust",
    reference="designkit consistency check of the generated NetworkPolicies",
)
NO_NETWORK_DEFAULT_DENY = rule(
    "no-network-default-deny",
    title="Nothing denies traffic by default at the network layer",
    severity="warning",
    fix="Deny all traffic by default and allow only the design's calls.",
    area="zero-trust",
    reference="NIST SP 800-207 (2020), 3.1 tenet 3: access per session, least privilege; "
    "Kubernetes NetworkPolicy default deny",
)


@dataclass(frozen=True)
class ZeroTrustMatrix:
    """Sources x targets: the flows that are allowed, the ones blocked, and default deny.

    ``sources`` are the edge peers that reach in (``(internet)``, ``(cluster)``)
    then every service; ``targets`` every service, then the broker and DNS.
    """

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    flows: tuple[Flow, ...]
    messages: dict[tuple[str, str], tuple[str, ...]]
    """Topics each (producer, consumer) pair shares: through the broker, not a direct path."""
    network_enforced: bool
    """True on Kubernetes, where the generated NetworkPolicies bind."""
    mesh_enforced: bool
    """True with Istio, whose AuthorizationPolicies check each caller's identity."""

    def flow(self, source: str, target: str) -> Flow | None:
        """The flow from ``source`` to ``target`` (None: denied by default)."""
        for item in self.flows:
            if item.source == source and item.target == target:
                return item
        return None

    def allowed(self, source: str, target: str) -> bool:
        """True if ``source`` may open a connection to ``target``."""
        item = self.flow(source, target)
        return item is not None and item.allowed


def matrix(design: Design) -> ZeroTrustMatrix:
    """The zero-trust matrix of ``design``.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "publishes": ["t"], "dependencies": [{"target": "b"}]},
    ...     {"name": "b"}], "topics": [{"name": "t", "consumers": ["b"]}]})
    >>> m = matrix(d)
    >>> m.targets
    ('a', 'b', '(kafka)', '(dns)')
    >>> m.allowed("a", "b"), m.allowed("b", "a"), m.messages
    (True, False, {('a', 'b'): ('t',)})
    """
    items = tuple(flows(design))
    names = [s.name for s in design.services]
    edge = [p for p in (INTERNET, CLUSTER) if any(f.source == p for f in items)]
    extra = [broker_peer(design)] if any(f.kind == "broker" for f in items) else []
    return ZeroTrustMatrix(
        sources=(*edge, *names),
        targets=(*names, *extra, DNS),
        flows=items,
        messages=message_topics(design),
        network_enforced=design.platform.orchestrator == "kubernetes",
        mesh_enforced=design.mesh.technology == "istio",
    )


def identity_providers(design: Design) -> set[str]:
    """Services that serve an OAuth 2.0 token endpoint (directly or through a route).

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "idp", "endpoints": [{"method": "POST", "path": "/oauth/token"}]},
    ...     {"name": "b"}]})
    >>> identity_providers(d)
    {'idp'}
    """
    found = {op.service for op in operations(design) if is_token_path(op.path)}
    routes = design.gateway.routes if design.gateway else []
    return found | {r.service for r in routes if is_token_path(r.path)}


def findings(design: Design, policy: SecurityPolicy | None = None) -> list[Finding]:
    """What breaks zero trust in ``design``, most serious first.

    Parameters
    ----------
    design : Design
        The design; it is only read.
    policy : SecurityPolicy, optional
        Bounds on certificate and token lifetimes; :func:`~.policy.policy_for` when None.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "requirements": {"compliance": ["pci-dss"]},
    ...     "mesh": {"mtls": {"mode": "PERMISSIVE", "rotation_hours": 48}},
    ...     "services": [{"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}]})
    >>> for f in findings(d):
    ...     print(f.severity, f.rule, f.path)
    warning mtls-rotation-too-long mesh.mtls.rotation_hours
    warning unsecured-service-calls mesh.mtls.mode
    """
    policy = policy or policy_for(design)
    own = [
        *_rotation(design, policy),
        *_tokens(design, policy),
        *_without_auth(design),
        *_mesh_only(design),
        *_broker(design),
        *_default_deny(design),
    ]
    return sorted([*analyze(design, rules=REUSED_RULES), *own], key=sort_key)


def _rotation(design: Design, policy: SecurityPolicy) -> Iterator[Finding]:
    mtls = design.mesh.mtls
    if design.mesh.technology == "none" or mtls.mode == "DISABLE":
        return
    if mtls.rotation_hours > policy.max_cert_hours:
        yield MTLS_ROTATION_TOO_LONG.finding(
            "mesh.mtls.rotation_hours",
            "mesh",
            f"workload certificates live {mtls.rotation_hours:g} h, over the "
            f"{policy.max_cert_hours:g} h bound ({policy.reasons.get('max_cert_hours', '')}): "
            "a stolen key stays valid that long",
            f"set mesh.mtls.rotation_hours to {policy.max_cert_hours:g} or less",
        )


def _tokens(design: Design, policy: SecurityPolicy) -> Iterator[Finding]:
    minutes = design.security.token_lifetime_minutes
    if design.security.identity_provider != "none" and minutes > policy.max_token_minutes:
        yield TOKEN_LIFETIME_TOO_LONG.finding(
            "security.token_lifetime_minutes",
            "security",
            f"access tokens live {minutes} min, over the {policy.max_token_minutes} min bound "
            f"({policy.reasons.get('max_token_minutes', '')}): a leaked token works that long",
            f"set security.token_lifetime_minutes to {policy.max_token_minutes} or less and "
            "use refresh tokens for long sessions",
        )


def _without_auth(design: Design) -> Iterator[Finding]:
    callers = mesh_callers(design)
    exempt = identity_providers(design)
    enforced = design.mesh.technology == "istio" and design.mesh.mtls.mode == "STRICT"
    for i, svc in enumerate(design.services):
        if svc.auth != "none" or svc.kind == "gateway" or svc.name in exempt:
            continue
        who = callers.get(svc.name, [])
        if not who:
            continue
        mitigation = (
            f"STRICT mTLS and the AuthorizationPolicy admit only {', '.join(who)}, but it "
            "trusts whatever they forward"
            if enforced
            else "nothing checks who calls it"
        )
        yield SERVICE_WITHOUT_AUTH.finding(
            loc("services", i, "auth"),
            svc.name,
            f"{svc.name} is called by {len(who)} peer(s) and has auth: none; {mitigation}",
            "authenticate callers (auth: jwt or mtls) and check the end user's token or scopes",
        )


def _mesh_only(design: Design) -> Iterator[Finding]:
    if design.platform.orchestrator != "kubernetes":
        return
    index = {s.name: i for i, s in enumerate(design.services)}
    for item in flows(design):
        if item.network or not item.mesh:
            continue
        if item.source in index:
            path = loc("services", index[item.source], "dependencies")
            fix = f"declare the call: a dependency of {item.source} on {item.target}"
        else:
            path = loc("services", index[item.target], "exposure")
            fix = f"route {item.target} through a gateway service, or make it internal"
        yield MESH_ONLY_PATH.finding(
            path,
            f"{item.source} -> {item.target}",
            f"the AuthorizationPolicy of {item.target} admits {item.source}, but no "
            "NetworkPolicy opens the path: the call is blocked",
            fix,
        )


def _broker(design: Design) -> Iterator[Finding]:
    talkers = async_participants(design)
    broker = design.platform.broker
    if not talkers or broker in BROKER_PORTS or design.platform.orchestrator != "kubernetes":
        return
    reason = (
        "no broker is chosen"
        if broker == "none"
        else f"{broker} is a cloud endpoint the design does not locate"
    )
    yield BROKER_PATH_MISSING.finding(
        "platform.broker",
        broker,
        f"{len(talkers)} services publish or consume messages, but {reason}: the default "
        "deny blocks their egress to it",
        "choose an in-cluster broker, or add an egress rule (or egress gateway) to the "
        "broker's endpoint",
    )


def _default_deny(design: Design) -> Iterator[Finding]:
    if design.platform.orchestrator == "kubernetes" or len(design.services) < 2:
        return
    mesh = "" if design.mesh.technology == "istio" else " and no Istio AuthorizationPolicy either"
    yield NO_NETWORK_DEFAULT_DENY.finding(
        "platform.orchestrator",
        design.platform.orchestrator,
        f"the generated NetworkPolicies only bind on Kubernetes; on "
        f"{design.platform.orchestrator} nothing denies traffic between services by "
        f"default{mesh}",
        "enforce the allow-list of the zero-trust matrix with the platform's own "
        "controls (security groups, service intentions)",
    )
