"""The adr generator: MADR 4 records, recorded then derived, numbered deterministically.

Golden files live in tests/generate/golden/adr/; regenerate them with
``DESIGNKIT_UPDATE_GOLDEN=1 pytest tests/generate/test_adr.py``.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import designkit
from designkit.generate import generate
from designkit.generate.adr import GENERATED, madr, records
from designkit.generate.write import render
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, make
from tests.generate._golden import assert_golden

GOLDEN = Path(__file__).parent / "golden"
MADR_SECTIONS = [
    "## Context and Problem Statement",
    "## Considered Options",
    "## Decision Outcome",
]


@pytest.fixture(scope="module")
def texts():
    return {d.path: render(d, "ecommerce.yaml") for d in generate(ecommerce(), ["adr"])}


def front_matter(text: str) -> dict:
    assert text.startswith("---\n"), "the front matter must open the file"
    head = text.split("---\n")[1]
    return YAML(typ="safe", pure=True).load(io.StringIO(head))


def test_recorded_first_then_derived_numbered_from_one(texts):
    assert sorted(texts) == [
        "adr/0001-use-kafka-as-the-message-broker.md",
        "adr/0002-orchestrate-the-order-saga-in-the-order-service.md",
        "adr/0003-kong-as-the-api-gateway.md",
        "adr/0004-istio-service-mesh-with-strict-mtls.md",
        "adr/0005-database-per-service.md",
        "adr/0006-accept-checkout-asynchronously-202-accepted.md",
        # broker, saga, mesh and gateway are recorded; consistency is not
        "adr/0007-eventual-consistency-between-services-transactions-within.md",
        "adr/index.md",
    ]


@pytest.mark.parametrize("example", ["ecommerce", "banking", "healthcare"])
def test_every_record_is_madr(example):
    for doc in generate(designkit.load(EXAMPLES / f"{example}.yaml"), ["adr"]):
        if doc.path.endswith("index.md"):
            continue
        text = render(doc, example)
        meta = front_matter(text)
        assert meta["status"] in {"proposed", "accepted", "rejected", "deprecated"} or meta[
            "status"
        ].startswith("superseded by")
        assert GENERATED in text
        positions = [text.index(s) for s in MADR_SECTIONS]
        assert positions == sorted(positions), doc.path
        assert text.count("\n# ") == 1


def test_front_matter_of_a_recorded_decision(texts):
    meta = front_matter(texts["adr/0001-use-kafka-as-the-message-broker.md"])
    assert meta == {
        "status": "accepted",
        "date": dt.date(2025, 1, 14),
        "decision-makers": ["Architecture guild", "platform"],
    }


def test_every_key_decision_is_derived_when_nothing_is_recorded():
    d = make(
        services=[
            {"name": "a", "publishes": ["t"], "outbox": True},
            {"name": "b", "dependencies": [{"target": "a"}]},
        ],
        stores=[{"name": "db", "owner": "a"}],
        topics=[{"name": "t", "consumers": ["b"], "key": "id"}],
        sagas=[
            {
                "name": "s",
                "style": "choreography",
                "steps": [{"name": "x", "service": "a", "action": "do"}],
            }
        ],
        gateway={"routes": [{"name": "r", "path": "/a", "service": "a"}]},
    )
    got = [(r.number, r.title, r.status) for r in records(d)]
    assert got == [
        (1, "Use Apache Kafka as the message broker", "proposed"),
        (2, "Coordinate sagas by choreography", "proposed"),
        (3, "Eventual consistency between services, transactions within one", "proposed"),
        (4, "Use Istio as the service mesh with STRICT mTLS", "proposed"),
        (5, "Use Kong as the API gateway", "proposed"),
    ]
    consistency = records(d)[2]
    assert "through a transactional outbox (a)" in consistency.outcome


def test_a_recorded_decision_replaces_its_derived_one():
    d = make(
        services=[{"name": "a"}, {"name": "b"}],
        mesh={"technology": "none"},
        decisions=[{"title": "Strong consistency in one ledger"}],
    )
    titles = [r.title for r in records(d)]
    assert titles == ["Strong consistency in one ledger", "No service mesh"]


def test_superseded_links_to_the_new_record():
    d = make(
        decisions=[
            {"title": "Use RabbitMQ", "status": "superseded", "superseded_by": "Use Kafka"},
            {"title": "Use Kafka", "status": "accepted"},
        ]
    )
    first, second = records(d)[:2]
    assert front_matter(madr(first, records(d)))["status"] == "superseded by ADR-0002"
    assert second.number == 2


def test_index_lists_every_record(texts):
    index = texts["adr/index.md"]
    for path in texts:
        if path != "adr/index.md":
            assert f"]({path.removeprefix('adr/')})" in index
    assert "| proposed |  | derived from the design |" in index


def test_deterministic_and_input_untouched(texts):
    design = ecommerce()
    before = design.model_dump()
    again = {d.path: render(d, "ecommerce.yaml") for d in generate(design, ["adr"])}
    assert again == texts
    assert design.model_dump() == before


@pytest.mark.parametrize(
    "path",
    [
        "adr/0001-use-kafka-as-the-message-broker.md",
        "adr/0007-eventual-consistency-between-services-transactions-within.md",
        "adr/index.md",
    ],
)
def test_golden(texts, path):
    assert_golden(GOLDEN / path, texts[path])
