"""Phase 1: the live event-storming board (an anywidget; plain JS and CSS shipped here).

The browser shows the stickies on a timeline and lets people add, edit, drag,
delete, link and group them. It sends the whole changed list of stickies back
through the synced ``stickies`` trait; this side replays the change through the
pure edits of :mod:`designkit.edit` (so every rule holds), keeps the resulting
Design in :attr:`EventStormingBoard.design`, and sends the canonical list back.
A refused change is undone on the board and its reason shown. "Save" writes
the design with :func:`designkit.save` (atomic, refuses conflicting edits).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..edit import EditError, apply_snapshot, snapshot
from ..errors import DesignKitError
from ..io import save
from ..model import Design
from ..render.board import context_colours, legend
from ._save import DesignSaver

__all__ = ["EventStormingBoard"]

_STATIC = Path(__file__).parent / "static"
_HISTORY = 200


class EventStormingBoard(anywidget.AnyWidget):
    """An event-storming board that edits ``design``; Save writes it to ``path``.

    Parameters
    ----------
    design
        The design to edit; it is never modified (see :attr:`design`).
    path
        Where "Save" writes; None disables saving from the board.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "shop"}, "event_storming": {
    ...     "stickies": [{"name": "Order Placed", "kind": "domain-event", "t": 1}]}})
    >>> board = EventStormingBoard(d)
    >>> board
    EventStormingBoard('shop': 1 sticky, 0 contexts)
    >>> moved = [dict(board.stickies[0], t=4.0)]
    >>> board.stickies = moved  # what the browser does when a sticky is dragged
    >>> board.design.event_storming.stickies[0].t, board.status
    (4.0, "moved 'Order Placed' to t=4, lane 0")
    """

    _esm = _STATIC / "board.js"
    _css = _STATIC / "board.css"

    stickies = traitlets.List(traitlets.Dict()).tag(sync=True)
    """The board as :func:`designkit.edit.snapshot` records."""
    contexts = traitlets.List(traitlets.Dict()).tag(sync=True)
    """Candidate contexts with their colours: ``{"name", "colour"}``."""
    kinds = traitlets.List(traitlets.Dict()).tag(sync=True)
    """The legend: every kind with its label and colours."""
    title = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    """What happened last, as plain text (the view inserts it as text, never as HTML)."""
    status_ok = traitlets.Bool(True).tag(sync=True)
    can_save = traitlets.Bool(False).tag(sync=True)
    can_undo = traitlets.Bool(False).tag(sync=True)

    def __init__(
        self, design: Design, path: str | os.PathLike[str] | None = None, **kwargs: Any
    ) -> None:
        self._design = design
        self._history: list[Design] = []
        self._echoing = False
        self.path = path
        self._saver = DesignSaver(design, path) if path is not None else None
        super().__init__(**kwargs)
        self.kinds = legend()
        self.title = design.metadata.name
        self.can_save = path is not None
        self._push()
        self.observe(self._on_stickies, names="stickies")
        self.on_msg(self._on_msg)

    @property
    def design(self) -> Design:
        """The design with every change made on the board so far."""
        return self._design

    @design.setter
    def design(self, design: Design) -> None:
        # A notebook may edit the design with designkit.edit and hand it back.
        self._remember()
        self._design = design
        self._push()

    def save(self, path: str | os.PathLike[str] | None = None) -> bool:
        """Save the design to ``path`` (default: the board's path) atomically; report how it went.

        On failure (a conflicting edit on disk, an invalid design, no path) the
        file is unchanged and the reason is shown on the board.
        """
        target = path if path is not None else self.path
        if target is None:
            self._say("Not saved: this board has no path; give it one to save.", ok=False)
            return False
        note = ""
        if self._saver is not None and target == self.path:
            design, error, note = self._saver.save(self._design)
            if error:
                self._say(error, ok=False)
                return False
            if design is not self._design:  # merged with an edit saved elsewhere
                self._design = design
                self._push()
        else:
            try:
                save(self._design, target)
            except DesignKitError as exc:
                self._say(f"Not saved: {exc}", ok=False)
                return False
        count = len(self._design.event_storming.stickies)
        name = os.path.basename(target)
        self._say(
            f"Saved {_plural(count, 'sticky', 'stickies')} to {name}"
            + (f" ({note})." if note else "."),
            ok=True,
        )
        return True

    def undo(self) -> bool:
        """Go back to the design before the last change made on the board."""
        if not self._history:
            self._say("Nothing to undo.", ok=True)
            return False
        previous = self._history.pop().model_copy()
        # Keep where the current design was loaded or saved (io's bookkeeping),
        # so saving after an undo is not mistaken for a conflicting edit.
        previous._source = self._design._source
        self._design = previous
        self._push()
        self._say("Undone.", ok=True)
        return True

    def _remember(self) -> None:
        self._history = [*self._history[-(_HISTORY - 1) :], self._design]

    def _on_stickies(self, change: dict[str, Any]) -> None:
        if self._echoing:
            return
        try:
            applied = apply_snapshot(self._design, change["new"])
        except EditError as exc:
            self._say(f"Not applied: {exc}", ok=False)
        else:
            if applied.changes:
                self._remember()
                self._design = applied.design
                self._say("; ".join(applied.changes), ok=True)
        self._push()

    def _on_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "save":
            self.save()
        elif kind == "undo":
            self.undo()

    def _push(self) -> None:
        """Send the design's board (and contexts) to the view."""
        self._echoing = True
        try:
            colours = context_colours(self._design)
            self.contexts = [{"name": n, "colour": c} for n, c in colours.items()]
            self.stickies = snapshot(self._design)
            self.can_undo = bool(self._history)
        finally:
            self._echoing = False

    def _say(self, text: str, *, ok: bool) -> None:
        self.status_ok = ok
        self.status = text

    def __repr__(self) -> str:
        # Stable text for nbval: no memory address (anywidget's default shows one).
        n = len(self._design.event_storming.stickies)
        contexts = len({s.context for s in self._design.event_storming.stickies if s.context})
        return (
            f"EventStormingBoard({self._design.metadata.name!r}: "
            f"{_plural(n, 'sticky', 'stickies')}, {_plural(contexts, 'context', 'contexts')})"
        )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
