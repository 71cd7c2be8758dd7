"""The reader of each contract and model kind, by name (compose and Kubernetes are read apart)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .found import Found

if TYPE_CHECKING:
    from .sources import Source

__all__ = ["READERS", "reader"]

READERS: dict[str, Callable[[Source], Found]] = {}
"""Kind -> function reading one source of that kind."""


def reader(kind: str) -> Callable[[Callable[[Source], Found]], Callable[[Source], Found]]:
    """Register the decorated function as the reader of ``kind``."""

    def register(func: Callable[[Source], Found]) -> Callable[[Source], Found]:
        READERS[kind] = func
        return func

    return register
