"""Work as a count of the lines of designkit that run: a measure of complexity that,
unlike a timer, does not depend on the machine or on what else runs beside the tests.

A step whose work grows linearly with the design runs about k times as many lines
on a design k times larger; a scan of the whole design per service makes it about
k**2 (the quadratic scans removed for the benchmarks grew 9-16 times from 50 to
200 services).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import designkit

__all__ = ["LINEAR", "executed_lines", "growth"]

PACKAGE = Path(designkit.__file__).parent

LINEAR = 4 * 1.4
"""Most growth allowed from 50 to 200 services: linear (4) plus room for n log n (5.4)."""


def executed_lines(fn: Callable[[], Any], *folders: str) -> int:
    """Lines run inside ``designkit/<folder>`` (each of ``folders``) while ``fn()`` runs."""
    roots = tuple(str(PACKAGE / folder) for folder in folders)
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if not frame.f_code.co_filename.startswith(roots):
            return None  # neither count nor trace inside other code
        if event == "line":
            count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        fn()
    finally:
        sys.settrace(previous)
    return count


def growth(step: Callable[[Any], Any], small: Any, large: Any, *folders: str) -> float:
    """How many times more lines ``step(large)`` runs than ``step(small)``."""
    return executed_lines(lambda: step(large), *folders) / executed_lines(
        lambda: step(small), *folders
    )
