"""Walk a failure at each step of a saga: what gets undone, and where the saga ends.

For a failure at step ``k`` (its own local transaction rolls back, so it
leaves nothing to undo) with the pivot at ``p`` (the last step when none is
marked):

- ``k <= p``: every earlier step that changed data (``side_effects``) is
  compensated, last first. If one has no compensation the saga is *stuck*:
  that change stays while the rest is undone. Otherwise it is *compensated*.
- ``k > p``: the saga is past its point of no return and only goes forward:
  a retryable step is retried until it succeeds and the saga *completes
  forward*; a step that cannot be retried leaves it *stuck*.

A compensation that is not idempotent still runs (the saga ends compensated),
and the outcome's ``reason`` warns that a retry of it would undo twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model import Design, Saga
from .saga_flow import pivot_index

__all__ = ["Compensation", "Final", "Outcome", "simulate", "simulate_all"]

Final = Literal["compensated", "completed forward", "stuck"]


@dataclass(frozen=True)
class Compensation:
    """One compensating action that runs, in the order it runs."""

    step: str
    service: str
    action: str
    idempotent: bool


@dataclass(frozen=True)
class Outcome:
    """What happens when one step of a saga fails."""

    saga: str
    failed: str
    index: int
    stage: Literal["before the pivot", "the pivot", "after the pivot"]
    done: tuple[str, ...]
    """Steps that had committed when the failure happened."""
    compensations: tuple[Compensation, ...]
    """Compensations that run, last step first."""
    retried: str
    """The step retried forward ('' when the saga goes back)."""
    final: Final
    reason: str


def simulate(saga: Saga) -> list[Outcome]:
    """The outcome of a failure at each step of ``saga``, in step order.

    Examples
    --------
    >>> from designkit.model import Saga
    >>> saga = Saga(name="s", orchestrator="o", steps=[
    ...     {"name": "hold", "service": "a", "action": "hold", "compensation": "release"},
    ...     {"name": "charge", "service": "b", "action": "charge", "pivot": True},
    ...     {"name": "ship", "service": "c", "action": "ship"}])
    >>> [(o.failed, o.final, [c.step for c in o.compensations]) for o in simulate(saga)]
    [('hold', 'compensated', []), ('charge', 'compensated', ['hold']), ('ship', 'completed forward', [])]
    """  # noqa: E501
    p = pivot_index(saga)
    if p is None:
        return []
    return [_outcome(saga, k, p) for k in range(len(saga.steps))]


def simulate_all(design: Design) -> list[Outcome]:
    """:func:`simulate` for every saga of the design, in file order."""
    return [outcome for saga in design.sagas for outcome in simulate(saga)]


def _outcome(saga: Saga, k: int, p: int) -> Outcome:
    step = saga.steps[k]
    done = tuple(s.name for s in saga.steps[:k])
    stage: Literal["before the pivot", "the pivot", "after the pivot"] = (
        "before the pivot" if k < p else "the pivot" if k == p else "after the pivot"
    )
    if k > p:
        pivot = saga.steps[p].name
        if step.retryable:
            rest = [s.name for s in saga.steps[k + 1 :]]
            verb = "runs" if len(rest) == 1 else "run"
            then = f", then {', '.join(rest)} {verb}" if rest else ""
            reason = f"past the pivot ({pivot}): {step.name} is retried until it succeeds{then}"
            return Outcome(
                saga.name, step.name, k, stage, done, (), step.name, "completed forward", reason
            )
        reason = (
            f"past the pivot ({pivot}) {step.name} cannot be retried and nothing may be "
            "undone: repair by hand"
        )
        return Outcome(saga.name, step.name, k, stage, done, (), "", "stuck", reason)
    runs = []
    missing = []
    for before in reversed(saga.steps[:k]):
        if not before.side_effects:
            continue
        if before.compensation:
            runs.append(
                Compensation(
                    before.name, before.service, before.compensation, before.compensation_idempotent
                )
            )
        else:
            missing.append(before.name)
    if missing:
        reason = (
            f"{', '.join(missing)} changed data and has no compensation: the change stays "
            "while the rest is undone"
        )
        return Outcome(saga.name, step.name, k, stage, done, tuple(runs), "", "stuck", reason)
    if runs:
        reason = f"undid {len(runs)} step(s), last first: {', '.join(c.step for c in runs)}"
    else:
        reason = "nothing had changed yet: the saga just stops"
    repeats = [c.step for c in runs if not c.idempotent]
    if repeats:
        reason += (
            f"; the compensation of {', '.join(repeats)} is not idempotent: a retry undoes twice"
        )
    return Outcome(saga.name, step.name, k, stage, done, tuple(runs), "", "compensated", reason)
