"""The entity-relationship model of each service: the entities it keeps and their relations.

A service keeps the entities of the stores it owns. Its ERD lists them with
their attributes (type, classification, key) and every relation they start;
a relation to an entity kept by another service is drawn to an *external*
entity, labelled with its owner: across services it is a reference by id, not
a foreign key. :mod:`designkit.render.erd` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Design, Entity
from .data_architecture import entity_owners

__all__ = ["ErdAttribute", "ErdEntity", "ErdRelation", "ServiceErd", "erds", "service_erd"]


@dataclass(frozen=True)
class ErdAttribute:
    """One attribute row of an entity box."""

    name: str
    type: str
    classification: str | None
    key: bool
    """The identifier: the attribute called ``id``, else the first one."""


@dataclass(frozen=True)
class ErdEntity:
    """An entity box: owned by the service, or external (owned elsewhere)."""

    name: str
    aggregate: str | None
    root: bool
    """True for an aggregate root (its aggregate is itself, or none is stated)."""
    store: str
    """The store the service keeps it in; '' for external entities."""
    owner: str
    """The service that keeps it; '' when nobody does."""
    external: bool
    attributes: tuple[ErdAttribute, ...]


@dataclass(frozen=True)
class ErdRelation:
    """A relation between two entity boxes."""

    source: str
    target: str
    kind: str
    many: bool


@dataclass(frozen=True)
class ServiceErd:
    """The ERD of one service."""

    service: str
    stores: tuple[str, ...]
    entities: tuple[ErdEntity, ...]
    relations: tuple[ErdRelation, ...]


def _attributes(entity: Entity) -> tuple[ErdAttribute, ...]:
    names = [a.name for a in entity.attributes]
    key = "id" if "id" in names else (names[0] if names else "")
    return tuple(
        ErdAttribute(a.name, a.type, a.classification, a.name == key) for a in entity.attributes
    )


def service_erd(design: Design, service: str) -> ServiceErd:
    """The entities ``service`` keeps (stores it owns, in file order) and their relations.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "order"}, {"name": "user"}],
    ...     "domain": {"entities": [
    ...         {"name": "Order", "attributes": [{"name": "id", "type": "uuid"}],
    ...          "relations": [{"target": "Customer"}]},
    ...         {"name": "Customer"}]},
    ...     "stores": [{"name": "odb", "owner": "order", "entities": ["Order"]},
    ...                {"name": "udb", "owner": "user", "entities": ["Customer"]}]})
    >>> erd = service_erd(d, "order")
    >>> [(e.name, e.external, e.owner) for e in erd.entities]
    [('Order', False, 'order'), ('Customer', True, 'user')]
    """
    by_name = {e.name: e for e in design.domain.entities}
    owners = entity_owners(design)
    stores = [s for s in design.stores if s.owner == service]
    kept: dict[str, str] = {}
    for store in stores:
        for name in store.entities:
            kept.setdefault(name, store.name)
    boxes = []
    relations = []
    external: list[str] = []
    for name, store_name in kept.items():
        entity = by_name.get(name)
        if entity is None:
            continue
        root = entity.aggregate in (None, entity.name)
        boxes.append(
            ErdEntity(name, entity.aggregate, root, store_name, service, False, _attributes(entity))
        )
        for rel in entity.relations:
            relations.append(ErdRelation(name, rel.target, rel.kind, rel.many))
            if rel.target not in kept and rel.target not in external:
                external.append(rel.target)
    for name in external:
        entity = by_name.get(name)
        aggregate = entity.aggregate if entity else None
        owner = ", ".join(owners.get(name, []))
        boxes.append(ErdEntity(name, aggregate, aggregate in (None, name), "", owner, True, ()))
    return ServiceErd(service, tuple(s.name for s in stores), tuple(boxes), tuple(relations))


def erds(design: Design) -> list[ServiceErd]:
    """The ERD of every service that keeps at least one entity, in service order."""
    out = [service_erd(design, svc.name) for svc in design.services]
    return [erd for erd in out if any(not e.external for e in erd.entities)]
