from pathlib import Path

import pytest

from designkit.export import pdf


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
    with pytest.raises(pdf.PdfError, match=r"exit 3\): cannot open display"):
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
