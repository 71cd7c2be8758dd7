"""Structurizr DSL: a workspace Structurizr's rules accept, holding what the design holds.

Structurizr's own parser (Java, from Maven/GitHub) cannot be installed here, so the
workspace is read by the strict structural reader in designkit.validators.structurizr_dsl,
which follows structurizr-dsl's tokenizer, grammars and model rules; its tests are below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from designkit.analysis.journey_calls import all_journey_calls
from designkit.analysis.traffic import topic_ends
from designkit.generate import generators
from designkit.generate.structurizr import build, quote, workspace
from designkit.generate.write import render
from designkit.validators.structurizr_dsl import DslError, read, tokenize
from tests.conftest import make
from tests.generate._golden import assert_golden
from tests.generate.test_schemas import EXAMPLE_NAMES, example

GOLDEN = Path(__file__).parent / "golden" / "structurizr" / "workspace.dsl"
ODD = 'Order "Mgmt" {x} -> #1 ${HOME} C:\\new\\ //c\nline two'
SHOWN = 'Order "Mgmt" {x} -> #1 \uff04{HOME} C:\u29f5new\u29f5 //c\nline two'


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_are_valid_workspaces_true_to_the_design(name):
    design = example(name)
    ws = read(workspace(design))
    by_name = {e.name: ident for ident, e in ws.elements.items()}
    containers = [e for e in ws.elements.values() if e.kind == "container"]
    assert len(containers) == len(design.services) + len(design.stores) + len(design.topics)
    for svc in design.services:
        element = ws.elements[by_name[svc.name]]
        assert element.group == svc.context
        assert element.technology.startswith(svc.stack.language)
    rels = {(r.source, r.destination, r.technology) for r in ws.relationships}
    for svc in design.services:
        for dep in svc.dependencies:
            if dep.protocol != "async":
                tech = {"rest": "REST", "grpc": "gRPC", "graphql": "GraphQL"}[dep.protocol]
                assert (by_name[svc.name], by_name[dep.target], tech) in rels
        for access in svc.stores:
            store = next(s for s in design.stores if s.name == access.store)
            assert (by_name[svc.name], by_name[store.name], store.technology) in rels
    publishers, consumers = topic_ends(design)
    for topic in design.topics:
        for service in publishers[topic.name] + consumers[topic.name]:
            ends = {(r.source, r.destination) for r in ws.relationships}
            assert (by_name[service], by_name[topic.name]) in ends
    assert [v for v, _ in ws.views.values()][:2] == ["systemContext", "container"]
    assert len(ws.steps) == len(design.journeys)
    for journey, calls, steps in zip(
        design.journeys, all_journey_calls(design), ws.steps.values(), strict=True
    ):
        hops = [(by_name[c.caller], by_name[c.callee]) for cs in calls.values() for c in cs]
        first = ("user", by_name[journey.entry])
        assert [(s.source, s.destination) for s in steps] == [first, *hops]


def test_names_users_typed_are_quoted_and_read_back_exactly():
    design = make(
        metadata={"name": "odd", "title": ODD, "description": 'say "hi"'},
        contexts=[{"name": ODD}],
        services=[
            {
                "name": "a",
                "context": ODD,
                "description": ODD,
                "publishes": ["a"],
                "stores": [{"store": "a"}],
                "dependencies": [{"target": "b", "description": ODD}],
            },
            {"name": "b", "stack": {"language": "c#", "framework": '"quoted"'}},
        ],
        stores=[{"name": "a", "owner": "a"}],
        topics=[{"name": "a", "consumers": ["b"]}],
        journeys=[{"name": ODD, "entry": "a"}, {"name": "odd", "entry": "b"}],
    )
    text = workspace(design)
    assert "${" not in text and "\\new" not in text
    ws = read(text)
    assert ws.name == SHOWN and ws.description == 'say "hi"'
    names = sorted(e.name for e in ws.elements.values() if e.kind == "container")
    # a service, a store and a topic all called 'a': container names must differ
    assert names == ["a", "a (database)", "a (topic)", "b"]
    assert ws.elements["svc_a"].group == SHOWN
    assert ws.elements["svc_a"].description == SHOWN
    assert ws.elements["svc_b"].technology == 'c#, "quoted"'
    assert any(r.description == SHOWN for r in ws.relationships)
    assert [d for _, d in ws.views.values()][2] == SHOWN
    assert list(ws.steps) == ["journey-order-mgmt-x-1-home-c-new-c-line-two", "journey-odd"]


def test_journey_route_hops_without_a_dependency_become_relationships():
    design = make(
        services=[{"name": "gw", "kind": "gateway"}, {"name": "a"}],
        gateway={"routes": [{"name": "r", "path": "/a", "service": "a"}]},
        journeys=[{"name": "j", "entry": "gw", "route": "r"}],
    )
    ws = read(workspace(design))
    assert [(r.source, r.destination, r.description) for r in ws.relationships] == [
        ("user", "svc_gw", "Uses"),
        ("svc_gw", "svc_a", "Routes requests to"),
    ]
    assert [(s.source, s.destination, s.description) for s in ws.steps["journey-j"]] == [
        ("user", "svc_gw", "j"),
        ("svc_gw", "svc_a", "Route r"),
    ]


def test_a_system_called_user_keeps_the_person_apart():
    design = make(
        metadata={"name": "User"}, services=[{"name": "a"}], journeys=[{"name": "j", "entry": "a"}]
    )
    ws = read(workspace(design))
    assert (ws.elements["system"].name, ws.elements["user"].name) == ("User", "End user")


def test_no_journeys_no_person_and_no_dynamic_views():
    ws = read(workspace(make(services=[{"name": "a"}])))
    assert "user" not in ws.elements
    assert list(ws.views) == ["context", "containers"]


def test_quote_reads_back_through_structurizrs_tokenizer():
    for text in ["plain", 'a "b" c', "x\ny", 'ends with "', "", "{ } -> = #"]:
        assert tokenize(f"k {quote(text)} z") == ["k", quote(text)[1:-1], "z"]
    assert read(f"workspace {quote(chr(34) * 3)} {{\n}}\n").name == '"""'


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('workspace "w" {\n  model {\n    a -> b\n  }\n}', "used before it is defined"),
        ('workspace "w" {\n  model {\n', "unclosed blocks"),
        ('workspace "w" {\n}\n}', "unbalanced"),
        ('workspace "w" {\n  model {\n    a = person "x"\n    A = person "y"\n  }\n}', "in use"),
        ('workspace "w" {\n  model {\n    a = person "x"\n    b = person "x"\n  }\n}', "named"),
        ('workspace "w" {\n  model {\n    a = person "x" "d" "t" "extra"\n  }\n}', "<name>"),
        ('workspace "w" {\n  model {\n    a = person "x\n  }\n}', "unterminated"),
        ('workspace "w ${X}" {\n}', "substituted"),
        ('workspace "w" {\n  model {\n    a = person "x" \\\n  }\n}', "continuation"),
        ('workspace "w" {\n  model { a = person "x"\n  }\n}', "must end its line"),
        (
            'workspace "w" {\n  model {\n    s = softwareSystem "s" {\n'
            '      c = container "c"\n      d = container "c"\n    }\n  }\n}',
            "already exists",
        ),
        (
            'workspace "w" {\n  model {\n    a = person "a"\n    b = person "b"\n'
            '    a -> b "x"\n    a -> b "x"\n  }\n}',
            "duplicate relationship",
        ),
        (
            'workspace "w" {\n  model {\n    s = softwareSystem "s" {\n'
            '      c = container "c"\n      d = container "d"\n    }\n  }\n'
            '  views {\n    dynamic s "k" {\n      c -> d "x"\n    }\n  }\n}',
            "no relationship between",
        ),
    ],
)
def test_the_reader_rejects_what_structurizr_rejects(text, reason):
    with pytest.raises(DslError, match=reason):
        read(text)


def test_registered_deterministic_and_input_untouched():
    design = example("banking")
    before = design.model_dump()
    assert generators()["structurizr"].build is build
    assert [(d.path, d.content) for d in build(design)] == [
        (d.path, d.content) for d in build(design)
    ]
    assert design.model_dump() == before


def test_golden():
    (doc,) = build(example("ecommerce"))
    assert_golden(GOLDEN, render(doc, "ecommerce.yaml"))
