"""The fast path of reading (io/fastyaml.py) reads every file as the round-trip reader does.

libyaml resolves YAML 1.1 by itself; designkit gives it ruamel.yaml's YAML 1.2
resolvers, and leaves to the round-trip reader whatever it cannot vouch for.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import pytest
from ruamel.yaml import resolver as ruamel_resolver

from designkit.io.fastyaml import _IMPLICIT_12, compose, fast_parse, line_of_node
from designkit.io.yamlfile import line_of, parse
from tests.conftest import EXAMPLES

SCALARS = [
    "017", "0o17", "08", "1_000", "_", "0x_1F", "0x1F90", "+12", "-0b101", "1__0", "0", "00",
    "-017", "1.5e3", "1e3", "1e", ".5", "1.", "-.5", "+1.5E+3", "1.0e+100", "0.9990", "1_0.5",
    "+.inf", "-.INF", ".NaN", ".nan", "2024-01-02", "True", "TRUE", "true", "False", "yes",
    "no", "on", "off", "y", "n", "~", "null", "Null", "NULL", "", "'x'", '"y"', "'no'",
    "a b", "1:2", "12:30", "0b", "0x", "a # c", "'#'", '"\\t"', "-", "=", "<<",
]  # fmt: skip


def _kind(value: Any) -> type:
    return next(
        t for t in (bool, int, float, str, dt.date, list, type(None)) if isinstance(value, t)
    )


def _equal(a: Any, b: Any) -> bool:
    """Equal and of the same kind (ruamel's ScalarInt is an int, its quoted strings are str)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_equal, a, b))
    return _kind(a) is _kind(b) and a == b


@pytest.mark.parametrize("scalar", SCALARS)
def test_a_scalar_reads_as_the_round_trip_reader_reads_it(scalar: str) -> None:
    text = f"a: {scalar}\nb: [{scalar}]\n"
    fast = fast_parse(text)
    try:
        slow = parse(text, "<doc>")
    except Exception:  # the round-trip reader refuses it: the fast path must not read it
        assert fast is None
        return
    if fast is None:
        return  # left to the round-trip reader: the same by construction
    assert fast.keys() == slow.keys()
    for key in fast:
        assert _equal(fast[key], slow[key]), (scalar, fast[key], slow[key])


def test_the_resolvers_are_ruamel_yaml_s_yaml_1_2_resolvers() -> None:
    theirs = {
        str(tag).rsplit(":", 1)[1]: (re.sub(r"\s", "", regexp.pattern), "".join(first))
        for versions, tag, regexp, first in ruamel_resolver.implicit_resolvers
        if (1, 2) in versions and not str(tag).endswith(":yaml")
    }
    ours = {kind: (re.sub(r"\s", "", pattern), first) for kind, pattern, first in _IMPLICIT_12}
    theirs["null"] = (theirs["null"][0], theirs["null"][1])  # '' is a first char there
    assert ours.keys() == theirs.keys()
    for kind, (pattern, first) in ours.items():
        assert pattern == theirs[kind][0], kind
        assert set(first) == set(theirs[kind][1]), kind


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_examples_read_the_same_on_both_paths(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert fast_parse(text) == parse(text, path.name)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: !!python/name:os.system x\n", id="python-tag"),
        pytest.param("a: !shout x\n", id="local-tag"),
        pytest.param("a: !!set {x}\n", id="set"),
        pytest.param("a: !!binary aGk=\n", id="binary"),
        pytest.param("a: 1\na: 2\n", id="duplicate-key"),
        pytest.param("a: &a [*a]\n", id="recursive-alias"),
        pytest.param("%YAML 1.1\n---\na: no\n", id="yaml-1.1-directive"),
        pytest.param("a: x\x85y\n", id="next-line"),
        pytest.param("a: x\u2028y\n", id="line-separator"),
        pytest.param("? [a]\n: 1\n", id="complex-key"),
        pytest.param("a: 2024-01-02 10:00:00\n", id="time-of-day"),
        pytest.param("<<: {a: 1}\n", id="merge-key"),
        pytest.param("a: [\n", id="not-yaml"),
        pytest.param("", id="empty"),
    ],
)
def test_what_the_fast_path_does_not_vouch_for_goes_the_round_trip_way(text: str) -> None:
    assert fast_parse(text) is None


def test_an_alias_bomb_is_left_to_the_round_trip_reader() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    assert fast_parse("\n".join(lines)) is None
    assert fast_parse("a: &x {k: 1}\nb: *x\n") == {"a": {"k": 1}, "b": {"k": 1}}


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_lines_agree_with_the_round_trip_reader(path) -> None:
    text = path.read_text(encoding="utf-8")
    root, document = compose(text), parse(text, path.name)
    locs: list[tuple[str | int, ...]] = []

    def walk(value: Any, loc: tuple[str | int, ...]) -> None:
        locs.append(loc)
        if isinstance(value, dict):
            for key, child in value.items():
                walk(child, (*loc, key))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                walk(child, (*loc, i))

    walk(document, ())
    assert len(locs) > 500
    for loc in locs:
        assert line_of_node(root, loc) == line_of(document, loc), loc
