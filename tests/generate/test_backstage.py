"""Backstage catalog: every entity valid against Backstage's own JSON Schemas, every reference
resolving, every name following Backstage's rules, and the design's facts carried over.

The schemas come from the npm package @backstage/catalog-model and are fetched into the
virtual environment by scripts/fetch-backstage-schemas.sh (``make test`` runs it); the
checks themselves are designkit.validators' (the Backstage validator).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from designkit.analysis.traffic import topic_ends
from designkit.generate import generate, generators
from designkit.generate.backstage import build, catalog, entity_name
from designkit.generate.write import render, write_documents
from designkit.model import Design
from designkit.validators._base import Missing
from designkit.validators.architecture import backstage_rule_errors as rule_errors
from designkit.validators.architecture import backstage_schema_errors as schema_errors
from designkit.validators.architecture import backstage_validators
from tests.conftest import make
from tests.generate._golden import assert_golden
from tests.generate.test_schemas import EXAMPLE_NAMES, example

GOLDEN = Path(__file__).parent / "golden" / "backstage" / "catalog-info.yaml"


@pytest.fixture
def official() -> dict[str, Any]:
    """Backstage's schemas; missing schemas fail, they do not skip."""
    try:
        return backstage_validators()
    except Missing as missing:
        pytest.fail(str(missing))


def load_catalog(design: Design, tmp_path: Path) -> list[dict[str, Any]]:
    """The catalog as Backstage reads it: written beside the other generators' files,
    parsed, and each ``$text`` placeholder replaced by the file it names."""
    write_documents(generate(design), tmp_path, "test.yaml")
    path = tmp_path / "backstage" / "catalog-info.yaml"
    entities = list(YAML(typ="safe", pure=True).load_all(path.read_text(encoding="utf-8")))
    for entity in entities:
        definition = entity["spec"].get("definition")
        if isinstance(definition, dict):
            target = path.parent / definition["$text"]
            assert target.is_file(), f"{definition['$text']} is not written beside the catalog"
            entity["spec"]["definition"] = target.read_text(encoding="utf-8")
    return entities


def by_key(entities: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(e["kind"], e["metadata"]["name"]): e for e in entities}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_valid_against_backstage_schemas(name, official, tmp_path):
    entities = load_catalog(example(name), tmp_path)
    assert [err for e in entities for err in schema_errors(official, e)] == []
    assert rule_errors(entities) == []


def test_the_schemas_catch_broken_entities(official):
    entities = catalog(example("ecommerce"))
    component = next(e for e in entities if e["kind"] == "Component")
    del component["spec"]["owner"]
    api = next(e for e in entities if e["kind"] == "API")  # an unresolved $text is no string
    found = schema_errors(official, component) + schema_errors(official, api)
    assert any("owner" in f for f in found)
    assert any("definition" in f for f in found)
    component["spec"]["owner"] = "group:nobody"
    component["metadata"]["name"] = "not a name"
    assert any("bad name" in f for f in rule_errors([component]))
    assert any("'group:nobody' names no entity" in f for f in rule_errors([component]))


def test_entities_follow_the_design(tmp_path):
    design = example("ecommerce")
    entities = by_key(catalog(design))
    kinds = [k for k, _ in entities]
    assert kinds.count("Component") == len(design.services)
    assert kinds.count("Group") == len(design.teams) + 1  # + unowned (the dead-letter topic)
    assert kinds.count("System") == len(design.contexts)
    assert kinds.count("Domain") == 1
    domain = entities["Domain", "ecommerce"]
    assert domain["metadata"]["title"] == design.metadata.domain
    owners = [e["spec"]["owner"] for (k, _), e in entities.items() if k == "System"]
    assert domain["spec"]["owner"] == max(owners, key=owners.count)  # owns the most contexts
    assert {e["spec"]["domain"] for (k, _), e in entities.items() if k == "System"} == {"ecommerce"}
    assert kinds.count("Resource") == len(design.stores) + len(design.topics)
    order = entities["Component", "order"]["spec"]
    assert order["owner"] == f"group:{entity_name(design.service('order').team or '')}"
    assert order["system"] == entity_name(design.service("order").context or "")
    assert "api:order-api" in order["providesApis"]
    for access in design.service("order").stores:
        assert f"resource:{entity_name(access.store)}" in order["dependsOn"]
    publishers, consumers = topic_ends(design)
    for svc in design.services:
        spec = entities["Component", svc.name]["spec"]
        published = [t for t, names in publishers.items() if svc.name in names]
        assert ("api:ecommerce-events" in spec.get("providesApis", [])) == bool(published)
        consumed = [t for t, names in consumers.items() if svc.name in names]
        assert ("api:ecommerce-events" in spec.get("consumesApis", [])) == bool(consumed)
        for dep in svc.dependencies:
            if dep.protocol == "async":
                continue
            refs = spec.get("consumesApis", []) + spec.get("dependsOn", [])
            assert f"api:{dep.target}-api" in refs or f"component:{dep.target}" in refs
    events = entities["API", "ecommerce-events"]["spec"]
    assert events["type"] == "asyncapi"
    assert events["definition"] == {"$text": "../asyncapi/ecommerce.yaml"}


