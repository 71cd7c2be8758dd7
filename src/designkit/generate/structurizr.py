"""A Structurizr DSL workspace of the design (``structurizr/workspace.dsl``), the C4 model.

- ``model``: one software system (the design); inside it a container per
  service (technology from its stack, tagged by kind), per data store
  (tagged ``Database``, technology the store's) and per topic (tagged
  ``Topic``, technology the broker), services and their stores grouped by
  bounded context; a ``User`` person when journeys enter the system.
- Relationships: each synchronous dependency (technology REST, gRPC or
  GraphQL), each store access (reads / writes), each publisher and consumer of
  a topic (:func:`~designkit.analysis.traffic.topic_ends`), the user to each
  journey's entry, and a gateway route a journey takes without a declared
  dependency.
- ``views``: the system context, the containers, and a dynamic view per user
  journey following its synchronous calls
  (:func:`~designkit.analysis.journey_calls.all_journey_calls`).

Identifiers are generated (lowercase letters, digits and ``_`` with a prefix
per kind, unique), never typed names. Strings are quoted the way Structurizr's
tokenizer reads them: ``"`` as ``\\"``, line breaks as ``\\n``. Structurizr has
no escape for a backslash or for ``${``, which it replaces with a constant or an
environment variable, so a backslash becomes ``⧵`` (U+29F5) and ``${`` becomes
``＄{`` (U+FF04): the text looks the same and nothing is substituted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..analysis.journey_calls import all_journey_calls
from ..analysis.traffic import topic_ends
from ..model import Design, Service
from .registry import Document, Generator

__all__ = ["GENERATOR", "build", "quote", "workspace"]

_PROTOCOLS = {"rest": "REST", "grpc": "gRPC", "graphql": "GraphQL"}
_BROKERS = {
    "kafka": "Kafka",
    "rabbitmq": "RabbitMQ",
    "pulsar": "Pulsar",
    "nats": "NATS",
    "sqs": "Amazon SQS",
    "none": "messaging",
}
_ACCESS = {"read": "Reads from", "write": "Writes to", "read-write": "Reads from and writes to"}
_TAGS = {
    "business": "Service",
    "gateway": "Gateway",
    "frontend": "Frontend",
    "worker": "Worker",
    "platform": "Platform",
}
_STYLES = (
    ("Person", "shape person"),
    ("Database", "shape cylinder"),
    ("Topic", "shape pipe"),
    ("Gateway", "shape hexagon"),
    ("Frontend", "shape webbrowser"),
)


def quote(text: str) -> str:
    """``text`` as a Structurizr DSL string token.

    Examples
    --------
    >>> print(quote('Say "hi"\\nthen ${HOME} C:\\\\x'))
    "Say \\"hi\\"\\nthen ＄{HOME} C:⧵x"
    """
    clean = text.replace("\r\n", "\n").replace("\\", "\u29f5").replace("${", "\uff04{")
    return '"' + clean.replace('"', '\\"').replace("\n", "\\n") + '"'


class _Ids:
    """Structurizr identifiers (case-insensitive): a prefix and the name, made unique."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, prefix: str, name: str) -> str:
        ident = base = prefix + (re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "x")
        n = 2
        while ident in self.used:
            ident, n = f"{base}_{n}", n + 1
        self.used.add(ident)
        return ident


@dataclass
class _Workspace:
    """The identifiers, container names and relationships, in the order they are written."""

    ids: _Ids = field(default_factory=_Ids)
    services: dict[str, str] = field(default_factory=dict)
    stores: dict[str, str] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    relations: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """(source, destination, description) -> technology: duplicates are errors in Structurizr."""

    def name(self, text: str, kind: str) -> str:
        """A container name unique in the system (Structurizr requires it)."""
        name = text if text not in self.names else f"{text} ({kind})"
        n = 2
        while name in self.names:
            name, n = f"{text} ({kind} {n})", n + 1
        self.names.add(name)
        return name

    def relate(self, source: str, destination: str, description: str, technology: str) -> None:
        self.relations.setdefault((source, destination, description), technology)


def _technology(service: Service) -> str:
    return ", ".join(t for t in (service.stack.language, service.stack.framework) if t)


def _container(ws: _Workspace, ident: str, name: str, text: str, tech: str, tag: str) -> str:
    args = " ".join(quote(t) for t in (ws.name(name, tag.lower()), text, tech, tag))
    return f"{ident} = container {args}"


def _containers(design: Design, ws: _Workspace) -> list[str]:
    broker = _BROKERS[design.platform.broker]
    owner_context = {s.name: s.context for s in design.services}
    groups: dict[str | None, list[str]] = {c.name: [] for c in design.contexts}
    for svc in design.services:
        ws.services[svc.name] = ident = ws.ids("svc_", svc.name)
        text = svc.description or "; ".join(svc.responsibilities)
        tag = _TAGS[svc.kind]
        groups.setdefault(svc.context, []).append(
            _container(ws, ident, svc.name, text, _technology(svc), tag)
        )
    for store in design.stores:
        ws.stores[store.name] = ident = ws.ids("db_", store.name)
        text = f"{store.purpose.capitalize()} store" + (f" of {store.owner}" if store.owner else "")
        line = _container(ws, ident, store.name, text, store.technology, "Database")
        groups.setdefault(owner_context.get(store.owner or ""), []).append(line)
    for topic in design.topics:
        ws.topics[topic.name] = ident = ws.ids("topic_", topic.name)
        text = f"{topic.partitions} partitions" + (f", keyed by {topic.key}" if topic.key else "")
        groups.setdefault(None, []).append(_container(ws, ident, topic.name, text, broker, "Topic"))
    lines = []
    for context, members in groups.items():
        if context is None or not members:
            continue
        lines += [f"group {quote(context)} {{", *(f"    {m}" for m in members), "}"]
    return lines + groups.get(None, [])


