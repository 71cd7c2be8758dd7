"""Golden-file comparison shared by the generator tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

UPDATE = "DESIGNKIT_UPDATE_GOLDEN"


def assert_golden(golden: Path, text: str) -> None:
    """Compare ``text`` with the reviewed copy at ``golden``; ``DESIGNKIT_UPDATE_GOLDEN=1``
    rewrites the copy instead (review the diff like code)."""
    if os.environ.get(UPDATE) == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))
    if not golden.exists():
        pytest.fail(f"no golden file {golden}; run with {UPDATE}=1 to create it")
    assert golden.read_bytes() == text.encode("utf-8"), (
        f"{golden} differs from the generated text; review and regenerate with {UPDATE}=1"
    )
