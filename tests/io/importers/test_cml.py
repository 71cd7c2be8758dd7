"""Context Mapper CML import: contexts and kinds, relationship patterns and roles, entities."""

from __future__ import annotations

import pytest

from designkit.errors import DesignFileError
from designkit.io.importers.cml import read_cml
from designkit.io.importers.sources import Source

from ._helpers import imported


@pytest.fixture(scope="module")
def design():
    return imported("contracts/library.cml").design


def test_contexts_take_their_kind_from_the_subdomain_they_implement(design):
    assert [(c.name, c.kind) for c in design.contexts] == [
        ("Catalog", "core"),
        ("Loans", "supporting"),
        ("Web", "supporting"),  # implements nothing: the model's default
        ("Accounting", "generic"),
    ]
    assert design.contexts[0].description == "Knows every book the library holds"
    assert design.contexts[0].origin == "contracts/library.cml:16"


def test_relationship_patterns_and_roles(design):
    rels = [
        (r.upstream, r.downstream, r.kind, r.upstream_roles, r.downstream_roles)
        for r in design.context_map
    ]
    assert rels == [
        (
            "Catalog",
            "Loans",
            "upstream-downstream",
            ["open-host-service", "published-language"],
            ["anticorruption-layer"],
        ),
        ("Catalog", "Web", "upstream-downstream", ["open-host-service"], ["conformist"]),
        ("Loans", "Accounting", "shared-kernel", [], []),
        ("Web", "Loans", "customer-supplier", [], []),
        ("Catalog", "Accounting", "partnership", [], []),
    ]
    assert design.context_map[3].description == "Implementation: REST over HTTP"


def test_aggregates_entities_attributes_and_references(design):
    entities = {e.name: e for e in design.domain.entities}
    assert set(entities) == {"Book", "Author", "Loan"}
    book = entities["Book"]
    assert (book.context, book.aggregate) == ("Catalog", "Book")
    assert [(a.name, a.type) for a in book.attributes] == [("isbn", "string"), ("title", "string")]
    assert [(r.target, r.many) for r in book.relations] == [("Author", True)]
    assert entities["Author"].aggregate == "Book"
    assert [(r.target, r.many) for r in entities["Loan"].relations] == [("Book", False)]
    assert entities["Loan"].attributes[0].type == "date"


def test_services_join_the_context_of_the_same_name():
    design = imported("k8s", "contracts").design
    assert {s.name: s.context for s in design.services} == {
        "catalog": "Catalog",
        "loans": "Loans",
        "web": "Web",
    }


@pytest.mark.parametrize(
    ("relation", "expected"),
    [
        ("A -> B", ("A", "B", "upstream-downstream")),
        ("A <- B", ("B", "A", "upstream-downstream")),
        ("A [D,C]<-[U,S] B", ("B", "A", "customer-supplier")),
        ("A Upstream-Downstream B", ("A", "B", "upstream-downstream")),
        ("A Downstream-Upstream B", ("B", "A", "upstream-downstream")),
        ("A Partnership B", ("A", "B", "partnership")),
        ("name@A [SK]<->[SK] B", ("A", "B", "shared-kernel")),
    ],
)
def test_relationship_notations(relation, expected):
    text = f"ContextMap {{ {relation} }}\nBoundedContext A\nBoundedContext B\n"
    rel = read_cml(Source("m.cml", text, "cml")).context_map[0]
    assert (rel["upstream"], rel["downstream"], rel["kind"]) == expected


def test_other_cml_blocks_are_tolerated():
    text = """
BoundedContext A {
  Module m { Service S { void run(); } }
  Aggregate X { Repository R { @X find(); } enum Kind { ONE, TWO } Entity E { String n } }
}
UserStory U { As a "clerk" I want to "lend" a "Book" so that "readers read" }
"""
    found = read_cml(Source("m.cml", text, "cml"))
    assert [c["name"] for c in found.contexts] == ["A"]
    assert [e["name"] for e in found.entities] == ["E"]


def test_invalid_cml_names_file_and_line():
    with pytest.raises(DesignFileError, match=r"^m\.cml:2: not valid CML"):
        read_cml(Source("m.cml", "BoundedContext A {\n  }}\n", "cml"))
