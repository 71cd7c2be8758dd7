"""copy_document (io/yamlfile.py): ruamel's deep copy, in linear time.

``copy.deepcopy`` of a ruamel.yaml ``CommentedSeq`` copies the list's comments
and line numbers once per item (ruamel.yaml ticket 513): O(n^2) for a list of
n services, 20 s of the 36 s a 1,000-service design took to load.
"""

from __future__ import annotations

import copy
import io
from typing import Any

import pytest
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq

from designkit.io.yamlfile import copy_document, new_yaml, parse
from tests.conftest import EXAMPLES

DOCUMENT = """\
# header
services:   # the list
  - name: a   # first
    tags: [x, 'y']
  - &b {name: b, tags: []}
  - *b
empty: []
numbers: [0x1F, 1.50, 2e3]
"""


def _dump(data: Any) -> str:
    out = io.StringIO()
    new_yaml().dump(data, out)
    return out.getvalue()


def _containers(data: Any) -> list[Any]:
    found: list[Any] = []
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedMap | CommentedSeq):
            found.append(node)
            stack.extend(node.values() if isinstance(node, CommentedMap) else node)
    return found


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(DOCUMENT, id="comments-anchors-flow"),
        *(pytest.param(p.read_text(), id=p.stem) for p in sorted(EXAMPLES.glob("*.yaml"))),
    ],
)
def test_copy_is_what_deepcopy_gives(text: str) -> None:
    data = parse(text, "<doc>")
    mine, theirs = copy_document(data), copy.deepcopy(data)
    assert mine == theirs == data
    assert _dump(mine) == _dump(theirs) == _dump(data)
    for a, b in zip(_containers(mine), _containers(theirs), strict=True):
        assert type(a) is type(b)
        for attr in ("ca", "lc", "fa", "anchor"):
            # Comments, line numbers, flow style and anchors, as ruamel copies them.
            assert repr(getattr(a, attr, None)) == repr(getattr(b, attr, None)), attr


def test_copy_is_independent_but_keeps_aliases_shared() -> None:
    data = parse(DOCUMENT, "<doc>")
    copied = copy_document(data)
    copied["services"][0]["tags"].append("z")
    assert data["services"][0]["tags"] == ["x", "y"]
    assert copied["services"][1] is copied["services"][2]  # one object, as in the file
    assert copied["services"][1] is not data["services"][1]


def test_each_list_copies_its_attributes_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # deepcopy copies a list's attributes once per item: 1,000 items, 1,000 copies of
    # its line numbers of all 1,000 items.
    data = parse("items:\n" + "".join(f"  - {n}\n" for n in range(1000)), "<doc>")
    calls = 0
    original = CommentedBase.copy_attributes

    def counting(self: Any, t: Any, memo: Any = None) -> Any:
        nonlocal calls
        calls += 1
        return original(self, t, memo)

    monkeypatch.setattr(CommentedBase, "copy_attributes", counting)
    copy_document(data)
    assert calls == 2  # the mapping and the list
    calls = 0
    copy.deepcopy(data)
    assert calls > 1000  # the quadratic copy this replaces


def test_a_deep_document_is_copied() -> None:
    depth = 200
    data = parse("a: " + "[" * depth + "]" * depth + "\n", "<doc>")
    assert copy_document(data) == data
