"""Deterministic community detection on the weighted block graph.

Each algorithm takes an undirected graph whose nodes are block numbers (added
in sorted order, so the result does not depend on how the design was ordered),
with a ``weight`` on every edge and intra-block weight as self-loops, and
returns communities of nodes. Randomised algorithms take an explicit seed.

- ``louvain``: networkx's Louvain method (Blondel et al. 2008), seeded;
- ``greedy-modularity`` (the default): Clauset-Newman-Moore agglomeration (no
  randomness at all);
- ``label-propagation``: a weighted semi-synchronous label propagation
  (Cordasco and Gargano 2010): nodes of one colour update together, ties keep
  the current label or take the largest, so it is deterministic;
- ``girvan-newman``: remove the edge of highest (weighted) betweenness until the
  graph falls apart, keep the level of best modularity. Cubic: small graphs only.

:func:`adjust` then merges or splits communities to reach a requested count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import combinations

import networkx as nx
from networkx.algorithms import community as nxc

from .criteria import DecompositionError

__all__ = [
    "ALGORITHMS",
    "GIRVAN_NEWMAN_LIMIT",
    "Algorithm",
    "adjust",
    "label_propagation",
    "modularity",
]

Communities = list[set[int]]
Algorithm = Callable[["nx.Graph[int]", int, "int | None"], Communities]

GIRVAN_NEWMAN_LIMIT = 250
"""Most blocks Girvan-Newman is run on (it recomputes betweenness after every cut)."""


def modularity(graph: nx.Graph[int], communities: Iterable[Iterable[int]]) -> float:
    """Newman's weighted modularity; 0 for a graph without weight.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_weighted_edges_from([(0, 1, 1.0), (2, 3, 1.0)])
    >>> modularity(g, [{0, 1}, {2, 3}])
    0.5
    """
    if graph.size(weight="weight") <= 0:
        return 0.0
    return float(nxc.modularity(graph, [set(c) for c in communities], weight="weight"))


def _louvain(graph: nx.Graph[int], seed: int, n: int | None) -> Communities:
    return [set(c) for c in nxc.louvain_communities(graph, weight="weight", seed=seed)]


def _greedy(graph: nx.Graph[int], seed: int, n: int | None) -> Communities:
    if graph.number_of_nodes() == 0:
        return []
    if n is not None:
        n = min(max(n, 1), graph.number_of_nodes())
        found = nxc.greedy_modularity_communities(graph, weight="weight", cutoff=n, best_n=n)
    else:
        found = nxc.greedy_modularity_communities(graph, weight="weight")
    return [set(c) for c in found]


def label_propagation(graph: nx.Graph[int], seed: int = 0, n: int | None = None) -> Communities:
    """Weighted semi-synchronous label propagation with Prec-Max tie breaking.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_weighted_edges_from([(0, 1, 5), (1, 2, 5), (0, 2, 5), (2, 3, 1),
    ...                            (3, 4, 5), (4, 5, 5), (3, 5, 5)])
    >>> sorted(sorted(c) for c in label_propagation(g))
    [[0, 1, 2], [3, 4, 5]]
    """
    nodes = sorted(graph.nodes)
    colour: dict[int, int] = {}
    for node in sorted(nodes, key=lambda v: (-graph.degree(v), v)):
        taken = {colour[m] for m in graph.neighbors(node) if m in colour}
        colour[node] = next(c for c in range(len(taken) + 1) if c not in taken)
    classes: dict[int, list[int]] = {}
    for node in nodes:
        classes.setdefault(colour[node], []).append(node)
    label = {v: v for v in nodes}

    def best(v: int) -> tuple[set[int], float]:
        weights: dict[int, float] = {}
        for m, data in graph[v].items():
            if m != v:
                weights[label[m]] = weights.get(label[m], 0.0) + data.get("weight", 1.0)
        if not weights:
            return {label[v]}, 0.0
        top = max(weights.values())
        return {lab for lab, w in weights.items() if w >= top - 1e-12 * abs(top)}, top

    for _round in range(100):
        changed = False
        for c in sorted(classes):
            new = {}
            for v in classes[c]:
                labels, _ = best(v)
                if label[v] not in labels:
                    new[v] = max(labels)
            label.update(new)
            changed = changed or bool(new)
        if not changed:
            break
    found: dict[int, set[int]] = {}
    for v in nodes:
        found.setdefault(label[v], set()).add(v)
    return list(found.values())


def _girvan_newman(graph: nx.Graph[int], seed: int, n: int | None) -> Communities:
    size = graph.number_of_nodes()
    if size > GIRVAN_NEWMAN_LIMIT:
        raise DecompositionError(
            f"algorithm: girvan-newman is too slow for {size} blocks (limit "
            f"{GIRVAN_NEWMAN_LIMIT}); use louvain or greedy-modularity"
        )
    if size == 0:
        return []
    work: nx.Graph[int] = nx.Graph()
    work.add_nodes_from(sorted(graph.nodes))
    for u, v, w in sorted(graph.edges(data="weight", default=1.0)):
        if u != v and w > 0:
            work.add_edge(u, v, weight=w, distance=1.0 / w)

    def heaviest(g: nx.Graph[int]) -> tuple[int, int]:
        # Shortest paths prefer strong ties, so raw betweenness would cut them
        # first; dividing by the tie's weight cuts weak bridges first instead.
        centrality = nx.edge_betweenness_centrality(g, weight="distance")
        return max(sorted(centrality), key=lambda e: centrality[e] * g.edges[e]["distance"])

    levels: list[Communities] = [[set(c) for c in nx.connected_components(work)]]
    for level in nxc.girvan_newman(work, most_valuable_edge=heaviest):
        levels.append([set(c) for c in level])
        if n is not None and len(level) >= n:
            break
    if n is not None:
        return min(levels, key=lambda lv: (abs(len(lv) - n), len(lv)))
    return max(levels, key=lambda lv: (round(modularity(graph, lv), 12), -len(lv)))


ALGORITHMS: dict[str, Algorithm] = {
    "louvain": _louvain,
    "greedy-modularity": _greedy,
    "label-propagation": label_propagation,
    "girvan-newman": _girvan_newman,
}
"""Clustering algorithms by name."""


def _key(c: set[int]) -> int:
    return min(c)


def adjust(
    graph: nx.Graph[int],
    communities: Communities,
    n: int,
    *,
    movable: Callable[[int], bool],
    together: Callable[[int, int], bool],
    seed: int = 0,
) -> Communities:
    """Merge or split ``communities`` until there are ``n`` (or no legal move is left).

    Merging joins the two communities whose union gains the most modularity,
    among pairs whose blocks may share a candidate (``together``); splitting
    bisects the community of most blocks (Kernighan-Lin, seeded), connected
    components first. Blocks for which ``movable`` is false are never touched.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_weighted_edges_from([(0, 1, 5.0), (1, 2, 1.0), (2, 3, 5.0)])
    >>> adjust(g, [{0}, {1}, {2}, {3}], 2, movable=lambda b: True, together=lambda a, b: True)
    [{0, 1}, {2, 3}]
    >>> adjust(g, [{0, 1, 2, 3}], 2, movable=lambda b: True, together=lambda a, b: True)
    [{0, 1}, {2, 3}]
    """
    parts = sorted((set(c) for c in communities), key=_key)
    if len(parts) > n:
        parts = _merge(graph, parts, n, movable, together)
    while len(parts) < n:
        splittable = [p for p in parts if len(p) > 1 and movable(_key(p))]
        if not splittable:
            break
        target = max(splittable, key=lambda p: (len(p), -_key(p)))
        parts.remove(target)
        parts.extend(_split(graph.subgraph(sorted(target)), seed))
        parts.sort(key=_key)
    return parts


def _merge(
    graph: nx.Graph[int],
    parts: Communities,
    n: int,
    movable: Callable[[int], bool],
    together: Callable[[int, int], bool],
) -> Communities:
    """Merge tied pairs of most modularity gain first; untied pairs of least degree last."""
    total = graph.size(weight="weight") or 1.0
    members = {_key(p): set(p) for p in parts}
    owner = {u: k for k, p in members.items() for u in p}
    degree = {k: 0.0 for k in members}
    between: dict[int, dict[int, float]] = {k: {} for k in members}
    for u, v, w in graph.edges(data="weight", default=1.0):
        a, b = owner[u], owner[v]
        degree[a] += w
        degree[b] += w
        if a != b:
            between[a][b] = between[a].get(b, 0.0) + w
            between[b][a] = between[b].get(a, 0.0) + w

    def legal(a: int, b: int) -> bool:
        return movable(a) and movable(b) and together(a, b)

    while len(members) > n:
        tied = [
            (w / total - degree[a] * degree[b] / (2 * total * total), -a, -b)
            for a in sorted(between)
            for b, w in sorted(between[a].items())
            if a < b and legal(a, b)
        ]
        if tied:
            _, na, nb = max(tied)
            a, b = -na, -nb
        else:
            loose = [
                (degree[a] * degree[b], a, b)
                for a, b in combinations(sorted(members), 2)
                if legal(a, b)
            ]
            if not loose:
                break
            _, a, b = min(loose)
        members[a] |= members.pop(b)
        degree[a] += degree.pop(b)
        for c, w in between.pop(b).items():
            between[c].pop(b, None)
            if c != a:
                between[a][c] = between[a].get(c, 0.0) + w
                between[c][a] = between[c].get(a, 0.0) + w
        between[a].pop(b, None)
    return sorted(members.values(), key=_key)


def _weights(graph: nx.Graph[int], u: int) -> Iterable[tuple[int, float]]:
    return ((v, float(d.get("weight", 1.0))) for v, d in graph[u].items())


def _split(sub: nx.Graph[int], seed: int) -> Sequence[set[int]]:
    pieces = sorted((set(c) for c in nx.connected_components(sub)), key=_key)
    if len(pieces) > 1:
        return [pieces[0], set().union(*pieces[1:])]
    simple: nx.Graph[int] = nx.Graph()
    simple.add_nodes_from(sorted(sub.nodes))
    simple.add_weighted_edges_from(
        (u, v, w) for u, v, w in sorted(sub.edges(data="weight", default=1.0)) if u != v
    )
    a, b = nxc.kernighan_lin_bisection(simple, weight="weight", seed=seed)
    return [set(a), set(b)]
