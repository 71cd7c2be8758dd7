"""The rule registry: a rule is one check function plus one registration.

A check takes ``(design, thresholds)`` and yields :class:`Finding` objects;
:func:`register` turns it into a :class:`Rule` with an id, a title, a
severity, the catalog it comes from and the thresholds it reads. Inside the
check, ``<name>.finding(path, subject, message, fix)`` builds a finding with
the rule's id and severity filled in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from numbers import Real
from typing import TYPE_CHECKING

from ...errors import DesignKitError
from ...model import suggest
from .finding import SEVERITIES, Finding, Severity

if TYPE_CHECKING:
    from ...model import Design

__all__ = [
    "AnalysisOptionError",
    "Check",
    "Rule",
    "Threshold",
    "Thresholds",
    "default_thresholds",
    "get_rule",
    "register",
    "resolve_thresholds",
    "rules",
    "select",
    "thresholds",
]

Thresholds = Mapping[str, float]
Check = Callable[["Design", Thresholds], Iterable[Finding]]


class AnalysisOptionError(DesignKitError, ValueError):
    """An unknown rule id or threshold name, or a threshold value that is not a number."""


@dataclass(frozen=True)
class Threshold:
    """A number a rule compares against, with its default and what it means."""

    name: str
    default: float
    doc: str


@dataclass(frozen=True)
class Rule:
    """A registered anti-pattern check."""

    id: str
    title: str
    severity: Severity
    catalog: tuple[str, ...]
    """Where the anti-pattern is described (author, year, title, the smell's name)."""
    check: Check = field(repr=False)
    thresholds: tuple[Threshold, ...] = ()
    doc: str = field(default="", repr=False)

    def __call__(self, design: Design, values: Thresholds) -> list[Finding]:
        """Run the check on ``design`` with threshold ``values``."""
        return list(self.check(design, values))

    def finding(self, path: str, subject: str, message: str, fix: str) -> Finding:
        """A finding of this rule (its id and severity filled in)."""
        return Finding(self.id, self.severity, path, subject, message, fix)


_RULES: dict[str, Rule] = {}
_THRESHOLDS: dict[str, Threshold] = {}


def register(
    rule_id: str,
    *,
    title: str,
    severity: Severity,
    catalog: Iterable[str],
    thresholds: Iterable[Threshold] = (),
) -> Callable[[Check], Rule]:
    """Register a check function as the rule ``rule_id``; the decorated name becomes the Rule."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}; got {severity!r}")
    if rule_id in _RULES:
        raise ValueError(f"rule {rule_id!r} is registered twice")
    limits = tuple(thresholds)
    for limit in limits:
        known = _THRESHOLDS.get(limit.name)
        if known is not None and known != limit:
            raise ValueError(f"threshold {limit.name!r} is registered twice, differently")

    def decorate(check: Check) -> Rule:
        rule = Rule(
            rule_id,
            title,
            severity,
            tuple(catalog),
            check,
            limits,
            (check.__doc__ or "").strip(),
        )
        _RULES[rule_id] = rule
        for limit in limits:
            _THRESHOLDS[limit.name] = limit
        return rule

    return decorate


def rules() -> list[Rule]:
    """Every registered rule, sorted by id."""
    return [_RULES[name] for name in sorted(_RULES)]


def get_rule(rule_id: str) -> Rule:
    """The rule ``rule_id``; AnalysisOptionError (with a suggestion) if there is none."""
    try:
        return _RULES[rule_id]
    except KeyError:
        known = ", ".join(sorted(_RULES))
        raise AnalysisOptionError(
            f"unknown rule {rule_id!r}{suggest(rule_id, _RULES)}; known: {known}"
        ) from None


def thresholds() -> dict[str, Threshold]:
    """Every threshold any rule reads, by name (sorted)."""
    return {name: _THRESHOLDS[name] for name in sorted(_THRESHOLDS)}


def default_thresholds() -> dict[str, float]:
    """The default value of every threshold, by name."""
    return {name: limit.default for name, limit in thresholds().items()}


def resolve_thresholds(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The defaults with ``overrides`` applied; unknown names and non-numbers are errors."""
    values = default_thresholds()
    for name, value in (overrides or {}).items():
        if name not in values:
            known = ", ".join(values)
            raise AnalysisOptionError(
                f"unknown threshold {name!r}{suggest(name, values)}; known: {known}"
            )
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise AnalysisOptionError(f"threshold {name} must be a finite number; got {value!r}")
        if value < 0:
            raise AnalysisOptionError(f"threshold {name} must be zero or more; got {value!r}")
        values[name] = value
    return values


def select(rule_ids: Iterable[str] | None) -> Iterator[Rule]:
    """The rules named (in id order), or every rule when ``rule_ids`` is None."""
    if rule_ids is None:
        yield from rules()
        return
    wanted = {get_rule(rule_id).id for rule_id in rule_ids}
    yield from (rule for rule in rules() if rule.id in wanted)
