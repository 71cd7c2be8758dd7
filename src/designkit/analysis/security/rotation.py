"""Secrets and their rotation: each secret against the policy for its kind, and who holds it.

Besides the secrets the design lists, the mesh's workload certificates are a
secret every service holds: they appear as one row, rotated every
``mesh.mtls.rotation_hours`` (their bound is the zero-trust certificate bound).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...model import Design
from ..antipatterns.finding import Finding, loc, sort_key
from .policy import SecurityPolicy, policy_for
from .rules import rule

__all__ = [
    "MESH_CERTIFICATES",
    "SECRET_ROTATION_TOO_SLOW",
    "SECRET_SHARED_ACROSS_CONTEXTS",
    "SECRET_UNUSED",
    "SecretView",
    "findings",
    "secrets",
]

MESH_CERTIFICATES = "(mesh workload certificates)"
"""The name of the row standing for the mesh's workload certificates."""

SECRET_ROTATION_TOO_SLOW = rule(
    "secret-rotation-too-slow",
    title="A secret is rotated less often than its policy asks",
    severity="warning",
    fix="Rotate the secret within its policy's interval.",
    area="secrets",
    reference="PCI-DSS v4.0 3.7.4 and 8.3.9; NIST SP 800-57 Pt. 1 Rev. 5, 5.3",
)
SECRET_SHARED_ACROSS_CONTEXTS = rule(
    "secret-shared-across-contexts",
    title="One secret is held by services of several bounded contexts",
    severity="warning",
    fix="Give each bounded context its own secret.",
    area="secrets",
    reference="OWASP Secrets Management Cheat Sheet (least privilege, one secret per "
    "consumer); NIST SP 800-57 Pt. 1 Rev. 5, 5.2 (key usage: one purpose per key)",
)
SECRET_UNUSED = rule(
    "secret-unused",
    title="A secret no service holds",
    severity="info",
    fix="Remove the secret, or name the services that use it.",
    area="secrets",
    reference="designkit consistency check",
)


@dataclass(frozen=True)
class SecretView:
    """A secret, its rotation against the policy, and who holds it."""

    name: str
    kind: str
    path: str
    """Field path of its rotation setting."""
    rotation_days: float
    max_days: float
    basis: str
    """Why the bound is what it is."""
    services: tuple[str, ...]
    contexts: tuple[str, ...]
    """Bounded contexts of its holders (a service without one counts as its own)."""

    @property
    def within_policy(self) -> bool:
        """True if it is rotated at least as often as the policy asks."""
        return self.rotation_days <= self.max_days


def _contexts(design: Design, names: list[str]) -> tuple[str, ...]:
    context = {s.name: s.context or f"(service {s.name})" for s in design.services}
    return tuple(sorted({context[n] for n in names if n in context}))


def secrets(design: Design, policy: SecurityPolicy | None = None) -> list[SecretView]:
    """Every secret of the design, then the mesh certificates (when the mesh issues any).

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "contexts": [{"name": "A"}, {"name": "B"}],
    ...     "services": [{"name": "a", "context": "A"}, {"name": "b", "context": "B"}],
    ...     "security": {"secrets": [{"name": "db", "kind": "database",
    ...         "services": ["a", "b"], "rotation_days": 180}]}})
    >>> for s in secrets(d):
    ...     print(s.name, s.rotation_days, s.max_days, s.within_policy, s.contexts)
    db 180 90 False ('A', 'B')
    (mesh workload certificates) 1.0 7.0 True ('A', 'B')
    """
    policy = policy or policy_for(design)
    out = [
        SecretView(
            name=s.name,
            kind=s.kind,
            path=loc("security", "secrets", i, "rotation_days"),
            rotation_days=s.rotation_days,
            max_days=policy.max_rotation_days(s.kind),
            basis=policy.rotation_reason(s.kind),
            services=tuple(s.services),
            contexts=_contexts(design, s.services),
        )
        for i, s in enumerate(design.security.secrets)
    ]
    mtls = design.mesh.mtls
    if design.mesh.technology != "none" and mtls.mode != "DISABLE" and design.services:
        names = [s.name for s in design.services]
        out.append(
            SecretView(
                name=MESH_CERTIFICATES,
                kind="certificate",
                path="mesh.mtls.rotation_hours",
                rotation_days=mtls.rotation_hours / 24,
                max_days=policy.max_cert_hours / 24,
                basis=policy.reasons.get("max_cert_hours", "designkit's default"),
                services=tuple(names),
                contexts=_contexts(design, names),
            )
        )
    return out


def findings(design: Design, policy: SecurityPolicy | None = None) -> list[Finding]:
    """Secrets rotated too rarely, shared across contexts, or held by nobody.

    The mesh certificates' lifetime is a zero-trust finding
    (``mtls-rotation-too-long``), not repeated here; one certificate per
    workload is not a shared secret.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "security": {"secrets": [{"name": "k", "kind": "api-key", "rotation_days": 400}]}})
    >>> [(f.rule, f.path) for f in findings(d)]
    [('secret-rotation-too-slow', 'security.secrets[0].rotation_days'), \
('secret-unused', 'security.secrets[0].services')]
    """
    views = [v for v in secrets(design, policy) if v.name != MESH_CERTIFICATES]
    return sorted(_checks(views), key=sort_key)


def _checks(views: list[SecretView]) -> Iterator[Finding]:
    for i, view in enumerate(views):
        if not view.within_policy:
            yield SECRET_ROTATION_TOO_SLOW.finding(
                view.path,
                view.name,
                f"{view.name} ({view.kind}) is rotated every {view.rotation_days:g} days, "
                f"over the {view.max_days:g}-day bound ({view.basis})",
                f"rotate it every {view.max_days:g} days or less (automate it in the "
                "secrets manager)",
            )
        if len(view.contexts) > 1:
            yield SECRET_SHARED_ACROSS_CONTEXTS.finding(
                loc("security", "secrets", i, "services"),
                view.name,
                f"{view.name} is held by {len(view.services)} services in "
                f"{len(view.contexts)} contexts ({', '.join(view.contexts)}): one leak opens "
                "them all, and no context can rotate it alone",
                "give each service (at least each context) its own credential, issued by "
                "the secrets manager (dynamic database credentials, per-service client certs)",
            )
        if not view.services:
            yield SECRET_UNUSED.finding(
                loc("security", "secrets", i, "services"),
                view.name,
                f"{view.name} is held by no service: it is stale, or its holders are missing",
                "list the services that use it, or delete it",
            )
