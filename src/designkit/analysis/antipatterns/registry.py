"""The rule registry: every finding designkit reports comes from a rule registered here.

A check takes ``(design, thresholds)`` and yields :class:`Finding` objects;
:func:`register` turns it into a :class:`Rule` with an id, a title, a default
severity, a family, the phase that deals with it, the sources it rests on
(paper, book or standard), a fix and the thresholds it reads. Inside the
check, ``<name>.finding(path, subject, message, fix)`` builds a finding with
the rule's id and severity filled in.

Some analyses find several problems in one pass (the security areas, the
saga validator, the recovery plan, ...): :func:`declare` registers each of
their rules with the *producer* that finds them, named ``"module:function"``
and imported on first use. A producer runs once per :func:`analyze` call,
however many of its rules are selected.

The rule modules are imported the first time the registry is read
(:data:`RULE_MODULES`), so importing one analysis never drags in the others.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from numbers import Real
from typing import TYPE_CHECKING, Literal

from ...errors import DesignKitError
from ...model import suggest
from .finding import SEVERITIES, Finding, Severity

if TYPE_CHECKING:
    from ...model import Design

__all__ = [
    "FAMILIES",
    "PHASES",
    "RULE_MODULES",
    "AnalysisOptionError",
    "Check",
    "Family",
    "Rule",
    "Threshold",
    "Thresholds",
    "declare",
    "declare_table",
    "default_thresholds",
    "get_rule",
    "memo",
    "register",
    "resolve_thresholds",
    "rules",
    "select",
    "thresholds",
]

Thresholds = Mapping[str, float]
Check = Callable[["Design", Thresholds], Iterable[Finding]]

Family = Literal[
    "structure",
    "communication",
    "data",
    "events",
    "sagas",
    "security",
    "resilience",
    "recovery",
    "operations",
]
FAMILIES: tuple[Family, ...] = (
    "structure",
    "communication",
    "data",
    "events",
    "sagas",
    "security",
    "resilience",
    "recovery",
    "operations",
)
"""What a rule is about, in the order the phases meet them."""

PHASES: Mapping[int, str] = {
    0: "requirements",
    1: "decomposition",
    2: "gateway and mesh",
    3: "data and events",
    4: "contracts",
    5: "deployment",
    6: "observability",
    7: "security and resilience",
}
"""The workshop phases a rule can belong to (the notebook that deals with it)."""

RULE_MODULES: tuple[str, ...] = (
    "designkit.analysis.antipatterns.accepted",
    "designkit.analysis.antipatterns.coupling",
    "designkit.analysis.antipatterns.data",
    "designkit.analysis.antipatterns.domain",
    "designkit.analysis.antipatterns.edge",
    "designkit.analysis.antipatterns.granularity",
    "designkit.analysis.antipatterns.messaging",
    "designkit.analysis.antipatterns.operations",
    "designkit.analysis.antipatterns.resilience",
    "designkit.analysis.antipatterns.teams",
    "designkit.analysis.consistency",
    "designkit.analysis.data_architecture",
    "designkit.analysis.event_catalog",
    "designkit.analysis.recovery",
    "designkit.analysis.sagas",
    "designkit.analysis.security",
    "designkit.analysis.topics",
)
"""Every module that registers rules; imported the first time the registry is read."""


class AnalysisOptionError(DesignKitError, ValueError):
    """An unknown rule id, family, phase or threshold name, or a threshold that is no number."""


@dataclass(frozen=True)
class Threshold:
    """A number a rule compares against, with its default and what it means."""

    name: str
    default: float
    doc: str


@dataclass(frozen=True)
class Rule:
    """A registered check: its identity, its sources and how to fix what it finds."""

    id: str
    title: str
    severity: Severity
    """The default severity; a finding may be more or less serious (see the rule's doc)."""
    catalog: tuple[str, ...]
    """Where the problem is described (author, year, title, the smell's name; a standard)."""
    check: Check = field(repr=False)
    thresholds: tuple[Threshold, ...] = ()
    doc: str = field(default="", repr=False)
    family: Family = "structure"
    phase: int = 1
    """The workshop phase (notebook) that deals with it."""
    fix: str = ""
    """How to remove the problem, in general (each finding says it for its case)."""

    def __call__(self, design: Design, values: Thresholds) -> list[Finding]:
        """Run the check on ``design`` with threshold ``values``."""
        return list(self.check(design, values))

    def finding(self, path: str, subject: str, message: str, fix: str) -> Finding:
        """A finding of this rule (its id and severity filled in)."""
        return Finding(self.id, self.severity, path, subject, message, fix)

    def to_dict(self) -> dict[str, object]:
        """The rule as plain data (for ``designkit analyze --list --json``)."""
        return {
            "id": self.id,
            "title": self.title,
            "family": self.family,
            "phase": self.phase,
            "severity": self.severity,
            "citation": list(self.catalog),
            "fix": self.fix,
            "thresholds": {t.name: t.default for t in self.thresholds},
        }


_RULES: dict[str, Rule] = {}
_THRESHOLDS: dict[str, Threshold] = {}
_LOADED = False


def _load() -> None:
    global _LOADED
    if not _LOADED:
        _LOADED = True
        for name in RULE_MODULES:
            importlib.import_module(name)


def _check_identity(rule_id: str, severity: str, family: str, phase: int, fix: str) -> None:
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}; got {severity!r}")
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {FAMILIES}; got {family!r}")
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {sorted(PHASES)}; got {phase!r}")
    if not fix:
        raise ValueError(f"rule {rule_id!r} needs a fix text")
    if rule_id in _RULES:
        raise ValueError(f"rule {rule_id!r} is registered twice")


