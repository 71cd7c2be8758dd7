"""SOX IT general controls the design can show.

SOX section 404 asks management to assess internal control over financial
reporting; auditors test the IT general controls behind it (PCAOB AS 2201,
.B29-.B30 and the COSO 2013 principle 11 domains): access to programs and
data (AC), program changes (CM) and computer operations (OP). The ids below
are designkit's, grouped by those domains; retention follows SOX section 802
(SEC Regulation S-X Rule 2-06: seven years).
"""

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

SOX = "sox"
_SEVEN_YEARS = 7 * 365


@control(SOX, "SOX ITGC AC-1", "Access to programs and data is authenticated")
def _authenticated(facts: Facts) -> Outcome:
    return from_findings(
        facts.of(
            "no-identity-provider", "unauthenticated-write-route", "anonymous-scoped-endpoint"
        ),
        f"identity provider {facts.design.security.identity_provider}; every write is "
        "authenticated",
        ["security.identity_provider"],
    )


@control(SOX, "SOX ITGC AC-2", "Access follows roles and least privilege")
def _roles(facts: Facts) -> Outcome:
    if not facts.design.security.roles:
        return "missing", "the design defines no roles", ["security.roles"]
    return from_findings(
        facts.of("role-wildcard", "operation-without-role"),
        f"{len(facts.rbac.roles)} roles, none with a wildcard",
        ["security.roles"],
    )


@control(SOX, "SOX ITGC AC-3", "Segregation of duties: who approves does not also change")
def _duties(facts: Facts) -> Outcome:
    roles = facts.design.security.roles
    approvers = [i for i, r in enumerate(roles) if any("approve" in p for p in r.permissions)]
    if not approvers:
        return "needs review", "no role holds an approval permission", ["security.roles"]
    writes = {key for key, _ in facts.rbac.grants if _writes(facts, key)}
    both = [
        i for i in approvers if any((key, roles[i].name) in facts.rbac.grants for key in writes)
    ]
    paths = [loc("security", "roles", i) for i in (both or approvers)]
    if both:
        names = ", ".join(roles[i].name for i in both)
        return "missing", f"roles that both approve and write: {names}", paths
    names = ", ".join(roles[i].name for i in approvers)
    return "holds", f"approvals held by roles that write nothing: {names}", paths


def _writes(facts: Facts, key: str) -> bool:
    return any(op.key == key and op.writes for op in facts.rbac.operations)


@control(SOX, "SOX ITGC AC-4", "Privileged credentials are rotated and not shared")
def _credentials(facts: Facts) -> Outcome:
    return from_findings(
        facts.of("secret-rotation-too-slow", "secret-shared-across-contexts"),
        "every secret rotated within its bound and held within one context",
        ["security.secrets"],
    )


@control(SOX, "SOX ITGC CM-1", "Changes reach production through an approved pipeline")
def _pipeline(facts: Facts) -> Outcome:
    design = facts.design
    approval = [r.name for r in design.security.roles if any("deploy" in p for p in r.permissions)]
    paths = ["platform.ci", "security.roles"]
    if design.platform.ci == "other":
        return "needs review", "the CI/CD system is not named", paths
    if approval:
        return (
            "holds",
            f"{design.platform.ci} pipeline; deployments approved by {', '.join(approval)}",
            paths,
        )
    return "needs review", f"{design.platform.ci} pipeline; no role approves deployments", paths


@control(SOX, "SOX ITGC CM-2", "Design decisions are recorded and approved")
def _decisions(facts: Facts) -> Outcome:
    accepted = [d.title for d in facts.design.decisions if d.status == "accepted"]
    if accepted:
        return "holds", f"{len(accepted)} accepted decision records", ["decisions"]
    return "missing", "no accepted architecture decision record", ["decisions"]


@control(SOX, "SOX ITGC OP-1", "Access to financial data is logged")
def _audit(facts: Facts) -> Outcome:
    return audit_logging(facts)


@control(SOX, "SOX 802", "Audit records are kept seven years")
def _retention(facts: Facts) -> Outcome:
    return audit_retention(facts, _SEVEN_YEARS)


@control(SOX, "SOX ITGC OP-2", "Financial data is backed up and recovery is drilled")
def _backup(facts: Facts) -> Outcome:
    design = facts.design
    stores = sorted(
        {*facts.stores_holding("pci")}
        | {i for i, s in enumerate(design.stores) if "confidential" in s.classification}
    )
    none = facts.unbacked(stores)
    drill = design.disaster_recovery.drill_interval_days
    if none:
        return (
            "missing",
            "no backup: " + ", ".join(design.stores[i].name for i in none),
            [loc("stores", i, "backup") for i in none],
        )
    status = holds_if(drill <= 365)
    return (
        status,
        f"{len(stores)} financial stores backed up; recovery drilled every {drill} d",
        ["disaster_recovery.drill_interval_days"],
    )


@control(SOX, "SOX ITGC OP-3", "Incidents are detected and handled")
def _incidents(facts: Facts) -> Outcome:
    obs = facts.design.observability
    ok = obs.on_call and obs.tracing != "none"
    return (
        holds_if(ok),
        f"on-call {'yes' if obs.on_call else 'no'}; tracing {obs.tracing}",
        ["observability.on_call", "observability.tracing"],
    )
