"""A Backstage software catalog of the design (``backstage/catalog-info.yaml``).

One multi-document YAML file, in this order:

- ``Group`` per team (``spec.type: team``), plus ``unowned`` when something
  has no team: Backstage requires an owner, and the workshop must name one;
- ``Domain`` for the design (its business domain), stewarded by the team that
  owns the most bounded contexts, and a ``System`` per bounded context in it,
  owned by the context's team (else the team owning most of its services);
- ``Component`` per service (``spec.type`` ``service``, or ``website`` for a
  frontend): owner from its team, system from its context, ``providesApis``
  and ``consumesApis`` for its contracts, ``dependsOn`` its stores, topics and
  the services it calls that publish no contract (gRPC services, workers);
- ``API`` per contract: each service's OpenAPI document and the design's
  AsyncAPI document, built by :mod:`designkit.generate.openapi` and
  :mod:`designkit.generate.asyncapi`. The definition is a ``$text``
  placeholder pointing at the file ``designkit generate`` writes beside the
  catalog (``../openapi/<service>.yaml``), which Backstage reads in;
- ``Resource`` per data store and per topic.

Entity names follow Backstage's rules (letters and digits separated by one
of ``-_.``, at most 63 characters): names users typed are turned into such a
slug, made unique per kind, and kept as the entity's ``title``.
The lifecycle is ``production`` for a migration (the services run today) and
``experimental`` for a greenfield design.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..analysis.traffic import topic_ends
from ..model import DataStore, Design, Service, Topic
from . import openapi
from .registry import Document, Generator
from .write import safe_path

__all__ = ["API_VERSION", "GENERATOR", "UNOWNED", "build", "catalog", "entity_name", "tag"]

API_VERSION = "backstage.io/v1alpha1"
UNOWNED = "unowned"
"""The group that owns what the design gives no team."""

Entity = dict[str, Any]
"""One catalog entity: apiVersion, kind, metadata, spec."""

_MAX = 63
_STORE_TYPES = {
    "primary": "database",
    "cache": "cache",
    "search": "search-index",
    "analytics": "data-warehouse",
    "objects": "bucket",
    "events": "event-store",
}


def entity_name(text: str) -> str:
    """A Backstage entity name for ``text``: ``[A-Za-z0-9]`` runs joined by ``-``, ``_`` or ``.``.

    Examples
    --------
    >>> entity_name("Order Management")
    'order-management'
    >>> entity_name("orders.placed.v1")
    'orders.placed.v1'
    >>> entity_name("Ünïcode & <b>HTML</b>")
    'unicode-b-html-b'
    >>> entity_name("!!!")
    'x'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower())
    slug = re.sub(r"([-_.])[-_.]+", r"\1", slug).strip("-_.")
    slug = slug[:_MAX].rstrip("-_.")
    return slug or "x"


