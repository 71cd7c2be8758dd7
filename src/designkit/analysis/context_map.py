"""The context map as a graph, and the dependency graph collapsed to bounded contexts.

Pure functions over a design or over :func:`~designkit.analysis.graph.dependency_graph`:
the renderers (static and interactive) draw what these return. A relationship is
labelled the way Context Mapper draws it: ``U``/``D`` at the upstream and
downstream ends, the upstream's patterns (OHS, PL) and the downstream's (CF, ACL)
beside them, and the symmetric kinds named on the line.

Graphs with more than :data:`COLLAPSE_ABOVE` services are unreadable drawn flat,
so renderers collapse them to one node per bounded context by default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..errors import DesignKitError
from ..model import ContextRelation, Design
from ..model.references import suggest

__all__ = [
    "COLLAPSE_ABOVE",
    "NO_CONTEXT",
    "PATTERN_ABBREVIATIONS",
    "Relationship",
    "UnknownContextError",
    "check_context",
    "collapse_by_context",
    "context_map_graph",
    "contexts_of",
    "focus_context",
    "relationship",
    "should_collapse",
]

COLLAPSE_ABOVE = 150
"""Draw a dependency graph of more services than this collapsed to bounded contexts."""

NO_CONTEXT = "(no context)"
"""The group of services that name no bounded context."""

PATTERN_ABBREVIATIONS = {
    "open-host-service": "OHS",
    "published-language": "PL",
    "conformist": "CF",
    "anticorruption-layer": "ACL",
}
"""Context Mapper's short names of the upstream and downstream patterns."""

_NAMES = {
    "partnership": "Partnership",
    "shared-kernel": "Shared Kernel",
    "customer-supplier": "Customer/Supplier",
    "upstream-downstream": "",
    "separate-ways": "Separate Ways",
}
_ORDER = list(PATTERN_ABBREVIATIONS)  # OHS before PL, CF before ACL, whatever the file says


