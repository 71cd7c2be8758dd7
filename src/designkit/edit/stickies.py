"""Edits of the event-storming board: each takes a Design and returns a new one.

Add, edit (rename, kind, notes, owner), move, delete, link and unlink stickies,
and group them into a candidate bounded context. Every function validates what
it changes and raises :class:`~designkit.edit.base.EditError` naming the sticky
and the reason; the input design is never modified. An edit that changes
nothing (linking stickies already linked) returns the input itself.

Candidate contexts: a sticky's ``context`` may name a bounded context of the
design or one that other stickies already use. A new name is refused (with a
"did you mean" hint, so a typo does not split a context in two) unless
``create=True``, which also adds a :class:`~designkit.model.BoundedContext` of
that name (kind "supporting", to be classified later) so the context appears in
the context tables and can be given a team. Ungrouping never deletes a context:
services or the context map may still use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any, Final

from pydantic import ValidationError

from ..model import BoundedContext, Design, Sticky
from ..model.references import suggest
from .base import EditError, find, replace_board, sticky_from

__all__ = [
    "KEEP",
    "add_sticky",
    "delete_sticky",
    "edit_sticky",
    "group",
    "link",
    "move_sticky",
    "ungroup",
    "unlink",
]

_STICKIES = "event_storming.stickies"


class _Keep(Enum):
    KEEP = "keep"

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep.KEEP
"""Default of :func:`edit_sticky`'s fields: leave the field as it is."""


def _changed(sticky: Sticky, index: int, changes: dict[str, Any]) -> Sticky:
    # Keep only what the file said plus the change, so the YAML stays small:
    # a cleared owner or context disappears instead of being written as null.
    data = sticky.model_dump(exclude_unset=True)
    for key, value in changes.items():
        if value is None or (key in ("notes", "leads_to") and not value):
            data.pop(key, None)
        else:
            data[key] = value
    return sticky_from(data, index)


def _check_new_name(design: Design, name: str, index: int, current: str | None) -> None:
    for j, other in enumerate(design.event_storming.stickies):
        if other.name == name and j != index:
            raise EditError(
                f"{_STICKIES}[{index}].name",
                f"a sticky named {name!r} already exists ({_STICKIES}[{j}])",
                current if current is not None else name,
            )


def _context_names(design: Design) -> list[str]:
    named = [c.name for c in design.contexts]
    used = sorted({s.context for s in design.event_storming.stickies if s.context} - set(named))
    return named + used


def _contexts_with(
    design: Design, context: str | None, *, create: bool, index: int, sticky: str
) -> list[BoundedContext] | None:
    """The design's contexts if ``context`` must be added to them, else None."""
    if context is None or any(c.name == context for c in design.contexts):
        return None
    known = _context_names(design)
    if not create:
        if context in known:
            return None
        hint = suggest(context, known) if known else " (the design defines none yet)"
        raise EditError(
            f"{_STICKIES}[{index}].context",
            f"{context!r} is not a bounded context{hint}; pass create=True to add it",
            sticky,
        )
    try:
        new = BoundedContext(name=context)
    except ValidationError as exc:
        raise EditError("contexts", f"cannot create context {context!r}: {exc}", sticky) from None
    return [*design.contexts, new]


def add_sticky(
    design: Design,
    name: str,
    kind: str,
    *,
    t: float | None = None,
    lane: int = 0,
    context: str | None = None,
    notes: str = "",
    owner: str | None = None,
    leads_to: Iterable[str] = (),
    create: bool = False,
) -> Design:
    """A new design with one more sticky, appended to the board.

    ``t`` defaults to one step after the last sticky on the timeline (0 on an
    empty board). ``create=True`` adds ``context`` as a bounded context if it is new.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "shop"}})
    >>> d = add_sticky(d, "Place Order", "command", lane=1)
    >>> d = add_sticky(d, "Order Placed", "domain-event")
    >>> [(s.name, s.t, s.lane) for s in d.event_storming.stickies]
    [('Place Order', 0.0, 1), ('Order Placed', 1.0, 0)]
    >>> add_sticky(d, "Order Placed", "domain-event")
    Traceback (most recent call last):
    ...
    designkit.edit.base.EditError: event_storming.stickies[2].name: sticky 'Order Placed': \
a sticky named 'Order Placed' already exists (event_storming.stickies[1])
    """
    stickies = design.event_storming.stickies
    index = len(stickies)
    if t is None:
        t = max((s.t for s in stickies), default=-1.0) + 1.0
    data: dict[str, Any] = {"name": name, "kind": kind, "t": t, "lane": lane}
    if context is not None:
        data["context"] = context
    if notes:
        data["notes"] = notes
    if owner is not None:
        data["owner"] = owner
    targets = list(leads_to)
    if targets:
        data["leads_to"] = targets
    sticky = sticky_from(data, index)
    _check_new_name(design, sticky.name, index, None)
    if sticky.name in sticky.leads_to:
        raise EditError(f"{_STICKIES}[{index}].leads_to", "a sticky cannot lead to itself", name)
    contexts = _contexts_with(
        design, sticky.context, create=create, index=index, sticky=sticky.name
    )
    return replace_board(design, [*stickies, sticky], contexts)


