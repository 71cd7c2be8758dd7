"""The 16 coupling criteria of Service Cutter, their kinds and the priority scale.

Service Cutter (Gysel, Kölbener, Giersche, Zimmermann: "Service Cutter: A
Systematic Approach to Service Decomposition", ESOCC 2016) scores every pair of
nanoentities (``Entity.attribute``) on each criterion, multiplies the score by
the criterion's priority and clusters the weighted graph. The criteria come in
three kinds:

- **cohesiveness**: nanoentities that belong together (same entity, used by the
  same use case, same owner, ...) score up to +10;
- **compatibility**: a characteristic (volatility, criticality, ...) that should
  match; two nanoentities whose characteristics differ score minus the distance
  between the characteristics' weights (0 to 10);
- **constraint**: hard rules (aggregates, predefined services, separated
  security zones) that designkit enforces rather than weighs.

Priorities use Service Cutter's T-shirt scale and its defaults: M for
cohesiveness criteria and constraints, XS for compatibilities.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ...errors import DesignKitError
from ...model import suggest

__all__ = [
    "CHARACTERISTICS",
    "CRITERIA",
    "DEFAULT_PRIORITIES",
    "PRIORITY_SCALE",
    "Characteristics",
    "Criterion",
    "DecompositionError",
    "Kind",
    "criterion",
    "resolve_priorities",
]

Kind = Literal["cohesiveness", "compatibility", "constraint"]


class DecompositionError(DesignKitError):
    """A decomposition option is wrong (unknown criterion, priority or algorithm)."""


PRIORITY_SCALE: dict[str, float] = {
    "IGNORE": 0.0,
    "XS": 0.5,
    "S": 1.0,
    "M": 3.0,
    "L": 5.0,
    "XL": 8.0,
    "XXL": 13.0,
}
"""Service Cutter's priority levels and the factor each multiplies a score by."""


@dataclass(frozen=True)
class Criterion:
    """One coupling criterion of the catalog."""

    key: str
    """Identifier used in priorities, tables and JSON, e.g. ``"semantic_proximity"``."""
    code: str
    """Service Cutter's card number, e.g. ``"CC-2"``."""
    name: str
    """Service Cutter's name, e.g. ``"Semantic Proximity"``."""
    kind: Kind
    source: str
    """Where designkit reads the criterion's input from."""

    @property
    def default_priority(self) -> str:
        """M for cohesiveness criteria and constraints, XS for compatibilities."""
        return "XS" if self.kind == "compatibility" else "M"


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "identity_lifecycle",
        "CC-1",
        "Identity & Lifecycle Commonality",
        "cohesiveness",
        "attributes of one entity (composed and inheriting entities merged in)",
    ),
    Criterion(
        "semantic_proximity",
        "CC-2",
        "Semantic Proximity",
        "cohesiveness",
        "use cases' reads and writes, entity relations, event-storming flows",
    ),
    Criterion(
        "shared_owner",
        "CC-3",
        "Shared Owner",
        "cohesiveness",
        "domain.shared_owner_groups",
    ),
    Criterion(
        "structural_volatility",
        "CC-4",
        "Structural Volatility",
        "compatibility",
        "attribute.structural_volatility",
    ),
    Criterion(
        "latency",
        "CC-5",
        "Latency",
        "cohesiveness",
        "use cases with latency_critical",
    ),
    Criterion(
        "consistency_criticality",
        "CC-6",
        "Consistency Criticality",
        "compatibility",
        "attribute.consistency_criticality",
    ),
    Criterion(
        "availability_criticality",
        "CC-7",
        "Availability Criticality",
        "compatibility",
        "attribute.availability_criticality",
    ),
    Criterion(
        "content_volatility",
        "CC-8",
        "Content Volatility",
        "compatibility",
        "attribute.content_volatility",
    ),
    Criterion(
        "consistency_constraint",
        "CC-9",
        "Consistency Constraint",
        "constraint",
        "entity.aggregate (an aggregate is never split)",
    ),
    Criterion(
        "mutability",
        "CC-10",
        "Mutability",
        "compatibility",
        "use cases: read but never written means immutable",
    ),
    Criterion(
        "storage_similarity",
        "CC-11",
        "Storage Similarity",
        "compatibility",
        "attribute.storage_size",
    ),
    Criterion(
        "predefined_service",
        "CC-12",
        "Predefined Service Constraint",
        "constraint",
        "domain.predefined_services (each becomes exactly one candidate)",
    ),
    Criterion(
        "network_traffic",
        "CC-13",
        "Network Traffic Suitability",
        "compatibility",
        "use cases' frequency_per_day summed per attribute",
    ),
    Criterion(
        "security_contextuality",
        "CC-14",
        "Security Contextuality",
        "cohesiveness",
        "domain.security_access_groups",
    ),
    Criterion(
        "security_criticality",
        "CC-15",
        "Security Criticality",
        "compatibility",
        "attribute.security_criticality, else its classification",
    ),
    Criterion(
        "security_constraint",
        "CC-16",
        "Security Constraint",
        "constraint",
        "domain.separated_security_zones (never mixed with anything else)",
    ),
)
"""The catalog in Service Cutter's card order."""