def test_names_users_typed_are_made_valid_and_kept_as_titles(official, tmp_path):
    odd = 'Order "Mgmt": #1 <b>&</b>\nnext'
    design = make(
        metadata={"name": "odd shop", "title": 'The "odd" shop: #1'},
        teams=[{"name": odd}, {"name": "order mgmt"}],
        contexts=[{"name": odd, "team": odd, "description": "a: 'quoted' # not a comment"}],
        services=[
            {
                "name": "a",
                "context": odd,
                "team": "order mgmt",
                "publishes": ["t: x"],
                "stores": [{"store": "db #1"}],
                "endpoints": [{"path": "/v1/x"}],
                "stack": {"language": "C++", "framework": "Qt 6"},
            },
            {"name": "b", "dependencies": [{"target": "a"}], "stack": {"language": "Node.js"}},
        ],
        stores=[{"name": "db #1", "owner": "a"}],
        topics=[{"name": "t: x", "consumers": ["b"]}],
        events=[{"name": "E", "topic": "t: x"}],
    )
    text = render(build(design)[0], "odd.yaml")
    entities = by_key(list(YAML(typ="safe", pure=True).load_all(text)))
    team = entities["Group", "order-mgmt-1-b-b-next"]
    assert team["metadata"]["title"] == odd  # round-trips exactly through the YAML
    assert entities["Group", "order-mgmt"]["metadata"]["title"] == "order mgmt"
    system = entities["System", "order-mgmt-1-b-b-next"]
    assert system["metadata"]["description"] == "a: 'quoted' # not a comment"
    assert entities["Resource", "db-1"]["metadata"]["title"] == "db #1"
    assert entities["Resource", "t-x"]["spec"]["type"] == "kafka-topic"
    assert entities["Component", "a"]["metadata"]["tags"] == ["c++", "qt-6"]
    assert entities["Component", "b"]["metadata"]["tags"] == ["node-js"]
    assert entities["API", "odd-shop-events"]["metadata"]["title"] == 'The "odd" shop: #1 events'
    loaded = load_catalog(design, tmp_path)
    assert [err for e in loaded for err in schema_errors(official, e)] == []
    assert rule_errors(loaded) == []


def test_colliding_and_overlong_names_stay_unique_and_short():
    long = "x" * 80
    design = make(
        teams=[{"name": "Team A"}, {"name": "team-a"}, {"name": long}, {"name": long + "y"}],
        services=[{"name": "a", "team": "Team A"}, {"name": "b", "team": "team-a"}],
    )
    entities = catalog(design)
    groups = [e["metadata"]["name"] for e in entities if e["kind"] == "Group"]
    assert groups == ["team-a", "team-a-2", "x" * 63, "x" * 61 + "-2"]
    owners = [e["spec"]["owner"] for e in entities if e["kind"] == "Component"]
    assert owners == ["group:team-a", "group:team-a-2"]
    assert rule_errors(entities) == []


def test_no_team_means_the_unowned_group_and_a_migration_runs_in_production():
    design = make(requirements={"kind": "migration"}, services=[{"name": "a"}])
    entities = by_key(catalog(design))
    assert entities["Component", "a"]["spec"]["owner"] == "group:unowned"
    assert entities["Component", "a"]["spec"]["lifecycle"] == "production"
    assert ("Group", "unowned") in entities
    assert "Domain" not in [k for k, _ in entities]  # no bounded contexts, no domain
    owned = make(services=[{"name": "a", "team": "t"}], teams=[{"name": "t"}])
    assert list(by_key(catalog(owned))) == [("Group", "t"), ("Component", "a")]


def test_registered_deterministic_and_input_untouched():
    design = example("banking")
    before = design.model_dump()
    assert generators()["backstage"].build is build
    first = json.dumps([(d.path, d.content) for d in build(design)])
    assert first == json.dumps([(d.path, d.content) for d in build(design)])
    assert design.model_dump() == before


def test_golden():
    (doc,) = build(example("ecommerce"))
    assert_golden(GOLDEN, render(doc, "ecommerce.yaml"))
