"""The service dependency graph of a design, as a networkx DiGraph."""

from __future__ import annotations

import networkx as nx

from ..model import Design

__all__ = ["dependency_graph"]


def dependency_graph(design: Design, *, include_async: bool = True) -> nx.DiGraph[str]:
    """Services as nodes, calls as edges (caller -> callee).

    Node attributes: ``context``, ``team``, ``kind``, ``exposure``. Edge attributes:
    ``protocol`` (rest, grpc, graphql, async), ``sync`` (bool), ``hard``, ``topic``
    and ``calls_per_request``. Async edges come from explicit async dependencies
    and from topics (each publisher -> each consumer). When a pair has both a sync
    and an async link, the sync one is kept (it is the stronger coupling).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "protocol": "grpc"}]},
    ...     {"name": "b"}]})
    >>> g = dependency_graph(d)
    >>> list(g.edges(data="protocol"))
    [('a', 'b', 'grpc')]
    """
    graph: nx.DiGraph[str] = nx.DiGraph(name=design.metadata.name)
    for svc in design.services:
        graph.add_node(
            svc.name, context=svc.context, team=svc.team, kind=svc.kind, exposure=svc.exposure
        )
    async_edges: list[tuple[str, str, str]] = []
    for svc in design.services:
        for dep in svc.dependencies:
            if dep.protocol == "async":
                async_edges.append((svc.name, dep.target, dep.topic or ""))
                continue
            graph.add_edge(
                svc.name,
                dep.target,
                protocol=dep.protocol,
                sync=True,
                hard=dep.hard,
                topic=None,
                calls_per_request=dep.calls_per_request,
            )
    if include_async:
        publishers: dict[str, list[str]] = {}
        for svc in design.services:
            for name in svc.publishes:
                publishers.setdefault(name, []).append(svc.name)
        for topic in design.topics:
            for producer in publishers.get(topic.name, []):
                for consumer in topic.consumers:
                    if consumer.service != producer:
                        async_edges.append((producer, consumer.service, topic.name))
        for source, target, topic_name in sorted(async_edges):
            if not graph.has_edge(source, target):
                graph.add_edge(
                    source,
                    target,
                    protocol="async",
                    sync=False,
                    hard=False,
                    topic=topic_name,
                    calls_per_request=1.0,
                )
    return graph
