"""Print the HTML report to PDF with a headless Chromium found on the system.

Chromium renders exactly what a reader sees in a browser (the print CSS of the
report template paginates it), and it runs offline. ``make report`` installs
Debian's ``chromium`` when it is missing; set ``DESIGNKIT_CHROMIUM`` to use
another Chromium or Chrome binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import DesignKitError

__all__ = ["CANDIDATES", "PdfError", "find_chromium", "print_pdf"]

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

# Flags for a quiet, offline, reproducible print: no first-run UI, no background
# traffic (there is no network to talk to), no header/footer with file paths.
_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",  # the report's own @page margin boxes are the header/footer
    "--generate-pdf-document-outline",  # bookmarks from the headings
    "--run-all-compositor-stages-before-draw",
    "--virtual-time-budget=5000",
)


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


def print_pdf(html: Path, pdf: Path, *, timeout: float = 180.0) -> Path:
    """Print ``html`` to ``pdf``; raise PdfError naming what to install if impossible."""
    browser = find_chromium()
    if browser is None:
        raise PdfError(
            "cannot write the PDF: no Chromium found (looked for "
            f"{', '.join(CANDIDATES)}). Install it (Debian/Ubuntu: sudo apt-get install "
            "chromium) or set DESIGNKIT_CHROMIUM to a Chromium or Chrome binary"
        )
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf.with_suffix(".pdf.part")  # never leave a half-written report.pdf
    with tempfile.TemporaryDirectory(prefix="designkit-chromium-") as profile:
        command = [
            browser,
            *_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={tmp.resolve()}",
            html.resolve().as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root otherwise
        try:
            proc = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"{pdf}: Chromium did not finish printing within {timeout:g} s"
            ) from None
        except OSError as exc:
            raise PdfError(f"{pdf}: cannot run {browser}: {exc.strerror}") from None
        if proc.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
            tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
            tmp.unlink(missing_ok=True)
            raise PdfError(f"{pdf}: Chromium failed to print (exit {proc.returncode}): {tail}")
        os.replace(tmp, pdf)
    return pdf
