"""Phase 0 and every session: the facilitator's panel.

One widget with the day's agenda (timebox per session, editable), a countdown
for the current session that warns near the end (it runs in the browser), the
session's success criteria with ticks, and the parking lot (the design's
``open_questions``). Every change goes through the pure edits of
:mod:`designkit.edit.workshop` and, when the panel has a path, is saved at once
(atomically, by :func:`designkit.save`), so nothing said in the room is lost.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

from ..analysis.agenda import agenda, agenda_notes, hours, phase_checklist
from ..edit import EditError
from ..edit import workshop as edits
from ..model import Design
from ..phases import PHASES
from ._save import DesignSaver

__all__ = ["SessionTimer", "WorkshopPanel"]

_STATIC = Path(__file__).parent / "static"


class SessionTimer(anywidget.AnyWidget):
    """A countdown of one session's timebox; the browser keeps the time.

    >>> SessionTimer(seconds=1800, label="Phase 0")
    SessionTimer('Phase 0', 30 min)
    """

    _esm = _STATIC / "timer.js"
    _css = _STATIC / "timer.css"

    seconds = traitlets.Int(0).tag(sync=True)
    """The timebox; setting it resets the countdown."""
    warn_seconds = traitlets.Int(300).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)

    def __repr__(self) -> str:
        return f"SessionTimer({self.label!r}, {hours(self.seconds // 60)})"


class WorkshopPanel:
    """Agenda, timer, checklist and parking lot of a design's workshop.

    Parameters
    ----------
    design
        The design; the panel keeps its own edited copy in :attr:`design`.
    path
        Where each change is saved; None keeps changes in this session only.
    phase
        The session to show; default: the design's current phase, else 0.
    """

    def __init__(
        self,
        design: Design,
        path: str | os.PathLike[str] | None = None,
        *,
        phase: int | None = None,
    ) -> None:
        self.design = design
        self.path = path
        self._saver = DesignSaver(design, path) if path is not None else None
        current = phase if phase is not None else (design.workshop.current or 0)
        self.session = w.Dropdown(
            options=[(f"Phase {p.number}: {p.title}", p.number) for p in PHASES],
            value=current,
            description="Session",
            style={"description_width": "5em"},
            layout=w.Layout(width="34em"),
        )
        self.timer = SessionTimer()
        self.header = w.HTML()
        self.minutes: dict[int, w.BoundedIntText] = {}
        self.times: dict[int, w.HTML] = {}
        rows = []
        for p in PHASES:
            box = w.BoundedIntText(min=5, max=480, step=5, layout=w.Layout(width="6em"))
            box.observe(lambda ch, n=p.number: self._timebox(n, ch["new"]), names="value")
            self.minutes[p.number] = box
            self.times[p.number] = w.HTML()
            rows.append(
                w.HBox(
                    [
                        w.HTML(
                            f"<b>{p.number}</b> {escape(p.title)}",
                            layout=w.Layout(width="26em"),
                        ),
                        box,
                        w.HTML("min", layout=w.Layout(width="3em")),
                        self.times[p.number],
                    ]
                )
            )
        self.agenda_notes = w.HTML()
        self.checks = w.VBox()
        self.question = w.Text(
            placeholder="A question or decision to come back to", layout=w.Layout(width="32em")
        )
        self.kind = w.Dropdown(options=["question", "decision"], layout=w.Layout(width="8em"))
        self.add_button = w.Button(description="Park it", icon="plus", button_style="info")
        self.add_button.on_click(lambda _b: self.park())
        self.lot = w.VBox()
        self.status = w.HTML()
        tabs = w.Tab(
            [
                w.VBox([self.checks]),
                w.VBox([*rows, self.agenda_notes]),
                w.VBox([w.HBox([self.question, self.kind, self.add_button]), self.lot]),
            ]
        )
        for i, title in enumerate(("Success criteria", "Agenda", "Parking lot")):
            tabs.set_title(i, title)
        self.tabs = tabs
        self.widget = w.VBox(
            [self.header, w.HBox([self.session, self.timer]), tabs, self.status],
            layout=w.Layout(max_width="60em"),
        )
        self._quiet = False
        self.session.observe(lambda ch: self._switch(ch["new"]), names="value")
        self._refresh()

    # -- edits --------------------------------------------------------------

    def _apply(self, design: Design, done: str) -> bool:
        """Adopt ``design``, save it when the panel has a path, and refresh the view."""
        if self._saver is not None:
            design, error, note = self._saver.save(design)
            if error:
                self._say(error, ok=False)
                return False
            done += f" (saved; {note})" if note else " (saved)"
        self.design = design
        self._say(done, ok=True)
        self._refresh()
        return True

    def _edit(self, edit: Any, *args: Any, done: str, **kwargs: Any) -> bool:
        try:
            design = edit(self.design, *args, **kwargs)
        except EditError as exc:
            self._say(f"Not applied: {exc}", ok=False)
            self._refresh()
            return False
        return self._apply(design, done)

    def _timebox(self, phase: int, minutes: int) -> None:
        if self._quiet or minutes == self._slot(phase).minutes:
            return
        self._edit(edits.set_timebox, phase, minutes, done=f"Phase {phase}: {minutes} min.")

    def _switch(self, phase: int) -> None:
        if self._quiet:
            return
        self._edit(edits.set_current, phase, done=f"Now: phase {phase}.")

    def tick(self, criterion: str, ticked: bool = True) -> bool:
        """Tick (or untick) one of the current session's success criteria."""
        phase = self.session.value
        verb = "Ticked" if ticked else "Unticked"
        return self._edit(edits.tick, phase, criterion, ticked, done=f"{verb}: {criterion}.")

    def park(self, text: str | None = None, kind: str | None = None) -> bool:
        """Add the typed question (or ``text``) to the parking lot, for the current phase."""
        text = self.question.value if text is None else text
        if not text.strip():
            self._say("Type the question first.", ok=False)
            return False
        ok = self._edit(
            edits.add_question,
            text,
            kind=kind or self.kind.value,
            phase=self.session.value,
            done="Parked.",
        )
        if ok:
            self.question.value = ""
        return ok

    def resolve(self, index: int, resolution: str = "") -> bool:
        """Mark parking-lot item ``index`` resolved."""
        return self._edit(edits.resolve_question, index, resolution, done="Resolved.")

    # -- view ---------------------------------------------------------------

    def _slot(self, phase: int) -> Any:
        return agenda(self.design)[phase]

    def _refresh(self) -> None:
        self._quiet = True
        try:
            slots = agenda(self.design)
            phase = self.session.value
            slot = slots[phase]
            ws = self.design.workshop
            self.header.value = (
                f"<h3 style='margin:.2em 0'>Workshop: {escape(self.design.metadata.name)}"
                f"</h3><span>Session {slot.phase} of {len(slots) - 1}: "
                f"{escape(slot.title)} &middot; timebox {escape(hours(slot.minutes))} "
                f"&middot; criteria met {slot.met} of {slot.total}</span>"
            )
            self.timer.label = f"Phase {phase}: {slot.title}"
            self.timer.warn_seconds = ws.warn_minutes * 60
            self.timer.seconds = slot.minutes * 60
            for s in slots:
                self.minutes[s.phase].value = s.minutes
                clock = f"{s.starts:%H:%M}-{s.ends:%H:%M}" if s.starts and s.ends else ""
                self.times[s.phase].value = escape(f"{clock}  ({s.met}/{s.total} criteria)".strip())
            self.agenda_notes.value = "<br>".join(escape(n) for n in agenda_notes(slots))
            self.checks.children = self._checkboxes(phase)
            self.lot.children = self._lot_rows()
        finally:
            self._quiet = False

    def _checkboxes(self, phase: int) -> list[w.Widget]:
        boxes: list[w.Widget] = []
        for item in phase_checklist(self.design, phase):
            label = item.text + (f" ({item.detail})" if item.detail else "")
            if item.met:
                box = w.Checkbox(value=True, disabled=True, description=f"{label} - met")
            else:
                box = w.Checkbox(value=item.ticked, description=label)
                box.observe(
                    lambda ch, text=item.text: self._quiet or self.tick(text, ch["new"]),
                    names="value",
                )
            box.layout = w.Layout(width="56em")
            box.style = {"description_width": "0"}
            box.indent = False
            boxes.append(box)
        return boxes

    def _lot_rows(self) -> list[w.Widget]:
        rows: list[w.Widget] = []
        for i, q in enumerate(self.design.open_questions):
            where = f" [phase {q.phase}]" if q.phase is not None else ""
            text = f"{i + 1}. {q.kind}{where}: {q.text}"
            if q.status == "resolved":
                html = f"<s>{escape(text)}</s> resolved"
                if q.resolution:
                    html += f": {escape(q.resolution)}"
                rows.append(w.HTML(html))
                continue
            done = w.Button(description="Resolved", icon="check", layout=w.Layout(width="8em"))
            done.on_click(lambda _b, index=i: self.resolve(index))
            rows.append(w.HBox([w.HTML(escape(text), layout=w.Layout(width="46em")), done]))
        if not rows:
            rows.append(w.HTML("<i>Nothing parked yet.</i>"))
        return rows

    def _say(self, text: str, *, ok: bool) -> None:
        colour = "#2e7d32" if ok else "#c62828"
        self.status.value = f'<span style="color:{colour}">{escape(text)}</span>'

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        n = sum(q.status == "open" for q in self.design.open_questions)
        return (
            f"WorkshopPanel({self.design.metadata.name!r}: phase {self.session.value}, "
            f"{n} open question{'' if n == 1 else 's'})"
        )
