"""The domain of a synthetic design: entities and their attributes, use cases, the context map.

Every service but the gateway owns one aggregate, an entity named after it with
an ``id`` and one to five attributes more (four nanoentities a service on
average, what decomposition benchmarks expect). Use cases write their own
entity and the public ones also read the entities of the services they call.
"""

from __future__ import annotations

import random
from typing import Any

from .topology import Plan
from .vocab import ATTRIBUTES

__all__ = ["Attr", "attributes", "capabilities", "context_map", "domain", "entity_name"]

Attr = tuple[str, str, str | None]
"""(name, type, classification) of an attribute."""


def entity_name(service: str) -> str:
    """The aggregate a service owns, in PascalCase.

    Examples
    --------
    >>> entity_name("retail-billing-2-core")
    'RetailBilling2Core'
    """
    return "".join(part.capitalize() for part in service.split("-"))


def attributes(p: Plan, rng: random.Random) -> dict[int, list[Attr]]:
    """The attributes of each service's entity, ``id`` first."""
    out: dict[int, list[Attr]] = {}
    for i, svc in enumerate(p.services):
        if svc.kind == "gateway":
            continue
        extra = rng.choices((1, 2, 3, 4, 5), (1, 2, 3, 2, 1))[0]  # 3 on average
        out[i] = [("id", "uuid", None), *rng.sample(ATTRIBUTES, extra)]
    return out


def domain(p: Plan, attrs: dict[int, list[Attr]], rng: random.Random) -> dict[str, Any]:
    """The ``domain`` section: one entity per service, one or two use cases per service."""
    services = p.services
    entities: list[dict[str, Any]] = []
    use_cases: list[dict[str, Any]] = []
    for i, own in attrs.items():
        svc = services[i]
        name = entity_name(svc.name)
        context = p.contexts[svc.context].name
        relations = [
            {"target": entity_name(services[call.target].name)}
            for call in svc.calls
            if services[call.target].context == svc.context
        ]
        entity: dict[str, Any] = {
            "name": name,
            "context": context,
            "aggregate": name,
            "attributes": [_attribute(a) for a in own],
        }
        if relations:
            entity["relations"] = relations
        entities.append(entity)
        fields = [f"{name}.{a[0]}" for a in own[1:]]
        use_cases.append(
            {
                "name": f"Change {name}",
                "actor": f"{context} staff" if not svc.public else "customer",
                "reads": [f"{name}.id"],
                "writes": rng.sample(fields, min(len(fields), rng.randint(1, 2))),
                "frequency_per_day": float(rng.choice((100, 1_000, 10_000, 50_000))),
            }
        )
        if svc.public:
            reads = list(fields)
            for call in svc.calls[:3]:
                other = services[call.target]
                reads.append(f"{entity_name(other.name)}.{rng.choice(attrs[call.target])[0]}")
            use_cases.append(
                {
                    "name": f"View {name}",
                    "actor": "customer",
                    "reads": reads,
                    "latency_critical": True,
                    "frequency_per_day": float(rng.choice((100_000, 1_000_000, 5_000_000))),
                }
            )
    return {"entities": entities, "use_cases": use_cases}


def _attribute(attr: Attr) -> dict[str, Any]:
    name, kind, classification = attr
    out: dict[str, Any] = {"name": name, "type": kind}
    if classification:
        out["classification"] = classification
    return out


def capabilities(p: Plan) -> list[dict[str, Any]]:
    """One business capability per context, realised by it."""
    return [
        {"name": f"{ctx.name.replace('-', ' ').capitalize()} management", "context": ctx.name}
        for ctx in p.contexts
    ]


def context_map(p: Plan) -> list[dict[str, Any]]:
    """A relation per pair of contexts that talk: calls make customer-supplier relations
    (the supplier an open host service), events upstream-downstream ones (published language).
    """
    services = p.services
    seen: set[tuple[int, int]] = set()
    out: list[dict[str, Any]] = []

    def relate(up: int, down: int, kind: str, role: str) -> None:
        if up == down or up < 0 or down < 0 or (up, down) in seen:
            return
        seen.add((up, down))
        out.append(
            {
                "upstream": p.contexts[up].name,
                "downstream": p.contexts[down].name,
                "kind": kind,
                "upstream_roles": [role],
            }
        )

    for svc in services:
        for call in svc.calls:
            relate(
                services[call.target].context, svc.context, "customer-supplier", "open-host-service"
            )
    for topic in p.topics:
        for consumer in topic.consumers:
            relate(
                services[topic.producer].context,
                services[consumer].context,
                "upstream-downstream",
                "published-language",
            )
    return out
