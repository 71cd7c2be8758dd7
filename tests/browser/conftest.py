"""Browser tests run only when asked for (``-m browser``): they take several minutes."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "browser" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="JupyterLab in Chromium, ~6 min: select with -m browser")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