class UnknownContextError(DesignKitError, KeyError):
    """A bounded context asked for by name is not in the graph."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Relationship:
    """How one context-map relation is labelled.

    ``name`` is written on the line ("" for a plain upstream-downstream relation);
    asymmetric relations mark their ends ``U`` and ``D`` with their patterns.
    """

    kind: str
    name: str
    symmetric: bool
    upstream_patterns: tuple[str, ...] = ()
    downstream_patterns: tuple[str, ...] = ()
    description: str = ""

    @property
    def upstream_end(self) -> str:
        """``U``, with the upstream patterns: ``U (OHS, PL)``; "" when symmetric."""
        return _end("U", self.upstream_patterns) if not self.symmetric else ""

    @property
    def downstream_end(self) -> str:
        """``D``, with the downstream patterns: ``D (ACL)``; "" when symmetric."""
        return _end("D", self.downstream_patterns) if not self.symmetric else ""

    @property
    def text(self) -> str:
        """The whole label on one line, e.g. ``Customer/Supplier: U (OHS) → D (ACL)``."""
        if self.symmetric:
            return self.name
        ends = f"{self.upstream_end} → {self.downstream_end}"
        return f"{self.name}: {ends}" if self.name else ends


def _end(mark: str, patterns: tuple[str, ...]) -> str:
    return f"{mark} ({', '.join(patterns)})" if patterns else mark


def relationship(relation: ContextRelation) -> Relationship:
    """The Context Mapper label of one relation of ``design.context_map``.

    Examples
    --------
    >>> from designkit.model import ContextRelation
    >>> r = relationship(ContextRelation(upstream="Catalog", downstream="Ordering",
    ...     kind="customer-supplier", upstream_roles=["published-language",
    ...     "open-host-service"], downstream_roles=["anticorruption-layer"]))
    >>> r.text
    'Customer/Supplier: U (OHS, PL) → D (ACL)'
    >>> relationship(ContextRelation(upstream="A", downstream="B", kind="shared-kernel")).text
    'Shared Kernel'
    """
    symmetric = relation.kind in {"partnership", "shared-kernel", "separate-ways"}

    def short(roles: Iterable[str]) -> tuple[str, ...]:
        return tuple(PATTERN_ABBREVIATIONS[r] for r in sorted(set(roles), key=_ORDER.index))

    return Relationship(
        kind=relation.kind,
        name=_NAMES[relation.kind],
        symmetric=symmetric,
        upstream_patterns=short(relation.upstream_roles),
        downstream_patterns=short(relation.downstream_roles),
        description=relation.description,
    )


def context_map_graph(design: Design) -> nx.DiGraph[str]:
    """Bounded contexts as nodes, context-map relations as edges (upstream -> downstream).

    Node attributes: ``kind`` (core, supporting, generic), ``team``, ``description``
    and ``services`` (the names of the services in the context, sorted). Edge
    attributes: ``relations``, the :class:`Relationship` of each relation between
    the pair in that direction (usually one), and ``sync`` (False for separate
    ways, so layouts do not rank by it).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "contexts": [{"name": "Sales", "kind": "core"}, {"name": "Billing"}],
    ...     "context_map": [{"upstream": "Sales", "downstream": "Billing",
    ...                      "downstream_roles": ["conformist"]}]})
    >>> g = context_map_graph(d)
    >>> g.nodes["Sales"]["kind"], g.edges["Sales", "Billing"]["relations"][0].text
    ('core', 'U → D (CF)')
    """
    members: dict[str, list[str]] = {}
    for svc in design.services:
        if svc.context:
            members.setdefault(svc.context, []).append(svc.name)
    graph: nx.DiGraph[str] = nx.DiGraph(name=design.metadata.name)
    for ctx in design.contexts:
        graph.add_node(
            ctx.name,
            kind=ctx.kind,
            team=ctx.team,
            description=ctx.description,
            services=tuple(sorted(members.get(ctx.name, []))),
        )
    for rel in design.context_map:
        label = relationship(rel)
        if graph.has_edge(rel.upstream, rel.downstream):
            data = graph.edges[rel.upstream, rel.downstream]
            data["relations"] = (*data["relations"], label)
            data["sync"] = data["sync"] or label.kind != "separate-ways"
        else:
            graph.add_edge(
                rel.upstream,
                rel.downstream,
                relations=(label,),
                sync=label.kind != "separate-ways",
            )
    return graph


def should_collapse(graph: nx.DiGraph[str], collapse: bool | None = None) -> bool:
    """Whether to draw ``graph`` collapsed: ``collapse`` if given, else above the threshold.

    Examples
    --------
    >>> should_collapse(nx.DiGraph([("a", "b")]))
    False
    >>> should_collapse(nx.path_graph(COLLAPSE_ABOVE + 1, create_using=nx.DiGraph))
    True
    """
    if collapse is not None:
        return collapse
    return graph.number_of_nodes() > COLLAPSE_ABOVE


def contexts_of(graph: nx.DiGraph[str]) -> list[str]:
    """The bounded contexts of a dependency graph's services, sorted (NO_CONTEXT included)."""
    return sorted({_context(graph.nodes[n]) for n in graph.nodes})


def _context(data: dict[str, Any]) -> str:
    return str(data.get("context") or NO_CONTEXT)


