"""Compare a candidate cut with the design's current bounded contexts (entity.context).

Both partitions are scored on the same weighted nanoentity graph (the cut's
priorities): modularity, cohesion (share of tie weight kept inside a group),
coupling (tie weight between groups) and hard-constraint violations. Each
candidate is matched to the context it shares most nanoentities with (one to
one, largest overlap first); a nanoentity *moved* when its candidate is not
matched to its current context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...model import Design
from .constraints import violations
from .criteria import DecompositionError
from .cut import Coupling
from .inputs import inputs as collect
from .result import Decomposition, Weights, partition_scores

__all__ = ["NO_CONTEXT", "ContextComparison", "Move", "compare_with_contexts"]

NO_CONTEXT = "(no context)"
"""The group of nanoentities whose entity has no bounded context."""


@dataclass(frozen=True)
class Move:
    """A nanoentity whose candidate differs from its current context."""

    nanoentity: str
    entity: str
    context: str
    candidate: str
    candidate_context: str | None
    """The context the candidate was matched to (None: a new one)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class ContextComparison:
    """The current contexts and a candidate cut, side by side."""

    contexts: dict[str, float]
    """Scores of the current contexts: modularity, cohesion, coupling, groups, violations."""
    candidates: dict[str, float]
    """The same scores of the candidate cut."""
    matches: dict[str, str | None]
    """Candidate name to the context it was matched to (None: no context left to match)."""
    moved: tuple[Move, ...]
    context_violations: tuple[str, ...]
    """Hard constraints the current contexts break."""

    @property
    def agreement(self) -> float:
        """Share of nanoentities that stay where they are (1.0: the cut is the contexts)."""
        total = self.candidates.get("nanoentities", 0.0)
        return 1.0 - len(self.moved) / total if total else 1.0

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-able data."""
        return {
            "contexts": {k: round(v, 6) for k, v in self.contexts.items()},
            "candidates": {k: round(v, 6) for k, v in self.candidates.items()},
            "agreement": round(self.agreement, 6),
            "matches": dict(self.matches),
            "moved": [m.to_dict() for m in self.moved],
            "context_violations": list(self.context_violations),
        }


def compare_with_contexts(design: Design, decomposition: Decomposition) -> ContextComparison:
    """Score the design's bounded contexts against ``decomposition`` and list what moved.

    Examples
    --------
    >>> import designkit
    >>> from designkit.examples_index import example_path
    >>> from designkit.analysis.decomposition import decompose
    >>> d = designkit.load(example_path("banking"))
    >>> cmp = compare_with_contexts(d, decompose(d))
    >>> cmp.candidates["modularity"] >= cmp.contexts["modularity"]
    True
    """
    weights = decomposition.weights
    inputs = collect(design)
    if inputs.names != weights.scores.inputs.names:  # cut from another version of the design
        weights = Coupling(design).weigh(decomposition.priorities)
    context = [c or NO_CONTEXT for c in inputs.context]
    assigned = decomposition.assignment()
    if any(n not in assigned for n in inputs.names):
        raise DecompositionError(
            "compare_with_contexts: the decomposition does not cover this design's "
            "nanoentities; decompose this design first"
        )
    candidate = [assigned[n] for n in inputs.names]
    matches = _match(context, candidate)
    moved = tuple(
        Move(name, inputs.entity[i], context[i], candidate[i], matches[candidate[i]])
        for i, name in enumerate(inputs.names)
        if matches[candidate[i]] != context[i]
    )
    enabled = {k for k, f in weights.factors.items() if f > 0}
    context_broken = violations(inputs, context, enabled)
    return ContextComparison(
        contexts=_scores(weights, context, len(context_broken)),
        candidates=_scores(weights, candidate, decomposition.scores.get("violations", 0.0)),
        matches=matches,
        moved=moved,
        context_violations=tuple(context_broken),
    )


def _scores(weights: Weights, labels: list[str], broken: float) -> dict[str, float]:
    number = {label: k for k, label in enumerate(sorted(set(labels)))}
    scores = partition_scores(weights, [number[x] for x in labels])
    scores["nanoentities"] = float(len(labels))
    scores["violations"] = float(broken)
    return scores


def _match(context: list[str], candidate: list[str]) -> dict[str, str | None]:
    overlap: dict[tuple[str, str], int] = {}
    for ctx, cand in zip(context, candidate, strict=True):
        overlap[cand, ctx] = overlap.get((cand, ctx), 0) + 1
    matches: dict[str, str | None] = dict.fromkeys(sorted(set(candidate)))
    used: set[str] = set()
    for (cand, ctx), _count in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0])):
        if matches[cand] is None and ctx not in used:
            matches[cand] = ctx
            used.add(ctx)
    return matches
