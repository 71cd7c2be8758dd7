"""HIPAA Security Rule safeguards the design can show (45 CFR Part 164, Subparts C and E)."""

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

HIPAA = "hipaa"
_SIX_YEARS = 6 * 365


@control(HIPAA, "HIPAA 164.312(a)(2)(i)", "Unique user identification")
def _unique(facts: Facts) -> Outcome:
    idp = facts.design.security.identity_provider
    status = holds_if(idp != "none")
    return status, f"identity provider: {idp}", ["security.identity_provider"]


@control(HIPAA, "HIPAA 164.312(a)(2)(ii)", "Emergency access procedure")
def _emergency(facts: Facts) -> Outcome:
    roles = facts.design.security.roles
    found = [
        i
        for i, r in enumerate(roles)
        if any(
            w in " ".join([r.name, *r.permissions]).lower() for w in ("break-glass", "emergency")
        )
    ]
    if found:
        names = ", ".join(roles[i].name for i in found)
        return "holds", f"break-glass roles: {names}", [loc("security", "roles", i) for i in found]
    return "missing", "no break-glass (emergency access) role", ["security.roles"]


@control(HIPAA, "HIPAA 164.312(a)(2)(iii)", "Automatic logoff")
def _logoff(facts: Facts) -> Outcome:
    minutes = facts.design.security.token_lifetime_minutes
    bound = facts.policy.max_token_minutes
    status = holds_if(minutes <= bound)
    return (
        status,
        f"access tokens live {minutes} min (bound {bound})",
        ["security.token_lifetime_minutes"],
    )


@control(HIPAA, "HIPAA 164.312(a)(2)(iv)", "Encryption and decryption of ePHI at rest")
def _at_rest(facts: Facts) -> Outcome:
    stores = facts.stores_holding("phi")
    topics = facts.holders("topic", "phi")
    if not stores and not topics:
        return "not applicable", "no store or topic holds PHI", []
    plain = [i for i in stores if not facts.design.stores[i].encrypted_at_rest]
    if plain:
        return (
            "missing",
            "not encrypted at rest: " + ", ".join(facts.design.stores[i].name for i in plain),
            [loc("stores", i, "encrypted_at_rest") for i in plain],
        )
    paths = [loc("stores", i, "encrypted_at_rest") for i in stores]
    if topics:
        return (
            "needs review",
            f"{len(stores)} PHI stores encrypted; PHI also rests on topics "
            f"{', '.join(topics)}, whose encryption at rest the design does not state",
            paths,
        )
    return "holds", f"{len(stores)} PHI stores encrypted at rest", paths


@control(HIPAA, "HIPAA 164.312(b)", "Audit controls")
def _audit(facts: Facts) -> Outcome:
    return audit_logging(facts)


@control(HIPAA, "HIPAA 164.312(c)(1)", "Integrity of ePHI")
def _integrity(facts: Facts) -> Outcome:
    stores = facts.stores_holding("phi")
    pitr = [facts.design.stores[i].name for i in stores if _pitr(facts, i)]
    return (
        "needs review",
        "protection against improper alteration lives in code and storage settings; "
        f"point-in-time recovery on {', '.join(pitr) or 'no PHI store'}",
        [loc("stores", i, "backup") for i in stores],
    )


def _pitr(facts: Facts, index: int) -> bool:
    backup = facts.design.stores[index].backup
    return backup is not None and backup.point_in_time


@control(HIPAA, "HIPAA 164.312(d)", "Person or entity authentication")
def _authentication(facts: Facts) -> Outcome:
    holders = set(facts.holders("service", "phi"))
    anonymous = [
        v
        for v in facts.routes
        if v.route.auth == "none" and v.route.service in holders and not v.token_endpoint
    ]
    found = facts.of("unsecured-service-calls", "service-without-auth")
    if anonymous:
        names = ", ".join(v.route.name for v in anonymous)
        return (
            "missing",
            f"anonymous routes to PHI holders: {names}",
            [f"gateway.routes[{v.index}].auth" for v in anonymous] + [f.path for f in found],
        )
    return from_findings(
        found,
        "every route to a PHI holder authenticates; services authenticate peers (mTLS)",
        ["mesh.mtls.mode"],
    )


@control(HIPAA, "HIPAA 164.312(e)(1)", "Transmission security")
def _transit(facts: Facts) -> Outcome:
    return from_findings(
        facts.of("classified-data-in-plaintext", "unsecured-service-calls"),
        "TLS in transit; mTLS between services",
        ["security.encryption_in_transit", "mesh.mtls.mode"],
    )


@control(HIPAA, "HIPAA 164.308(a)(7)(ii)(A)", "Data backup plan")
def _backup(facts: Facts) -> Outcome:
    stores = facts.stores_holding("phi")
    if not stores:
        return "not applicable", "no store holds PHI", []
    none = facts.unbacked(stores)
    if none:
        return (
            "missing",
            "no backup: " + ", ".join(facts.design.stores[i].name for i in none),
            [loc("stores", i, "backup") for i in none],
        )
    return (
        "holds",
        f"{len(stores)} PHI stores backed up",
        [loc("stores", i, "backup") for i in stores],
    )


@control(HIPAA, "HIPAA 164.308(a)(7)(ii)(B)", "Disaster recovery plan")
def _recovery(facts: Facts) -> Outcome:
    dr = facts.design.disaster_recovery
    text = (
        f"{dr.strategy} across {len(dr.regions)} regions, drilled every {dr.drill_interval_days} d"
    )
    if len(dr.regions) >= 2:
        return "holds", text, ["disaster_recovery"]
    return (
        "needs review",
        text + ": losing the region loses the service",
        ["disaster_recovery.regions"],
    )


@control(HIPAA, "HIPAA 164.316(b)(2)(i)", "Retention for six years (applied to audit records)")
def _retention(facts: Facts) -> Outcome:
    return audit_retention(facts, _SIX_YEARS)


@control(HIPAA, "HIPAA 164.502(b)", "Minimum necessary (uses and disclosures of PHI)")
def _minimum(facts: Facts) -> Outcome:
    leaving = [f for f in facts.of("classified-event-leaves-context") if "PHI" in f.message]
    if not leaving:
        return "holds", "no PHI leaves its context in events", []
    return (
        "needs review",
        "PHI reaches other contexts in "
        + ", ".join(f.subject for f in leaving)
        + ": confirm each reader needs it",
        [f.path for f in leaving],
    )
