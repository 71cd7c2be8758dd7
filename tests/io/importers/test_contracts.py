"""OpenAPI, AsyncAPI 2/3 and .proto import, and attaching contracts to services."""

from __future__ import annotations

import pytest

from designkit.errors import DesignFileError
from designkit.io.importers.asyncapi import read_asyncapi
from designkit.io.importers.sources import Source, detect

from ._helpers import imported


@pytest.fixture(scope="module")
def design():
    return imported("k8s", "contracts").design


def test_openapi_operations_attach_to_the_service_named_by_the_server(design):
    loans = design.service("loans")
    endpoints = [(e.method, e.path) for e in loans.endpoints]
    assert endpoints == [("POST", "/loans"), ("GET", "/loans/{id}"), ("DELETE", "/loans/{id}")]
    assert loans.endpoints[0].scopes == ["loans:write"]
    assert loans.endpoints[0].summary == "Lend a book"
    assert loans.endpoints[2].summary == "returnBook"  # the operationId when no summary
    assert loans.endpoints[1].origin == "contracts/loans-openapi.yaml:19"


def test_proto_rpcs_attach_by_service_and_package_name(design):
    catalog = design.service("catalog")
    assert [e.path for e in catalog.endpoints] == [
        "CatalogService/GetBook",
        "CatalogService/ListBooks",
    ]
    assert catalog.endpoints[1].summary == "ListBooksRequest -> stream Book"
    assert catalog.endpoints[0].origin == "contracts/catalog.proto:7"


def test_asyncapi_channels_become_topics_and_messages_events(design):
    assert {t.name for t in design.topics} == {"book-added", "loan-opened", "book-returned"}
    events = {e.name: e for e in design.events}
    assert set(events) == {"BookAdded", "LoanOpened", "BookReturned"}
    opened = events["LoanOpened"]  # the v3 file's full message wins over the v2 reference
    assert [(f.name, f.type, f.required) for f in opened.fields] == [
        ("loanId", "uuid", True),
        ("isbn", "string", True),
        ("due", "date", False),
    ]
    assert opened.origin == "contracts/loans-events.yaml:7"


def test_asyncapi_send_and_receive_make_producers_and_consumers(design):
    assert design.service("loans").publishes == ["loan-opened"]
    assert design.service("catalog").publishes == ["book-added"]  # v2 subscribe = it sends
    consumers = {t.name: [c.service for c in t.consumers] for t in design.topics}
    assert consumers["book-returned"] == ["loans"]
    assert consumers["loan-opened"] == ["catalog"]  # v2 publish = it receives


def test_a_contract_no_service_matches_is_asked_about(tmp_path):
    result = imported("k8s", "contracts/loans-openapi.yaml")
    assert result.design.service("loans").endpoints  # matched: no question
    lone = tmp_path / "billing.yaml"
    lone.write_text(
        "openapi: 3.1.0\ninfo: {title: Billing API, version: '1'}\n"
        "paths: {/invoices: {get: {responses: {'200': {description: ok}}}}}\n"
    )
    from designkit.io.importers import import_paths

    from ._helpers import HERE, inside

    with inside(HERE):
        design = import_paths(["k8s", str(lone)]).design
    assert [s.name for s in design.services][-1] == "billing-api"
    question = next(q for q in design.open_questions if "Billing API" in q.text)
    assert "Which service serves the openapi contract 'Billing API'?" in question.text
    assert question.phase == 4


def test_contracts_alone_make_services_named_by_server_host():
    design = imported("contracts/loans-openapi.yaml").design
    assert [s.name for s in design.services] == ["loans"]
    assert not any("Which service serves" in q.text for q in design.open_questions)


def test_asyncapi_2_publish_and_subscribe():
    text = """{"asyncapi": "2.6.0", "info": {"title": "t", "version": "1"},
      "channels": {"a": {"subscribe": {"message": {"$ref": "#/components/messages/M"}}},
                   "b": {"publish": {"message": {"oneOf": [{"name": "X"}, {"name": "Y"}]}}}},
      "components": {"messages": {"M": {"payload": {"type": "object",
                     "properties": {"n": {"type": "integer"}}}}}}}"""
    source = Source("t.json", text)
    assert detect(source) == "asyncapi"
    found = read_asyncapi(source)
    assert found.contracts[0].publishes == ["a"] and found.contracts[0].consumes == ["b"]
    assert [(e["name"], e["topic"]) for e in found.events] == [("M", "a"), ("X", "b"), ("Y", "b")]
    assert found.events[0]["fields"] == [{"name": "n", "required": False, "type": "integer"}]


def test_invalid_openapi_is_imported_with_a_note(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.0.0\ninfo: {title: x}\npaths: {/a: {get: {}}}\n")
    from designkit.io.importers import import_paths

    result = import_paths([str(bad)])
    assert any("not valid OpenAPI" in n for n in result.notes)
    assert result.design.services[0].endpoints[0].path == "/a"


def test_a_broken_proto_names_the_file(tmp_path):
    bad = tmp_path / "x.proto"
    bad.write_text('syntax = "proto3";\nservice A { rpc B( returns (C); }\n')
    from designkit.io.importers import import_paths

    with pytest.raises(DesignFileError, match=r"x\.proto:2: not a valid \.proto file"):
        import_paths([str(bad)])


def test_an_ambiguous_contract_is_attached_to_one_service_and_asked_about(tmp_path):
    from designkit.io.importers import import_paths

    (tmp_path / "compose.yaml").write_text(
        "services:\n  cart: {build: .}\n  cart-service: {build: .}\n"
    )
    (tmp_path / "cart.proto").write_text(
        'syntax = "proto3";\nservice CartService { rpc Get(A) returns (B); }\n'
    )
    design = import_paths([str(tmp_path)]).design
    assert [e.path for e in design.service("cart").endpoints] == ["CartService/Get"]
    question = next(q for q in design.open_questions if "CartService" in q.text)
    assert "cart or cart-service?" in question.text and question.phase == 4
