"""Printing with the real Chromium over the DevTools protocol (test_cdp.py fakes it)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from designkit.export import pdf
from designkit.export.paged import anchor_pages, fill_contents_script


def test_override_and_missing_browser(monkeypatch, tmp_path):
    monkeypatch.setenv("DESIGNKIT_CHROMIUM", "/nonexistent/chrome")
    assert pdf.find_chromium() is None
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>")
    with pytest.raises(pdf.PdfError, match="apt-get install chromium"):
        pdf.print_pdf(page, tmp_path / "p.pdf")
    assert not (tmp_path / "p.pdf").exists()


def test_failing_browser_leaves_no_pdf(monkeypatch, tmp_path):
    fake = tmp_path / "fake-chrome"
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("DESIGNKIT_CHROMIUM", str(fake))
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>")
    with pytest.raises(pdf.PdfError, match=r"exit 3\) .*: cannot open display"):
        pdf.print_pdf(page, tmp_path / "p.pdf")
    assert not list(tmp_path.glob("p.pdf*"))


def test_prints_a_page(tmp_path):
    if pdf.find_chromium() is None:
        pytest.fail("Chromium is installed by the set-up command (scripts/system-deps.sh)")
    page = tmp_path / "p.html"
    page.write_text("<!doctype html><h1>Hello PDF</h1>")
    out = pdf.print_pdf(page, tmp_path / "out" / "p.pdf")
    assert out.read_bytes().startswith(b"%PDF-")
    assert Path(out).stat().st_size > 500


def _need_chromium() -> None:
    if pdf.find_chromium() is None:
        pytest.fail("Chromium is installed by the set-up command (scripts/system-deps.sh)")


SECTIONS = """<!doctype html><meta charset="utf-8"><style>
section { break-before: page; } .dk-page { display: inline-block; width: 2.5em; }
</style>
<nav class="dk-toc"><h2>Contents</h2><ol>
<li><a href="#one">One</a><span class="dk-page"></span></li>
<li><a href="#two">Two &amp; more</a><span class="dk-page"></span></li>
</ol></nav>
<section><a id="one"></a><h1>First section</h1><p>text</p></section>
<section><p>filler</p></section>
<section><a id="two"></a><h1>Second section</h1><p>text</p></section>
"""


def _processes_mentioning(text: str) -> list[int]:
    """Running processes whose command line holds ``text`` (a browser's profile path).

    Linux only (it reads /proc); elsewhere it finds nothing.
    """
    found: list[int] = []
    if not Path("/proc").is_dir():
        return found
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_one_page_load_prints_twice_with_the_contents_numbered(tmp_path):
    import pypdfium2 as pdfium

    _need_chromium()
    page_file = tmp_path / "sections.html"
    page_file.write_text(SECTIONS)
    with pdf.chromium() as browser:
        profile = browser._profile
        page = pdf.load(browser, page_file)
        assert _processes_mentioning(profile) or not Path("/proc").is_dir()
        first = page.print_pdf(generateTaggedPDF=False, generateDocumentOutline=False)
        pages = anchor_pages(first, ["one", "two", "missing"])
        assert pages == {"one": 2, "two": 4}
        assert page.evaluate(fill_contents_script(pages)) == 2
        final = page.print_pdf()
    assert anchor_pages(final, ["one", "two"]) == pages
    document = pdfium.PdfDocument(final)
    contents = document[0].get_textpage().get_text_range()
    assert "".join(contents.split()).endswith("1.One22.Two&more4")
    assert [item.get_title() for item in document.get_toc()] == [
        "Contents",
        "First section",
        "Second section",
    ]
    browser.cleanup.join()
    assert not Path(profile).exists()
    deadline = time.monotonic() + 5
    while _processes_mentioning(profile) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_mentioning(profile) == [], "Chromium processes left running"


def test_a_page_that_never_finishes_times_out_and_leaves_no_browser(tmp_path):
    _need_chromium()
    page_file = tmp_path / "p.html"
    page_file.write_text("<p>x</p>")
    with (
        pytest.raises(pdf.PdfError, match=r"did not answer Runtime.evaluate in time"),
        pdf.chromium(timeout=20) as browser,
    ):
        profile = browser._profile
        page = pdf.load(browser, page_file)
        browser.timeout = 0.5
        page.evaluate("new Promise(() => {})")
    browser.cleanup.join()
    assert not Path(profile).exists()
    assert _processes_mentioning(profile) == []


def test_a_script_error_in_the_page_is_reported(tmp_path):
    _need_chromium()
    page_file = tmp_path / "p.html"
    page_file.write_text("<p>x</p>")
    with (
        pytest.raises(pdf.PdfError, match=r"script failed in the page: .*boom"),
        pdf.open_page(page_file) as page,
    ):
        page.evaluate("(() => { throw new Error('boom'); })()")


def test_a_missing_page_is_reported(tmp_path):
    _need_chromium()
    with pytest.raises(pdf.PdfError, match="cannot open file://"):
        pdf.print_pdf(tmp_path / "absent.html", tmp_path / "p.pdf")
    assert not list(tmp_path.glob("*.pdf*"))


def test_not_a_pdf_is_never_written(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF-1.4 old")
    with pytest.raises(pdf.PdfError, match="returned no PDF"):
        pdf.write_pdf(target, b"<html>")
    assert target.read_bytes() == b"%PDF-1.4 old"
    assert os.listdir(tmp_path) == ["report.pdf"]
