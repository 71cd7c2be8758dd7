"""The rule corpus: a positive and a negative design per rule; precision and recall >= 0.95."""

from __future__ import annotations

import pytest

from designkit.analysis.antipatterns import analyze, rules
from tests.analysis.antipatterns import corpus

REACHABLE = [r for r in corpus.rule_ids() if not corpus.unreachable(r)]


def test_the_clean_base_has_no_finding():
    design = corpus.validate_data(corpus.build(None), "clean.yaml")
    assert analyze(design) == []


def test_every_rule_has_a_corpus_entry():
    assert set(corpus.rule_ids()) == {rule.id for rule in rules()}


@pytest.mark.parametrize("rule", sorted(set(corpus.rule_ids()) - set(REACHABLE)))
def test_an_unreachable_rule_says_why(rule):
    assert len(corpus.unreachable(rule) or "") > 40


@pytest.mark.parametrize("rule", REACHABLE)
def test_positive_and_negative(rule):
    positive, negative = corpus.cases(rule)
    assert rule in positive.expect and rule not in negative.expect
    assert corpus.found(positive) == positive.expect
    assert corpus.found(negative) == negative.expect


def test_precision_and_recall_over_the_corpus():
    cases = [case for rule in REACHABLE for case in corpus.cases(rule)]
    precision, recall, problems = corpus.scores(cases)
    assert precision >= 0.95 and recall >= 0.95, problems
    assert len(cases) >= 2 * 60


def test_the_scores_count_false_alarms_and_misses():
    # The measure itself: a case whose labels are wrong lowers both scores.
    positive, negative = corpus.cases("no-slo")
    swapped = [
        corpus.Case("no-slo", "positive", negative.design, positive.expect),
        corpus.Case("no-slo", "negative", positive.design, negative.expect),
    ]
    precision, recall, problems = corpus.scores(swapped)
    assert precision == 0.0 and recall == 0.0 and len(problems) == 2
