"""report.html and report.pdf of a small combined report: numbers, one render, clean runs."""

from __future__ import annotations

import copy
import re

import nbformat
import pytest

from designkit.export.document import render_html, write_document
from designkit.export.paged import fill_contents
from designkit.export.pdf import find_chromium
from designkit.export.report import combine
from designkit.phases import PHASES

HOSTILE = 'Shop </a><span class="dk-page">9</span> & <b>co</b>'


def _report() -> nbformat.NotebookNode:
    executed = []
    for ph in PHASES[:3]:
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_markdown_cell(f"# Phase {ph.number}: {ph.title}\n\nWhat it does."),
            nbformat.v4.new_markdown_cell("## A section\n\n" + "Text. " * 400),
        ]
        executed.append((ph, nb))
    meta = {"name": "shop", "title": HOSTILE, "version": "1", "date": "2026-01-01"}
    report = combine(executed, meta)
    report.metadata["designkit"]["contents"][0]["title"] = HOSTILE  # escaped like any title
    return report


def test_numbers_substituted_into_the_html_equal_a_render_with_them():
    report = _report()
    contents = report.metadata["designkit"]["contents"]
    pages = {entry["anchor"]: 3 + 2 * i for i, entry in enumerate(contents)}
    numbered = copy.deepcopy(report)
    for entry in numbered.metadata["designkit"]["contents"]:
        entry["page"] = pages[entry["anchor"]]
    plain = render_html(report)
    assert fill_contents(plain, pages) == render_html(numbered)
    # Only the contents changed, and the hostile title stayed text.
    assert fill_contents(plain, {}) == plain
    assert plain.count('<span class="dk-page">9</span>') == 0
    filled = fill_contents(plain, {contents[0]["anchor"]: 7})
    assert filled.count('<span class="dk-page">7</span>') == 1
    assert len(filled) == len(plain) + 1


@pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")
def test_write_document_numbers_the_contents_of_pdf_and_html_alike(tmp_path):
    import pypdfium2 as pdfium

    report = _report()
    written, seconds = write_document(report, tmp_path, ["html", "pdf"])
    assert written == [tmp_path / "report.html", tmp_path / "report.pdf"]
    assert seconds is not None and seconds > 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(r'<span class="dk-page">(\d+)</span>', html)]
    assert len(numbers) == 3 and numbers == sorted(numbers) and numbers[0] >= 3
    pdf = pdfium.PdfDocument(tmp_path / "report.pdf")
    text = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    entries = report.metadata["designkit"]["contents"]
    expected = " ".join(f"{e['title']} {n}" for e, n in zip(entries, numbers, strict=True))
    assert text[1].endswith(f"Contents {expected}"), text[1]
    for ph, number in zip(PHASES[:3], numbers, strict=True):
        assert f"Phase {ph.number}: {ph.title.split(' ')[0]}" in text[number - 1]
        assert f"Phase {ph.number}: {ph.title.split(' ')[0]}" not in text[number - 2]
    # (Chromium's outline joins a wrapped heading's lines without a space.)
    bookmarks = {"".join(item.get_title().split()) for item in pdf.get_toc()}
    wanted = {"Contents", HOSTILE, *(e["heading"] for e in entries)}
    assert {"".join(w.split()) for w in wanted} <= bookmarks
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.pdf"]


@pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")
def test_pdf_only_removes_the_html(tmp_path):
    written, _seconds = write_document(_report(), tmp_path, ["pdf"])
    assert written == [tmp_path / "report.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]
