"""The Backstage, Mermaid and Structurizr exports do work proportional to the design.

Measured as lines of designkit.generate and designkit.analysis run on synthetic designs
of 50 and 200 services (see tests/_scaling.py): linear work grows about 4 times.
"""

from __future__ import annotations

import pytest

from designkit.generate import generate
from tests._scaling import LINEAR, growth
from tests.generate.test_scaling import LARGE, SMALL


@pytest.mark.parametrize("kind", ["backstage", "mermaid", "structurizr"])
def test_export_work_grows_linearly(kind: str) -> None:
    assert growth(lambda d: generate(d, [kind]), SMALL, LARGE, "generate", "analysis") < LINEAR
