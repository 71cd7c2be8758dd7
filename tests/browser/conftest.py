"""Browser tests (JupyterLab in Chromium) run with the rest of the suite.

They take several minutes; ``DESIGNKIT_SKIP_BROWSER=1`` skips them for a quick
local run (CI never sets it).
"""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("DESIGNKIT_SKIP_BROWSER") != "1":
        return
    skip = pytest.mark.skip(reason="DESIGNKIT_SKIP_BROWSER=1: JupyterLab in Chromium skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
