"""What every board edit shares: the error it raises and how it builds the new design.

An edit never touches its input. It validates the stickies it changes (pydantic),
then builds the new design with ``model_copy``: unchanged sections are shared
with the input, as in a persistent data structure, and where the design was
loaded from travels along so ``designkit.save`` still detects conflicting edits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, get_args

from pydantic import ValidationError

from ..errors import DesignKitError
from ..model import BoundedContext, Design, Sticky, StickyKind
from ..model.references import reference_problems, suggest

__all__ = ["STICKY_KINDS", "EditError", "find", "replace_board", "sticky_from"]

STICKY_KINDS: tuple[str, ...] = get_args(StickyKind)
"""Every kind of sticky, in the order a facilitator introduces them."""

_STICKIES = "event_storming.stickies"


class EditError(DesignKitError, ValueError):
    """An edit of the board was refused; the design is unchanged.

    ``path`` is where in the design the problem is, ``sticky`` the sticky's name
    (None when the problem is not about one sticky) and ``reason`` why.

    Examples
    --------
    >>> str(EditError("event_storming.stickies[2].kind", "'x' is not a sticky kind", "Paid"))
    "event_storming.stickies[2].kind: sticky 'Paid': 'x' is not a sticky kind"
    """

    def __init__(self, path: str, reason: str, sticky: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.sticky = sticky
        about = f"sticky {sticky!r}: " if sticky is not None else ""
        super().__init__(f"{path}: {about}{reason}")


def find(design: Design, name: str) -> int:
    """The index of the sticky called ``name``; EditError (with a hint) if there is none.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"},
    ...     "event_storming": {"stickies": [{"name": "Order Placed", "kind": "domain-event"}]}})
    >>> find(d, "Order Placed")
    0
    >>> find(d, "Order Plcaed")
    Traceback (most recent call last):
    ...
    designkit.edit.base.EditError: event_storming.stickies: no sticky named 'Order Plcaed' \
(did you mean 'Order Placed'?)
    """
    stickies = design.event_storming.stickies
    for i, sticky in enumerate(stickies):
        if sticky.name == name:
            return i
    known = [s.name for s in stickies]
    hint = suggest(name, known) if known else " (the board is empty)"
    raise EditError(_STICKIES, f"no sticky named {name!r}{hint}")


def sticky_from(data: dict[str, Any], index: int) -> Sticky:
    """Validate ``data`` as the sticky at ``index``, with errors that name it and the rule."""
    label = str(data.get("name", "")).strip() or None
    kind = data.get("kind")
    if kind not in STICKY_KINDS:
        raise EditError(
            f"{_STICKIES}[{index}].kind",
            f"{kind!r} is not a sticky kind{_kind_hint(str(kind))}; "
            f"the kinds are {', '.join(STICKY_KINDS)}",
            label,
        )
    t = data.get("t", 0.0)
    if isinstance(t, int | float) and not math.isfinite(t):
        raise EditError(f"{_STICKIES}[{index}].t", f"t must be a finite number (got {t!r})", label)
    try:
        return Sticky.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in err["loc"])
        where = f"{_STICKIES}[{index}]" + (f".{field}" if field else "")
        value = err.get("input")
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        msg = str(err["msg"])
        raise EditError(where, f"{msg[0].lower()}{msg[1:]} (got {shown})", label) from None


def _kind_hint(kind: str) -> str:
    """A hint for a misspelt kind: 'Domain Event', 'event' and 'readmodel' all get one."""
    plain = "-".join(kind.lower().replace("_", " ").split())
    near = [k for k in STICKY_KINDS if plain and (plain in k or k.replace("-", "") == plain)]
    if len(near) == 1:
        return f" (did you mean {near[0]!r}?)"
    return suggest(plain, STICKY_KINDS)


def replace_board(
    design: Design,
    stickies: Sequence[Sticky],
    contexts: Sequence[BoundedContext] | None = None,
) -> Design:
    """A new design: ``design`` with these stickies (and contexts), cross-references checked.

    Only problems on the board or among the contexts are reported: an edit of the
    board should not be blocked by, nor blamed for, a mistake elsewhere.
    """
    board = design.event_storming.model_copy(update={"stickies": list(stickies)})
    update: dict[str, Any] = {"event_storming": board}
    if contexts is not None:
        update["contexts"] = list(contexts)
    new = design.model_copy(update=update)
    for loc, message, _value in reference_problems(new):
        if loc[0] in ("event_storming", "contexts"):
            path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
            name = _sticky_at(new, loc)
            raise EditError(path, message, name)
    return new


def _sticky_at(design: Design, loc: tuple[str | int, ...]) -> str | None:
    if loc[:2] == ("event_storming", "stickies") and len(loc) > 2 and isinstance(loc[2], int):
        return design.event_storming.stickies[loc[2]].name
    return None
