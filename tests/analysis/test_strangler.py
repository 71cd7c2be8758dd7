from functools import cache

import pytest

import designkit
from designkit.analysis.strangler import PHASES, Limits, strangler_plan
from tests.conftest import EXAMPLES, FIXTURES, make

PHASE1 = FIXTURES / "phase1"


@cache
def example(name):
    return designkit.load(EXAMPLES / f"{name}.yaml")


@cache
def shop_plan():
    return strangler_plan(designkit.load(PHASE1 / "migration-order.yaml"))


def test_migration_order_honours_phases_and_dependencies():
    plan = shop_plan()
    assert plan.applies
    assert [(s.step, s.service, s.phase) for s in plan.steps] == [
        (1, "pricing", "read-heavy"),
        (2, "catalog", "read-heavy"),
        (3, "inventory", "transactional"),
        (4, "payments", "transactional"),
        (5, "orders", "transactional"),
        (6, "notify", "supporting"),
    ]
    assert "web" in plan.facade  # the gateway is the facade, not a step


def test_every_synchronous_callee_in_the_same_phase_or_earlier_moves_first():
    plan = shop_plan()
    d = designkit.load(PHASE1 / "migration-order.yaml")
    step = {s.service: s for s in plan.steps}
    for svc in d.services:
        if svc.name not in step:
            continue
        for dep in svc.dependencies:
            callee = step[dep.target]
            if PHASES.index(callee.phase) <= PHASES.index(step[svc.name].phase):
                assert callee.step < step[svc.name].step, (svc.name, dep.target)


def test_each_step_says_what_makes_it_safe():
    plan = shop_plan()
    catalog = plan.step("catalog")
    needs = {(n.service, n.link): n for n in catalog.needs}
    assert needs["pricing", "calls"].ready and needs["pricing", "calls"].step == 1
    # inventory moves later: catalog reaches it in the monolith through an ACL.
    inventory = needs["inventory", "calls"]
    assert (inventory.ready, inventory.step) == (False, 3)
    assert "anticorruption layer until step 3" in inventory.how
    notify = {(n.service, n.link): n for n in plan.step("notify").needs}
    assert notify["orders", "consumes order-events"].ready
    orders = {(n.service, n.link): n for n in plan.step("orders").needs}
    assert "the monolith consumes order-events" in orders["notify", "publishes order-events"].how


def test_routing_changes_at_the_gateway_and_inside():
    plan = shop_plan()
    assert plan.step("catalog").routing == (
        "route GET /api/v1/products (products) from the monolith to catalog",
    )
    assert plan.step("orders").routing[0].startswith("route POST /api/v1/orders (place-order)")
    # catalog moved at step 2 and called inventory through the ACL: it is repointed.
    assert "point catalog from the anticorruption layer to inventory" in (
        plan.step("inventory").routing
    )
    assert "the monolith's orders part calls inventory" in plan.step("inventory").routing[1]
    assert plan.step("pricing").data[0].startswith("prices-db: serve reads from a copy")
    assert plan.step("orders").data[0].startswith("orders-db: move its tables")


def test_read_share_counts_queries_commands_and_read_routes():
    plan = shop_plan()
    # catalog -> inventory is a GET route's query (300/s); orders -> inventory is
    # a saga command (30/s): 300 / 330 reads.
    assert plan.step("inventory").read_share == pytest.approx(300 / 330)
    assert plan.step("payments").read_share == 0
    assert plan.step("notify").read_share == 0  # it only consumes messages
    assert "writes what it consumes" in plan.step("notify").why[0]


def test_read_heavy_threshold_is_configurable():
    d = designkit.load(PHASE1 / "migration-order.yaml")
    strict = strangler_plan(d, limits=Limits(read_heavy_share=1.01))
    assert {s.phase for s in strict.steps if s.context_kind == "core"} == {"transactional"}


def test_greenfield_design_gives_no_plan():
    plan = strangler_plan(designkit.load(PHASE1 / "greenfield-no-plan.yaml"))
    assert not plan.applies
    assert plan.steps == ()
    assert "'greenfield'" in plan.reason and "no monolith" in plan.reason


def service(name, context, **fields):
    return {"name": name, "context": context, **fields}


def test_ties_break_by_read_share_then_risk_then_name():
    d = make(
        requirements={"kind": "migration"},
        contexts=[{"name": "S", "kind": "supporting"}],
        services=[
            service("zeta", "S", endpoints=[{"method": "GET", "path": "/z"}]),
            service("beta", "S", criticality="critical", endpoints=[{"path": "/b"}]),
            service("alpha", "S", criticality="critical", endpoints=[{"path": "/a"}]),
            service("gamma", "S", criticality="low", endpoints=[{"path": "/g"}]),
            service("mixed", "S", endpoints=[{"path": "/m"}, {"method": "POST", "path": "/m"}]),
        ],
    )
    # All GET (share 1) first, by risk then name; then the half-read one.
    assert [s.service for s in strangler_plan(d).steps] == [
        "gamma",
        "zeta",
        "alpha",
        "beta",
        "mixed",
    ]
    assert "before zeta, alpha, beta, mixed" in strangler_plan(d).steps[0].order


def test_a_synchronous_cycle_is_broken_and_said_so():
    d = make(
        requirements={"kind": "migration"},
        contexts=[{"name": "C", "kind": "core"}],
        services=[
            service("a", "C", dependencies=[{"target": "b"}]),
            service("b", "C", dependencies=[{"target": "a"}]),
        ],
    )
    first, second = strangler_plan(d).steps
    assert (first.service, second.service) == ("a", "b")
    assert "synchronous cycle with b" in first.order
    assert not first.needs[0].ready and second.needs[0].ready


def test_without_a_gateway_the_facade_comes_first():
    d = make(requirements={"kind": "migration"}, services=[{"name": "a"}])
    plan = strangler_plan(d)
    assert "reverse proxy" in plan.facade
    assert plan.step("a").phase == "transactional"  # no context: treated as core


def test_banking_moves_the_read_side_of_risk_first_and_supporting_last():
    plan = strangler_plan(example("banking"))
    order = [s.service for s in plan.steps]
    assert order[0] == "fraud"  # scoring is a query on the card path, core, no saga step
    assert order.index("ledger") < order.index("transaction")  # transaction calls ledger
    assert {s.phase for s in plan.steps[-5:]} == {"supporting"}
    assert "gateway" not in order


def test_healthcare_starts_with_consent():
    plan = strangler_plan(example("healthcare"))
    assert [s.service for s in plan.steps[:2]] == ["consent", "clinical"]
    assert plan.steps[0].routing[0] == (
        "route GET /api/v1/consents (consents) to consent; "
        "POST/DELETE follow once consent owns the writes"
    )


def test_the_plan_is_deterministic_and_leaves_the_design_alone():
    d = example("healthcare")
    before = d.model_dump()
    assert strangler_plan(d) == strangler_plan(d)
    assert d.model_dump() == before