def edit_sticky(
    design: Design,
    name: str,
    *,
    new_name: str | _Keep = KEEP,
    kind: str | _Keep = KEEP,
    notes: str | _Keep = KEEP,
    owner: str | _Keep | None = KEEP,
) -> Design:
    """A new design with the sticky ``name`` renamed or given a new kind, notes or owner.

    Renaming also renames every ``leads_to`` that pointed at the old name.
    ``owner=None`` clears the owner.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "event_storming": {"stickies": [
    ...     {"name": "Pay", "kind": "command", "leads_to": ["Paid"]},
    ...     {"name": "Paid", "kind": "domain-event"}]}})
    >>> d = edit_sticky(d, "Paid", new_name="Payment Received", notes="card only")
    >>> d.event_storming.stickies[0].leads_to, d.event_storming.stickies[1].notes
    (['Payment Received'], 'card only')
    """
    index = find(design, name)
    old = design.event_storming.stickies[index]
    changes: dict[str, Any] = {}
    if kind is not KEEP:
        changes["kind"] = kind
    if notes is not KEEP:
        changes["notes"] = notes
    if owner is not KEEP:
        changes["owner"] = owner
    renamed = not isinstance(new_name, _Keep) and new_name.strip() != old.name
    if renamed:
        changes["name"] = new_name
    sticky = _changed(old, index, changes)
    if not renamed:
        stickies = list(design.event_storming.stickies)
        stickies[index] = sticky
        return replace_board(design, stickies)
    _check_new_name(design, sticky.name, index, old.name)
    stickies = []
    for i, other in enumerate(design.event_storming.stickies):
        current = sticky if i == index else other
        if old.name in current.leads_to:
            targets = [sticky.name if n == old.name else n for n in current.leads_to]
            current = _changed(current, i, {"leads_to": targets})
        stickies.append(current)
    return replace_board(design, stickies)


def move_sticky(
    design: Design, name: str, *, t: float | None = None, lane: int | None = None
) -> Design:
    """A new design with the sticky ``name`` at timeline position ``t`` and/or ``lane``.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"},
    ...     "event_storming": {"stickies": [{"name": "Paid", "kind": "domain-event"}]}})
    >>> s = move_sticky(d, "Paid", t=4.5, lane=2).event_storming.stickies[0]
    >>> s.t, s.lane
    (4.5, 2)
    """
    index = find(design, name)
    changes: dict[str, Any] = {}
    if t is not None:
        changes["t"] = t
    if lane is not None:
        changes["lane"] = lane
    stickies = list(design.event_storming.stickies)
    stickies[index] = _changed(stickies[index], index, changes)
    return replace_board(design, stickies)


def delete_sticky(design: Design, name: str) -> Design:
    """A new design without the sticky ``name``, and without links that pointed at it.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "event_storming": {"stickies": [
    ...     {"name": "Pay", "kind": "command", "leads_to": ["Paid"]},
    ...     {"name": "Paid", "kind": "domain-event"}]}})
    >>> [(s.name, s.leads_to) for s in delete_sticky(d, "Paid").event_storming.stickies]
    [('Pay', [])]
    """
    index = find(design, name)
    stickies: list[Sticky] = []
    for i, sticky in enumerate(design.event_storming.stickies):
        if i == index:
            continue
        if name in sticky.leads_to:
            targets = [n for n in sticky.leads_to if n != name]
            sticky = _changed(sticky, len(stickies), {"leads_to": targets})
        stickies.append(sticky)
    return replace_board(design, stickies)


