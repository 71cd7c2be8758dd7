"""Shared checks of phase 3's table views: every example, the empty design, no mutation."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pandas as pd

import designkit
from designkit.model import Design
from designkit.render.html import Html
from tests.conftest import EXAMPLES, make

View = Callable[[Design], object]
EXAMPLE_NAMES = ("ecommerce", "banking", "healthcare")


@cache
def example(name: str) -> Design:
    return designkit.load(EXAMPLES / f"{name}.yaml")


def check_example(view: View, name: str, *, may_be_empty: bool = False) -> None:
    """The view of an example is a non-empty frame with a unique index; the design is unchanged."""
    design = example(name)
    before = design.model_dump()
    frame = view(design)
    assert design.model_dump() == before
    if may_be_empty and isinstance(frame, Html):
        return
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    assert frame.index.is_unique


def check_empty(view: View) -> None:
    assert isinstance(view(make()), pd.DataFrame | Html)
