"""Cut a design into candidate services: weigh, glue, cluster, explain.

:class:`Coupling` scores a design once; :meth:`Coupling.decompose` then re-weighs
and re-clusters for any priorities, algorithm and number of services, which is
what a notebook slider calls. :func:`decompose` does both in one call.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from ...model import Design, suggest
from .clustering import ALGORITHMS, adjust
from .constraints import Blocks, blocks, violations
from .criteria import DecompositionError, resolve_priorities
from .inputs import inputs
from .result import Candidate, Decomposition, Weights, explain, partition_scores
from .scoring import Scores, score, unpair

__all__ = ["DEFAULT_ALGORITHM", "Coupling", "decompose"]

DEFAULT_ALGORITHM = "greedy-modularity"
"""The default clustering: deterministic without a seed and as good as Louvain on every
fixture measured (docs/decomposition.md compares the alternatives)."""


class Coupling:
    """The scored coupling of one design, ready to be cut with any priorities.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "domain": {"entities": [
    ...     {"name": "Order", "attributes": [{"name": "id"}, {"name": "total"}]},
    ...     {"name": "Stock", "attributes": [{"name": "sku"}, {"name": "count"}]}]}})
    >>> cut = Coupling(d).decompose()
    >>> [c.nanoentities for c in cut.candidates]
    [('Order.id', 'Order.total'), ('Stock.count', 'Stock.sku')]
    """

    def __init__(self, design: Design) -> None:
        self.scores: Scores = score(inputs(design))

    def weigh(self, priorities: Mapping[str, str | float] | None = None) -> Weights:
        """The weighted nanoentity graph for ``priorities`` (see :func:`resolve_priorities`)."""
        factors = resolve_priorities(priorities)
        net: dict[int, float] = {}
        for criterion, scores in self.scores.by_criterion.items():
            factor = factors[criterion]
            if factor:
                for key, raw in scores.items():
                    net[key] = net.get(key, 0.0) + raw * factor
        positive = {k: w for k, w in sorted(net.items()) if w > 0}
        return Weights(self.scores, factors, positive)

    def decompose(
        self,
        priorities: Mapping[str, str | float] | None = None,
        *,
        algorithm: str = DEFAULT_ALGORITHM,
        n: int | None = None,
        seed: int = 0,
    ) -> Decomposition:
        """Cut the nanoentities into candidate services; see :func:`decompose`."""
        if algorithm not in ALGORITHMS:
            raise DecompositionError(
                f"algorithm: {algorithm!r} is not a clustering algorithm"
                f"{suggest(algorithm, ALGORITHMS)}; use one of {', '.join(ALGORITHMS)}"
            )
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
            raise DecompositionError(
                f"n: the number of services must be a whole number >= 1; got {n!r}"
            )
        weights = self.weigh(priorities)
        glued = blocks(self.scores.inputs, weights.factors)
        graph = _block_graph(weights, glued)
        notes = list(glued.relaxed)
        fixed = [b for b, name in enumerate(glued.fixed) if name is not None]
        free_graph = graph.subgraph([b for b in graph.nodes if glued.fixed[b] is None])
        wanted = None if n is None else max(n - len(fixed), 1)
        found = ALGORITHMS[algorithm](nx.Graph(free_graph), seed, wanted)
        parts = [set(p) for c in found for p in _by_zone(c, glued)] + [{b} for b in fixed]
        if n is not None:
            parts = adjust(
                graph,
                parts,
                n,
                movable=lambda b: glued.fixed[b] is None,
                together=lambda a, b: glued.zone[a] == glued.zone[b],
                seed=seed,
            )
            if len(parts) != n:
                notes.append(f"asked for {n} services; the constraints and ties allow {len(parts)}")
        return _result(weights, glued, parts, algorithm, seed, n, notes)


def decompose(
    design: Design,
    priorities: Mapping[str, str | float] | None = None,
    *,
    algorithm: str = DEFAULT_ALGORITHM,
    n: int | None = None,
    seed: int = 0,
) -> Decomposition:
    """Suggest candidate services by clustering the design's coupled nanoentities.

    Parameters
    ----------
    design : Design
        Read, never modified: entities, attributes, use cases, groups, relations,
        aggregates and the event-storming board.
    priorities : mapping, optional
        Criterion to level (IGNORE, XS, S, M, L, XL, XXL) or factor; the rest keep
        Service Cutter's defaults (M for cohesiveness and constraints, XS for
        compatibilities). IGNORE switches a constraint off.
    algorithm : str, default "greedy-modularity"
        One of :data:`~designkit.analysis.decomposition.clustering.ALGORITHMS`.
    n : int, optional
        Number of candidate services; by default the algorithm's best modularity.
    seed : int, default 0
        Seed of the randomised algorithms (Louvain, Kernighan-Lin splits).

    Returns
    -------
    Decomposition
        Candidates (largest first) with what holds each together, the cut ties
        and the scores; the same input always gives the same result.

    Examples
    --------
    >>> import designkit
    >>> from designkit.examples_index import example_path
    >>> cut = decompose(designkit.load(example_path("banking")), n=4)
    >>> len(cut.candidates), cut.scores["violations"]
    (4, 0.0)
    """
    return Coupling(design).decompose(priorities, algorithm=algorithm, n=n, seed=seed)


def _block_graph(weights: Weights, glued: Blocks) -> nx.Graph[int]:
    """Blocks as nodes; tie weight summed between blocks, inside ones as self-loops.
    Blocks that may not share a candidate (different zones) are not linked."""
    n = weights.scores.size
    summed: dict[tuple[int, int], float] = {}
    for key, w in weights.net.items():
        i, j = unpair(key, n)
        a, b = glued.of[i], glued.of[j]
        if a > b:
            a, b = b, a
        if glued.zone[a] != glued.zone[b]:
            continue
        summed[a, b] = summed.get((a, b), 0.0) + w
    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(range(len(glued.members)))
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(summed.items()))
    return graph


def _by_zone(community: set[int], glued: Blocks) -> list[set[int]]:
    parts: dict[frozenset[int], set[int]] = {}
    for b in sorted(community):
        parts.setdefault(glued.zone[b], set()).add(b)
    return list(parts.values())


def _result(
    weights: Weights,
    glued: Blocks,
    parts: list[set[int]],
    algorithm: str,
    seed: int,
    n: int | None,
    notes: list[str],
) -> Decomposition:
    inputs = weights.scores.inputs
    names = inputs.names
    members = [sorted(i for b in p for i in glued.members[b]) for p in parts]
    order = sorted(range(len(parts)), key=lambda k: (-len(members[k]), names[members[k][0]]))
    labels: list[str] = []
    taken: set[str] = set()
    for k in order:
        fixed = next((glued.fixed[b] for b in parts[k] if glued.fixed[b]), None)
        label = fixed or _dominant(inputs.entity, members[k])
        unique, count = label, 1
        while unique in taken:
            count += 1
            unique = f"{label} {count}"
        taken.add(unique)
        labels.append(unique)
    group_of = [0] * len(names)
    for rank, k in enumerate(order):
        for i in members[k]:
            group_of[i] = rank
    cohesion, internal, cut, ties = explain(weights, group_of, labels)
    candidates = tuple(
        Candidate(
            name=labels[rank],
            nanoentities=tuple(names[i] for i in members[k]),
            entities=tuple(sorted({inputs.entity[i] for i in members[k]})),
            cohesion=cohesion[rank],
            internal=internal[rank],
            cut=cut[rank],
            predefined=next((glued.fixed[b] for b in parts[k] if glued.fixed[b]), None),
        )
        for rank, k in enumerate(order)
    )
    scores = partition_scores(weights, group_of)
    enabled = {k for k, f in weights.factors.items() if f > 0}
    broken = violations(inputs, [labels[g] for g in group_of], enabled)
    return Decomposition(
        algorithm=algorithm,
        seed=seed,
        requested=n,
        priorities=dict(weights.factors),
        candidates=candidates,
        ties=tuple(ties),
        scores={
            "modularity": scores["modularity"],
            "cohesion": scores["cohesion"],
            "coupling": scores["coupling"],
            "candidates": float(len(candidates)),
            "nanoentities": float(len(names)),
            "violations": float(len(broken)),
        },
        notes=tuple(notes),
        weights=weights,
    )


def _dominant(entity_of: tuple[str, ...], members: list[int]) -> str:
    counts: dict[str, int] = {}
    for i in members:
        counts[entity_of[i]] = counts.get(entity_of[i], 0) + 1
    return min(counts, key=lambda e: (-counts[e], e))
