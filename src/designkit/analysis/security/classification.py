"""Classified data (PII, PCI, PHI) traced to every store, topic and service that holds it.

Where a class comes from:

- a store's own ``classification``, and the classified attributes of the
  entities it keeps (``stores[].entities``);
- an event's classified fields, for the topic it travels on;
- a service holds what the stores it owns or uses hold, and what travels on
  the topics it publishes or consumes; an entity kept in no store is held by
  the services of its context.

:func:`holdings` lists each (holder, class) with its protection at rest and in
transit; :mod:`.protection` reports the gaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...model import Design, Service
from ..antipatterns.finding import loc

__all__ = [
    "REGULATED",
    "SENSITIVE",
    "HolderKind",
    "Holding",
    "Trace",
    "holdings",
    "store_classes",
    "topic_classes",
]

SENSITIVE = ("pci", "phi", "pii")
"""The classes traced: cardholder data, health information, personal data."""
REGULATED = frozenset({"pci", "phi"})
"""Classes whose every access must leave an audit trail (PCI-DSS 10.2, HIPAA 164.312(b))."""
_RESTRICTED = ("confidential", *SENSITIVE)

HolderKind = Literal["store", "topic", "service"]
_KINDS: tuple[HolderKind, ...] = ("store", "topic", "service")

Trace = dict[str, dict[str, list[str]]]
"""Holder name -> class -> the field paths that put the class there."""


@dataclass(frozen=True)
class Holding:
    """One holder of one class of data, and how it is protected."""

    data_class: str
    holder: str
    kind: HolderKind
    context: str | None
    via: tuple[str, ...]
    """Stores, topics or entities the data reaches the holder through."""
    sources: tuple[str, ...]
    """Field paths that show it."""
    at_rest: bool | None
    """Encrypted at rest (stores); None where the design does not say (topics, services)."""
    in_transit: str
    """How it travels: 'mTLS (STRICT)', 'mTLS (service)', 'TLS' or 'none'."""

    @property
    def protected_in_transit(self) -> bool:
        """True unless it travels in plaintext."""
        return self.in_transit != "none"


def _add(trace: Trace, holder: str, data_class: str, source: str) -> None:
    paths = trace.setdefault(holder, {}).setdefault(data_class, [])
    if source not in paths:
        paths.append(source)


def _entity_classes(design: Design) -> Trace:
    trace: Trace = {}
    for k, entity in enumerate(design.domain.entities):
        for m, attr in enumerate(entity.attributes):
            if attr.classification in _RESTRICTED:
                where = loc("domain", "entities", k, "attributes", m, "classification")
                _add(trace, entity.name, attr.classification, where)
    return trace


def store_classes(design: Design, *, include_confidential: bool = False) -> Trace:
    """Classes each store holds: its own classification and its entities' attributes.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "domain": {"entities": [{"name": "Card",
    ...         "attributes": [{"name": "pan", "classification": "pci"}]}]},
    ...     "stores": [{"name": "db", "classification": ["pii"], "entities": ["Card"]}]})
    >>> store_classes(d)
    {'db': {'pii': ['stores[0].classification'], \
'pci': ['domain.entities[0].attributes[0].classification']}}
    """
    wanted = _RESTRICTED if include_confidential else SENSITIVE
    entities = _entity_classes(design)
    trace: Trace = {}
    for i, store in enumerate(design.stores):
        for own in store.classification:
            if own in wanted:
                _add(trace, store.name, own, loc("stores", i, "classification"))
        for name in store.entities:
            for data_class, paths in entities.get(name, {}).items():
                if data_class in wanted:
                    for path in paths:
                        _add(trace, store.name, data_class, path)
    return trace


def topic_classes(design: Design) -> Trace:
    """Classes each topic carries, from its events' classified fields.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "topics": [{"name": "t"}],
    ...     "events": [{"name": "E", "topic": "t",
    ...                 "fields": [{"name": "email", "classification": "pii"}]}]})
    >>> topic_classes(d)
    {'t': {'pii': ['events[0].fields[0].classification']}}
    """
    trace: Trace = {}
    for i, event in enumerate(design.events):
        for j, item in enumerate(event.fields):
            if item.classification in SENSITIVE:
                where = loc("events", i, "fields", j, "classification")
                _add(trace, event.topic, item.classification, where)
    return trace


def _in_transit(design: Design, service: Service | None) -> str:
    if service is not None:
        if design.mesh.technology != "none" and design.mesh.mtls.mode == "STRICT":
            return "mTLS (STRICT)"
        if service.auth == "mtls":
            return "mTLS (service)"
    return "TLS" if design.security.encryption_in_transit else "none"


def _service_trace(
    design: Design, stores: Trace, topics: Trace
) -> dict[str, dict[str, set[tuple[str, str]]]]:
    """Service -> class -> what it reaches the service through, with the paths."""
    via: dict[str, dict[str, set[tuple[str, str]]]] = {}

    def hold(service: str, name: str, classes: dict[str, list[str]], path: str) -> None:
        for data_class in classes:
            via.setdefault(service, {}).setdefault(data_class, set()).add((name, path))

    for i, svc in enumerate(design.services):
        for j, use in enumerate(svc.stores):
            hold(svc.name, use.store, stores.get(use.store, {}), loc("services", i, "stores", j))
        for j, name in enumerate(svc.publishes):
            hold(svc.name, name, topics.get(name, {}), loc("services", i, "publishes", j))
        for j, dep in enumerate(svc.dependencies):
            if dep.topic:
                path = loc("services", i, "dependencies", j)
                hold(svc.name, dep.topic, topics.get(dep.topic, {}), path)
                hold(dep.target, dep.topic, topics.get(dep.topic, {}), path)
    for i, store in enumerate(design.stores):
        if store.owner:
            hold(store.owner, store.name, stores.get(store.name, {}), loc("stores", i, "owner"))
    for t, topic in enumerate(design.topics):
        for c, consumer in enumerate(topic.consumers):
            path = loc("topics", t, "consumers", c)
            hold(consumer.service, topic.name, topics.get(topic.name, {}), path)
    kept = {name for store in design.stores for name in store.entities}
    members: dict[str, list[str]] = {}
    for svc in design.services:
        if svc.context:
            members.setdefault(svc.context, []).append(svc.name)
    for k, entity in enumerate(design.domain.entities):
        if entity.name in kept or not entity.context:
            continue
        classes: dict[str, list[str]] = {
            str(a.classification): [] for a in entity.attributes if a.classification in SENSITIVE
        }
        for service in members.get(entity.context, []):
            hold(service, entity.name, classes, loc("domain", "entities", k, "context"))
    return via


def holdings(design: Design) -> list[Holding]:
    """Every holder of PCI, PHI or PII data, by class, then stores, topics and services.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "a", "stores": [{"store": "db"}]}],
    ...     "stores": [{"name": "db", "owner": "a", "classification": ["pii"],
    ...                 "encrypted_at_rest": False}]})
    >>> for h in holdings(d):
    ...     print(h.data_class, h.kind, h.holder, h.via, h.at_rest, h.in_transit)
    pii store db ('db',) False TLS
    pii service a ('db',) None mTLS (STRICT)
    """
    stores = store_classes(design)
    topics = topic_classes(design)
    services = {s.name: s for s in design.services}
    out: list[Holding] = []
    for store in design.stores:
        for data_class, paths in stores.get(store.name, {}).items():
            context = services[store.owner].context if store.owner in services else None
            out.append(
                Holding(
                    data_class,
                    store.name,
                    "store",
                    context,
                    (store.name,),
                    tuple(paths),
                    store.encrypted_at_rest,
                    _in_transit(design, None),
                )
            )
    for topic in design.topics:
        for data_class, paths in topics.get(topic.name, {}).items():
            out.append(
                Holding(
                    data_class,
                    topic.name,
                    "topic",
                    None,
                    (topic.name,),
                    tuple(paths),
                    None,
                    _in_transit(design, None),
                )
            )
    for name, classes in _service_trace(design, stores, topics).items():
        for data_class, pairs in classes.items():
            items = sorted(pairs)
            out.append(
                Holding(
                    data_class,
                    name,
                    "service",
                    services[name].context,
                    tuple(dict.fromkeys(v for v, _ in items)),
                    tuple(dict.fromkeys(p for _, p in items)),
                    None,
                    _in_transit(design, services[name]),
                )
            )
    order = {("service", s.name): i for i, s in enumerate(design.services)}
    order |= {("store", s.name): i for i, s in enumerate(design.stores)}
    order |= {("topic", t.name): i for i, t in enumerate(design.topics)}
    return sorted(
        out,
        key=lambda h: (
            SENSITIVE.index(h.data_class),
            _KINDS.index(h.kind),
            order[(h.kind, h.holder)],
        ),
    )
