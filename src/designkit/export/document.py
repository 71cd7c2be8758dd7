"""The combined report notebook written as a document: report.html and report.pdf.

The HTML carries the paged-media CSS of :mod:`designkit.export.paged` (paper,
running header and footer, landscape pages). The PDF comes from one Chromium
that loads the page once and prints it twice: the first print (untagged, the
quicker kind) tells on which page each contents entry's anchor lands, the
numbers go into the contents of the live page, and the second print is the
one kept. Its anchors are checked against the numbers it shows (printed again
if a number moved, which the numbers' fixed-width column should prevent), and
the same numbers go into report.html by a string substitution, so the report
is rendered by nbconvert only once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from ..io.atomic import atomic_write
from .paged import page_css, paper

if TYPE_CHECKING:
    from .cdp import Browser

__all__ = ["print_with_contents", "render_html", "write_document"]

ROUNDS = 3
"""Prints with page numbers at most, before the last one is kept as it is."""


def render_html(report: nbformat.NotebookNode, paper_name: str = "a4") -> str:
    """The report notebook as a standalone, offline HTML page for ``paper_name``."""
    from .exporter import DesignReportExporter

    meta = report.metadata.get("designkit")
    if meta is not None:
        phases = [
            (str(e["part"]), e.get("running", e["title"]))
            for e in meta.get("contents", [])
            if e.get("part") not in (None, "front")
        ]
        meta["page_css"] = page_css(meta.get("title", ""), phases, paper(paper_name))
    body, _resources = DesignReportExporter().from_notebook_node(report)
    return body


def write_document(
    report: nbformat.NotebookNode,
    out: Path,
    formats: Sequence[str],
    paper_name: str = "a4",
) -> tuple[list[Path], float | None]:
    """Write ``out/report.html`` and/or ``out/report.pdf``; the paths and the PDF's seconds.

    ``report.html`` is always the PDF's source; it is removed again when only
    the PDF was asked for. The browser starts while nbconvert renders the HTML;
    the PDF's seconds are the time writing the document took beyond that render.
    """
    import time

    html_path = out / "report.html"
    written: list[Path] = []
    seconds = None
    with contextlib.ExitStack() as stack:
        browser = None
        if "pdf" in formats:
            from .pdf import chromium

            started = time.perf_counter()
            browser = stack.enter_context(chromium())  # starts while nbconvert renders
        rendering = time.perf_counter()
        html = render_html(report, paper_name)
        atomic_write(html_path, html.encode("utf-8"))
        rendering = time.perf_counter() - rendering
        if browser is not None:
            contents = report.metadata.get("designkit", {}).get("contents", [])
            anchors = [e["anchor"] for e in contents]
            pages = print_with_contents(browser, html_path, out / "report.pdf", anchors)
            if pages:
                from .paged import fill_contents

                for entry in contents:
                    if entry["anchor"] in pages:
                        entry["page"] = pages[entry["anchor"]]
                atomic_write(html_path, fill_contents(html, pages).encode("utf-8"))
    if browser is not None:  # what the PDF adds to writing the HTML
        seconds = time.perf_counter() - started - rendering
    if "html" in formats:
        written.append(html_path)
    else:
        html_path.unlink()
    if "pdf" in formats:
        written.append(out / "report.pdf")
    return written, seconds


def print_with_contents(
    browser: Browser, html: Path, pdf: Path, anchors: Sequence[str]
) -> dict[str, int]:
    """Print ``html`` to ``pdf`` with the contents' page numbers; the numbers.

    Raises
    ------
    CdpError
        Chromium failed or timed out (``pdf`` is then left as it was).
    """
    from .paged import anchor_pages, fill_contents_script
    from .pdf import load, write_pdf

    shown: dict[str, int] = {}
    page = load(browser, html)
    if not anchors:
        data = page.print_pdf()
    else:
        # Untagged, without outline: the anchors' destinations are there, at half the cost.
        untagged = page.print_pdf(generateTaggedPDF=False, generateDocumentOutline=False)
        pages = anchor_pages(untagged, anchors)
        for _round in range(ROUNDS):
            page.evaluate(fill_contents_script(pages))
            shown = pages
            data = page.print_pdf()
            pages = anchor_pages(data, anchors)
            if pages == shown:
                break
    write_pdf(pdf, data)
    return shown
