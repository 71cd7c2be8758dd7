"""What the validators said, as a table and a summary box: escaped, honest counts."""

from __future__ import annotations

from designkit.render.artifacts import validation_summary, validation_table
from designkit.validators import Check

CHECKS = [
    Check("k/a.yaml", "kv", "valid"),
    Check("k/b.yaml", "kv", "invalid", ("spec: bad <thing>", "two", "three", "four")),
    Check("p/r.yaml", "promtool", "skipped", ("promtool is not installed",)),
    Check("d/x.md", "-", "not-applicable"),
]


def test_table_has_one_row_per_document_with_the_first_problems() -> None:
    table = validation_table(CHECKS)
    assert list(table.index) == ["k/a.yaml", "k/b.yaml", "p/r.yaml", "d/x.md"]
    assert table.loc["k/b.yaml", "Result"] == "INVALID"
    assert table.loc["k/b.yaml", "Problems"] == "spec: bad <thing>; two; three; ... 1 more"
    assert table.loc["p/r.yaml", "Result"] == "not checked"


def test_summary_counts_and_lists_failures_escaped() -> None:
    box = validation_summary(CHECKS)
    assert "1 valid, 1 invalid, 1 not checked" in box and "(1 with no validator)" in box
    assert "bad &lt;thing&gt;" in box and "<thing>" not in box
    assert "promtool is not installed" in box
    assert "#c62828" in box  # red when anything is invalid


def test_summary_is_green_only_when_everything_checked_passed() -> None:
    assert "#2e7d32" in validation_summary(CHECKS[:1])
    assert "#ef6c00" in validation_summary([CHECKS[0], CHECKS[2]])