def register(
    rule_id: str,
    *,
    title: str,
    severity: Severity,
    catalog: Iterable[str],
    family: Family,
    phase: int,
    fix: str,
    thresholds: Iterable[Threshold] = (),
) -> Callable[[Check], Rule]:
    """Register a check function as the rule ``rule_id``; the decorated name becomes the Rule."""
    _check_identity(rule_id, severity, family, phase, fix)
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
            family,
            phase,
            fix,
        )
        _RULES[rule_id] = rule
        for limit in limits:
            _THRESHOLDS[limit.name] = limit
        return rule

    return decorate


_MEMO: ContextVar[dict[tuple[int, str], list[Finding]] | None] = ContextVar(
    "designkit_findings_memo", default=None
)


@contextmanager
def memo() -> Iterator[None]:
    """Within the block, each producer runs at most once per design (``analyze`` uses it)."""
    from ..views import scope

    token = _MEMO.set({})
    try:
        with scope():
            yield
    finally:
        _MEMO.reset(token)


def _produce(producer: str, design: Design, values: Thresholds) -> list[Finding]:
    cache = _MEMO.get()
    key = (id(design), producer)
    if cache is not None and key in cache:
        return cache[key]
    module, _, name = producer.partition(":")
    found = list(getattr(importlib.import_module(module), name)(design, values))
    if cache is not None:
        cache[key] = found
    return found


@dataclass(frozen=True)
class _Produced:
    rule_id: str
    producer: str

    def __post_init__(self) -> None:
        # The check lives where its producer is (tests group rules by module).
        object.__setattr__(self, "__module__", self.producer.partition(":")[0])

    def __call__(self, design: Design, values: Thresholds) -> list[Finding]:
        return [f for f in _produce(self.producer, design, values) if f.rule == self.rule_id]


def declare(
    rule_id: str,
    *,
    title: str,
    severity: Severity,
    catalog: Iterable[str],
    family: Family,
    phase: int,
    fix: str,
    producer: str,
    doc: str = "",
) -> Rule:
    """Register the rule ``rule_id`` whose findings ``producer`` finds with others.

    ``producer`` is ``"package.module:function"``, a function ``(design,
    thresholds) -> findings`` that may report several rules; the rule keeps
    those whose ``rule`` is ``rule_id``.
    """
    _check_identity(rule_id, severity, family, phase, fix)
    sources = tuple(catalog)
    rule = Rule(
        rule_id,
        title,
        severity,
        sources,
        _Produced(rule_id, producer),
        (),
        (doc or f"{title}.") + "\n\nCatalog: " + "; ".join(sources) + ".",
        family,
        phase,
        fix,
    )
    _RULES[rule_id] = rule
    return rule


RuleTable = Mapping[str, tuple[Severity, str, str, Iterable[str]]]
"""Rules one producer finds: id -> (severity, title, fix, catalog)."""


def declare_table(table: RuleTable, *, family: Family, phase: int, producer: str) -> None:
    """:func:`declare` every rule of ``table``, all found by one ``producer``."""
    for rule_id, (severity, title, fix, catalog) in table.items():
        declare(
            rule_id,
            title=title,
            severity=severity,
            catalog=catalog,
            family=family,
            phase=phase,
            fix=fix,
            producer=producer,
        )


def rules() -> list[Rule]:
    """Every registered rule, sorted by id."""
    _load()
    return [_RULES[name] for name in sorted(_RULES)]


def get_rule(rule_id: str) -> Rule:
    """The rule ``rule_id``; AnalysisOptionError (with a suggestion) if there is none."""
    _load()
    try:
        return _RULES[rule_id]
    except KeyError:
        raise AnalysisOptionError(
            f"unknown rule {rule_id!r}{suggest(rule_id, _RULES)}; "
            "see 'designkit analyze --list' for every rule"
        ) from None


def thresholds() -> dict[str, Threshold]:
    """Every threshold any rule reads, by name (sorted)."""
    _load()
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


def select(
    rule_ids: Iterable[str] | None = None,
    *,
    family: str | Iterable[str] | None = None,
    phase: int | Iterable[int] | None = None,
) -> Iterator[Rule]:
    """The rules named, of the families and of the phases given (in id order).

    Each filter left as None keeps every rule.

    Examples
    --------
    >>> [r.id for r in select(family="sagas", phase=3)][:2]
    ['saga-choreography-cycle', 'saga-compensation-not-idempotent']
    """
    chosen = rules()
    if rule_ids is not None:
        wanted = {get_rule(rule_id).id for rule_id in rule_ids}
        chosen = [rule for rule in chosen if rule.id in wanted]
    if family is not None:
        families = {family} if isinstance(family, str) else set(family)
        for name in families:
            if name not in FAMILIES:
                raise AnalysisOptionError(
                    f"unknown family {name!r}{suggest(name, FAMILIES)}; "
                    f"known: {', '.join(FAMILIES)}"
                )
        chosen = [rule for rule in chosen if rule.family in families]
    if phase is not None:
        phases = {phase} if isinstance(phase, int) else set(phase)
        for number in phases:
            if number not in PHASES:
                raise AnalysisOptionError(
                    f"unknown phase {number!r}; known: {', '.join(map(str, PHASES))}"
                )
        chosen = [rule for rule in chosen if rule.phase in phases]
    yield from chosen
