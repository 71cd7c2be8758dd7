"""What a rule reports: one ``Finding`` per problem, with where, why and how to fix it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

__all__ = ["SEVERITIES", "Finding", "Severity", "loc", "sort_key", "summary"]

Severity = Literal["error", "warning", "info"]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
"""Severities from the most to the least serious; an ``error`` fails ``designkit analyze``."""


@dataclass(frozen=True)
class Finding:
    """One anti-pattern found in a design.

    Examples
    --------
    >>> f = Finding("hub-service", "warning", "services[2]", "auth",
    ...             "9 services call auth", "cache tokens")
    >>> print(f)
    WARNING hub-service services[2]: 9 services call auth (fix: cache tokens)
    >>> f.to_dict()["subject"]
    'auth'
    """

    rule: str
    """Id of the rule that found it, e.g. 'cyclic-sync-dependency'."""
    severity: Severity
    path: str
    """Field path in the design file, e.g. 'services[3].dependencies[0]'."""
    subject: str
    """What it is about, in the design's names: a service, a call 'a -> b', a topic."""
    message: str
    """Why it is a problem, with the numbers that show it."""
    fix: str
    """How to remove it."""
    accepted: str | None = None
    """Why the design accepts it as a known risk (``accepted`` in the design); None if not."""

    def __str__(self) -> str:
        head = f"{self.severity.upper()} {self.rule} {self.path}: {self.message}"
        if self.accepted is not None:
            return f"ACCEPTED {head} (accepted: {self.accepted})"
        return f"{head} (fix: {self.fix})"

    def to_dict(self) -> dict[str, str | None]:
        """The finding as plain data (for JSON)."""
        return asdict(self)


def loc(*parts: str | int) -> str:
    """Format a field path the way validation errors do.

    Examples
    --------
    >>> loc("services", 3, "dependencies", 0, "timeout_ms")
    'services[3].dependencies[0].timeout_ms'
    """
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".")


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    # services[10] sorts after services[9], not after services[1].
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"(\d+)", text) if p)


def sort_key(finding: Finding) -> tuple[object, ...]:
    """Order findings by severity, rule, then path (indices compared as numbers)."""
    return (
        SEVERITIES.index(finding.severity),
        finding.rule,
        _natural(finding.path),
        finding.subject,
        finding.message,
    )


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity, every severity present (accepted ones left out).

    Examples
    --------
    >>> summary([])
    {'error': 0, 'warning': 0, 'info': 0}
    """
    counts = Counter(f.severity for f in findings if f.accepted is None)
    return {severity: counts[severity] for severity in SEVERITIES}