def tag(text: str) -> str:
    """A Backstage tag for ``text``: ``[a-z0-9:+#]`` runs joined by single ``-``.

    Examples
    --------
    >>> [tag(t) for t in ("C++", "C#", "Node.js", "Spring Boot 3", "***")]
    ['c++', 'c#', 'node-js', 'spring-boot-3', 'x']
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9:+#]+", "-", ascii_text.lower()).strip("-")
    return slug[:_MAX].rstrip("-") or "x"


class _Names:
    """Unique entity names of one kind, stable for a given input order."""

    def __init__(self) -> None:
        self.by_text: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, text: str) -> str:
        if text in self.by_text:
            return self.by_text[text]
        name = base = entity_name(text)
        n = 2
        while name in self.used:
            suffix = f"-{n}"
            name, n = base[: _MAX - len(suffix)].rstrip("-_.") + suffix, n + 1
        self.used.add(name)
        self.by_text[text] = name
        return name


def _entity(kind: str, name: str, title: str, description: str, spec: dict[str, Any]) -> Entity:
    metadata: dict[str, Any] = {"name": name}
    if title != name:
        metadata["title"] = title
    if description:
        metadata["description"] = description
    return {"apiVersion": API_VERSION, "kind": kind, "metadata": metadata, "spec": spec}


def _beside(path: str) -> str:
    """``path`` (as a generator names it) relative to ``backstage/``, as the writer writes it."""
    return "../" + safe_path(path).as_posix()


class _Catalog:
    """The lookups every entity needs: names per kind, owners and systems."""

    def __init__(self, design: Design) -> None:
        self.design = design
        self.groups, self.systems, self.resources, api = _Names(), _Names(), _Names(), _Names()
        self.services = {s.name: s for s in design.services}
        self.unowned = False
        self.context_team = {c.name: c.team for c in design.contexts}
        self.apis: dict[str, str] = {}
        """Service name -> its OpenAPI API entity name."""
        self.definitions: dict[str, str] = {}
        """API entity name -> the path of its definition relative to the catalog."""
        # Which contracts exist is decided the way the generators decide it, without
        # building them: a service with REST endpoints has an OpenAPI document at
        # openapi/<service>.yaml, a design with topics one AsyncAPI document
        # (the tests check that every reference names a file they write).
        for svc in design.services:
            if openapi.rest_endpoints(svc):
                self.apis[svc.name] = name = api(f"{svc.name}-api")
                self.definitions[name] = _beside(f"openapi/{svc.name}.yaml")
        self.events: str | None = None
        if design.topics:
            self.events = api(f"{design.metadata.name}-events")
            self.definitions[self.events] = _beside(f"asyncapi/{design.metadata.name}.yaml")

    def owner(self, team: str | None) -> str:
        if team is None:
            self.unowned = True
            return f"group:{UNOWNED}"
        return f"group:{self.groups(team)}"

    def service_team(self, service: Service) -> str | None:
        return service.team or (self.context_team.get(service.context) if service.context else None)

    def system(self, context: str | None) -> dict[str, str]:
        return {"system": self.systems(context)} if context else {}


def _group_entities(cat: _Catalog) -> list[Entity]:
    design = cat.design
    entities = []
    for team in design.teams:
        spec: dict[str, Any] = {"type": "team", "children": []}
        text = f"A {team.kind} team of {team.size}."
        entities.append(_entity("Group", cat.groups(team.name), team.name, text, spec))
    return entities


def _system_entities(cat: _Catalog) -> list[Entity]:
    """A Domain for the design, then a System per bounded context (none without contexts)."""
    design = cat.design
    if not design.contexts:
        return []
    teams: dict[str, Counter[str]] = {}
    for svc in design.services:
        if svc.context and svc.team:
            teams.setdefault(svc.context, Counter())[svc.team] += 1
    domain = entity_name(design.metadata.name)
    systems, stewards = [], Counter[str]()
    for ctx in design.contexts:
        team = ctx.team
        if team is None and ctx.name in teams:
            team = teams[ctx.name].most_common(1)[0][0]
        if team is not None:
            stewards[team] += 1
        description = ctx.description or f"The {ctx.name} bounded context ({ctx.kind} domain)."
        spec = {"owner": cat.owner(team), "domain": domain, "type": f"{ctx.kind}-context"}
        systems.append(_entity("System", cat.systems(ctx.name), ctx.name, description, spec))
    # The team that owns the most bounded contexts stewards the domain (first on a tie).
    steward = stewards.most_common(1)[0][0] if stewards else None
    title = design.metadata.domain or design.metadata.title or design.metadata.name
    spec = {"owner": cat.owner(steward)}
    text = design.metadata.description or f"The bounded contexts of {title}."
    return [_entity("Domain", domain, title, text, spec), *systems]


def _by_service(ends: dict[str, list[str]]) -> dict[str, list[str]]:
    """Invert topic -> services into service -> topics (topics in file order)."""
    table: dict[str, list[str]] = {}
    for topic, services in ends.items():
        for name in services:
            table.setdefault(name, []).append(topic)
    return table


def _component(
    cat: _Catalog,
    svc: Service,
    publishers: dict[str, list[str]],
    consumers: dict[str, list[str]],
) -> Entity:
    """The Component of ``svc``; ``publishers``/``consumers``: service -> its topics."""
    spec: dict[str, Any] = {
        "type": "website" if svc.kind == "frontend" else "service",
        "lifecycle": _lifecycle(cat.design),
        "owner": cat.owner(cat.service_team(svc)),
        **cat.system(svc.context),
    }
    provides = [f"api:{cat.apis[svc.name]}"] if svc.name in cat.apis else []
    consumes: list[str] = []
    depends = [f"resource:{cat.resources(a.store)}" for a in svc.stores]
    for dep in svc.dependencies:
        if dep.protocol == "async":
            continue
        if dep.protocol in {"rest", "graphql"} and dep.target in cat.apis:
            consumes.append(f"api:{cat.apis[dep.target]}")
        else:
            depends.append(f"component:{dep.target}")
    topics, consumed = publishers.get(svc.name, []), consumers.get(svc.name, [])
    depends += [f"resource:{cat.resources(t)}" for t in topics + consumed]
    if cat.events and topics:
        provides.append(f"api:{cat.events}")
    if cat.events and consumed:
        consumes.append(f"api:{cat.events}")
    for key, refs in (
        ("providesApis", provides),
        ("consumesApis", consumes),
        ("dependsOn", depends),
    ):
        if refs:
            spec[key] = list(dict.fromkeys(refs))
    text = svc.description or "; ".join(svc.responsibilities)
    tags = [tag(t) for t in (svc.stack.language, svc.stack.framework) if t]
    entity = _entity("Component", svc.name, svc.name, text, spec)
    if tags:
        entity["metadata"]["tags"] = list(dict.fromkeys(tags))
    return entity


def _lifecycle(design: Design) -> str:
    return "production" if design.requirements.kind == "migration" else "experimental"


def _api_entities(cat: _Catalog) -> list[Entity]:
    design = cat.design
    entities = []
    for service, name in cat.apis.items():
        svc = cat.services[service]
        spec = {
            "type": "openapi",
            "lifecycle": _lifecycle(design),
            "owner": cat.owner(cat.service_team(svc)),
            **cat.system(svc.context),
            "definition": {"$text": cat.definitions[name]},
        }
        text = f"The REST API of {service}, as OpenAPI 3.1."
        entities.append(_entity("API", name, f"{service} API", text, spec))
    if cat.events:
        publishers, _ = topic_ends(design)
        first = next((p for names in publishers.values() for p in names), None)
        team = cat.service_team(cat.services[first]) if first else None
        spec = {
            "type": "asyncapi",
            "lifecycle": _lifecycle(design),
            "owner": cat.owner(team),
            "definition": {"$text": cat.definitions[cat.events]},
        }
        text = "The events of the design's topics, as AsyncAPI 3.0."
        title = f"{design.metadata.title or design.metadata.name} events"
        entities.append(_entity("API", cat.events, title, text, spec))
    return entities


def _store(cat: _Catalog, store: DataStore) -> Entity:
    owner = cat.services.get(store.owner) if store.owner else None
    spec = {
        "type": _STORE_TYPES[store.purpose],
        "owner": cat.owner(cat.service_team(owner) if owner else None),
        **cat.system(owner.context if owner else None),
    }
    text = f"{store.technology} store ({store.purpose})"
    return _entity("Resource", cat.resources(store.name), store.name, text, spec)


def _topic(cat: _Catalog, topic: Topic, publishers: list[str]) -> Entity:
    first = cat.services.get(publishers[0]) if publishers else None
    broker = cat.design.platform.broker
    spec = {
        "type": "topic" if broker == "none" else f"{broker}-topic",
        "owner": cat.owner(cat.service_team(first) if first else None),
        **cat.system(first.context if first else None),
    }
    text = f"Topic with {topic.partitions} partitions, kept {topic.retention_hours:g} h."
    return _entity("Resource", cat.resources(topic.name), topic.name, text, spec)


def catalog(design: Design) -> list[dict[str, Any]]:
    """Every catalog entity of ``design``, as dicts in the order the module docstring gives.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "shop"},
    ...     "teams": [{"name": "Checkout Team"}],
    ...     "services": [{"name": "cart", "team": "Checkout Team"}]})
    >>> [(e["kind"], e["metadata"]["name"]) for e in catalog(d)]
    [('Group', 'checkout-team'), ('Component', 'cart')]
    >>> catalog(d)[1]["spec"]["owner"]
    'group:checkout-team'
    """
    cat = _Catalog(design)
    publishers, consumers = topic_ends(design)
    published, consumed = _by_service(publishers), _by_service(consumers)
    groups = _group_entities(cat)
    systems = _system_entities(cat)
    builders: list[Callable[[], list[Entity]]] = [
        lambda: [_component(cat, s, published, consumed) for s in design.services],
        lambda: _api_entities(cat),
        lambda: [_store(cat, s) for s in design.stores],
        lambda: [_topic(cat, t, publishers.get(t.name, [])) for t in design.topics],
    ]
    rest = [entity for build_part in builders for entity in build_part()]
    if cat.unowned:
        text = "Owns what the design gives no team yet: the workshop must name an owner."
        spec: dict[str, Any] = {"type": "team", "children": []}
        groups.append(_entity("Group", UNOWNED, "Unowned", text, spec))
    return groups + systems + rest


def build(design: Design) -> list[Document]:
    """``backstage/catalog-info.yaml``: the entities of :func:`catalog`, one YAML document each.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "shop"}, "services": [{"name": "a"}]})
    >>> [(doc.path, doc.multi) for doc in build(d)]
    [('backstage/catalog-info.yaml', True)]
    """
    return [Document("backstage/catalog-info.yaml", catalog(design), multi=True)]


GENERATOR = Generator(
    "backstage",
    "Backstage software catalog (catalog-info.yaml) of the whole design",
    build,
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
