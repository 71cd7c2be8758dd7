"""The security rules: an id, a title, a severity and the reference each one rests on.

Security findings are :class:`~designkit.analysis.antipatterns.Finding` objects,
so every table and report that shows anti-patterns shows them too. Each rule
is declared once here with :func:`rule`; the module that checks it builds its
findings with ``RULE.finding(path, subject, message, fix)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..antipatterns.finding import SEVERITIES, Finding, Severity

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
    rule_id: str, *, title: str, severity: Severity, area: Area, reference: str
) -> SecurityRule:
    """Declare a security rule (ids are unique)."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}; got {severity!r}")
    if rule_id in _RULES:
        raise ValueError(f"security rule {rule_id!r} is declared twice")
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
