"""The security rules: an id, a title, a severity and the reference each one rests on.

Security findings are :class:`~designkit.analysis.antipatterns.Finding` objects
of rules in the one registry (:mod:`designkit.analysis.antipatterns.registry`,
family ``security``, phase 7), so ``designkit analyze``, the report and every
table see them. Each rule is declared once, in the module that checks it,
with :func:`rule`; that module builds its findings with
``RULE.finding(path, subject, message, fix)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..antipatterns.finding import SEVERITIES, Finding, Severity
from ..antipatterns.registry import declare

__all__ = ["Area", "SecurityRule", "get", "rule", "rules"]

Area = Literal["zero-trust", "edge", "rbac", "secrets", "data"]


@dataclass(frozen=True)
class SecurityRule:
    """A security check's identity.

    Examples
    --------
    >>> r = SecurityRule("x-rule", "An example", "info", "edge", "none")
    >>> r.finding("gateway", "gw", "why", "fix").rule
    'x-rule'
    """

    id: str
    title: str
    severity: Severity
    area: Area
    reference: str
    """Where the rule comes from (a standard's requirement, a guide's chapter)."""

    def finding(self, path: str, subject: str, message: str, fix: str) -> Finding:
        """A finding of this rule (its id and severity filled in)."""
        return Finding(self.id, self.severity, path, subject, message, fix)


_RULES: dict[str, SecurityRule] = {}


def rule(
    rule_id: str, *, title: str, severity: Severity, fix: str, area: Area, reference: str
) -> SecurityRule:
    """Declare a security rule in the registry (ids are unique); found by ``security`` areas."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}; got {severity!r}")
    declare(
        rule_id,
        title=title,
        severity=severity,
        catalog=(reference,),
        family="security",
        phase=7,
        fix=fix,
        producer="designkit.analysis.security._areas:registry_findings",
    )
    _RULES[rule_id] = SecurityRule(rule_id, title, severity, area, reference)
    return _RULES[rule_id]


def rules() -> list[SecurityRule]:
    """Every declared security rule, by area then id.

    Examples
    --------
    >>> [r.id for r in rules() if r.area == "secrets"]
    ['secret-rotation-too-slow', 'secret-shared-across-contexts', 'secret-unused']
    """
    return sorted(_RULES.values(), key=lambda r: (r.area, r.id))


def get(rule_id: str) -> SecurityRule:
    """The rule ``rule_id`` (KeyError if there is none).

    Examples
    --------
    >>> get("role-wildcard").severity
    'error'
    """
    return _RULES[rule_id]
