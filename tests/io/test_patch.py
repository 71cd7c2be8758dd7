"""Saves change only what changed (io/patch.py), and errors still name the right line.

- Loading and saving an unchanged design writes the file's own bytes (the
  bundled examples, synthetic designs).
- An edit rewrites only the lines it touches: every other line, comments
  included, is kept; whatever is written reads back as the edited design.
- A valid design mutated into an invalid one is refused with an error naming
  the line and the field path of the mutation.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

import designkit.io as dio
from designkit import edit
from designkit.errors import DesignValidationError
from designkit.io.convert import format_loc
from designkit.io.fastyaml import compose
from designkit.model import Dependency, Service
from designkit.synth import synthesize
from tests.conftest import EXAMPLES
from tests.io.test_roundtrip import designs

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _copy(source: Path, tmp_path: Path) -> Path:
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes())
    return path


@pytest.mark.parametrize("source", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_an_unchanged_example_is_saved_byte_for_byte(source: Path, tmp_path: Path) -> None:
    path = _copy(source, tmp_path)
    dio.save(dio.load(path))
    assert path.read_bytes() == source.read_bytes()


@pytest.mark.parametrize("services", [5, 60])
def test_an_unchanged_synthetic_design_is_saved_byte_for_byte(
    services: int, tmp_path: Path
) -> None:
    path = tmp_path / "synth.yaml"
    dio.save(synthesize(services, 0), path)
    written = path.read_bytes()
    design = dio.load(path)
    dio.save(design)
    assert path.read_bytes() == written
    dio.save(design.model_copy(deep=True), path)  # a copy of it, too
    assert path.read_bytes() == written


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


@pytest.mark.parametrize("source", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_board_edits_touch_only_their_lines(source: Path, tmp_path: Path) -> None:
    path = _copy(source, tmp_path)
    before = path.read_text(encoding="utf-8")
    design = edit.add_sticky(dio.load(path), "Refund Issued", "domain-event", t=7.5, lane=2)
    dio.save(design)
    removed, added = _changed_lines(before, path.read_text(encoding="utf-8"))
    assert removed == []
    assert [a.strip() for a in added] == [
        "- name: Refund Issued",
        "kind: domain-event",
        "t: 7.5",
        "lane: 2",
    ]
    design = edit.move_sticky(design, "Refund Issued", t=9.0)
    dio.save(design)
    removed, added = _changed_lines(before, path.read_text(encoding="utf-8"))
    assert removed == [] and "t: 9.0" in added[2]
    assert dio.load(path) == design


def test_edits_keep_every_comment_of_the_example(tmp_path: Path) -> None:
    path = _copy(EXAMPLES / "ecommerce.yaml", tmp_path)
    before = path.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if "#" in line]
    assert len(comments) > 5
    design = dio.load(path)
    design.metadata.description = "Sells: things, 'quoted' and # hashed"
    design.services[2].description = "line one\nline two"
    design.services.append(Service(name="refunds", dependencies=[Dependency(target="payment")]))
    del design.services[0].dependencies[0]
    design.requirements.traffic.peak_rps *= 2
    dio.save(design)
    after = path.read_text(encoding="utf-8")
    kept = [line for line in after.splitlines() if "#" in line]
    assert [c for c in comments if c not in kept] == []
    again = dio.load(path)
    assert again == design
    removed, added = _changed_lines(before, after)
    # the description (a folded block of 6 lines), peak_rps, the 10 lines of the
    # dependency, the service description; and 1 + 1 + 1 + 3 lines for the new values.
    assert (len(removed), len(added)) == (18, 6)


# --- random edits: what is written reads back as the edited design -------------------

EDITS = st.sampled_from(
    ["describe", "append", "remove", "rename", "retries", "publish", "team", "metadata"]
)


def _apply(design: Any, kind: str, n: int) -> None:
    services = design.services
    target = services[n % len(services)]
    if kind == "describe":
        target.description = f"edited {n}: no, 'yes' # not a comment"
    elif kind == "append":
        services.append(Service(name=f"added-{n}", dependencies=[Dependency(target=target.name)]))
    elif kind == "remove" and len(services) > 1:
        gone = services.pop(n % len(services))
        for service in services:
            service.dependencies = [d for d in service.dependencies if d.target != gone.name]
        for topic in design.topics:
            topic.consumers = [c for c in topic.consumers if getattr(c, "service", c) != gone.name]
    elif kind == "rename":
        design.metadata.name = f"renamed {n}"
    elif kind == "retries":
        for dep in target.dependencies:
            dep.retries = n % 7
    elif kind == "publish" and design.topics:
        target.publishes = [design.topics[n % len(design.topics)].name]
    elif kind == "team":
        target.team = None
    elif kind == "metadata":
        design.metadata.authors = [*design.metadata.authors, f"author {n}"]


@settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(designs(), st.lists(st.tuples(EDITS, st.integers(0, 50)), min_size=1, max_size=4))
def test_a_save_after_edits_reads_back_as_the_edited_design(
    tmp_path_factory: pytest.TempPathFactory, design: Any, edits: list[tuple[str, int]]
) -> None:
    path = tmp_path_factory.mktemp("edits") / "design.yaml"
    dio.save(design, path)
    for kind, n in edits:
        loaded = dio.load(path)
        _apply(loaded, kind, n)
        dio.save(loaded)
        assert dio.load(path) == loaded


# --- invalid designs: the error names the line and the path ---------------------------


def _pairs(root: Node) -> list[tuple[tuple[str | int, ...], Node, Node]]:
    """Every (path, key node, value node) of the block mappings of a design, in order."""
    found: list[tuple[tuple[str | int, ...], Node, Node]] = []
    stack: list[tuple[tuple[str | int, ...], Node]] = [((), root)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, MappingNode):
            for key, value in node.value:
                found.append(((*loc, key.value), key, value))
                stack.append(((*loc, key.value), value))
        elif isinstance(node, SequenceNode):
            stack.extend(((*loc, i), item) for i, item in enumerate(node.value))
    return found


def _numbers(root: Node) -> list[tuple[tuple[str | int, ...], Node, Node]]:
    return [
        (loc, key, value)
        for loc, key, value in _pairs(root)
        if isinstance(value, ScalarNode)
        and value.tag.endswith((":int", ":float"))
        and loc[-1] != "schema_version"
    ]


def _mappings(root: Node) -> list[tuple[tuple[str | int, ...], Node]]:
    found: list[tuple[tuple[str | int, ...], Node]] = []
    for loc, _, value in [((), None, root), *_pairs(root)]:
        if isinstance(value, MappingNode) and not value.flow_style and value.value:
            found.append((loc, value))
    return found


def _errors(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(DesignValidationError) as info:
        dio.loads(text, "design.yaml")
    return [(p.line, p.path, p.message) for p in info.value.problems]


@settings(max_examples=20, deadline=None, database=None)
@given(st.sampled_from(EXAMPLE_FILES), st.integers(0, 10_000))
@example(EXAMPLES / "ecommerce.yaml", 0)
def test_a_number_made_a_word_is_reported_at_its_line(source: Path, pick: int) -> None:
    text = source.read_text(encoding="utf-8")
    numbers = _numbers(compose(text))
    loc, key, value = numbers[pick % len(numbers)]
    mutated = text[: value.start_mark.index] + "lots" + text[value.end_mark.index :]
    line = key.start_mark.line + 1
    found = [(at, path) for at, path, why in _errors(mutated) if "(got 'lots')" in why]
    assert (line, format_loc(loc)) in found


@settings(max_examples=20, deadline=None, database=None)
@given(st.sampled_from(EXAMPLE_FILES), st.integers(0, 10_000))
@example(EXAMPLES / "banking.yaml", 0)
def test_an_unknown_key_is_reported_at_its_line(source: Path, pick: int) -> None:
    text = source.read_text(encoding="utf-8")
    mappings = _mappings(compose(text))
    loc, node = mappings[pick % len(mappings)]
    first = node.value[0][0]
    column = first.start_mark.column
    last_value = node.value[-1][1]
    end = last_value.end_mark.index
    while not isinstance(last_value, ScalarNode) and not last_value.flow_style:
        last_value = (
            last_value.value[-1][1]
            if isinstance(last_value, MappingNode)
            else (last_value.value[-1])
        )
        end = last_value.end_mark.index
    after = text.find("\n", end) + 1 or len(text)
    mutated = text[:after] + " " * column + "zz_unknown: 1\n" + text[after:]
    line = mutated.count("\n", 0, after) + 1
    problems = _errors(mutated)
    path = format_loc((*loc, "zz_unknown"))
    assert (line, path) in [(at, where) for at, where, _ in problems], problems
