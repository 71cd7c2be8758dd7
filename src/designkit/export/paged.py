"""Paged-media CSS for the printed report: paper, running header and footer, landscape pages.

Chromium (131 and later) prints CSS page-margin boxes and named pages, so the
running header (design name, phase) and the footer (page x of y) are plain
CSS, one named page per phase, each with a landscape twin for the tables and
diagrams that need the width (the report's script marks them). Contents page
numbers need the finished layout: :func:`heading_pages` reads them from the
PDF outline of a first print.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PAPERS", "Paper", "css_string", "heading_pages", "page_css", "paper"]


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


def _norm(text: str) -> str:
    # Without any space: the outline joins a wrapped heading's lines without one.
    return "".join(text.split()).casefold()


def heading_pages(pdf: Path, headings: Mapping[str, str]) -> dict[str, int]:
    """The 1-based page of each heading (``anchor -> heading text``) in the printed PDF.

    Chromium writes an outline (bookmarks) of the document's headings; each
    heading is looked up in document order after the previous one, so a
    heading text that repeats later does not confuse an earlier entry. The
    page is then checked against the page's text (an outline entry can point
    at the page before a forced break): when the heading is not on it, the
    pages from the previous heading on are searched. Headings found nowhere
    are left out.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        outline = []
        for item in document.get_toc():
            dest = item.get_dest()
            if dest is not None:
                outline.append((_norm(item.get_title() or ""), dest.get_index()))
        texts: dict[int, str] = {}

        def has(index: int, wanted: str) -> bool:
            if not 0 <= index < len(document):
                return False
            if index not in texts:
                texts[index] = _norm(document[index].get_textpage().get_text_range())
            return wanted in texts[index]

        pages: dict[str, int] = {}
        position, last = 0, 0
        for anchor, text in headings.items():
            wanted = _norm(text)
            found = None
            for i in range(position, len(outline)):
                if outline[i][0] == wanted:
                    found, position = outline[i][1], i + 1
                    break
            if found is None or not has(found, wanted):
                candidates = ([found + 1, found - 1] if found is not None else []) + list(
                    range(last, len(document))
                )
                found = next((c for c in candidates if c >= last and has(c, wanted)), None)
            if found is not None:
                pages[anchor] = found + 1
                last = found
        return pages
    finally:
        document.close()