def link(design: Design, source: str, target: str) -> Design:
    """A new design where ``source`` leads to ``target`` (the input if it already did).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "event_storming": {"stickies": [
    ...     {"name": "Pay", "kind": "command"}, {"name": "Paid", "kind": "domain-event"}]}})
    >>> link(d, "Pay", "Paid").event_storming.stickies[0].leads_to
    ['Paid']
    >>> link(d, "Pay", "Pay")
    Traceback (most recent call last):
    ...
    designkit.edit.base.EditError: event_storming.stickies[0].leads_to: sticky 'Pay': \
a sticky cannot lead to itself
    """
    index = find(design, source)
    find(design, target)
    if source == target:
        raise EditError(f"{_STICKIES}[{index}].leads_to", "a sticky cannot lead to itself", source)
    old = design.event_storming.stickies[index]
    if target in old.leads_to:
        return design
    stickies = list(design.event_storming.stickies)
    stickies[index] = _changed(old, index, {"leads_to": [*old.leads_to, target]})
    return replace_board(design, stickies)


def unlink(design: Design, source: str, target: str) -> Design:
    """A new design where ``source`` no longer leads to ``target`` (the input if it did not).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "event_storming": {"stickies": [
    ...     {"name": "Pay", "kind": "command", "leads_to": ["Paid"]},
    ...     {"name": "Paid", "kind": "domain-event"}]}})
    >>> unlink(d, "Pay", "Paid").event_storming.stickies[0].leads_to
    []
    """
    index = find(design, source)
    find(design, target)
    old = design.event_storming.stickies[index]
    if target not in old.leads_to:
        return design
    stickies = list(design.event_storming.stickies)
    targets = [n for n in old.leads_to if n != target]
    stickies[index] = _changed(old, index, {"leads_to": targets})
    return replace_board(design, stickies)


def group(design: Design, names: Iterable[str], context: str, *, create: bool = False) -> Design:
    """A new design with the stickies ``names`` grouped into the candidate context ``context``.

    ``context`` must be a bounded context of the design or a context other
    stickies already use, unless ``create=True`` (see the module's notes).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "event_storming": {"stickies": [
    ...     {"name": "Pay", "kind": "command"}, {"name": "Paid", "kind": "domain-event"}]}})
    >>> g = group(d, ["Pay", "Paid"], "Payments", create=True)
    >>> [s.context for s in g.event_storming.stickies], [c.name for c in g.contexts]
    (['Payments', 'Payments'], ['Payments'])
    >>> group(g, ["Pay"], "Paymnts")
    Traceback (most recent call last):
    ...
    designkit.edit.base.EditError: event_storming.stickies[0].context: sticky 'Pay': \
'Paymnts' is not a bounded context (did you mean 'Payments'?); pass create=True to add it
    """
    return _set_context(design, names, context.strip(), create=create)


def ungroup(design: Design, names: Iterable[str]) -> Design:
    """A new design where the stickies ``names`` belong to no candidate context.

    The bounded contexts themselves stay (services may use them).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "contexts": [{"name": "Sales"}],
    ...     "event_storming": {"stickies": [{"name": "Pay", "kind": "command",
    ...                                      "context": "Sales"}]}})
    >>> ungroup(d, ["Pay"]).event_storming.stickies[0].context is None
    True
    """
    return _set_context(design, names, None, create=False)


def _set_context(
    design: Design, names: Iterable[str], context: str | None, *, create: bool
) -> Design:
    wanted = list(dict.fromkeys(names))
    if not wanted:
        raise EditError(_STICKIES, "choose at least one sticky to group or ungroup")
    indexes = [find(design, name) for name in wanted]
    stickies = list(design.event_storming.stickies)
    for index in indexes:
        stickies[index] = _changed(stickies[index], index, {"context": context})
    first = indexes[0]
    contexts = _contexts_with(
        design, context, create=create, index=first, sticky=stickies[first].name
    )
    return replace_board(design, stickies, contexts)
