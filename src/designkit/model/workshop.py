"""The workshop's own record: open questions, decisions to revisit, accepted risks.

Questions come from the facilitators (the parking lot) and from importers
(what a deployment file cannot tell: teams, SLOs, load). Both land in one
list, shown in phase 0, the summary and the report as what the workshop must
still decide.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .base import Model, Name, Text

__all__ = ["AcceptedFinding", "OpenQuestion", "QuestionKind", "QuestionStatus"]

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
