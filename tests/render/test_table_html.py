"""Tables as printed: whole, in words, aligned, rounded, never NaN."""

from __future__ import annotations

import pandas as pd
import pytest

from designkit.render import sizing_tables, tables
from designkit.render.table_html import EMPTY, cell_text, header, table_html


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nanoentities", "Nanoentities"),
        ("upstream_roles", "Upstream roles"),
        ("timeout ms", "Timeout (ms)"),
        ("Threshold ms", "Threshold (ms)"),
        ("objective %", "Objective (%)"),
        ("retention d", "Retention (days)"),
        ("msg/s", "Messages/s"),
        ("util", "Utilisation"),
        ("p99 ms", "p99 (ms)"),
        ("Owner", "Owner"),
        ("auth-db", "auth-db"),
    ],
)
def test_headers_in_words(name, expected):
    assert header(name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (30.0300, "30.03"),
        (1901.9, "1,902"),
        (250.04, "250"),
        (99.95, "99.95"),
        (99.999, "99.999"),
        (0.5, "0.5"),
        (0.000123, "0.000123"),
        (12000, "12,000"),
        (2.0, "2"),
        (-0.0, "0"),
        (float("nan"), EMPTY),
        (None, EMPTY),
        (pd.NA, EMPTY),
        ("None", EMPTY),
        (False, "no"),
    ],
)
def test_cells_rounded_for_reading(value, expected):
    assert cell_text(value) == expected


def test_no_elision_no_truncation_no_nan():
    long = "word " * 80
    df = pd.DataFrame({"Text": [long] * 200, "n": [None] * 199 + [1.5]})
    html = table_html(df)
    assert html.count("<tr>") == 201  # every row and the header
    assert long.strip() in html
    for leak in ("NaN", "None", "&lt;NA&gt;", "\u2026", "rows \u00d7"):
        assert leak not in html


def test_alignment_follows_the_column():
    df = pd.DataFrame({"Name": ["a", "b"], "Latency": ["30 ms", "—"], "n": [1, 2]}).set_index(
        "Name"
    )
    html = table_html(df)
    assert '<th class="dk-text">Name</th>' in html
    assert '<th class="dk-num">Latency</th>' in html
    assert '<td class="dk-num">30 ms</td>' in html
    assert '<th class="dk-num">N</th>' in html


def test_user_text_is_escaped():
    df = pd.DataFrame({"<b>x</b>": ["<script>y</script>"]})
    html = table_html(df)
    assert "<script>" not in html and "&lt;script&gt;y" in html and "&lt;b&gt;x" in html


def test_real_tables_render_without_leaks(small_shop):
    from designkit.analysis.capacity import capacity_plan

    for df in (
        tables.services(small_shop),
        tables.slos(small_shop),
        tables.topics(small_shop),
        sizing_tables.capacity(capacity_plan(small_shop)),
    ):
        html = table_html(df)
        assert "NaN" not in html and "None" not in html


def test_registered_as_the_html_of_dataframes():
    from IPython.core.interactiveshell import InteractiveShell

    from designkit.render.table_html import use_for_dataframes

    shell = InteractiveShell.instance()
    try:
        assert use_for_dataframes()
        data, _ = shell.display_formatter.format(pd.DataFrame({"a b": [float("nan")]}))
        assert "dk-table" in data["text/html"] and "NaN" not in data["text/html"]
    finally:
        InteractiveShell.clear_instance()


def test_a_wide_matrix_stands_its_headers_on_end(small_shop):
    df = pd.DataFrame(
        [{f"store-{i}": "RW" for i in range(10)}], index=pd.Index(["a"], name="Service")
    )
    assert "dk-matrix" in table_html(df)
    assert "dk-matrix" not in table_html(tables.services(small_shop))
    assert "dk-matrix" not in table_html(df.iloc[0:0])  # no rows: nothing to stand on end
