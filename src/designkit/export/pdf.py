"""Print the HTML report to PDF with a headless Chromium found on the system.

Chromium renders exactly what a reader sees in a browser (the print CSS of the
report template paginates it), and it runs offline. One browser is driven over
the DevTools protocol (:mod:`designkit.export.cdp`): the page is loaded once,
then printed as often as needed (the report prints twice: the second print has
the contents' page numbers, put into the live page between the two). ``make
report`` installs Debian's ``chromium`` when it is missing; set
``DESIGNKIT_CHROMIUM`` to use another Chromium or Chrome binary.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import DesignKitError
from ..io.atomic import atomic_write
from .cdp import Browser, CdpError

__all__ = [
    "CANDIDATES",
    "PRINT",
    "PdfError",
    "ReportPage",
    "chromium",
    "find_chromium",
    "load",
    "open_page",
    "print_pdf",
    "write_pdf",
]

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

# Flags for a quiet, offline, reproducible run: no first-run UI, no background
# traffic (there is no network to talk to).
_FLAGS = (
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--run-all-compositor-stages-before-draw",
)

PRINT: dict[str, Any] = {
    "preferCSSPageSize": True,  # the report's @page rules choose paper and landscape pages
    "printBackground": True,
    "displayHeaderFooter": False,  # the report's own @page margin boxes are the header/footer
    "generateDocumentOutline": True,  # bookmarks from the headings
    "generateTaggedPDF": True,
    "transferMode": "ReturnAsStream",  # a 500-page report is tens of MB
}
"""Page.printToPDF parameters: what ``chromium --print-to-pdf`` uses, outline included."""

_CHUNK = 8 << 20


class PdfError(DesignKitError):
    """The PDF could not be printed (no Chromium, or it failed)."""


def find_chromium() -> str | None:
    """Path of a Chromium-family browser: ``$DESIGNKIT_CHROMIUM`` or the first on PATH."""
    override = os.environ.get("DESIGNKIT_CHROMIUM")
    if override:
        return override if Path(override).is_file() else shutil.which(override)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class ReportPage:
    """One loaded page of a running browser: print it, run script in it."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def evaluate(self, expression: str) -> Any:
        """The value of the JavaScript ``expression`` (awaited when it is a promise)."""
        answer = self.browser.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=self.session,
        )
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CdpError(f"script failed in the page: {text}")
        return answer.get("result", {}).get("value")

    def print_pdf(self, **options: Any) -> bytes:
        """The page printed to PDF (:data:`PRINT`, updated with ``options``)."""
        answer = self.browser.send("Page.printToPDF", {**PRINT, **options}, session=self.session)
        if "stream" not in answer:
            return base64.b64decode(answer["data"])
        chunks = []
        handle = answer["stream"]
        while True:
            part = self.browser.send(
                "IO.read", {"handle": handle, "size": _CHUNK}, session=self.session
            )
            data = part.get("data", "")
            chunks.append(base64.b64decode(data) if part.get("base64Encoded") else data.encode())
            if part.get("eof"):
                break
        self.browser.send("IO.close", {"handle": handle}, session=self.session)
        return b"".join(chunks)


def load(browser: Browser, html: Path) -> ReportPage:
    """``html`` opened in a new tab of ``browser``, its script run and its fonts loaded."""
    url = html.resolve().as_uri()
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    attached = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})
    page = ReportPage(browser, attached["sessionId"])
    browser.send("Page.enable", session=page.session)
    browser.send("Page.setLifecycleEventsEnabled", {"enabled": True}, session=page.session)
    navigated = browser.send("Page.navigate", {"url": url}, session=page.session)
    if navigated.get("errorText"):
        raise CdpError(f"cannot open {url}: {navigated['errorText']}")
    # The load of this navigation, not of the blank page the tab opened with.
    browser.wait_event(
        "Page.lifecycleEvent",
        session=page.session,
        match=lambda e: e.get("name") == "load" and e.get("loaderId") == navigated.get("loaderId"),
    )
    # report.js ran at DOMContentLoaded; fonts (and the layout that depends on them) settle here.
    page.evaluate("document.fonts.ready.then(() => true)")
    return page


@contextlib.contextmanager
def chromium(*, timeout: float = 180.0) -> Iterator[Browser]:
    """A headless Chromium, starting (use it while it starts); PdfError if impossible.

    Errors of the browser inside the block become PdfError. The browser, its
    helper processes and its temporary profile are gone when the block ends,
    however it ends.
    """
    binary = find_chromium()
    if binary is None:
        raise PdfError(
            "cannot write the PDF: no Chromium found (looked for "
            f"{', '.join(CANDIDATES)}). Install it (Debian/Ubuntu: sudo apt-get install "
            "chromium) or set DESIGNKIT_CHROMIUM to a Chromium or Chrome binary"
        )
    flags = list(_FLAGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.insert(0, "--no-sandbox")  # Chromium refuses to run as root otherwise
    try:
        with Browser(binary, flags, timeout=timeout) as browser:
            yield browser
    except CdpError as exc:
        raise PdfError(f"cannot print the PDF with {binary}: {exc}") from None


@contextlib.contextmanager
def open_page(html: Path, *, timeout: float = 180.0) -> Iterator[ReportPage]:
    """``html`` loaded in a headless Chromium (see :func:`chromium`)."""
    with chromium(timeout=timeout) as browser:
        yield load(browser, html)


def print_pdf(html: Path, pdf: Path, *, timeout: float = 180.0) -> Path:
    """Print ``html`` to ``pdf``; raise PdfError naming what to install if impossible."""
    with open_page(html, timeout=timeout) as page:
        data = page.print_pdf()
    write_pdf(pdf, data)
    return pdf


def write_pdf(pdf: Path, data: bytes) -> None:
    """Write ``data`` to ``pdf`` atomically (never a half-written file)."""
    if not data.startswith(b"%PDF-"):
        raise PdfError(f"{pdf}: Chromium returned no PDF (it began {data[:16]!r})")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(pdf, data)
