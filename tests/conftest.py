"""Shared fixtures: small designs that show one behaviour each."""

from __future__ import annotations

from pathlib import Path

import pytest

import designkit
from designkit.model import Design

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "data" / "examples"
SHARED = ROOT.parent / "shared" / "fixtures"


@pytest.fixture
def small_shop() -> Design:
    """A small complete design: 3 services, 2 stores, a topic, a saga, a journey."""
    return designkit.load(FIXTURES / "small-shop.yaml")


def make(**sections: object) -> Design:
    """A design with ``metadata.name`` filled in and the given sections."""
    return Design.model_validate({"metadata": {"name": "t"}, **sections})