def _relationships(design: Design, ws: _Workspace, user: str | None) -> None:
    broker = _BROKERS[design.platform.broker]
    technologies = {s.name: s.technology for s in design.stores}
    if user:
        for entry in dict.fromkeys(j.entry for j in design.journeys):
            ws.relate(user, ws.services[entry], "Uses", "HTTPS")
    for svc in design.services:
        source = ws.services[svc.name]
        for dep in svc.dependencies:
            if dep.protocol != "async":
                text = dep.description or "Calls"
                ws.relate(source, ws.services[dep.target], text, _PROTOCOLS[dep.protocol])
        for access in svc.stores:
            if access.store in ws.stores:
                technology = technologies[access.store]
                ws.relate(source, ws.stores[access.store], _ACCESS[access.access], technology)
    publishers, consumers = topic_ends(design)
    for topic, ident in ws.topics.items():
        for name in publishers.get(topic, []):
            ws.relate(ws.services[name], ident, "Publishes to", broker)
        for name in consumers.get(topic, []):
            ws.relate(ws.services[name], ident, "Subscribes to", broker)


def _dynamic_views(design: Design, ws: _Workspace, system: str, user: str | None) -> list[str]:
    lines: list[str] = []
    keys = _Ids()
    for journey, calls in zip(design.journeys, all_journey_calls(design), strict=True):
        key = keys("journey-", journey.name).replace("_", "-")
        text = f"{journey.name}: {journey.description}" if journey.description else journey.name
        lines.append(f"dynamic {system} {quote(key)} {quote(text)} {{")
        if user:
            lines.append(f"    {user} -> {ws.services[journey.entry]} {quote(journey.name)}")
        for items in calls.values():
            for call in items:
                source, target = ws.services[call.caller], ws.services[call.callee]
                if call.implied:
                    ws.relate(source, target, "Routes requests to", "REST")
                text = f"Route {call.route}" if call.route else "Calls"
                lines.append(f"    {source} -> {target} {quote(text)}")
        lines += ["    autoLayout lr", "}"]
    return lines


def _styles() -> list[str]:
    lines = []
    for tag, style in _STYLES:
        lines += [f"    element {quote(tag)} {{", f"        {style}", "    }"]
    return lines


def workspace(design: Design) -> str:
    """The Structurizr DSL text of ``design``.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "shop"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "protocol": "grpc"}]},
    ...     {"name": "b"}]})
    >>> print(workspace(d))  # doctest: +ELLIPSIS
    workspace "shop" "" {
        model {
            system = softwareSystem "shop" "" "Designed with designkit" {
                svc_a = container "a" "" "java" "Service"
                svc_b = container "b" "" "java" "Service"
            }
            svc_a -> svc_b "Calls" "gRPC"
        }
        views {
            systemContext system "context" "System context" {
    ...
    """
    title = design.metadata.title or design.metadata.name
    ws = _Workspace()
    ws.ids.used.update({"system", "user"})
    user = "user" if design.journeys else None
    containers = _containers(design, ws)
    _relationships(design, ws, user)
    dynamic = _dynamic_views(design, ws, "system", user)  # may add route relationships
    description = design.metadata.description
    model = []
    if user:
        person = "User" if title != "User" else "End user"  # top-level names are unique
        model.append(f"user = person {quote(person)} {quote(f'Someone using {title}')}")
    model.append(
        f"system = softwareSystem {quote(title)} {quote(description)} "
        f"{quote('Designed with designkit')} {{"
    )
    model += [f"    {line}" for line in containers] + ["}"]
    model += [
        f"{s} -> {d} {quote(text)} {quote(tech)}" for (s, d, text), tech in ws.relations.items()
    ]
    views = [
        f"systemContext system {quote('context')} {quote('System context')} {{",
        "    include *",
        "    autoLayout",
        "}",
        f"container system {quote('containers')} {quote('Containers')} {{",
        "    include *",
        "    autoLayout lr",
        "}",
        *dynamic,
        "styles {",
        *_styles(),
        "}",
    ]
    lines = [
        f"workspace {quote(title)} {quote(description)} {{",
        "    model {",
        *(f"        {line}" for line in model),
        "    }",
        "    views {",
        *(f"        {line}" for line in views),
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def build(design: Design) -> list[Document]:
    """``structurizr/workspace.dsl``.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "shop"}, "services": [{"name": "a"}]})
    >>> [doc.path for doc in build(d)]
    ['structurizr/workspace.dsl']
    """
    return [Document("structurizr/workspace.dsl", workspace(design), "text")]


GENERATOR = Generator(
    "structurizr",
    "Structurizr DSL workspace (C4 model): containers, relationships, views",
    build,
    aliases=("c4",),
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