def collapse_by_context(graph: nx.DiGraph[str], *, expand: Iterable[str] = ()) -> nx.DiGraph[str]:
    """One node per bounded context, except the contexts in ``expand``, shown as services.

    ``graph`` is a dependency graph (:func:`~designkit.analysis.graph.dependency_graph`).
    A context node is named after its context (``name (context)`` if a service of
    the graph has that name) with attributes ``type="context"``, ``context``,
    ``services`` (sorted names) and ``internal_calls`` (links inside it). Service
    nodes keep their attributes and get ``type="service"``. Edges aggregate the
    links between their ends: ``calls`` (= ``weight``), ``sync_calls``,
    ``async_calls``, ``sync`` (any of them synchronous), ``hard``, ``protocols``
    and ``topics``.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from([("a", {"context": "X"}), ("b", {"context": "X"}),
    ...                   ("c", {"context": "Y"})])
    >>> g.add_edge("a", "c", sync=True, protocol="rest", topic=None, hard=True)
    >>> g.add_edge("b", "c", sync=False, protocol="async", topic="t", hard=False)
    >>> c = collapse_by_context(g)
    >>> sorted(c.nodes), c.edges["X", "Y"]["calls"], c.edges["X", "Y"]["async_calls"]
    (['X', 'Y'], 2, 1)
    >>> sorted(collapse_by_context(g, expand=["X"]).nodes)
    ['Y', 'a', 'b']
    """
    known = contexts_of(graph)
    opened = set(expand)
    for name in sorted(opened):
        check_context(name, known)
    members: dict[str, list[str]] = {}
    for n in sorted(graph.nodes):
        members.setdefault(_context(graph.nodes[n]), []).append(n)
    node_id = {ctx: f"{ctx} (context)" if ctx in graph else ctx for ctx in known}

    def rep(service: str) -> str:
        ctx = _context(graph.nodes[service])
        return service if ctx in opened else node_id[ctx]

    out: nx.DiGraph[str] = nx.DiGraph(name=graph.graph.get("name", ""))
    for ctx in known:
        if ctx in opened:
            for svc in members[ctx]:
                out.add_node(svc, **{**graph.nodes[svc], "type": "service"})
        else:
            out.add_node(
                node_id[ctx],
                type="context",
                context=ctx,
                services=tuple(members[ctx]),
                internal_calls=0,
            )
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        a, b = rep(u), rep(v)
        if a == b:
            out.nodes[a]["internal_calls"] += 1
            continue
        sync = bool(data.get("sync", True))
        if not out.has_edge(a, b):
            base = dict(data) if (a, b) == (u, v) else {}  # service to service: keep the link
            zero = {"calls": 0, "sync_calls": 0, "async_calls": 0, "sync": False, "hard": False}
            out.add_edge(a, b, **{**base, **zero, "protocols": (), "topics": ()})
        agg = out.edges[a, b]
        agg["calls"] += 1
        agg["weight"] = agg["calls"]
        agg["sync_calls" if sync else "async_calls"] += 1
        agg["sync"] = agg["sync"] or sync
        agg["hard"] = agg["hard"] or bool(data.get("hard", sync))
        agg["protocols"] = tuple(sorted({*agg["protocols"], str(data.get("protocol") or "")}))
        if data.get("topic"):
            agg["topics"] = tuple(sorted({*agg["topics"], str(data["topic"])}))
    return out


def focus_context(graph: nx.DiGraph[str], context: str) -> nx.DiGraph[str]:
    """The services of ``context`` and the contexts they talk to (collapsed), nothing else.

    Raises :class:`UnknownContextError` naming the context if the graph has none by that name.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from([("a", {"context": "X"}), ("b", {"context": "Y"}),
    ...                   ("c", {"context": "Z"})])
    >>> g.add_edge("a", "b", sync=True)
    >>> sorted(focus_context(g, "X").nodes)
    ['Y', 'a']
    """
    check_context(context, contexts_of(graph))
    full = collapse_by_context(graph, expand=[context])
    inside = [n for n in sorted(full.nodes) if full.nodes[n]["type"] == "service"]
    keep = set(inside)
    for n in inside:
        keep.update(full.predecessors(n))
        keep.update(full.successors(n))
    return full.subgraph(sorted(keep)).copy()


def check_context(name: str, known: Iterable[str]) -> None:
    """Raise :class:`UnknownContextError` unless ``name`` is one of the ``known`` contexts.

    Examples
    --------
    >>> try:
    ...     check_context("Salse", ["Sales", "Billing"])
    ... except UnknownContextError as exc:
    ...     print(exc)
    context: 'Salse' is not a bounded context of the graph (did you mean 'Sales'?)
    """
    known = list(known)
    if name not in known:
        raise UnknownContextError(
            f"context: {name!r} is not a bounded context of the graph{suggest(name, known)}"
        )
