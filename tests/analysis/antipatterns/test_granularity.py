"""Nano-services, god services and too many technology stacks."""

from __future__ import annotations

import pytest

from designkit.model import Design
from tests.analysis.antipatterns._support import Case, check_case, run
from tests.conftest import make


def _one(**service: object) -> Design:
    return make(services=[{"name": "svc", **service}], stores=[{"name": "db", "owner": "svc"}])


def _endpoints(n: int) -> list[dict[str, str]]:
    return [{"path": f"/v1/things/{i}"} for i in range(n)]


def _languages(*languages: str) -> Design:
    return make(
        services=[
            {"name": f"s{i}", "stack": {"language": lang}} for i, lang in enumerate(languages)
        ]
        + [{"name": "edge", "kind": "gateway", "stack": {"language": "lua"}}]
    )


CASES = {
    "nano-service": Case(
        lambda: _one(endpoints=_endpoints(1)),
        lambda: _one(endpoints=_endpoints(1), stores=[{"store": "db"}]),
    ),
    "god-service": Case(
        lambda: _one(endpoints=_endpoints(26)), lambda: _one(endpoints=_endpoints(25))
    ),
    "too-many-stacks": Case(
        lambda: _languages("java", "go", "python", "kotlin", "csharp"),
        lambda: _languages("java", "go", "python", "kotlin"),
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_positive_and_negative(rule_id):
    check_case(rule_id, CASES[rule_id])


def test_service_nothing_reaches_is_nano():
    (finding,) = run(_one(), "nano-service")
    assert finding.severity == "info" and "no endpoints or callers" in finding.message


def test_service_called_synchronously_is_reached():
    design = make(services=[{"name": "a", "dependencies": [{"target": "b"}]}, {"name": "b"}])
    assert [f.subject for f in run(design, "nano-service")] == ["a"]


def test_services_reached_through_topics_are_not_nano():
    # Neither has an endpoint: the worker consumes, the producer publishes.
    design = make(
        services=[{"name": "mailer", "kind": "worker"}, {"name": "order", "publishes": ["t"]}],
        topics=[{"name": "t", "consumers": ["mailer"]}],
    )
    assert run(design, "nano-service") == []


def test_gateways_are_not_nano():
    assert run(make(services=[{"name": "edge", "kind": "gateway"}]), "nano-service") == []


def test_god_service_lists_every_limit_it_exceeds():
    design = make(
        services=[
            {
                "name": "core",
                "stores": [{"store": f"db{i}"} for i in range(4)],
                "dependencies": [{"target": f"t{i}"} for i in range(9)],
            },
            *({"name": f"t{i}"} for i in range(9)),
        ],
        stores=[{"name": f"db{i}", "owner": "core"} for i in range(4)],
    )
    (finding,) = run(design, "god-service")
    assert "4 stores (more than 3)" in finding.message
    assert "9 synchronous dependencies (more than 8)" in finding.message
    assert run(design, "god-service", god_max_stores=4, god_max_dependencies=9) == []


def test_gateway_calling_everything_is_not_a_god_service():
    design = make(
        services=[
            {
                "name": "edge",
                "kind": "gateway",
                "dependencies": [{"target": f"t{i}"} for i in range(12)],
            },
            *({"name": f"t{i}"} for i in range(12)),
        ]
    )
    assert run(design, "god-service") == []


def test_publishing_does_not_count_as_a_dependency():
    deps = [{"target": f"t{i}", "protocol": "async", "topic": "events"} for i in range(12)]
    design = make(
        services=[
            {"name": "order", "publishes": ["events"], "dependencies": deps},
            *({"name": f"t{i}"} for i in range(12)),
        ],
        topics=[{"name": "events", "consumers": [f"t{i}" for i in range(12)]}],
    )
    assert run(design, "god-service") == []


def test_stacks_counted_without_gateways_and_threshold():
    design = _languages("java", "go", "python", "kotlin", "csharp")
    (finding,) = run(design, "too-many-stacks")
    assert finding.path == "services" and "5 languages" in finding.message
    assert "lua" not in finding.message
    assert run(design, "too-many-stacks", max_languages=5) == []
