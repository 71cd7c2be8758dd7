"""The workshop's own record: agenda, ticks, open questions, decisions to revisit, accepted risks.

The agenda is one session per phase with its timebox (designkit.phases gives
the typical lengths); a facilitator shortens or stretches them, and ticks off
success criteria the group agrees are met.

Questions come from the facilitators (the parking lot) and from importers
(what a deployment file cannot tell: teams, SLOs, load). Both land in one
list, shown in phase 0, the summary and the report as what the workshop must
still decide.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from .base import Model, Name, Text, empty_list

__all__ = [
    "AcceptedFinding",
    "OpenQuestion",
    "QuestionKind",
    "QuestionStatus",
    "Session",
    "Workshop",
]

QuestionKind = Literal["question", "decision"]
QuestionStatus = Literal["open", "resolved"]


class OpenQuestion(Model):
    """Something the workshop has not decided yet (a parking-lot item)."""

    text: Text = Field(min_length=1)
    """The question, or the decision to revisit, in a sentence."""
    kind: QuestionKind = "question"
    phase: int | None = Field(default=None, ge=0, le=8)
    """The phase that should answer it (0-8), when known."""
    path: str | None = None
    """The part of the design it concerns, as a field path (``services[2].slo``), if any."""
    owner: Name | None = None
    """Who follows it up."""
    source: Text = ""
    """Where it came from: ``workshop`` or an imported file (``k8s/cart.yaml:12``)."""
    status: QuestionStatus = "open"
    resolution: Text = ""
    """How it was settled, once resolved."""


class AcceptedFinding(Model):
    """A finding the team accepts as a known risk, for a reason and until a date.

    ``designkit analyze`` and the report show it as an accepted risk, and it
    does not fail ``analyze``; after ``until`` it fails again.
    """

    rule: Name
    """The rule id (``designkit analyze --list`` lists them), e.g. ``no-slo``."""
    path: str = Field(min_length=1)
    """The finding's field path, as analyze prints it (``services[2]``)."""
    reason: Text = Field(min_length=1)
    """Why the risk is accepted (who decided, what mitigates it)."""
    until: dt.date | None = None
    """The last day the acceptance holds; None: until the design changes it."""


class Session(Model):
    """One session of the workshop's agenda: a phase and its timebox."""

    phase: int = Field(ge=0, le=8)
    minutes: int = Field(gt=0, le=480)
    """The timebox agreed for the session."""
    ticked: list[Text] = Field(default_factory=empty_list)
    """Success criteria of the phase the facilitator ticked off (their text)."""
    done: bool = False
    """The session has been held."""


class Workshop(Model):
    """The workshop day: its agenda (one session per phase) and where it stands.

    Sessions left out use the phase's typical length (designkit.phases).
    """

    start: dt.time | None = None
    """Clock time the first session starts, e.g. ``09:00``."""
    sessions: list[Session] = Field(default_factory=empty_list)
    current: int | None = Field(default=None, ge=0, le=8)
    """The phase being worked on now."""
    warn_minutes: int = Field(default=5, ge=0, le=60)
    """The timer warns this many minutes before a session's timebox ends."""

    @model_validator(mode="after")
    def _one_session_per_phase(self) -> Workshop:
        phases = [s.phase for s in self.sessions]
        if len(phases) != len(set(phases)):
            twice = sorted({p for p in phases if phases.count(p) > 1})
            raise ValueError(f"phase {twice[0]} has more than one session in the agenda")
        return self
