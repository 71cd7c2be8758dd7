"""How every widget saves: atomically, and without losing someone else's edit.

Two facilitators (two kernels) may edit the same design file. ``designkit.save``
refuses to overwrite a file that changed on disk since it was loaded; the
widgets then merge three ways (:func:`designkit.edit.merge3.merge3`: the version
this widget last loaded or saved, the file now on disk, and this session's
design) and save the result. Where both changed the same value differently the
file keeps the value saved first, and the other is kept as a parking-lot item
(``open_questions``, kind ``decision``) naming the field path and both values:
nothing is lost silently, and the room decides.
"""

from __future__ import annotations

import os
from typing import Any

from ..edit.merge3 import MISSING, Conflict, merge3
from ..errors import DesignKitError, SaveConflictError
from ..io import load, save, validate_data
from ..model import Design, OpenQuestion

__all__ = ["DesignSaver", "conflict_question"]

_ATTEMPTS = 3


def _data(design: Design) -> Any:
    return design.model_dump(mode="json", exclude_unset=True)


def _show(value: Any) -> str:
    text = "(absent)" if value is MISSING else repr(value)
    return text if len(text) <= 300 else text[:297] + "..."


def conflict_question(conflict: Conflict) -> OpenQuestion:
    r"""The parking-lot item that keeps the losing side of a conflicting edit.

    >>> q = conflict_question(Conflict("requirements.availability", 0.999, 0.9995, 0.99))
    >>> print(q.text.replace("; ", ";\n"))
    Edited twice at once: requirements.availability is 0.9995 (saved first);
    the other edit was 0.99 (before both: 0.999).
    """
    return OpenQuestion(
        text=(
            f"Edited twice at once: {conflict.path} is {_show(conflict.theirs)} (saved first); "
            f"the other edit was {_show(conflict.ours)} (before both: {_show(conflict.base)})."
        ),
        kind="decision",
        path=conflict.path,
        source="merge",
    )


class DesignSaver:
    """Saves one widget's design to ``path``, merging with edits saved by others."""

    def __init__(self, design: Design, path: str | os.PathLike[str]) -> None:
        self.path = path
        self._base = _data(design)

    def save(self, design: Design) -> tuple[Design, str | None, str]:
        """Save ``design``; return the design now on disk, an error (or None) and a note.

        The note says when a merge happened (and how many conflicts it parked).
        On an error the file is unchanged and the design returned is ``design``.
        """
        note = ""
        for _ in range(_ATTEMPTS):
            try:
                save(design, self.path)
            except SaveConflictError:
                try:
                    design, note = self._merge(design)
                except DesignKitError as exc:
                    return design, f"Not saved: {exc}", ""
                continue
            except DesignKitError as exc:
                return design, f"Not saved: {exc}", ""
            self._base = _data(design)
            return design, None, note
        return design, "Not saved: the file keeps changing on disk; try again", ""

    def _merge(self, ours: Design) -> tuple[Design, str]:
        theirs = load(self.path)
        result = merge3(self._base, _data(theirs), _data(ours))
        merged = validate_data(result.data, str(self.path))
        if result.conflicts:
            parked = [conflict_question(c) for c in result.conflicts]
            merged = merged.model_copy(update={"open_questions": [*merged.open_questions, *parked]})
        merged._source = theirs._source  # saving over the file as it is now
        self._base = _data(theirs)
        n = len(result.conflicts)
        if n:
            return merged, (
                f"merged with an edit saved elsewhere; {n} conflicting value"
                f"{'' if n == 1 else 's'} kept in the parking lot"
            )
        return merged, "merged with an edit saved elsewhere"
