"""The bundled examples, loaded once per test session (loading one takes about a second).

The analyses never mutate a design (each module tests that), so tests share one copy.
"""

from __future__ import annotations

from functools import cache

import designkit
from designkit.model import Design
from tests.conftest import EXAMPLES


@cache
def ecommerce() -> Design:
    return designkit.load(EXAMPLES / "ecommerce.yaml")
