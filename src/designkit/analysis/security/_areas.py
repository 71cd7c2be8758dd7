"""The security areas whose findings make up ``security.findings`` and the compliance facts."""

from __future__ import annotations

from ...model import Design
from ..antipatterns.finding import Finding
from . import edge, protection, rbac, rotation, zero_trust
from .policy import SecurityPolicy

__all__ = ["area_findings"]


def area_findings(design: Design, policy: SecurityPolicy) -> list[Finding]:
    """Every area's findings, area by area (unsorted); one list so a new area is never missed."""
    return [
        *zero_trust.findings(design, policy),
        *edge.findings(design),
        *rbac.findings(design, policy),
        *rotation.findings(design, policy),
        *protection.findings(design),
    ]
