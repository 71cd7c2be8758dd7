"""Cross-reference rules of a design (model/references.py) and the model validators.

``valid_design`` uses every kind of reference once and must pass; each negative
case breaks one rule in a copy of it and checks the path and the message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from designkit.model import ContextRelation, Design, Saga, Slo, suggest
from designkit.model.references import reference_problems


def valid_design() -> dict[str, Any]:
    """A small design in which every reference rule has something to check."""
    return {
        "metadata": {"name": "shop"},
        "requirements": {"capabilities": [{"name": "checkout", "context": "sales"}]},
        "teams": [{"name": "web"}, {"name": "payments-team"}],
        "event_storming": {
            "stickies": [
                {"name": "Place Order", "kind": "command", "leads_to": ["Order Placed"]},
                {"name": "Order Placed", "kind": "domain-event"},
            ]
        },
        "domain": {
            "entities": [
                {
                    "name": "Order",
                    "context": "sales",
                    "aggregate": "Order",
                    "attributes": [{"name": "id"}, {"name": "total"}],
                    "relations": [{"target": "Customer"}],
                },
                {"name": "Customer", "context": "sales"},
            ],
            "use_cases": [
                {"name": "place order", "reads": ["Customer"], "writes": ["Order.total", "Order"]}
            ],
            "shared_owner_groups": [{"name": "g1", "members": ["Order.id"]}],
            "security_access_groups": [{"name": "g2", "members": ["Customer"]}],
            "separated_security_zones": [{"name": "g3", "members": ["Order"]}],
            "predefined_services": [{"name": "g4", "members": ["Order.total"]}],
        },
        "contexts": [{"name": "sales", "team": "web"}, {"name": "billing"}],
        "context_map": [{"upstream": "billing", "downstream": "sales"}],
        "services": [
            {
                "name": "payment",
                "context": "billing",
                "team": "payments-team",
                "stores": [{"store": "payments-db"}],
                "publishes": ["payments"],
            },
            {
                "name": "order",
                "context": "sales",
                "team": "web",
                "dependencies": [
                    {"target": "payment"},
                    {"target": "shipping", "protocol": "async", "topic": "orders"},
                ],
                "publishes": ["orders"],
            },
            {"name": "shipping"},
        ],
        "stores": [{"name": "payments-db", "owner": "payment", "entities": ["Order"]}],
        "topics": [
            {"name": "orders", "consumers": [{"service": "shipping", "dead_letter": "orders-dlq"}]},
            {"name": "orders-dlq"},
            {"name": "payments"},
        ],
        "events": [
            {"name": "OrderPlaced", "topic": "orders"},
            {"name": "OrderPlaced", "version": 2, "topic": "orders"},
        ],
        "sagas": [
            {
                "name": "checkout",
                "orchestrator": "order",
                "steps": [
                    {
                        "name": "reserve",
                        "service": "order",
                        "action": "reserve",
                        "compensation": "release",
                    },
                    {"name": "charge", "service": "payment", "action": "charge", "pivot": True},
                ],
            }
        ],
        "journeys": [{"name": "buy", "entry": "order", "route": "orders-api", "via": ["payment"]}],
        "slos": [{"name": "order-up", "service": "order"}, {"name": "buy-ok", "journey": "buy"}],
        "gateway": {"routes": [{"name": "orders-api", "path": "/orders", "service": "order"}]},
        "mesh": {"faults": [{"service": "payment"}]},
        "security": {
            "roles": [{"name": "admin"}],
            "secrets": [{"name": "db-password", "services": ["payment"]}],
        },
        "decisions": [{"title": "use kafka"}],
    }


def errors_of(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """(loc, message) of every validation error of ``data`` as a Design."""
    with pytest.raises(ValidationError) as info:
        Design.model_validate(data)
    return [(tuple(e["loc"]), e["msg"]) for e in info.value.errors()]


def test_valid_design_has_no_problems() -> None:
    design = Design.model_validate(valid_design())
    assert reference_problems(design) == []
    assert design.service("order").dependencies[1].topic == "orders"


Edit = Callable[[dict[str, Any]], None]


def _set(path: tuple[str | int, ...], value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return edit


# (id, edit of valid_design(), loc of the error, message)
BROKEN_REFERENCES = [
    (
        "capability-context-unknown",
        _set(("requirements", "capabilities", 0, "context"), "sale"),
        ("requirements", "capabilities", 0, "context"),
        "'sale' is not a bounded context (did you mean 'sales'?)",
    ),
    (
        "context-team-unknown",
        _set(("contexts", 0, "team"), "webb"),
        ("contexts", 0, "team"),
        "'webb' is not a team (did you mean 'web'?)",
    ),
    (
        "context-map-upstream-unknown",
        _set(("context_map", 0, "upstream"), "biling"),
        ("context_map", 0, "upstream"),
        "'biling' is not a bounded context (did you mean 'billing'?)",
    ),
    (
        "context-map-downstream-unknown",
        _set(("context_map", 0, "downstream"), "xyz"),
        ("context_map", 0, "downstream"),
        "'xyz' is not a bounded context",
    ),
    (
        "context-map-self-relation",
        _set(("context_map", 0, "downstream"), "billing"),
        ("context_map", 0, "downstream"),
        "a context cannot relate to itself ('billing')",
    ),
    (
        "sticky-leads-to-unknown",
        _set(("event_storming", "stickies", 0, "leads_to"), ["Order Plased"]),
        ("event_storming", "stickies", 0, "leads_to", 0),
        "'Order Plased' is not a sticky (did you mean 'Order Placed'?)",
    ),
    (
        "entity-context-unknown",
        _set(("domain", "entities", 1, "context"), "shipping"),
        ("domain", "entities", 1, "context"),
        "'shipping' is not a bounded context",
    ),
    (
        "entity-aggregate-unknown",
        _set(("domain", "entities", 0, "aggregate"), "Ordr"),
        ("domain", "entities", 0, "aggregate"),
        "'Ordr' is not an entity (did you mean 'Order'?)",
    ),
    (
        "entity-relation-target-unknown",
        _set(("domain", "entities", 0, "relations", 0, "target"), "Customers"),
        ("domain", "entities", 0, "relations", 0, "target"),
        "'Customers' is not an entity (did you mean 'Customer'?)",
    ),
    (
        "use-case-reads-unknown",
        _set(("domain", "use_cases", 0, "reads"), ["Order.totl"]),
        ("domain", "use_cases", 0, "reads", 0),
        "'Order.totl' is not an entity or Entity.attribute (did you mean 'Order.total'?)",
    ),
    (
        "use-case-writes-unknown",
        _set(("domain", "use_cases", 0, "writes", 1), "Invoice"),
        ("domain", "use_cases", 0, "writes", 1),
        "'Invoice' is not an entity or Entity.attribute",
    ),
    *[
        (
            f"{group.replace('_', '-')}-member-unknown",
            _set(("domain", group, 0, "members"), ["Order.ids"]),
            ("domain", group, 0, "members", 0),
            "'Order.ids' is not an entity or Entity.attribute (did you mean 'Order.id'?)",
        )
        for group in (
            "shared_owner_groups",
            "security_access_groups",
            "separated_security_zones",
            "predefined_services",
        )
    ],
    (
        "service-context-unknown",
        _set(("services", 0, "context"), "biling"),
        ("services", 0, "context"),
        "'biling' is not a bounded context (did you mean 'billing'?)",
    ),
    (
        "service-team-unknown",
        _set(("services", 0, "team"), "payments"),
        ("services", 0, "team"),
        "'payments' is not a team (did you mean 'payments-team'?)",
    ),
    (
        "service-store-unknown",
        _set(("services", 0, "stores", 0, "store"), "payment-db"),
        ("services", 0, "stores", 0, "store"),
        "'payment-db' is not a data store (did you mean 'payments-db'?)",
    ),
    (
        "dependency-target-unknown",
        _set(("services", 1, "dependencies", 0, "target"), "paymnt"),
        ("services", 1, "dependencies", 0, "target"),
        "'paymnt' is not a service (did you mean 'payment'?)",
    ),
    (
        "dependency-topic-unknown",
        _set(("services", 1, "dependencies", 1, "topic"), "order"),
        ("services", 1, "dependencies", 1, "topic"),
        "'order' is not a topic (did you mean 'orders'?)",
    ),
    (
        "dependency-on-itself",
        _set(("services", 1, "dependencies", 0, "target"), "order"),
        ("services", 1, "dependencies", 0, "target"),
        "a service cannot depend on itself ('order')",
    ),
    (
        "publishes-unknown-topic",
        _set(("services", 0, "publishes"), ["payment"]),
        ("services", 0, "publishes", 0),
        "'payment' is not a topic (did you mean 'payments'?)",
    ),
    (
        "store-owner-unknown",
        _set(("stores", 0, "owner"), "billing"),
        ("stores", 0, "owner"),
        "'billing' is not a service",
    ),
    (
        "store-team-unknown",
        _set(("stores", 0, "team"), "payment-team"),
        ("stores", 0, "team"),
        "'payment-team' is not a team (did you mean 'payments-team'?)",
    ),
    (
        "topic-team-unknown",
        _set(("topics", 0, "team"), "wbe"),
        ("topics", 0, "team"),
        "'wbe' is not a team (did you mean 'web'?)",
    ),
    (
        "store-entity-unknown",
        _set(("stores", 0, "entities"), ["Orders"]),
        ("stores", 0, "entities", 0),
        "'Orders' is not an entity (did you mean 'Order'?)",
    ),
    (
        "consumer-service-unknown",
        _set(("topics", 0, "consumers", 0, "service"), "shiping"),
        ("topics", 0, "consumers", 0, "service"),
        "'shiping' is not a service (did you mean 'shipping'?)",
    ),
    (
        "consumer-dead-letter-unknown",
        _set(("topics", 0, "consumers", 0, "dead_letter"), "orders-dead"),
        ("topics", 0, "consumers", 0, "dead_letter"),
        "'orders-dead' is not a topic (did you mean 'orders-dlq'?)",
    ),
    (
        "event-topic-unknown",
        _set(("events", 0, "topic"), "paymnts"),
        ("events", 0, "topic"),
        "'paymnts' is not a topic (did you mean 'payments'?)",
    ),
    (
        "saga-orchestrator-unknown",
        _set(("sagas", 0, "orchestrator"), "orders"),
        ("sagas", 0, "orchestrator"),
        "'orders' is not a service (did you mean 'order'?)",
    ),
    (
        "saga-step-service-unknown",
        _set(("sagas", 0, "steps", 1, "service"), "payments"),
        ("sagas", 0, "steps", 1, "service"),
        "'payments' is not a service (did you mean 'payment'?)",
    ),
    (
        "journey-entry-unknown",
        _set(("journeys", 0, "entry"), "gateway"),
        ("journeys", 0, "entry"),
        "'gateway' is not a service",
    ),
    (
        "journey-route-unknown",
        _set(("journeys", 0, "route"), "order-api"),
        ("journeys", 0, "route"),
        "'order-api' is not a gateway route (did you mean 'orders-api'?)",
    ),
    (
        "journey-via-unknown",
        _set(("journeys", 0, "via"), ["shipping", "shippng"]),
        ("journeys", 0, "via", 1),
        "'shippng' is not a service (did you mean 'shipping'?)",
    ),
    (
        "slo-service-unknown",
        _set(("slos", 0, "service"), "ordr"),
        ("slos", 0, "service"),
        "'ordr' is not a service (did you mean 'order'?)",
    ),
    (
        "slo-journey-unknown",
        _set(("slos", 1, "journey"), "bye"),
        ("slos", 1, "journey"),
        "'bye' is not a journey (did you mean 'buy'?)",
    ),
    (
        "route-service-unknown",
        _set(("gateway", "routes", 0, "service"), "orderz"),
        ("gateway", "routes", 0, "service"),
        "'orderz' is not a service (did you mean 'order'?)",
    ),
    (
        "fault-service-unknown",
        _set(("mesh", "faults", 0, "service"), "mail"),
        ("mesh", "faults", 0, "service"),
        "'mail' is not a service",
    ),
    (
        "secret-service-unknown",
        _set(("security", "secrets", 0, "services"), ["paymint"]),
        ("security", "secrets", 0, "services", 0),
        "'paymint' is not a service (did you mean 'payment'?)",
    ),
]


@pytest.mark.parametrize(
    ("edit", "loc", "message"),
    [pytest.param(edit, loc, msg, id=name) for name, edit, loc, msg in BROKEN_REFERENCES],
)
def test_broken_reference_is_reported_at_its_path(
    edit: Edit, loc: tuple[Any, ...], message: str
) -> None:
    data = valid_design()
    edit(data)
    assert errors_of(data) == [(loc, message)]


def test_every_reference_rule_has_a_negative_case() -> None:
    # Each `ref(...)`/self-check in references.py breaks one case above; count them
    # so a new rule without a test fails here.
    import inspect

    from designkit.model import references

    source = inspect.getsource(references._problems)
    rules = source.count("yield from ref(") + source.count("cannot ")
    shared = 3 + 1  # the four Domain groups share one rule line; so do reads and writes
    assert len(BROKEN_REFERENCES) - shared == rules


def test_unknown_name_when_the_design_defines_none() -> None:
    data = {
        "metadata": {"name": "shop"},
        "services": [{"name": "cart", "team": "web"}],
        "event_storming": {"stickies": [{"name": "A", "kind": "command", "leads_to": ["B"]}]},
        "stores": [{"name": "db", "entities": ["Cart"]}],
        "domain": {"use_cases": [{"name": "u", "reads": ["Cart.id"]}]},
    }
    assert errors_of(data) == [
        (("event_storming", "stickies", 0, "leads_to", 0), "'B' is not a sticky"),
        (
            ("domain", "use_cases", 0, "reads", 0),
            "'Cart.id' is not an entity or Entity.attribute (the design defines no entities)",
        ),
        (("services", 0, "team"), "'web' is not a team (the design defines no teams)"),
        (("stores", 0, "entities", 0), "'Cart' is not an entity (the design defines no entities)"),
    ]


def test_every_problem_is_reported_in_file_order() -> None:
    data = valid_design()
    data["services"][0]["team"] = "nobody"
    data["journeys"][0]["entry"] = "nowhere"
    data["contexts"][0]["team"] = "none"
    assert [loc for loc, _ in errors_of(data)] == [
        ("contexts", 0, "team"),
        ("services", 0, "team"),
        ("journeys", 0, "entry"),
    ]


DUPLICATES = [
    (
        "duplicate-service",
        ("services",),
        ("services", 3, "name"),
        "duplicate name 'payment' (also services[0])",
        {"name": "payment"},
    ),
    (
        "duplicate-team",
        ("teams",),
        ("teams", 2, "name"),
        "duplicate name 'web' (also teams[0])",
        {"name": "web"},
    ),
    (
        "duplicate-context",
        ("contexts",),
        ("contexts", 2, "name"),
        "duplicate name 'sales' (also contexts[0])",
        {"name": "sales"},
    ),
    (
        "duplicate-topic",
        ("topics",),
        ("topics", 3, "name"),
        "duplicate name 'orders' (also topics[0])",
        {"name": "orders"},
    ),
    (
        "duplicate-sticky",
        ("event_storming", "stickies"),
        ("event_storming", "stickies", 2, "name"),
        "duplicate name 'Order Placed' (also event_storming.stickies[1])",
        {"name": "Order Placed", "kind": "domain-event"},
    ),
    (
        "duplicate-entity-attribute",
        ("domain", "entities", 0, "attributes"),
        ("domain", "entities", 0, "attributes", 2, "name"),
        "duplicate name 'id' (also domain.entities[0].attributes[0])",
        {"name": "id"},
    ),
    (
        "duplicate-saga-step",
        ("sagas", 0, "steps"),
        ("sagas", 0, "steps", 2, "name"),
        "duplicate name 'reserve' (also sagas[0].steps[0])",
        {"name": "reserve", "service": "order", "action": "again"},
    ),
    (
        "duplicate-route",
        ("gateway", "routes"),
        ("gateway", "routes", 1, "name"),
        "duplicate name 'orders-api' (also gateway.routes[0])",
        {"name": "orders-api", "path": "/o", "service": "order"},
    ),
    (
        "duplicate-decision-title",
        ("decisions",),
        ("decisions", 1, "title"),
        "duplicate title 'use kafka' (also decisions[0])",
        {"title": "use kafka"},
    ),
    (
        "duplicate-event-version",
        ("events",),
        ("events", 2, "version"),
        "duplicate event 'OrderPlaced' version 2 (also events[1])",
        {"name": "OrderPlaced", "version": 2, "topic": "orders"},
    ),
    (
        "duplicate-role",
        ("security", "roles"),
        ("security", "roles", 1, "name"),
        "duplicate name 'admin' (also security.roles[0])",
        {"name": "admin"},
    ),
]


@pytest.mark.parametrize(
    ("section", "loc", "message", "item"),
    [pytest.param(*case[1:], id=case[0]) for case in DUPLICATES],
)
def test_duplicate_names_are_refused(
    section: tuple[Any, ...], loc: tuple[Any, ...], message: str, item: dict[str, Any]
) -> None:
    data = valid_design()
    target: Any = data
    for part in section:
        target = target[part]
    target.append(item)
    assert errors_of(data) == [(loc, message)]


def test_same_event_name_in_two_versions_is_allowed() -> None:
    design = Design.model_validate(valid_design())
    assert [(e.name, e.version) for e in design.events] == [("OrderPlaced", 1), ("OrderPlaced", 2)]


# Rules that live on the types themselves (model validators), in a design and alone.
MODEL_RULES = [
    (
        "async-dependency-without-topic",
        _set(("services", 1, "dependencies", 1), {"target": "shipping", "protocol": "async"}),
        ("services", 1, "dependencies", 1),
        "Value error, an async dependency needs the topic it goes through",
    ),
    (
        "rest-dependency-with-topic",
        _set(("services", 1, "dependencies", 0), {"target": "payment", "topic": "orders"}),
        ("services", 1, "dependencies", 0),
        "Value error, a rest dependency takes no topic (use protocol: async)",
    ),
    (
        "saga-with-two-pivots",
        _set(("sagas", 0, "steps", 0, "pivot"), True),
        ("sagas", 0),
        "Value error, a saga has at most one pivot step; found reserve, charge",
    ),
    (
        "orchestrated-saga-without-orchestrator",
        _set(("sagas", 0, "orchestrator"), None),
        ("sagas", 0),
        "Value error, an orchestrated saga needs an orchestrator service",
    ),
    (
        "choreographed-saga-with-orchestrator",
        _set(("sagas", 0, "style"), "choreography"),
        ("sagas", 0),
        "Value error, a choreographed saga has no orchestrator",
    ),
    (
        "slo-with-service-and-journey",
        _set(("slos", 0, "journey"), "buy"),
        ("slos", 0),
        "Value error, an SLO names exactly one of service or journey",
    ),
    (
        "slo-with-neither-service-nor-journey",
        _set(("slos", 0), {"name": "order-up"}),
        ("slos", 0),
        "Value error, an SLO names exactly one of service or journey",
    ),
    (
        "latency-slo-without-threshold",
        _set(("slos", 0), {"name": "fast", "service": "order", "sli": "latency"}),
        ("slos", 0),
        "Value error, a latency SLO needs threshold_ms",
    ),
    (
        "availability-slo-with-threshold",
        _set(("slos", 0), {"name": "up", "service": "order", "threshold_ms": 200}),
        ("slos", 0),
        "Value error, an availability SLO takes no threshold_ms",
    ),
    (
        "autoscaling-max-below-min",
        _set(
            ("services", 2, "deployment"), {"autoscaling": {"min_replicas": 5, "max_replicas": 3}}
        ),
        ("services", 2, "deployment", "autoscaling"),
        "Value error, max_replicas (3) is below min_replicas (5)",
    ),
    *[
        (
            f"{kind}-relation-with-roles",
            _set(
                ("context_map", 0),
                {
                    "upstream": "billing",
                    "downstream": "sales",
                    "kind": kind,
                    "upstream_roles": ["open-host-service"],
                },
            ),
            ("context_map", 0),
            f"Value error, a {kind} relation is symmetric and takes no upstream/downstream roles",
        )
        for kind in ("partnership", "shared-kernel", "separate-ways")
    ],
]


@pytest.mark.parametrize(
    ("edit", "loc", "message"),
    [pytest.param(edit, loc, msg, id=name) for name, edit, loc, msg in MODEL_RULES],
)
def test_model_rule_is_reported_at_its_path(edit: Edit, loc: tuple[Any, ...], message: str) -> None:
    data = valid_design()
    edit(data)
    assert errors_of(data) == [(loc, message)]


@pytest.mark.parametrize("kind", ["customer-supplier", "upstream-downstream"])
def test_directed_relation_takes_roles(kind: str) -> None:
    rel = ContextRelation(
        upstream="billing",
        downstream="sales",
        kind=kind,  # type: ignore[arg-type]
        upstream_roles=["open-host-service", "published-language"],
        downstream_roles=["anticorruption-layer"],
    )
    assert rel.downstream_roles == ["anticorruption-layer"]


@pytest.mark.parametrize("kind", ["partnership", "shared-kernel", "separate-ways"])
def test_symmetric_relation_without_roles_is_fine(kind: str) -> None:
    data = valid_design()
    data["context_map"][0]["kind"] = kind
    assert Design.model_validate(data).context_map[0].kind == kind


def test_saga_with_one_pivot_and_choreography_without_orchestrator() -> None:
    saga = Saga.model_validate(
        {
            "name": "s",
            "style": "choreography",
            "steps": [
                {"name": "a", "service": "x", "action": "do", "pivot": True},
                {"name": "b", "service": "y", "action": "do"},
            ],
        }
    )
    assert [s.pivot for s in saga.steps] == [True, False]


def test_latency_slo_for_a_journey() -> None:
    slo = Slo(name="fast", journey="buy", sli="latency", threshold_ms=300, objective=0.95)
    assert (slo.service, slo.threshold_ms) == (None, 300)


def test_autoscaling_min_equal_max_is_fine() -> None:
    data = valid_design()
    data["services"][2]["deployment"] = {"autoscaling": {"min_replicas": 3, "max_replicas": 3}}
    autoscaling = Design.model_validate(data).service("shipping").deployment.autoscaling
    assert autoscaling is not None and autoscaling.max_replicas == 3


def test_reference_problems_of_a_design_changed_after_validation() -> None:
    # Designs are mutable (notebooks edit them); the rules can be re-run on one.
    design = Design.model_validate(valid_design())
    design.services[1].dependencies[0].target = "paymnt"
    assert reference_problems(design) == [
        (
            ("services", 1, "dependencies", 0, "target"),
            "'paymnt' is not a service (did you mean 'payment'?)",
            "paymnt",
        ),
    ]


@pytest.mark.parametrize(
    ("value", "candidates", "hint"),
    [
        ("paymnt", ["order", "payment"], " (did you mean 'payment'?)"),
        ("ORDER", ["order"], ""),  # no hint across case: the ratio is computed on raw text
        ("zzz", ["payment"], ""),
        ("x", [], ""),
    ],
)
def test_suggest(value: str, candidates: list[str], hint: str) -> None:
    assert suggest(value, candidates) == hint
