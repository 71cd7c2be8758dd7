"""The executive summary page at the front of the report."""

from __future__ import annotations

from html import escape as html_escape

from designkit.analysis.antipatterns import analyze
from designkit.analysis.slos import slo_report
from designkit.render.summary import executive_summary
from tests.conftest import make


def test_summary_has_every_part(small_shop):
    page = executive_summary(small_shop)
    for heading in (
        "Executive summary",
        "Key decisions",
        "Top findings",
        "Can each journey meet its objective?",
        "Monthly cost",
    ):
        assert heading in page
    assert f"{len(small_shop.services)} services" in page
    for journey in slo_report(small_shop).journeys:
        assert f">{journey}<" in page


def test_summary_counts_findings_by_severity(small_shop):
    found = analyze(small_shop)
    page = executive_summary(small_shop)
    if found:
        from designkit.analysis.antipatterns import get_rule, summary

        assert html_escape(get_rule(found[0].rule).title) in page
        for severity, n in summary(found).items():
            assert (f"{n} {severity}" in page) == (n > 0)
    else:
        assert "No anti-pattern found." in page


def test_summary_lists_kinds_of_finding_most_serious_first():
    import designkit
    from designkit.analysis.antipatterns import get_rule
    from tests.conftest import EXAMPLES

    design = designkit.load(EXAMPLES / "ecommerce.yaml")
    found = analyze(design)
    page = str(executive_summary(design))
    rules = list(dict.fromkeys(f.rule for f in found))
    assert len(rules) > 5
    titles = [get_rule(r).title for r in rules[:5]]
    positions = [page.index(html_escape(t)) for t in titles]
    assert positions == sorted(positions)  # in analyze's order: most serious first
    assert get_rule(rules[5]).title not in page
    assert f"{len(rules) - 5} more kinds of finding; all {len(found)} findings" in page
    several = next(r for r in rules[:5] if sum(f.rule == r for f in found) > 3)
    count = sum(f.rule == several for f in found)
    assert f"{html_escape(get_rule(several).title)}, {count} findings:" in page
    assert f"and {count - 3} more" in page


def test_summary_without_findings_decisions_or_journeys():
    page = executive_summary(make())
    assert "No anti-pattern found." in page
    assert "No decision recorded yet." in page


def test_summary_escapes_user_text(small_shop):
    from designkit.model.operations import Decision

    small_shop.decisions.append(
        Decision(title="Use a broker", status="accepted", outcome="<script>x</script>")
    )
    page = executive_summary(small_shop)
    assert "<script>x" not in page and "&lt;script&gt;x" in page


def test_summary_keeps_the_tightest_journeys_of_a_long_list():
    from designkit.synth import synthesize

    design = synthesize(100, seed=0)
    journeys = slo_report(design).journeys
    assert len(journeys) > 12
    page = str(executive_summary(design))
    shown = [j for j in journeys if f">{j}<" in page]
    assert len(shown) == 12
    worst_left_out = max(journeys[j].budget_used for j in journeys if j not in shown)
    assert all(journeys[j].budget_used >= worst_left_out for j in shown)
    assert f"The 12 tightest of {len(journeys)} journeys" in page
