"""Findings say where they are in words; the field path is only a reference."""

from __future__ import annotations

import re

import pytest

import designkit
from designkit.analysis.antipatterns import Finding, analyze
from designkit.render import tables
from designkit.render.finding_words import where
from designkit.render.table_html import REFERENCE, table_html
from tests.conftest import EXAMPLES


def _finding(path: str, subject: str) -> Finding:
    return Finding("some-rule", "warning", path, subject, "why", "fix")


@pytest.mark.parametrize(
    ("path", "subject", "words"),
    [
        ("services[3].dependencies[0]", "orders -> payments", "Service orders → payments (call)"),
        ("services[12].outbox", "search", "Service search: outbox"),
        ("gateway.routes[16].auth", "psp-webhooks", "Route psp-webhooks: authentication"),
        (
            "sagas[1].steps[2].compensation",
            "opening.open",
            "Saga opening.open (step): compensation",
        ),
        ("stores[7].backup.retention_days", "fraud", "Store fraud: backup retention"),
        ("events[1].fields", "OrderPlaced v2", "Event OrderPlaced v2: fields"),
        (
            "domain.entities[2].attributes[1].classification",
            "Card.pan",
            "Entity Card.pan (attribute): classification",
        ),
        ("journeys[0]", "checkout", "Journey checkout"),
        ("not a path!", "orders", "orders"),
    ],
)
def test_paths_in_words(path, subject, words):
    assert where(_finding(path, subject)) == words


@pytest.mark.parametrize("name", ["ecommerce", "banking", "healthcare"])
def test_every_finding_of_the_examples_reads_as_words(name):
    found = analyze(designkit.load(EXAMPLES / f"{name}.yaml"))
    assert found
    frame = tables.findings(found)
    assert "Where" not in frame.columns and list(frame[REFERENCE]) == [f.path for f in found]
    for text in frame["About"]:
        assert not re.search(r"\w\[\d+\]", text), text  # no raw field path left
        assert text[0].isupper(), text  # starts with what it is: Service, Topic, Store, ...


def test_the_reference_column_prints_small_and_breaks_only_between_fields():
    html = table_html(tables.findings([_finding("topics[0].consumers[3].dead_letter", "a -> b")]))
    assert '<td class="dk-text dk-ref">topics[0]<wbr>.consumers[3]<wbr>.dead_letter</td>' in html
    assert "Topic a → b (consumer): dead-letter topic" in html