_BY_KEY = {c.key: c for c in CRITERIA}
_ALIASES = {
    **{c.key: c.key for c in CRITERIA},
    **{c.name.lower(): c.key for c in CRITERIA},
    **{c.code.lower(): c.key for c in CRITERIA},
    # Service Cutter's own short names and JSON keys
    "identity & lifecycle": "identity_lifecycle",
    "consistency": "consistency_criticality",
    "availability": "availability_criticality",
    "security constraint": "security_constraint",
    "network traffic suitability": "network_traffic",
    "security contexuality": "security_contextuality",
}

DEFAULT_PRIORITIES: dict[str, str] = {c.key: c.default_priority for c in CRITERIA}
"""Service Cutter's defaults: M for cohesiveness and constraints, XS for compatibilities."""


@dataclass(frozen=True)
class Characteristics:
    """The characteristics of a compatibility criterion and their weights (0 to 10)."""

    weights: dict[str, float]
    default: str
    """The characteristic of a nanoentity nobody annotated."""


CHARACTERISTICS: dict[str, Characteristics] = {
    "structural_volatility": Characteristics({"Often": 10, "Normal": 4, "Rarely": 0}, "Normal"),
    "consistency_criticality": Characteristics({"High": 10, "Eventually": 4, "Weak": 0}, "High"),
    "availability_criticality": Characteristics({"Critical": 10, "Normal": 4, "Low": 0}, "Normal"),
    "content_volatility": Characteristics({"Often": 10, "Regularly": 5, "Rarely": 0}, "Regularly"),
    "mutability": Characteristics({"Mutable": 10, "Immutable": 0}, "Mutable"),
    "storage_similarity": Characteristics({"Huge": 10, "Normal": 3, "Tiny": 0}, "Normal"),
    "network_traffic": Characteristics({"High": 10, "Normal": 4, "Low": 0}, "Normal"),
    "security_criticality": Characteristics(
        {"Critical": 10, "Internal": 3, "Public": 0}, "Internal"
    ),
}
"""Service Cutter's characteristic weights; mutability and network traffic are designkit's."""


def criterion(name: str) -> Criterion:
    """The criterion called ``name`` (its key, Service Cutter name or card code).

    Examples
    --------
    >>> criterion("Semantic Proximity").key
    'semantic_proximity'
    >>> criterion("cc-16").name
    'Security Constraint'
    """
    key = _ALIASES.get(" ".join(name.strip().lower().replace("-", " ").split()))
    key = key or _ALIASES.get(name.strip().lower())
    if key is None:
        raise DecompositionError(
            f"priorities: {name!r} is not a coupling criterion{suggest(name, _BY_KEY)}; "
            f"the criteria are {', '.join(_BY_KEY)}"
        )
    return _BY_KEY[key]


def resolve_priorities(priorities: Mapping[str, str | float] | None = None) -> dict[str, float]:
    """Every criterion's factor: the defaults, overridden by ``priorities``.

    Parameters
    ----------
    priorities : mapping, optional
        Criterion (key, Service Cutter name or code) to a level of
        :data:`PRIORITY_SCALE` (case-insensitive) or a non-negative number.

    Returns
    -------
    dict
        Criterion key to factor, in catalog order.

    Examples
    --------
    >>> p = resolve_priorities({"latency": "xl", "Shared Owner": 0})
    >>> p["latency"], p["shared_owner"], p["semantic_proximity"], p["mutability"]
    (8.0, 0.0, 3.0, 0.5)
    >>> resolve_priorities({"latency": "huge"})
    Traceback (most recent call last):
    ...
    designkit.analysis.decomposition.criteria.DecompositionError: priorities.latency: 'huge' \
is not a priority; use one of IGNORE, XS, S, M, L, XL, XXL
    """
    factors = {key: PRIORITY_SCALE[level] for key, level in DEFAULT_PRIORITIES.items()}
    for name, level in (priorities or {}).items():
        key = criterion(name).key
        if isinstance(level, bool) or not isinstance(level, (str, int, float)):
            raise DecompositionError(f"priorities.{key}: {level!r} is not a priority")
        if isinstance(level, str):
            value = PRIORITY_SCALE.get(level.strip().upper())
            if value is None:
                raise DecompositionError(
                    f"priorities.{key}: {level!r} is not a priority; "
                    f"use one of {', '.join(PRIORITY_SCALE)}"
                )
        else:
            value = float(level)
            if not (math.isfinite(value) and value >= 0):
                raise DecompositionError(f"priorities.{key}: {level!r} must be a number >= 0")
        factors[key] = value
    return factors
