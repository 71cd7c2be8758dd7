"""Paged-media CSS for the printed report: paper, running header and footer, landscape pages.

Chromium (131 and later) prints CSS page-margin boxes and named pages, so the
running header (design name, phase) and the footer (page x of y) are plain
CSS, one named page per phase, each with a landscape twin for the tables and
diagrams that need the width (the report's script marks them). Contents page
numbers need the finished layout: :func:`anchor_pages` reads them from a
first print, :func:`fill_contents_script` writes them into the loaded page
before the print that is kept, and :func:`fill_contents` into the HTML file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

__all__ = [
    "PAPERS",
    "Paper",
    "anchor_pages",
    "css_string",
    "fill_contents",
    "fill_contents_script",
    "page_css",
    "paper",
]


@dataclass(frozen=True)
class Paper:
    """A paper size and the printable widths the report's script lays tables out for."""

    name: str
    css: str
    """The CSS ``size`` keyword."""
    width_mm: float
    height_mm: float


PAPERS = {
    "a4": Paper("a4", "A4", 210.0, 297.0),
    "letter": Paper("letter", "letter", 215.9, 279.4),
}
MARGIN_MM = (20.0, 16.0, 18.0, 16.0)
"""Top (room for the running header), right, bottom (the footer), left."""


def paper(name: str) -> Paper:
    """The paper called ``name`` (a4 or letter, any case).

    >>> paper("A4").css, paper("letter").width_mm
    ('A4', 215.9)
    """
    try:
        return PAPERS[name.strip().lower()]
    except KeyError:
        raise ValueError(f"--paper: choose a4 or letter (got {name!r})") from None


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a ``<style>`` element.

    >>> css_string('a "b" </style>')
    '"a \\\\22 b\\\\22  \\\\3c /style\\\\3e "'
    """
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def page_css(design_name: str, phases: Sequence[tuple[str, str]], size: Paper) -> str:
    """The ``@page`` rules: paper, margins, header and footer; one named page per phase.

    ``phases`` are ``(key, running title)`` pairs; a cell of phase ``key`` has
    the class ``dk-in-<key>`` (see the template), and ``dk-wide`` when the
    script found it too wide for a portrait page.
    """
    top, right, bottom, left = MARGIN_MM
    box = "font: 8.5pt/1.2 system-ui, sans-serif; color: #555;"
    name = css_string(design_name)
    footer = '"Page " counter(page) " of " counter(pages)'
    portrait_w = size.width_mm - left - right
    landscape_w = size.height_mm - left - right
    rules = [
        f":root {{ --dk-print-width: {portrait_w:g}mm; --dk-landscape-width: {landscape_w:g}mm; }}",
        "@page {",
        f"  size: {size.css}; margin: {top:g}mm {right:g}mm {bottom:g}mm {left:g}mm;",
        f"  @top-left {{ content: {name}; {box} }}",
        f"  @bottom-center {{ content: {footer}; {box} }}",
        "}",
        "@page :first { @top-left { content: none; } @bottom-center { content: none; } }",
        f"@page front-wide {{ size: {size.css} landscape; }}",
        ".dk-in-front.dk-wide { page: front-wide; }",
    ]
    for key, title in phases:
        header = f"@top-right {{ content: {css_string(title)}; {box} }}"
        rules += [
            f"@page p{key} {{ {header} }}",
            f"@page p{key}-wide {{ size: {size.css} landscape; {header} }}",
            f".dk-in-{key} {{ page: p{key}; }}",
            f".dk-in-{key}.dk-wide {{ page: p{key}-wide; }}",
        ]
    return "\n".join(rules) + "\n"


def anchor_pages(pdf: bytes | Path, anchors: Iterable[str]) -> dict[str, int]:
    """The 1-based page on which each of ``anchors`` (element ids) lands in the printed PDF.

    Chromium writes a named destination for every element a link points to
    (the contents entries point at their sections' anchors), at the element's
    own position: the page a reader's click goes to, so the page to print in
    the contents. Anchors without a destination are left out.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(pdf)
    try:
        pages = {}
        for anchor in anchors:
            dest = raw.FPDF_GetNamedDestByName(document, anchor.encode("utf-8"))
            index = raw.FPDFDest_GetDestPageIndex(document, dest) if dest else -1
            if index >= 0:
                pages[anchor] = index + 1
        return pages
    finally:
        document.close()


_FILL_JS = """(function (pages) {
  var filled = 0;
  document.querySelectorAll("nav.dk-toc li").forEach(function (item) {
    var link = item.querySelector("a[href^='#']"), page = item.querySelector(".dk-page");
    var anchor = link && link.getAttribute("href").slice(1);
    if (page && Object.prototype.hasOwnProperty.call(pages, anchor)) {
      page.textContent = String(pages[anchor]);
      filled++;
    }
  });
  return filled;
})(%s)"""


def fill_contents_script(pages: Mapping[str, int]) -> str:
    """JavaScript that writes ``pages`` (anchor -> page) into the loaded report's contents.

    It returns how many entries it filled.

    >>> fill_contents_script({"phase-1": 7}).endswith('({"phase-1": 7})')
    True
    """
    return _FILL_JS % json.dumps({str(k): int(v) for k, v in pages.items()})


_ENTRY = re.compile(r'(<li><a href="#([^"]*)">.*?</a><span class="dk-page">)[^<]*(</span></li>)')


def fill_contents(html: str, pages: Mapping[str, int]) -> str:
    """The report's HTML with ``pages`` (anchor -> page) in its contents, nothing else changed.

    The contents (``<nav class="dk-toc">``, written by the template before any
    cell) has one ``<span class="dk-page">`` per entry, after the entry's link.

    >>> page = '<nav class="dk-toc"><ol><li><a href="#a">A</a><span class="dk-page"></span></li>'
    >>> fill_contents(page + "</ol></nav>", {"a": 3}).split("<li>")[1]
    '<a href="#a">A</a><span class="dk-page">3</span></li></ol></nav>'
    """
    start = html.find('<nav class="dk-toc">')
    if start < 0 or not pages:
        return html
    end = html.find("</nav>", start)
    wanted = {escape(str(k)): int(v) for k, v in pages.items()}

    def number(match: re.Match[str]) -> str:
        page = wanted.get(match.group(2))
        return match.group(0) if page is None else f"{match.group(1)}{page}{match.group(3)}"

    return html[:start] + _ENTRY.sub(number, html[start:end]) + html[end:]
