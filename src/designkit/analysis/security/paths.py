"""Who may talk to whom: the network and mesh paths the dependency graph opens.

One source for the zero-trust view and for the generators that enforce it:
:mod:`designkit.generate.kubernetes_network` writes NetworkPolicies from
:func:`~designkit.analysis.graph.dependency_graph`, :data:`BROKER_PORTS` and
:func:`async_participants`; :mod:`designkit.generate.istio` writes
AuthorizationPolicies from :func:`mesh_callers`. :func:`flows` reads the same
functions, so what it reports is what the manifests allow.

Peers that are not services have names no service can have (service names are
DNS labels): :data:`INTERNET`, :data:`CLUSTER`, :data:`DNS` and the broker,
named by :func:`broker_peer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...model import Design
from ..graph import dependency_graph

__all__ = [
    "BROKER_PORTS",
    "CLUSTER",
    "DNS",
    "INTERNET",
    "Flow",
    "FlowKind",
    "async_participants",
    "broker_peer",
    "flows",
    "mesh_callers",
    "message_topics",
]

BROKER_PORTS: dict[str, int] = {"kafka": 9092, "rabbitmq": 5672, "pulsar": 6650, "nats": 4222}
"""The conventional client port of each in-cluster broker."""

INTERNET = "(internet)"
"""Clients outside the platform (through Istio's ingress gateway, with a mesh)."""
CLUSTER = "(cluster)"
"""Any pod of any namespace of the cluster."""
DNS = "(dns)"
"""The cluster's DNS (kube-dns)."""

FlowKind = Literal["call", "edge", "broker", "dns"]


def broker_peer(design: Design) -> str:
    """The broker as a peer name.

    Examples
    --------
    >>> broker_peer(Design.model_validate({"metadata": {"name": "x"}}))
    '(kafka)'
    """
    return f"({design.platform.broker})"


def async_participants(design: Design) -> set[str]:
    """Services that talk to the broker: publishers, consumers and async callers.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "publishes": ["t"]}, {"name": "b"}, {"name": "c"}],
    ...     "topics": [{"name": "t", "consumers": ["b"]}]})
    >>> sorted(async_participants(d))
    ['a', 'b']
    """
    names = set()
    for svc in design.services:
        if svc.publishes:
            names.add(svc.name)
        for dep in svc.dependencies:
            if dep.protocol == "async":
                names |= {svc.name, dep.target}
    for topic in design.topics:
        names |= {consumer.service for consumer in topic.consumers}
    return names


def mesh_callers(design: Design) -> dict[str, list[str]]:
    """Who the mesh admits to each service: its synchronous callers, plus the edge.

    An exposed (public or partner) service also admits the design's gateway
    services, or :data:`INTERNET` for a gateway service itself (or when the
    design has none). Services nobody may call are left out.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "gw", "kind": "gateway", "exposure": "public"},
    ...     {"name": "a", "exposure": "public", "dependencies": [{"target": "b"}]},
    ...     {"name": "b"}]})
    >>> mesh_callers(d)
    {'gw': ['(internet)'], 'a': ['gw'], 'b': ['a']}
    """
    graph = dependency_graph(design, include_async=False)
    gateways = [s.name for s in design.services if s.kind == "gateway"]
    allowed: dict[str, list[str]] = {}
    for svc in design.services:
        callers = set(graph.predecessors(svc.name))
        if svc.exposure != "internal":
            if svc.kind == "gateway" or not gateways:
                callers.add(INTERNET)
            else:
                callers.update(g for g in gateways if g != svc.name)
        if callers:
            allowed[svc.name] = sorted(callers)
    return allowed


def message_topics(design: Design) -> dict[tuple[str, str], tuple[str, ...]]:
    """The topics each (producer, consumer) pair exchanges messages through.

    Producers publish to a topic or send an async dependency through it;
    consumers are the topic's consumers and async dependencies' targets.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "publishes": ["t"]}, {"name": "b"}],
    ...     "topics": [{"name": "t", "consumers": ["b"]}]})
    >>> message_topics(d)
    {('a', 'b'): ('t',)}
    """
    pairs: dict[tuple[str, str], set[str]] = {}
    readers: dict[str, set[str]] = {t.name: {c.service for c in t.consumers} for t in design.topics}
    for svc in design.services:
        for dep in svc.dependencies:
            if dep.topic:
                readers.setdefault(dep.topic, set()).add(dep.target)
    for svc in design.services:
        written = {*svc.publishes, *(d.topic for d in svc.dependencies if d.topic)}
        for topic in written:
            for reader in readers.get(topic, set()) - {svc.name}:
                pairs.setdefault((svc.name, reader), set()).add(topic)
    return {pair: tuple(sorted(pairs[pair])) for pair in sorted(pairs)}


@dataclass(frozen=True)
class Flow:
    """One path from a source to a target, and which enforcement layer admits it."""

    source: str
    target: str
    kind: FlowKind
    protocol: str
    """rest, grpc or graphql for calls; https at the edge; the broker's name; dns."""
    port: int
    identity: str | None
    """The service account the source presents (its mTLS identity); None for peers
    outside the platform, and for the broker and DNS, which check no workload identity."""
    network: bool
    """A generated NetworkPolicy admits it (the namespace otherwise denies everything)."""
    mesh: bool | None
    """A generated AuthorizationPolicy admits it; None where the mesh does not check."""
    publishes: tuple[str, ...] = ()
    consumes: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        """True if every layer that checks this path admits it."""
        return self.network and self.mesh is not False


def _topics_of(design: Design) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    written: dict[str, set[str]] = {}
    read: dict[str, set[str]] = {}
    for svc in design.services:
        written.setdefault(svc.name, set()).update(svc.publishes)
        for dep in svc.dependencies:
            if dep.topic:
                written[svc.name].add(dep.topic)
                read.setdefault(dep.target, set()).add(dep.topic)
    for topic in design.topics:
        for consumer in topic.consumers:
            read.setdefault(consumer.service, set()).add(topic.name)
    return written, read


def flows(design: Design) -> list[Flow]:
    """Every path the generated policies open, plus those only the mesh admits.

    NetworkPolicies open synchronous calls, the edge to gateway services, the
    broker to its participants and DNS to every pod. With Istio,
    AuthorizationPolicies admit :func:`mesh_callers`; a caller the mesh admits
    but no NetworkPolicy lets through is listed with ``network=False`` (it is
    blocked). NetworkPolicies only bind on Kubernetes: on another orchestrator
    the network layer denies nothing (:mod:`.zero_trust` reports it).

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "protocol": "grpc"}]},
    ...     {"name": "b", "deployment": {"port": 9090}}]})
    >>> for f in flows(d):
    ...     print(f.source, f.target, f.protocol, f.port, f.identity, f.allowed)
    a b grpc 9090 a True
    a (dns) dns 53 None True
    b (dns) dns 53 None True
    """
    graph = dependency_graph(design, include_async=False)
    ports = {svc.name: svc.deployment.port for svc in design.services}
    gateways = {svc.name for svc in design.services if svc.kind == "gateway"}
    istio = design.mesh.technology == "istio"
    admitted = mesh_callers(design)
    out: list[Flow] = []

    def mesh_says(source: str, target: str) -> bool | None:
        return source in admitted.get(target, []) if istio else None

    for svc in design.services:
        if svc.name in gateways:
            source = INTERNET if svc.exposure != "internal" else CLUSTER
            out.append(
                Flow(
                    source,
                    svc.name,
                    "edge",
                    "https",
                    ports[svc.name],
                    None,
                    True,
                    mesh=mesh_says(source, svc.name),
                )
            )
        for callee in sorted(graph.successors(svc.name)):
            protocol = str(graph.edges[svc.name, callee]["protocol"])
            out.append(
                Flow(
                    svc.name,
                    callee,
                    "call",
                    protocol,
                    ports[callee],
                    svc.name,
                    True,
                    mesh=mesh_says(svc.name, callee),
                )
            )
    opened = {(f.source, f.target) for f in out}
    for target, callers in admitted.items() if istio else ():
        for source in callers:
            if (source, target) in opened:
                continue
            edge = source == INTERNET or source in gateways
            out.append(
                Flow(
                    source,
                    target,
                    kind="edge" if edge else "call",
                    protocol="https" if source == INTERNET else "rest",
                    port=ports[target],
                    identity=None if source == INTERNET else source,
                    network=False,
                    mesh=True,
                )
            )
    broker_port = BROKER_PORTS.get(design.platform.broker)
    if broker_port:
        written, read = _topics_of(design)
        out.extend(
            Flow(
                name,
                broker_peer(design),
                kind="broker",
                protocol=design.platform.broker,
                port=broker_port,
                identity=None,
                network=True,
                mesh=None,
                publishes=tuple(sorted(written.get(name, ()))),
                consumes=tuple(sorted(read.get(name, ()))),
            )
            for name in sorted(async_participants(design))
        )
    out.extend(Flow(s.name, DNS, "dns", "dns", 53, None, True, None) for s in design.services)
    return out
