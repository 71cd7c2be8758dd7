"""The README's main job: the bundled e-commerce example through every phase to HTML and PDF."""

from __future__ import annotations

import re

import pytest

from designkit.export.report import ReportOptions, build_report
from designkit.phases import PHASES
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.report


@pytest.fixture(scope="module")
def ecommerce_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("ecommerce")
    build_report(ReportOptions(design=EXAMPLES / "ecommerce.yaml", out=out, progress=False))
    return out


def test_ecommerce_pdf_reads_like_a_design_document(ecommerce_report):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(ecommerce_report / "report.pdf")
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert len(pages) >= 20
    assert "ShopNow" in pages[0] and "Contents" in pages[1]
    text = " ".join(" ".join(pages).split())
    for p in PHASES:
        assert p.title in text, p.title
    for expected in ("order-saga", "checkout", "Anti-pattern findings", "Service catalog"):
        assert expected in text
    assert "import designkit" not in text  # code is hidden
    for index in (0, len(pdf) // 3, 2 * len(pdf) // 3, len(pdf) - 1):
        lo, hi = pdf[index].render(scale=0.4).to_pil().convert("L").getextrema()
        assert hi - lo > 100, f"page {index + 1} looks blank"


def test_ecommerce_html_is_offline(ecommerce_report):
    html = (ecommerce_report / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=\"?(https?:)?//", html)
    assert html.count("<svg") + html.count("data:image/svg+xml") >= 3  # glance, 01, 08
