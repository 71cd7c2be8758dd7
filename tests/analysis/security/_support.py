"""Helpers shared by the security tests: the compliant fixture and variants of it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import designkit
from designkit.analysis.antipatterns import Finding
from designkit.model import Design

FIXTURES = Path(__file__).parents[2] / "fixtures" / "security"

Data = dict[str, Any]
Change = Callable[[Data], None]


@cache
def _compliant_data() -> Data:
    return designkit.load(FIXTURES / "compliant-clinic-shop.yaml").model_dump(mode="json")


def compliant() -> Design:
    """The design that meets every decidable control (a fresh copy)."""
    return Design.model_validate(copy.deepcopy(_compliant_data()))


def variant(*changes: Change) -> Design:
    """The compliant design with ``changes`` applied to its data."""
    data = copy.deepcopy(_compliant_data())
    for change in changes:
        change(data)
    return Design.model_validate(data)


def setting(*path: str | int, value: object) -> Change:
    """A change setting the field at ``path`` (keys and indices) to ``value``."""

    def change(data: Data) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def service(data: Data, name: str) -> Data:
    """The service ``name`` of ``data``."""
    return next(s for s in data["services"] if s["name"] == name)


def named(items: list[Data], name: str) -> Data:
    """The item called ``name`` of a list section."""
    return next(i for i in items if i["name"] == name)


def rules(found: list[Finding]) -> set[str]:
    """The rule ids of ``found``."""
    return {f.rule for f in found}


@cache
def example(name: str) -> Design:
    """A bundled example, loaded once (the analyses never mutate it; tests check that)."""
    from tests.conftest import EXAMPLES

    return designkit.load(EXAMPLES / f"{name}.yaml")


EXAMPLE_NAMES = ("ecommerce", "banking", "healthcare")
