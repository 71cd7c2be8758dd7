"""Mermaid diagrams: read back by Mermaid's own parser, with every label as the user typed it.

The parser is the npm package mermaid, run under node with jsdom by the mermaid_parse.mjs
that designkit.validators.architecture ships and runs; scripts/fetch-mermaid.sh installs
both into the virtual environment (``make test`` runs it). Everything is parsed in one
node run per module, which takes about ten seconds.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest

from designkit.analysis.context_map import context_map_graph, relationship
from designkit.analysis.graph import dependency_graph
from designkit.generate import generators
from designkit.generate.mermaid import build, dependencies, label
from designkit.generate.write import render
from designkit.model import Design
from designkit.validators._base import Missing
from designkit.validators.architecture import mermaid_parse
from tests.conftest import make
from tests.generate._golden import assert_golden
from tests.generate.test_schemas import EXAMPLE_NAMES, example

GOLDEN = Path(__file__).parent / "golden" / "mermaid"
ODD = 'Order "Mgmt": #1 <b>&amp;</b> | end; %% [x] {y} `z` #quot;'


def odd_design() -> Design:
    """Names and descriptions with every character Mermaid or HTML reads."""
    return make(
        metadata={"name": "odd", "title": "odd\n%% title"},
        contexts=[{"name": ODD, "kind": "core"}, {"name": "end"}, {"name": "a b"}, {"name": "a_b"}],
        context_map=[
            {"upstream": ODD, "downstream": "end", "kind": "shared-kernel"},
            {"upstream": "a b", "downstream": "a_b", "upstream_roles": ["open-host-service"]},
        ],
        services=[
            {"name": "end", "context": "end", "publishes": [ODD]},
            {"name": "subgraph", "context": ODD, "dependencies": [{"target": "end"}]},
            {"name": "x", "context": "a b"},
            {"name": "y", "context": "a_b"},
        ],
        topics=[{"name": ODD, "consumers": ["subgraph", "x"]}],
    )


def designs() -> dict[str, Design]:
    return {**{name: example(name) for name in EXAMPLE_NAMES}, "odd": odd_design()}


def _parsed(folder: str) -> dict[tuple[str, str], dict[str, Any]]:
    files = []
    for name, design in designs().items():
        for doc in build(design):
            path = Path(folder) / name / Path(doc.path).name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(doc, f"{name}.yaml"), encoding="utf-8")
            files.append(path)
    results = {}
    for item in mermaid_parse(files):
        path = Path(item["file"])
        results[path.parent.name, path.name] = item
    return results


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> dict[tuple[str, str], dict[str, Any]]:
    """What Mermaid read from each generated file, keyed by (design, file name)."""
    try:
        return _parsed(str(tmp_path_factory.mktemp("mermaid")))
    except Missing as missing:  # missing parser or node fail, they do not skip
        pytest.fail(str(missing))


def text(value: str) -> str:
    """A label as Mermaid draws it (its codes became HTML references, which HTML resolves)."""
    return html.unescape(value)


@pytest.mark.parametrize("name", [*EXAMPLE_NAMES, "odd"])
def test_mermaid_parses_the_dependency_graph_as_the_design_has_it(name, parsed):
    design = designs()[name]
    result = parsed[name, "dependencies.mmd"]
    assert "error" not in result, result.get("error")
    assert result["type"] == "flowchart-v2"
    ids = {text(v): k for k, v in result["vertices"].items()}
    assert sorted(ids) == sorted(s.name for s in design.services)
    graph = dependency_graph(design)
    expected = sorted(
        (
            ids[a],
            ids[b],
            "normal" if d["sync"] else "dotted",
            {"rest": "REST", "grpc": "gRPC", "graphql": "GraphQL"}.get(d["protocol"], d["topic"]),
        )
        for a, b, d in graph.edges(data=True)
    )
    edges = sorted((e["start"], e["end"], e["stroke"], text(e["label"])) for e in result["edges"])
    assert edges == expected
    assert all(e["type"] == "arrow_point" for e in result["edges"])
    groups = {text(s["title"]): sorted(s["nodes"]) for s in result["subgraphs"]}
    for svc in design.services:
        assert ids[svc.name] in groups[svc.context or "(no context)"]


@pytest.mark.parametrize("name", [*EXAMPLE_NAMES, "odd"])
def test_mermaid_parses_the_context_map_as_the_design_has_it(name, parsed):
    design = designs()[name]
    result = parsed[name, "context-map.mmd"]
    assert "error" not in result, result.get("error")
    ids = {text(v): k for k, v in result["vertices"].items()}
    assert sorted(ids) == sorted(f"{' '.join(c.name.split())} ({c.kind})" for c in design.contexts)
    by_name = {
        " ".join(c.name.split()): ids[f"{' '.join(c.name.split())} ({c.kind})"]
        for c in design.contexts
    }
    graph = context_map_graph(design)
    assert graph.number_of_edges() <= len(design.context_map)
    expected = sorted(
        (
            by_name[" ".join(r.upstream.split())],
            by_name[" ".join(r.downstream.split())],
            relationship(r).text,
            "arrow_open" if relationship(r).symmetric else "arrow_point",
            "dotted" if r.kind == "separate-ways" else "normal",
        )
        for r in design.context_map
    )
    edges = sorted(
        (e["start"], e["end"], text(e["label"]), e["type"], e["stroke"]) for e in result["edges"]
    )
    assert edges == expected


def test_odd_names_come_back_exactly(parsed):
    deps = parsed["odd", "dependencies.mmd"]
    assert text(next(s["title"] for s in deps["subgraphs"] if "Mgmt" in s["title"])) == ODD
    assert ODD in [text(e["label"]) for e in deps["edges"]]
    # 'end' and 'subgraph' are services here, not keywords; ids never clash.
    assert set(deps["vertices"]) == {"svc_end", "svc_subgraph", "svc_x", "svc_y"}
    cmap = parsed["odd", "context-map.mmd"]
    assert sorted(cmap["vertices"]) == [
        "ctx_Order_Mgmt_1_b_amp_b_end_x_y_z_quot",
        "ctx_a_b",
        "ctx_a_b_2",
        "ctx_end",
    ]


def test_the_parser_rejects_what_it_should(tmp_path):
    """The runner reports Mermaid's errors, and backslash escapes do not survive it."""
    bad, naive = tmp_path / "bad.mmd", tmp_path / "naive.mmd"
    bad.write_text('flowchart LR\n  a["x"] -.->\n', encoding="utf-8")
    naive.write_text('flowchart LR\n  a["say \\"hi\\""]\n', encoding="utf-8")
    try:
        rejected, misread = mermaid_parse([bad, naive])
    except Missing as missing:
        pytest.fail(str(missing))
    assert "Parse error" in rejected["error"]
    assert text(misread["vertices"]["a"]) != 'say "hi"'


def test_labels_are_one_line_and_coded():
    assert label("a\n\tb") == '"a b"'
    assert label('#quot; "') == '"#35;quot; #quot;"'
    assert label("[x] {y} |z| `w` <v> &") == (
        '"#91;x#93; #123;y#125; #124;z#124; #96;w#96; #lt;v#gt; #amp;"'
    )


def test_no_contexts_no_context_map():
    design = make(services=[{"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}])
    assert [d.path for d in build(design)] == ["mermaid/dependencies.mmd"]
    assert 'subgraph grp_no_context["(no context)"]' in dependencies(design)


def test_registered_deterministic_and_input_untouched():
    design = example("banking")
    before = design.model_dump()
    assert generators()["mermaid"].build is build
    first = [(d.path, d.content) for d in build(design)]
    assert first == [(d.path, d.content) for d in build(design)]
    assert design.model_dump() == before


def test_golden():
    for doc in build(example("ecommerce")):
        assert_golden(GOLDEN / Path(doc.path).name, render(doc, "ecommerce.yaml"))
