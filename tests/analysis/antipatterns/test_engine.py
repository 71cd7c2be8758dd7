"""The registry and analyze(): every rule tested both ways, order, thresholds, purity, examples."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import designkit
import tests.analysis.antipatterns as suite
from designkit.analysis.antipatterns import (
    SEVERITIES,
    AnalysisOptionError,
    Finding,
    analyze,
    default_thresholds,
    get_rule,
    rules,
    summary,
    thresholds,
)
from designkit.analysis.antipatterns.finding import sort_key
from tests.analysis.antipatterns import corpus
from tests.analysis.antipatterns._support import check_case
from tests.conftest import EXAMPLES


def _all_cases():
    cases = {}
    for info in pkgutil.iter_modules(suite.__path__):
        if info.name.startswith("test_"):
            module = importlib.import_module(f"{suite.__name__}.{info.name}")
            for rule_id, case in getattr(module, "CASES", {}).items():
                assert rule_id not in cases, f"{rule_id} has cases in two modules"
                cases[rule_id] = case
    return cases


def test_every_rule_has_a_positive_and_a_negative_case():
    cases = _all_cases()
    registered = {rule.id for rule in rules()}
    # Rules outside the anti-pattern modules' CASES have theirs in the rule corpus.
    in_corpus = set(corpus.rule_ids())
    assert registered - set(cases) - in_corpus == set(), "rules without positive/negative tests"
    assert set(cases) - registered == set(), "cases for rules that are not registered"
    for rule_id, case in cases.items():
        assert case.positive is not None and case.negative is not None, rule_id


def test_at_least_the_issue_rules_are_registered():
    assert len(rules()) >= 25


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.id)
def test_registration_is_complete(rule):
    assert rule.id == rule.id.lower() and " " not in rule.id
    assert rule.severity in SEVERITIES
    assert rule.title and rule.doc, "title and docstring explain the rule"
    assert rule.catalog and all(rule.catalog), "every rule cites where it comes from"
    assert "Catalog: " in rule.doc, "and says so in its docstring"
    for limit in rule.thresholds:
        assert limit.doc and limit.name in default_thresholds()


@pytest.mark.parametrize("rule_id", sorted(_all_cases()))
def test_findings_carry_their_rule_id_and_severity(rule_id):
    rule = get_rule(rule_id)
    found = rule(_all_cases()[rule_id].positive(), default_thresholds())
    assert {(f.rule, f.severity) for f in found} == {(rule.id, rule.severity)}
    assert all(f.path and f.subject and f.message and f.fix for f in found)


def test_meta_check_fails_a_rule_that_never_fires():
    case = _all_cases()["cyclic-sync-dependency"]
    with pytest.raises(AssertionError):
        check_case("cyclic-sync-dependency", type(case)(case.negative, case.negative))


@pytest.fixture(scope="module")
def examples():
    """The bundled examples, loaded once (loading dominates the run time)."""
    return {name: designkit.load(EXAMPLES / f"{name}.yaml") for name in EXPECTED}


@pytest.mark.parametrize("name", ["ecommerce", "banking", "healthcare", "small-shop"])
def test_analyze_does_not_mutate_its_input(name, small_shop, examples):
    design = small_shop if name == "small-shop" else examples[name]
    before = design.model_dump(mode="json")
    copy = design.model_copy(deep=True)
    analyze(design)
    assert design.model_dump(mode="json") == before
    assert design == copy


def test_analyze_prints_nothing(small_shop, capsys):
    assert analyze(small_shop)
    assert capsys.readouterr() == ("", "")


def test_findings_sorted_by_severity_rule_then_path_as_numbers():
    f = [
        Finding("b", "warning", "services[10]", "s", "m", "x"),
        Finding("b", "warning", "services[9]", "s", "m", "x"),
        Finding("a", "info", "services[0]", "s", "m", "x"),
        Finding("z", "error", "topics[0]", "s", "m", "x"),
        Finding("a", "warning", "services[2]", "s", "m", "x"),
    ]
    ordered = sorted(f, key=sort_key)
    assert [(x.severity, x.rule, x.path) for x in ordered] == [
        ("error", "z", "topics[0]"),
        ("warning", "a", "services[2]"),
        ("warning", "b", "services[9]"),
        ("warning", "b", "services[10]"),
        ("info", "a", "services[0]"),
    ]


def test_analyze_is_deterministic_and_sorted(small_shop):
    first = analyze(small_shop)
    assert first == analyze(small_shop) == sorted(first, key=sort_key)


def test_rule_selection(small_shop):
    found = analyze(small_shop, rules=["no-slo", "foreign-store-access"])
    assert {f.rule for f in found} == {"no-slo", "foreign-store-access"}
    assert analyze(small_shop, rules=[]) == []


def test_unknown_rule_and_threshold_are_clear_errors(small_shop):
    with pytest.raises(
        AnalysisOptionError, match=r"unknown rule 'no-sloo' \(did you mean 'no-slo'"
    ):
        analyze(small_shop, rules=["no-sloo"])
    with pytest.raises(AnalysisOptionError, match="did you mean 'max_sync_hops'"):
        analyze(small_shop, thresholds={"max_sync_hop": 3})
    with pytest.raises(AnalysisOptionError, match="finite number"):
        analyze(small_shop, thresholds={"max_sync_hops": float("nan")})
    with pytest.raises(AnalysisOptionError, match="zero or more"):
        analyze(small_shop, thresholds={"max_sync_hops": -1})


def test_thresholds_documented_with_defaults():
    assert default_thresholds() == {
        "god_max_dependencies": 8,
        "god_max_endpoints": 25,
        "god_max_stores": 3,
        "hub_min_callers": 8,
        "max_languages": 4,
        "max_retry_amplification": 10,
        "max_sync_hops": 4,
        "min_last_attempt_share": 0.5,
    }
    assert all(t.doc.endswith(".") for t in thresholds().values())


def test_summary_counts_every_severity():
    f = Finding("a", "error", "p", "s", "m", "x")
    assert summary([f, f]) == {"error": 2, "warning": 0, "info": 0}


# What each bundled example gets: few findings, each a real point (see the report).
EXPECTED = {
    "ecommerce": {
        ("context-multiple-teams", "Discovery"),
        # Both consume more topics of other teams than they touch of their own.
        ("tightly-coupled-teams", "recommendation"),
        ("tightly-coupled-teams", "analytics"),
    },
    "banking": {("timeout-budget", "transaction -> ledger"), ("tightly-coupled-teams", "audit")},
    "healthcare": set(),
}


# The smell rules of the anti-pattern modules (the other families have their own tests).
SMELLS = [r.id for r in rules() if r.check.__module__.startswith("designkit.analysis.antipat")]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_examples_get_few_real_findings(name, examples):
    found = analyze(examples[name], rules=SMELLS)
    assert {(f.rule, f.subject) for f in found} == EXPECTED[name]
    assert not [f for f in found if f.severity == "error"]
