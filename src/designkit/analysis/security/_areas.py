"""The security areas: the producer of the registry's security rules and the compliance facts."""

from __future__ import annotations

from ...model import Design
from ..antipatterns.finding import Finding
from ..antipatterns.registry import Thresholds
from . import edge, protection, rbac, rotation, zero_trust
from .policy import SecurityPolicy, policy_for

__all__ = ["area_findings", "registry_findings"]


def area_findings(design: Design, policy: SecurityPolicy) -> list[Finding]:
    """Every area's findings, area by area (unsorted); one list so a new area is never missed."""
    return [
        *zero_trust.findings(design, policy),
        *edge.findings(design),
        *rbac.findings(design, policy),
        *rotation.findings(design, policy),
        *protection.findings(design),
    ]


def registry_findings(design: Design, thresholds: Thresholds) -> list[Finding]:
    """Every area's findings under :func:`policy_for` the design (the registry's producer)."""
    return area_findings(design, policy_for(design))
