"""Read-only views of a design the rules share: indexed calls, topic ends, paths."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import networkx as nx

from ...model import Design
from .. import views
from ..graph import dependency_graph
from ..resilience import EffectiveCall, effective_calls
from .finding import loc

__all__ = [
    "IndexedCall",
    "call_path",
    "chain",
    "consumers",
    "has_gateway",
    "producers",
    "service_index",
    "simple_paths",
    "sync_calls",
    "sync_graph",
]


@dataclass(frozen=True)
class IndexedCall:
    """A synchronous call with its effective settings and where it is in the file."""

    service: int
    dependency: int
    call: EffectiveCall

    def path(self, *field: str) -> str:
        """``services[i].dependencies[j]`` (plus ``field``)."""
        return loc("services", self.service, "dependencies", self.dependency, *field)


def sync_calls(design: Design) -> list[IndexedCall]:
    """Every synchronous dependency, in file order, with its effective settings."""
    places = [
        (i, j)
        for i, svc in enumerate(design.services)
        for j, dep in enumerate(svc.dependencies)
        if dep.protocol != "async"
    ]
    # effective_calls walks the same services and dependencies in the same order.
    return [
        IndexedCall(i, j, call)
        for (i, j), call in zip(places, effective_calls(design), strict=True)
    ]


def service_index(design: Design) -> dict[str, int]:
    """Position of each service in ``design.services``, by name."""
    return views.of(design).service_index


def sync_graph(design: Design) -> nx.DiGraph[str]:
    """The synchronous call graph (no topics)."""
    return dependency_graph(design, include_async=False)


def call_path(
    design: Design, caller: str, callee: str, order: Mapping[str, int] | None = None
) -> str:
    """Path of the first synchronous dependency ``caller -> callee`` in the file.

    ``order`` is ``service_index(design)``, when the rule reports many calls.
    """
    i = (service_index(design) if order is None else order)[caller]
    for j, dep in enumerate(design.services[i].dependencies):
        if dep.target == callee and dep.protocol != "async":
            return loc("services", i, "dependencies", j)
    return loc("services", i)


def chain(names: list[str] | tuple[str, ...]) -> str:
    """``a -> b -> c``."""
    return " -> ".join(names)


def simple_paths(graph: nx.DiGraph[str], limit: int = 100_000) -> Iterator[tuple[str, ...]]:
    """Every maximal simple path from a node nobody calls, depth first, in name order.

    A path stops where it would revisit a node (cycles are their own rule). At
    most ``limit`` paths are produced, so a pathological graph cannot hang.
    """
    roots = sorted(n for n in graph if graph.in_degree(n) == 0)
    produced = 0
    stack: list[tuple[str, ...]] = [(root,) for root in reversed(roots)]
    while stack and produced < limit:
        path = stack.pop()
        nexts = [n for n in sorted(graph.successors(path[-1]), reverse=True) if n not in path]
        if not nexts:
            produced += 1
            yield path
        stack.extend((*path, n) for n in nexts)


def has_gateway(design: Design) -> bool:
    """True if the design has an API gateway (a gateway section or a gateway service)."""
    return design.gateway is not None or any(s.kind == "gateway" for s in design.services)


def producers(design: Design) -> dict[str, list[str]]:
    """Services writing to each topic (:attr:`designkit.analysis.views.Views.producers`)."""
    return views.of(design).producers


def consumers(design: Design) -> dict[str, list[str]]:
    """Services reading each topic (:attr:`designkit.analysis.views.Views.consumers`)."""
    return views.of(design).consumers
