"""The executive summary page at the front of the report."""

from __future__ import annotations

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
        assert found[0].message.split(" ")[0] in page
    else:
        assert "No anti-pattern found." in page


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
