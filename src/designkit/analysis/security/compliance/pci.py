"""PCI DSS v4.0 requirements the design can show (PCI SSC, March 2022; v4.0.1 June 2024)."""

from __future__ import annotations

from ...antipatterns.finding import loc
from .facts import (
    Facts,
    Outcome,
    audit_logging,
    audit_retention,
    control,
    from_findings,
    holds_if,
)

__all__: list[str] = []

PCI = "pci-dss"


@control(PCI, "PCI-DSS 1.3.1", "Inbound traffic to the CDE is restricted to what is necessary")
def _inbound(facts: Facts) -> Outcome:
    found = facts.of(
        "publicly-accessible-service", "no-api-gateway", "mesh-only-path", "no-network-default-deny"
    )
    cde = facts.holders("service", "pci")
    scope = facts.of("classified-event-leaves-context")
    pci_events = [f.subject for f in scope if "PCI" in f.message]
    ok = (
        f"default deny with an allow-list from the dependency graph; CDE services: "
        f"{', '.join(cde) or 'none'}"
        + (
            f"; PCI data also reaches other contexts via {', '.join(pci_events)}"
            if pci_events
            else ""
        )
    )
    return from_findings(found, ok, [f.path for f in scope if "PCI" in f.message])


@control(PCI, "PCI-DSS 3.5.1", "PAN is rendered unreadable anywhere it is stored")
def _stored(facts: Facts) -> Outcome:
    stores = facts.stores_holding("pci")
    if not stores and not facts.holders("topic", "pci"):
        return "not applicable", "no store or topic holds PCI data", []
    plain = [i for i in stores if not facts.design.stores[i].encrypted_at_rest]
    if plain:
        names = ", ".join(facts.design.stores[i].name for i in plain)
        return (
            "missing",
            f"not encrypted at rest: {names}",
            [loc("stores", i, "encrypted_at_rest") for i in plain],
        )
    topics = facts.holders("topic", "pci")
    names = ", ".join(facts.design.stores[i].name for i in stores)
    if topics:
        return (
            "needs review",
            f"stores encrypted ({names}); PCI data also rests on topics {', '.join(topics)}, "
            "whose encryption at rest the design does not state",
            [loc("stores", i, "encrypted_at_rest") for i in stores],
        )
    return (
        "holds",
        f"encrypted at rest: {names}",
        [loc("stores", i, "encrypted_at_rest") for i in stores],
    )


@control(PCI, "PCI-DSS 3.7.4", "Cryptographic keys are changed at the end of their cryptoperiod")
def _keys(facts: Facts) -> Outcome:
    keys = [s for s in facts.secrets if s.kind in ("signing-key", "certificate")]
    late = [s for s in keys if not s.within_policy]
    if late:
        return (
            "missing",
            "; ".join(f"{s.name} every {s.rotation_days:g} d (> {s.max_days:g})" for s in late),
            [s.path for s in late],
        )
    if not keys:
        return "needs review", "the design lists no keys or certificates", ["security.secrets"]
    return (
        "holds",
        f"{len(keys)} keys and certificates within their rotation bounds",
        [s.path for s in keys],
    )


@control(PCI, "PCI-DSS 4.2.1", "Strong cryptography protects PAN during transmission")
def _transit(facts: Facts) -> Outcome:
    return from_findings(
        facts.of("classified-data-in-plaintext", "unsecured-service-calls"),
        "TLS in transit; mTLS between services",
        ["security.encryption_in_transit", "mesh.mtls.mode"],
    )


@control(PCI, "PCI-DSS 6.4.2", "An automated solution detects and prevents web attacks")
def _waf(facts: Facts) -> Outcome:
    return (
        "needs review",
        "the design does not say whether a web application firewall fronts the gateway",
        ["gateway"],
    )


@control(PCI, "PCI-DSS 7.2.1", "An access control model covers all components")
def _model(facts: Facts) -> Outcome:
    if not facts.design.security.roles:
        return "missing", "the design defines no roles", ["security.roles"]
    return from_findings(
        facts.of("operation-without-role"),
        f"{len(facts.rbac.roles)} roles grant every scoped operation",
        ["security.roles"],
    )


@control(PCI, "PCI-DSS 7.2.2", "Access is assigned on least privilege")
def _least(facts: Facts) -> Outcome:
    return from_findings(
        facts.of("role-wildcard", "sensitive-operation-open"),
        "no wildcard role; writes to cardholder data open to few roles",
        ["security.roles"],
    )


@control(PCI, "PCI-DSS 8.2.2", "Shared or generic accounts are used only when necessary")
def _shared(facts: Facts) -> Outcome:
    return from_findings(
        facts.of("secret-shared-across-contexts"),
        "no credential is shared across bounded contexts",
        ["security.secrets"],
    )


@control(PCI, "PCI-DSS 8.2.8", "Sessions idle for 15 minutes require re-authentication")
def _idle(facts: Facts) -> Outcome:
    minutes = facts.design.security.token_lifetime_minutes
    status = holds_if(minutes <= 15)
    return status, f"access tokens live {minutes} min", ["security.token_lifetime_minutes"]


@control(PCI, "PCI-DSS 8.3.1", "All user access is authenticated")
def _authenticated(facts: Facts) -> Outcome:
    hard = facts.of("anonymous-scoped-endpoint", "no-identity-provider")
    if hard:
        return from_findings(hard, "")
    writes = facts.of("unauthenticated-write-route")
    if writes:
        return (
            "needs review",
            "anonymous writes (sign-up?): " + ", ".join(f.subject for f in writes),
            [f.path for f in writes],
        )
    anonymous = [v.route.name for v in facts.routes if v.route.auth == "none"]
    return (
        "holds",
        f"identity provider {facts.design.security.identity_provider}; anonymous routes only "
        f"read or issue tokens ({', '.join(anonymous) or 'none'})",
        ["security.identity_provider"],
    )


@control(PCI, "PCI-DSS 8.6.3", "Application and system account passwords are changed periodically")
def _passwords(facts: Facts) -> Outcome:
    creds = [s for s in facts.secrets if s.kind in ("database", "api-key")]
    late = [s for s in creds if not s.within_policy]
    if late:
        return (
            "missing",
            "; ".join(f"{s.name} every {s.rotation_days:g} d (> {s.max_days:g})" for s in late),
            [s.path for s in late],
        )
    if not creds:
        return "needs review", "the design lists no credentials", ["security.secrets"]
    return (
        "holds",
        f"{len(creds)} credentials rotated within {creds[0].max_days:g} days",
        [s.path for s in creds],
    )


@control(PCI, "PCI-DSS 10.2.1", "Audit logs are enabled for all components and cardholder data")
def _audit(facts: Facts) -> Outcome:
    return audit_logging(facts)


@control(PCI, "PCI-DSS 10.5.1", "Audit log history is kept for at least 12 months")
def _retention(facts: Facts) -> Outcome:
    return audit_retention(facts, 365)
