"""The OWASP API Security Top 10 (2023): every item passes, fails or asks for review."""

from __future__ import annotations

import pytest

from designkit.analysis.security import owasp
from designkit.model import Design
from tests.analysis.security._support import (
    EXAMPLE_NAMES,
    Change,
    Data,
    compliant,
    example,
    named,
    service,
    setting,
    variant,
)
from tests.conftest import make


def _status(design: Design, item: str) -> str:
    return next(i.status for i in owasp.checklist(design) if i.id == item)


def _orders(data: Data) -> Data:
    return named(data["gateway"]["routes"], "orders")


def _anonymous_orders(data: Data) -> None:
    _orders(data)["auth"] = "none"


def _sticky(data: Data) -> None:
    data["event_storming"]["stickies"].append({"name": "Card Network", "kind": "external-system"})


def _webhook(auth: str) -> Change:
    def change(data: Data) -> None:
        service(data, "order")["endpoints"].append({"method": "POST", "path": "/v1/webhooks/psp"})
        data["gateway"]["routes"].append(
            {
                "name": "hook",
                "path": "/v1/webhooks/psp",
                "methods": ["POST"],
                "service": "order",
                "auth": auth,
                "rate_limit": {"per_second": 5},
            }
        )

    return change


READS_ONLY = make(
    services=[{"name": "cat", "endpoints": [{"path": "/v1/products", "scopes": ["p:read"]}]}],
    gateway={
        "routes": [
            {
                "name": "p",
                "path": "/v1/products",
                "service": "cat",
                "scopes": ["p:read"],
                "rate_limit": {"per_second": 5},
            }
        ]
    },
)

CASES = [
    # (item, design, expected status)
    ("API1:2023", compliant, "needs review"),
    ("API1:2023", lambda: variant(_anonymous_orders), "fail"),
    ("API1:2023", lambda: READS_ONLY, "pass"),
    ("API2:2023", compliant, "pass"),
    ("API2:2023", lambda: variant(setting("security", "token_lifetime_minutes", value=30)), "fail"),
    ("API2:2023", lambda: variant(lambda d: _orders(d).update(auth="basic")), "fail"),
    (
        "API2:2023",
        lambda: variant(setting("gateway", "routes", 0, "rate_limit", value=None)),
        "fail",
    ),
    ("API3:2023", compliant, "needs review"),
    ("API3:2023", lambda: READS_ONLY, "pass"),
    ("API4:2023", compliant, "pass"),
    ("API4:2023", lambda: variant(lambda d: _orders(d).update(rate_limit=None)), "fail"),
    ("API4:2023", lambda: variant(lambda d: _orders(d).update(max_body_kb=20480)), "fail"),
    ("API5:2023", compliant, "pass"),
    ("API5:2023", lambda: variant(_anonymous_orders), "fail"),
    (
        "API5:2023",
        lambda: variant(
            lambda d: d["security"]["roles"].append({"name": "root", "permissions": ["*"]})
        ),
        "fail",
    ),
    ("API5:2023", lambda: variant(_webhook("api-key")), "needs review"),
    ("API6:2023", compliant, "needs review"),
    ("API6:2023", lambda: READS_ONLY, "pass"),
    ("API7:2023", compliant, "pass"),
    ("API7:2023", lambda: variant(_sticky), "needs review"),
    ("API8:2023", compliant, "pass"),
    ("API8:2023", lambda: variant(setting("gateway", "security_headers", value=False)), "fail"),
    (
        "API8:2023",
        lambda: variant(lambda d: _orders(d).update(cors={"origins": ["*"], "credentials": True})),
        "fail",
    ),
    ("API8:2023", lambda: variant(setting("mesh", "mtls", "mode", value="PERMISSIVE")), "fail"),
    ("API9:2023", compliant, "pass"),
    ("API9:2023", lambda: variant(lambda d: _orders(d).update(version=None)), "fail"),
    ("API10:2023", compliant, "pass"),
    ("API10:2023", lambda: variant(_webhook("none")), "fail"),
    ("API10:2023", lambda: variant(_webhook("api-key")), "needs review"),
]


@pytest.mark.parametrize(
    ("item", "build", "expected"), CASES, ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(CASES)]
)
def test_item_status(item, build, expected):
    assert _status(build(), item) == expected


def test_every_item_is_shown_both_ways():
    for item in owasp.ITEMS:
        assert len({s for i, _, s in CASES if i == item}) >= 2, item


def test_failures_point_at_the_fields():
    item = next(i for i in owasp.checklist(variant(_anonymous_orders)) if i.id == "API1:2023")
    assert item.paths == ("services[2].endpoints[0]", "services[2].endpoints[2]")
    assert "order:GET /v1/orders/{id}" in item.evidence[0]


def test_ten_items_in_order():
    assert [i.id for i in owasp.checklist(make())] == list(owasp.ITEMS)
    assert owasp.ITEMS["API10:2023"] == "Unsafe Consumption of APIs"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples(name):
    design = example(name)
    before = design.model_dump()
    result = {i.id: i.status for i in owasp.checklist(design)}
    assert result["API4:2023"] == "pass"  # every route is rate limited
    assert result["API8:2023"] == "pass"  # headers on, STRICT mTLS, no wildcard CORS
    # Token and webhook routes lead to paths their services do not declare.
    assert result["API9:2023"] == "fail"
    assert result["API2:2023"] == ("fail" if name == "ecommerce" else "pass")  # PSP basic auth
    assert design.model_dump() == before
