"""What a decomposition returns: candidate services, why each holds together, what
ties were cut, and the scores of the cut. Everything is JSON-able via ``to_dict``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .scoring import Scores, unpair

__all__ = ["Candidate", "Decomposition", "Tie", "Weights", "explain", "partition_scores"]


@dataclass(frozen=True)
class Weights:
    """The weighted nanoentity graph: a pair's weight is the sum of its scores times the
    criteria's priorities, floored at 0 (modularity has no repelling edges)."""

    scores: Scores
    factors: dict[str, float]
    net: dict[int, float]
    """Pair key to weight, for every tied pair with a positive weight."""


@dataclass(frozen=True)
class Tie:
    """Coupling cut by a decomposition: between two entities in two candidates, on one
    criterion (weights summed over the nanoentity pairs)."""

    candidate: str
    other: str
    entity: str
    other_entity: str
    criterion: str
    weight: float
    pairs: int

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "candidate": self.candidate,
            "other": self.other,
            "entity": self.entity,
            "other_entity": self.other_entity,
            "criterion": self.criterion,
            "weight": round(self.weight, 6),
            "pairs": self.pairs,
        }


@dataclass(frozen=True)
class Candidate:
    """A candidate service: its nanoentities and what holds them together."""

    name: str
    nanoentities: tuple[str, ...]
    entities: tuple[str, ...]
    """Entities with at least one nanoentity here."""
    cohesion: dict[str, float]
    """Criterion to the weighted score summed over the pairs inside (strongest first)."""
    internal: float
    """Weight of the ties inside."""
    cut: float
    """Weight of the ties to other candidates."""
    predefined: str | None = None
    """The predefined service this candidate is, if any."""

    @property
    def reasons(self) -> list[str]:
        """The criteria that hold the candidate together, strongest first."""
        return [k for k, v in self.cohesion.items() if v > 0]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "name": self.name,
            "nanoentities": list(self.nanoentities),
            "entities": list(self.entities),
            "cohesion": {k: round(v, 6) for k, v in self.cohesion.items()},
            "internal": round(self.internal, 6),
            "cut": round(self.cut, 6),
            "predefined": self.predefined,
        }


@dataclass(frozen=True)
class Decomposition:
    """A candidate cut of a design's nanoentities into services."""

    algorithm: str
    seed: int
    requested: int | None
    """The number of services asked for (None: chosen by best modularity)."""
    priorities: dict[str, float]
    """Each criterion's factor as used."""
    candidates: tuple[Candidate, ...]
    ties: tuple[Tie, ...]
    """Cut coupling, heaviest first."""
    scores: dict[str, float]
    """modularity, cohesion (share of tie weight inside candidates), coupling (tie weight
    between candidates), candidates, nanoentities, violations."""
    notes: tuple[str, ...]
    """Constraints that gave way to stronger ones, and requests that could not be met."""
    weights: Weights = field(repr=False, compare=False)

    def candidate_of(self, nanoentity: str) -> str:
        """The name of the candidate holding ``nanoentity`` (KeyError if unknown)."""
        for c in self.candidates:
            if nanoentity in c.nanoentities:
                return c.name
        raise KeyError(nanoentity)

    def assignment(self) -> dict[str, str]:
        """Nanoentity to candidate name, for every nanoentity."""
        return {n: c.name for c in self.candidates for n in c.nanoentities}

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-able data (stable key order, rounded floats)."""
        return {
            "algorithm": self.algorithm,
            "seed": self.seed,
            "requested": self.requested,
            "priorities": dict(self.priorities),
            "scores": {k: round(v, 6) for k, v in self.scores.items()},
            "candidates": [c.to_dict() for c in self.candidates],
            "ties": [t.to_dict() for t in self.ties],
            "notes": list(self.notes),
        }

    def __repr__(self) -> str:
        return (
            f"Decomposition({self.algorithm}: {len(self.candidates)} candidates, "
            f"modularity {self.scores.get('modularity', 0.0):.3f})"
        )


def partition_scores(weights: Weights, group_of: Sequence[int]) -> dict[str, float]:
    """Modularity, cohesion and coupling of the assignment ``group_of`` (a group per
    nanoentity), on the weighted nanoentity graph.

    Examples
    --------
    >>> from designkit.model import Design
    >>> from designkit.analysis.decomposition import Coupling
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "domain": {"entities": [
    ...     {"name": "A", "attributes": [{"name": "x"}, {"name": "y"}]},
    ...     {"name": "B", "attributes": [{"name": "z"}, {"name": "w"}]}]}})
    >>> weights = Coupling(d).weigh()
    >>> partition_scores(weights, [0, 0, 1, 1])  # A.x, A.y | B.w, B.z
    {'modularity': 0.5, 'cohesion': 1.0, 'coupling': 0.0, 'groups': 2.0}
    """
    n = weights.scores.size
    total = sum(weights.net.values())
    inside = 0.0
    degree: dict[int, float] = {}
    for key, w in weights.net.items():
        i, j = unpair(key, n)
        gi, gj = group_of[i], group_of[j]
        degree[gi] = degree.get(gi, 0.0) + w
        degree[gj] = degree.get(gj, 0.0) + w
        if gi == gj:
            inside += w
    modularity = 0.0
    if total > 0:
        modularity = inside / total - sum((d / (2 * total)) ** 2 for d in degree.values())
    return {
        "modularity": modularity,
        "cohesion": inside / total if total > 0 else 1.0,
        "coupling": total - inside,
        "groups": float(len(set(group_of))),
    }


def explain(
    weights: Weights, group_of: Sequence[int], names: Sequence[str]
) -> tuple[list[dict[str, float]], list[float], list[float], list[Tie]]:
    """Per group: weighted score by criterion inside, internal and cut weight; and the
    cut ties aggregated by (group pair, entity pair, criterion)."""
    inputs = weights.scores.inputs
    n = weights.scores.size
    groups = len(names)
    cohesion: list[dict[str, float]] = [{} for _ in range(groups)]
    internal = [0.0] * groups
    cut = [0.0] * groups
    for key, w in weights.net.items():
        i, j = unpair(key, n)
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            internal[gi] += w
        else:
            cut[gi] += w
            cut[gj] += w
    crossing: dict[tuple[int, int, str, str, str], list[float]] = {}
    for criterion, scores in weights.scores.by_criterion.items():
        factor = weights.factors.get(criterion, 0.0)
        if not factor:
            continue
        for key, raw in scores.items():
            i, j = unpair(key, n)
            gi, gj = group_of[i], group_of[j]
            value = raw * factor
            if gi == gj:
                inside = cohesion[gi]
                inside[criterion] = inside.get(criterion, 0.0) + value
                continue
            if gi > gj:
                i, j, gi, gj = j, i, gj, gi
            slot = crossing.setdefault(
                (gi, gj, inputs.entity[i], inputs.entity[j], criterion), [0.0, 0.0]
            )
            slot[0] += value
            slot[1] += 1
    ties = [
        Tie(names[gi], names[gj], ei, ej, criterion, total, int(count))
        for (gi, gj, ei, ej, criterion), (total, count) in crossing.items()
        if abs(total) > 1e-12
    ]
    ties.sort(
        key=lambda t: (-t.weight, t.candidate, t.other, t.entity, t.other_entity, t.criterion)
    )
    ordered = [dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for c in cohesion]
    return ordered, internal, cut, ties
