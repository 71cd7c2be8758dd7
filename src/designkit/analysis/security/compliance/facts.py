"""What the compliance controls read: the security analyses of a design, computed once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ....model import Design
from ...antipatterns.finding import Finding
from .. import edge, rbac, rotation
from .._areas import area_findings
from ..classification import Holding, holdings, store_classes
from ..edge import RouteView
from ..policy import SecurityPolicy
from ..rbac import RbacMatrix
from ..rotation import SecretView

__all__ = [
    "Control",
    "Facts",
    "Outcome",
    "Status",
    "audit_logging",
    "audit_retention",
    "control",
    "controls",
    "facts",
    "from_findings",
    "holds_if",
]

Status = Literal["holds", "missing", "needs review", "not applicable"]
Outcome = tuple[Status, str, list[str]]
"""A control's status, the evidence (one sentence or a few) and the field paths."""


@dataclass(frozen=True)
class Facts:
    """Every security analysis of one design, for the controls to read."""

    design: Design
    policy: SecurityPolicy
    findings: tuple[Finding, ...]
    holdings: tuple[Holding, ...]
    secrets: tuple[SecretView, ...]
    rbac: RbacMatrix
    routes: tuple[RouteView, ...]

    def of(self, *rules: str) -> list[Finding]:
        """The findings of the given rules."""
        return [f for f in self.findings if f.rule in rules]

    def stores_holding(self, *classes: str) -> list[int]:
        """Indices of the stores holding any of ``classes``."""
        held = store_classes(self.design)
        return [
            i for i, s in enumerate(self.design.stores) if set(held.get(s.name, {})) & set(classes)
        ]

    def unbacked(self, stores: list[int]) -> list[int]:
        """Those of ``stores`` without a backup; caches are left out (rebuilt, not restored)."""
        design = self.design
        return [
            i
            for i in stores
            if design.stores[i].backup is None and design.stores[i].purpose != "cache"
        ]

    def holders(self, kind: str, *classes: str) -> list[str]:
        """Names of the holders of ``kind`` holding any of ``classes``, in first-seen order."""
        names = [h.holder for h in self.holdings if h.kind == kind and h.data_class in classes]
        return list(dict.fromkeys(names))


def facts(design: Design, policy: SecurityPolicy) -> Facts:
    """Run the security analyses once."""
    return Facts(
        design=design,
        policy=policy,
        findings=tuple(area_findings(design, policy)),
        holdings=tuple(holdings(design)),
        secrets=tuple(rotation.secrets(design, policy)),
        rbac=rbac.matrix(design),
        routes=tuple(edge.routes(design)),
    )


def holds_if(ok: bool) -> Status:
    """``holds`` when ``ok``, else ``missing``.

    Examples
    --------
    >>> holds_if(True), holds_if(False)
    ('holds', 'missing')
    """
    return "holds" if ok else "missing"


def from_findings(found: list[Finding], ok: str, paths: list[str] | None = None) -> Outcome:
    """``missing`` with the findings as evidence, or ``holds`` with ``ok``."""
    if found:
        evidence = "; ".join(f"{f.rule}: {f.subject}" for f in found)
        return "missing", evidence, [f.path for f in found]
    return "holds", ok, paths or []


def audit_logging(facts: Facts) -> Outcome:
    """Audit logging on or off: the same evidence for every framework that asks for it."""
    on = facts.design.security.audit_logging
    return holds_if(on), f"audit logging {'on' if on else 'off'}", ["security.audit_logging"]


def audit_retention(facts: Facts, days_needed: int) -> Outcome:
    """Audit logs kept at least ``days_needed`` days (``missing`` when no retention is set)."""
    days = facts.design.observability.audit_log_retention_days
    path = ["observability.audit_log_retention_days"]
    if days is None:
        return "missing", "no audit log retention set", path
    return (
        holds_if(days >= days_needed),
        f"audit logs kept {days} days (>= {days_needed} needed)",
        path,
    )


@dataclass(frozen=True)
class Control:
    """One requirement of a framework, and how the design shows it."""

    framework: str
    id: str
    """The framework's own reference, e.g. 'PCI-DSS 3.5.1' or 'HIPAA 164.312(b)'."""
    title: str
    check: Callable[[Facts], Outcome]


_CONTROLS: list[Control] = []


def control(
    framework: str, control_id: str, title: str
) -> Callable[[Callable[[Facts], Outcome]], Callable[[Facts], Outcome]]:
    """Register a control check (ids are unique)."""

    def decorate(check: Callable[[Facts], Outcome]) -> Callable[[Facts], Outcome]:
        if any(c.id == control_id for c in _CONTROLS):
            raise ValueError(f"control {control_id!r} is registered twice")
        _CONTROLS.append(Control(framework, control_id, title, check))
        return check

    return decorate


def controls(framework: str | None = None) -> list[Control]:
    """The registered controls (of one framework), in registration order.

    Examples
    --------
    >>> [c.id for c in controls("sox")][:2]
    ['SOX ITGC AC-1', 'SOX ITGC AC-2']
    """
    return [c for c in _CONTROLS if framework is None or c.framework == framework]
