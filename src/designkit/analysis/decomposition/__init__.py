"""Decomposition from coupling: a revived Service Cutter.

The design's attributes (nanoentities, ``Entity.attribute``) are scored
pairwise on Service Cutter's 16 coupling criteria (:mod:`.criteria`), from the
entities, relations, use cases, groups, annotations and the event-storming
board (:mod:`.inputs`, :mod:`.scoring`). Each score is multiplied by its
criterion's priority; hard constraints glue nanoentities into blocks
(:mod:`.constraints`); the weighted block graph is clustered deterministically
(:mod:`.clustering`); and each candidate service comes with what holds it
together and which ties were cut (:mod:`.result`). :func:`compare_with_contexts`
sets a cut beside the design's current bounded contexts.

Examples
--------
>>> import designkit
>>> from designkit.examples_index import example_path
>>> from designkit.analysis.decomposition import compare_with_contexts, decompose
>>> design = designkit.load(example_path("ecommerce"))
>>> cut = decompose(design, {"latency": "L"})
>>> cut.scores["violations"], cut == decompose(design, {"latency": "L"})
(0.0, True)
>>> cmp = compare_with_contexts(design, cut)
>>> 0 <= cmp.agreement <= 1
True
"""

from __future__ import annotations

from .clustering import ALGORITHMS
from .compare import ContextComparison, Move, compare_with_contexts
from .criteria import (
    CRITERIA,
    DEFAULT_PRIORITIES,
    PRIORITY_SCALE,
    Criterion,
    DecompositionError,
    resolve_priorities,
)
from .cut import DEFAULT_ALGORITHM, Coupling, decompose
from .result import Candidate, Decomposition, Tie

__all__ = [
    "ALGORITHMS",
    "CRITERIA",
    "DEFAULT_ALGORITHM",
    "DEFAULT_PRIORITIES",
    "PRIORITY_SCALE",
    "Candidate",
    "ContextComparison",
    "Coupling",
    "Criterion",
    "Decomposition",
    "DecompositionError",
    "Move",
    "Tie",
    "compare_with_contexts",
    "decompose",
    "resolve_priorities",
]
