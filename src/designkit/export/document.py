"""The combined report notebook written as a document: report.html and report.pdf.

The HTML carries the paged-media CSS of :mod:`designkit.export.paged` (paper,
running header and footer, landscape pages). The PDF is printed twice: the
first print's outline tells on which page each contents entry starts, the
numbers go into the contents, and the second print is the one kept (the
numbers take no extra line, so the pages do not move).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import nbformat

from ..io.atomic import atomic_write
from .paged import page_css, paper

__all__ = ["render_html", "write_document"]


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
    the PDF was asked for.
    """
    import time

    html_path = out / "report.html"
    written: list[Path] = []
    seconds = None
    atomic_write(html_path, render_html(report, paper_name).encode("utf-8"))
    if "pdf" in formats:
        from .paged import heading_pages
        from .pdf import print_pdf

        started = time.perf_counter()
        pdf_path = print_pdf(html_path, out / "report.pdf")
        contents = report.metadata.get("designkit", {}).get("contents", [])
        headings = {e["anchor"]: e["heading"] for e in contents if e.get("heading")}
        pages = heading_pages(pdf_path, headings)
        if pages:
            for entry in contents:
                if entry["anchor"] in pages:
                    entry["page"] = pages[entry["anchor"]]
            atomic_write(html_path, render_html(report, paper_name).encode("utf-8"))
            print_pdf(html_path, pdf_path)
        seconds = time.perf_counter() - started
    if "html" in formats:
        written.append(html_path)
    else:
        html_path.unlink()
    if "pdf" in formats:
        written.append(out / "report.pdf")
    return written, seconds
