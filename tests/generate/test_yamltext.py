"""The fast YAML writer of generated documents writes ruamel.yaml's bytes exactly."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ruamel.yaml.scalarstring import LiteralScalarString

import designkit
from designkit.examples_index import example_names, example_path
from designkit.generate import Document, generate
from designkit.generate.write import serialise
from designkit.generate.yamltext import block_yaml, dumper


def _ruamel(item: Any) -> str:
    buffer = io.StringIO()
    dumper().dump(item, buffer)
    return buffer.getvalue()


def _items(doc: Document) -> list[Any]:
    return list(doc.content) if doc.multi else [doc.content]


@pytest.mark.parametrize("name", example_names())
def test_every_generated_document_of_the_examples_is_ruamels_text(name):
    """Both writers on the full ``generate(design)``: same bytes, and the fast one is the
    one used (no document of a bundled example falls back to ruamel.yaml)."""
    docs = [d for d in generate(designkit.load(example_path(name))) if d.format == "yaml"]
    assert len(docs) > 100
    fallbacks = []
    for doc in docs:
        for item in _items(doc):
            fast = block_yaml(item)
            if fast is None:
                fallbacks.append(doc.path)
            else:
                assert fast == _ruamel(item), doc.path
        assert serialise(doc) == "---\n".join(_ruamel(item) for item in _items(doc)), doc.path
    assert fallbacks == []


# Text that exercises ruamel.yaml's scalar rules: indicators, quotes, spaces at the
# ends, line breaks, YAML 1.1/1.2 keywords, numbers, dates, non-ASCII.
_TEXT = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="ab -:#'\"\n\t{}[],&*!|>%@`?.0123456789eE+_~", max_size=10),
    st.sampled_from(
        [
            "no",
            "yes",
            "on",
            "null",
            "Null",
            "~",
            "true",
            "False",
            "1.0",
            "0o17",
            "0x1F",
            "1_000",
            "2024-01-02",
            ".inf",
            ".nan",
            "<<",
            "=",
            "-",
            "- a",
            "a: b",
            "x #y",
            "é",
            "\u2028",
            "\x85",
            "\ufeff",
            " a",
            "a ",
            "",
            "a\n",
            "x" * 150,
            "y" * 5000,
        ]
    ),
)
_SCALAR = st.one_of(
    _TEXT,
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    _TEXT.map(LiteralScalarString),
)
_DATA = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=300)
@given(item=st.one_of(st.dictionaries(_TEXT, _DATA, max_size=5), st.lists(_DATA, max_size=4)))
@example(item={"a": [[1, [2, {"b": []}]], {"c": {}}], "d": LiteralScalarString("x\n  y\n")})
@example(item=[{"op": "replace", "path": "/spec/minReplicas", "value": 1}])
@example(item={"k": -0.0, "j": 0.0, "i": 1e-05, "h": float("nan")})
@example(item={"\n": {}})  # a key with a line break is a complex key
@example(item={"0": "\u2028"})  # a quoted scalar broken at a Unicode line separator
def test_the_fast_writer_writes_ruamels_text_or_nothing(item):
    fast = block_yaml(item)
    if fast is not None:
        assert fast == _ruamel(item)


def test_shared_objects_and_other_types_are_left_to_ruamel():
    shared = {"a": 1}
    assert block_yaml({"x": shared, "y": shared}) is None  # ruamel writes an anchor
    assert block_yaml({"when": (1, 2)}) is None
    assert block_yaml({}) is None and block_yaml([]) is None
    assert block_yaml({"x" * 120: 1}) is None  # a complex key (? ...)


def test_a_full_cache_starts_again(monkeypatch):
    monkeypatch.setattr("designkit.generate.yamltext._MOST_CACHED", 1)
    item = {"a": "x: y", "b": "#c", "c": 5}
    assert block_yaml(item) == _ruamel(item)
    assert block_yaml({"d": "1.0", **item}) == _ruamel({"d": "1.0", **item})
