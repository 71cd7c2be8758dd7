"""RBAC: the permission grammar, one positive and one negative design per rule, the examples."""

from __future__ import annotations

import pytest

from designkit.analysis.security import rbac
from designkit.analysis.security.operations import operations
from designkit.model import Design
from tests.analysis.security._support import example, rules
from tests.conftest import make

ENDPOINTS = [
    {"method": "GET", "path": "/v1/orders/{id}", "scopes": ["orders:read"]},
    {"method": "POST", "path": "/v1/orders", "scopes": ["orders:write"]},
    {"method": "POST", "path": "/v1/orders/{id}/cancel", "scopes": ["orders:write"]},
    {"method": "POST", "path": "order.v1.Orders/GetOrder"},
]


def _shop(*roles: tuple[str, list[str]], pci: bool = False) -> Design:
    return make(
        services=[{"name": "order", "endpoints": ENDPOINTS, "stores": [{"store": "db"}]}],
        stores=[{"name": "db", "owner": "order", "classification": ["pci"] if pci else []}],
        security={"roles": [{"name": n, "permissions": p} for n, p in roles]},
    )


@pytest.mark.parametrize(
    ("permission", "granted"),
    [
        ("orders:read", ["GET /v1/orders/{id}"]),
        ("orders:write", ["POST /v1/orders", "POST /v1/orders/{id}/cancel"]),
        ("order:cancel", ["POST /v1/orders/{id}/cancel"]),
        ("order:POST /v1/orders/{order}/cancel", ["POST /v1/orders/{id}/cancel"]),
        ("order:read", ["GET /v1/orders/{id}", "POST order.v1.Orders/GetOrder"]),
        ("order:write", ["POST /v1/orders", "POST /v1/orders/{id}/cancel"]),
        ("order:*", [f"{e['method']} {e['path']}" for e in ENDPOINTS]),
        ("*", [f"{e['method']} {e['path']}" for e in ENDPOINTS]),
        ("payment:refund", []),  # no such service
        ("order:refund", []),  # no such operation
    ],
)
def test_permission_grammar(permission, granted):
    design = _shop()
    found = rbac.granted(permission, operations(design), {"order"})
    assert [f"{op.method} {op.path}" for op in found] == granted


CASES = {
    "role-wildcard": (
        lambda: _shop(("root", ["order:*"])),
        lambda: _shop(("clerk", ["orders:read", "orders:write"])),
    ),
    "operation-without-role": (
        lambda: _shop(("reader", ["orders:read"])),
        lambda: _shop(("reader", ["orders:read"]), ("writer", ["orders:write"])),
    ),
    "sensitive-operation-open": (
        lambda: _shop(
            ("a", ["orders:read", "orders:write"]),
            ("b", ["orders:write"]),
            ("c", ["order:cancel"]),
            pci=True,
        ),
        lambda: _shop(("a", ["orders:read", "orders:write"]), ("b", ["orders:write"]), pci=True),
    ),
    "permission-grants-nothing": (
        lambda: _shop(("a", ["orders:read", "orders:write", "deploy:approve"])),
        lambda: _shop(("a", ["orders:read", "orders:write"])),
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    positive, negative = CASES[rule_id]
    assert rule_id in rules(rbac.findings(positive())), f"{rule_id}: no finding"
    assert rule_id not in rules(rbac.findings(negative()))


def test_sensitive_open_counts_roles_against_the_limit():
    design = CASES["sensitive-operation-open"][0]()
    found = [f for f in rbac.findings(design) if f.rule == "sensitive-operation-open"]
    assert [f.subject for f in found] == ["order:POST /v1/orders/{id}/cancel"]
    assert "3 roles (a, b, c)" in found[0].message


def test_admin_in_a_path_is_not_an_admin_permission():
    assert not rbac.is_wildcard("catalog:POST /v1/admin/products")
    assert rbac.is_wildcard("admin")


def test_matrix_cells_name_the_granting_permission():
    m = rbac.matrix(_shop(("clerk", ["orders:read", "order:cancel"])))
    assert m.grants[("order:GET /v1/orders/{id}", "clerk")] == "orders:read"
    assert m.grants[("order:POST /v1/orders/{id}/cancel", "clerk")] == "order:cancel"
    # The internal gRPC read is left out: no route serves it and no role is granted it.
    assert [op.path for op in m.operations] == [e["path"] for e in ENDPOINTS[:3]]
    assert m.roles_for("order:POST /v1/orders") == ()


def test_ecommerce_roles():
    design = example("ecommerce")
    before = design.model_dump()
    m = rbac.matrix(design)
    assert m.roles_for("order:POST /v1/orders/{id}/cancel") == ("customer", "support-agent")
    assert m.roles_for("user:GET /v1/users/me") == ("customer", "support-agent")
    found = rbac.findings(design)
    assert {(f.rule, f.subject) for f in found} == {
        ("permission-grants-nothing", "payments-operator: payment:refund"),
        ("permission-grants-nothing", "payments-operator: payment:reconcile"),
    }
    assert design.model_dump() == before
