"""Import helpers for the importer tests: fixtures addressed by relative names."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from designkit.io.importers import Imported, import_paths

HERE = Path(__file__).resolve().parents[2] / "fixtures" / "importers"


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


def imported(*paths: str, **options: str) -> Imported:
    """Import fixture paths (relative to tests/fixtures/importers), origins relative too."""
    with inside(HERE):
        return import_paths(list(paths), **options)
