"""The workshop's own record: open questions and decisions to revisit.

Questions come from the facilitators (the parking lot) and from importers
(what a deployment file cannot tell: teams, SLOs, load). Both land in one
list, shown in phase 0, the summary and the report as what the workshop must
still decide.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Model, Name, Text

__all__ = ["OpenQuestion", "QuestionKind", "QuestionStatus"]

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
