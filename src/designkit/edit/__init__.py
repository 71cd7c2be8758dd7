"""Pure edits of a design: each function takes a Design and returns a new one.

The input is never modified; what an edit changes is validated, and a refused
edit raises :class:`EditError` naming the field path, the sticky and the reason.
Widgets call these; notebooks and scripts may call them directly.

Examples
--------
>>> from designkit.model import Design
>>> from designkit import edit
>>> d = Design.model_validate({"metadata": {"name": "shop"}})
>>> d2 = edit.add_sticky(d, "Order Placed", "domain-event", t=3)
>>> len(d.event_storming.stickies), len(d2.event_storming.stickies)
(0, 1)
"""

from __future__ import annotations

from .base import STICKY_KINDS, EditError
from .snapshot import Applied, apply_snapshot, snapshot
from .stickies import (
    KEEP,
    add_sticky,
    delete_sticky,
    edit_sticky,
    group,
    link,
    move_sticky,
    ungroup,
    unlink,
)

__all__ = [
    "KEEP",
    "STICKY_KINDS",
    "Applied",
    "EditError",
    "add_sticky",
    "apply_snapshot",
    "delete_sticky",
    "edit_sticky",
    "group",
    "link",
    "move_sticky",
    "snapshot",
    "ungroup",
    "unlink",
]
