"""Schema evolution: is a new version of an event readable next to the old one?

The pure part of the event-schema checks, shared by the event catalog
(:mod:`designkit.analysis.event_catalog`) and the schema generator
(:mod:`designkit.generate.schemas`), which re-exports it. Semantics are
Confluent Schema Registry's compatibility modes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from ..model import Design, Event, EventField

__all__ = ["Mode", "VersionCheck", "compatible", "unique_fields", "version_checks"]

Mode = Literal["backward", "forward", "full", "none"]

_PROMOTIONS = {("integer", "number")}
"""(written, read) type pairs a reader resolves: Avro promotes int/long to double."""


def unique_fields(event: Event) -> list[EventField]:
    """The event's fields without repeated names (the first one wins).

    Examples
    --------
    >>> from designkit.model import Event
    >>> ev = Event(name="E", topic="t", fields=[{"name": "a"}, {"name": "a", "type": "uuid"}])
    >>> [(f.name, f.type) for f in unique_fields(ev)]
    [('a', 'string')]
    """
    seen: set[str] = set()
    fields = []
    for field in event.fields:
        if field.name not in seen:
            seen.add(field.name)
            fields.append(field)
    return fields


def compatible(old: Event, new: Event, mode: Mode | None = None) -> list[str]:
    """Why ``new`` is not ``mode``-compatible with ``old`` (empty: it is).

    Confluent Schema Registry semantics: *backward*, consumers using ``new``
    can read data written with ``old`` (so ``new`` may drop fields and add
    optional ones); *forward*, consumers still on ``old`` can read data written
    with ``new`` (so ``new`` may add fields and drop optional ones); *full*,
    both; *none*, no check. ``mode`` defaults to ``new.compatibility``.
    Required fields have no default, so a reader that needs one fails on data
    without it. Type changes break both ways except integer -> number, which
    a reader promotes.

    Examples
    --------
    >>> from designkit.model import Event
    >>> v1 = Event(name="E", topic="t", fields=[{"name": "id"}])
    >>> v2 = Event(name="E", version=2, topic="t", fields=[{"name": "id"}, {"name": "at"}])
    >>> compatible(v1, v2, "forward")
    []
    >>> compatible(v1, v2, "backward")  # doctest: +ELLIPSIS
    ["backward: v2 adds required field 'at'; ..."]
    """
    mode = mode or new.compatibility
    if mode == "none":
        return []
    checks = ("backward", "forward") if mode == "full" else (mode,)
    olds = {f.name: f for f in unique_fields(old)}
    news = {f.name: f for f in unique_fields(new)}
    names = list(olds) + [n for n in news if n not in olds]
    return [
        problem
        for check in checks
        for name in names
        for problem in _problems(check, name, olds.get(name), news.get(name), old, new)
    ]


def _problems(
    check: str, name: str, o: EventField | None, n: EventField | None, old: Event, new: Event
) -> Iterator[str]:
    vo, vn = f"v{old.version}", f"v{new.version}"
    if check == "backward":
        readers, data = f"consumers on {vn}", f"{vo} data"
    else:
        readers, data = f"consumers still on {vo}", f"{vn} data"
    if o is None and n is not None:
        if check == "backward" and n.required:
            yield (
                f"backward: {vn} adds required field {name!r}; {readers} cannot read "
                f"{data}, which lacks it (add it as optional)"
            )
        return
    if n is None and o is not None:
        if check == "forward" and o.required:
            yield (
                f"forward: {vn} removes required field {name!r}; {readers} cannot read "
                f"{data}, which lacks it (keep it, or make it optional first)"
            )
        return
    assert o is not None and n is not None
    written, read = (o.type, n.type) if check == "backward" else (n.type, o.type)
    if written != read and (written, read) not in _PROMOTIONS:
        yield (
            f"{check}: {vn} changes field {name!r} from {o.type} to {n.type}; "
            f"{readers} cannot read it in {data}"
        )
    if check == "backward" and n.required and not o.required:
        yield (
            f"backward: {vn} makes optional field {name!r} required; {readers} cannot "
            f"read {data} written without it"
        )
    if check == "forward" and o.required and not n.required:
        yield (
            f"forward: {vn} makes required field {name!r} optional; {readers} cannot "
            f"read {data} written without it"
        )


@dataclass(frozen=True)
class VersionCheck:
    """One step in an event's history: a version against the one before it."""

    event: str
    old: int
    new: int
    mode: Mode
    problems: tuple[str, ...]


def version_checks(design: Design) -> list[VersionCheck]:
    """Each event version against the previous one, under the newer version's mode.

    Events are grouped by name, in order of first appearance, versions ascending.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "topics": [{"name": "t"}],
    ...     "events": [{"name": "E", "topic": "t", "fields": [{"name": "id"}]},
    ...                {"name": "E", "version": 2, "topic": "t", "compatibility": "forward"}]})
    >>> [(c.old, c.new, c.mode, len(c.problems)) for c in version_checks(d)]
    [(1, 2, 'forward', 1)]
    """
    history: dict[str, list[Event]] = {}
    for event in design.events:
        history.setdefault(event.name, []).append(event)
    checks = []
    for name, events in history.items():
        ordered = sorted(events, key=lambda e: e.version)
        for old, new in pairwise(ordered):
            problems = tuple(compatible(old, new))
            checks.append(VersionCheck(name, old.version, new.version, new.compatibility, problems))
    return checks
