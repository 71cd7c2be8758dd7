"""The numbers the security checks compare a design against, and where each comes from.

A :class:`SecurityPolicy` is a small options object; :func:`policy_for` picks
the values that fit the design's compliance frameworks. Pass your own (e.g.
``dataclasses.replace(policy_for(design), max_token_minutes=30)``) to any check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ...model import Design

__all__ = ["REGULATED_FRAMEWORKS", "SecurityPolicy", "policy_for"]

REGULATED_FRAMEWORKS = frozenset({"pci-dss", "hipaa", "sox"})
"""Frameworks under which workload certificates must be short-lived."""

_CREDENTIAL = "90 days: PCI-DSS v4.0 8.3.9's password change interval (designkit's default)"
_CERTIFICATE = "398 days: CA/Browser Forum Baseline Requirements 6.3.2 (maximum validity)"
_SIGNING = "365 days: NIST SP 800-57 Pt. 1 Rev. 5, 5.3.6 (signature keys: 1-3 years)"
_SIGNING_PCI = "90 days: PCI-DSS v4.0 3.7.4 (end of cryptoperiod; designkit's 90 days)"


@dataclass(frozen=True)
class SecurityPolicy:
    """Bounds the security checks apply, with the reason for each.

    Examples
    --------
    >>> p = SecurityPolicy()
    >>> p.max_rotation_days("certificate"), p.rotation_reason("certificate")[:8]
    (398, '398 days')
    """

    max_cert_hours: float = 168.0
    """Longest mesh workload certificate lifetime (``mesh.mtls.rotation_hours``)."""
    max_token_minutes: int = 60
    """Longest access token lifetime (``security.token_lifetime_minutes``)."""
    rotation_days: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType(
            {"database": 90, "api-key": 90, "signing-key": 365, "certificate": 398, "other": 90}
        )
    )
    """Longest rotation interval of a secret, by its kind."""
    max_roles_per_sensitive_operation: int = 2
    """Most roles that may call one operation writing PCI or PHI data."""
    max_body_kb: int = 10240
    """Largest request body a route should accept (OWASP API4)."""
    reasons: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {
                "max_cert_hours": "a week: designkit's default outside PCI-DSS, HIPAA and SOX",
                "max_token_minutes": "60 min: designkit's default for access tokens",
                "rotation_days.database": _CREDENTIAL,
                "rotation_days.api-key": _CREDENTIAL,
                "rotation_days.other": _CREDENTIAL,
                "rotation_days.signing-key": _SIGNING,
                "rotation_days.certificate": _CERTIFICATE,
                "max_roles_per_sensitive_operation": "2: designkit's default (least privilege)",
                "max_body_kb": "10 MiB: designkit's default (OWASP API4:2023)",
            }
        )
    )
    """Why each bound has its value: by field name, and ``rotation_days.<kind>``."""

    def max_rotation_days(self, kind: str) -> int:
        """The rotation bound for a secret of ``kind`` (``other``'s for an unknown kind)."""
        return self.rotation_days.get(kind, self.rotation_days["other"])

    def rotation_reason(self, kind: str) -> str:
        """Why secrets of ``kind`` have their bound."""
        key = kind if kind in self.rotation_days else "other"
        return self.reasons.get(f"rotation_days.{key}", "")


def policy_for(design: Design) -> SecurityPolicy:
    """The policy that fits ``design.requirements.compliance``.

    - certificates: 24 h under PCI-DSS, HIPAA or SOX (Istio's default workload
      certificate lifetime), a week otherwise;
    - access tokens: 15 minutes under PCI-DSS (v4.0 req. 8.2.8: re-authenticate
      after 15 idle minutes) or HIPAA (164.312(a)(2)(iii) automatic logoff; the
      rule gives no number, designkit applies PCI's), an hour otherwise;
    - secrets: 90 days for database credentials, API keys and other secrets
      (PCI-DSS v4.0 8.3.9's password change interval, designkit's default for
      every design); signing keys 365 days (NIST SP 800-57 Pt. 1 Rev. 5,
      5.3.6), 90 under PCI-DSS (req. 3.7.4: keys change at the end of their
      cryptoperiod); certificates 398 days (CA/Browser Forum BR 6.3.2).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "requirements": {"compliance": ["pci-dss"]}})
    >>> p = policy_for(d)
    >>> p.max_cert_hours, p.max_token_minutes, p.max_rotation_days("signing-key")
    (24.0, 15, 90)
    >>> policy_for(Design.model_validate({"metadata": {"name": "x"}})).max_cert_hours
    168.0
    """
    frameworks = set(design.requirements.compliance)
    pci = "pci-dss" in frameworks
    regulated = sorted(frameworks & REGULATED_FRAMEWORKS)
    base = SecurityPolicy()
    reasons = dict(base.reasons)
    days = dict(base.rotation_days)
    cert_hours = base.max_cert_hours
    token = base.max_token_minutes
    if regulated:
        cert_hours = 24.0
        named = ", ".join(r.upper() for r in regulated)
        reasons["max_cert_hours"] = f"24 h under {named} (Istio's default certificate lifetime)"
    if pci:
        token = 15
        reasons["max_token_minutes"] = "15 min: PCI-DSS v4.0 8.2.8 (re-authenticate when idle)"
        days["signing-key"] = 90
        reasons["rotation_days.signing-key"] = _SIGNING_PCI
    elif "hipaa" in frameworks:
        token = 15
        reasons["max_token_minutes"] = (
            "15 min: HIPAA 164.312(a)(2)(iii) automatic logoff (no number; designkit uses PCI's)"
        )
    return SecurityPolicy(
        max_cert_hours=cert_hours,
        max_token_minutes=token,
        rotation_days=MappingProxyType(days),
        max_roles_per_sensitive_operation=base.max_roles_per_sensitive_operation,
        max_body_kb=base.max_body_kb,
        reasons=MappingProxyType(reasons),
    )
