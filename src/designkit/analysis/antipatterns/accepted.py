"""Accepted risks: findings the design accepts (``accepted:``), until a date.

An acceptance names a rule and a finding's path. A finding it matches is
kept, marked with the reason (:attr:`Finding.accepted`), and no longer fails
``designkit analyze``; after ``until`` the finding counts again, its message
saying the acceptance expired. An acceptance that matches nothing (a rule
that no longer fires there, a typo) is reported by ``stale-acceptance``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import replace

from ...model import Design
from .catalog import DESIGNKIT
from .finding import Finding, loc
from .registry import Rule, Thresholds, get_rule, register

__all__ = ["apply", "stale_acceptance"]


@register(
    "stale-acceptance",
    title="An accepted finding that no longer exists",
    severity="warning",
    catalog=(DESIGNKIT,),
    family="operations",
    phase=0,
    fix="Remove the acceptance, or correct its rule id and path to the finding's.",
)
def stale_acceptance(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """An entry of ``accepted`` whose rule is unknown.

    :func:`apply` also reports the entries of rules that ran and found nothing at
    their path (the rule alone cannot know what the others found).

    Catalog: designkit consistency check of the design's accepted risks.
    """
    for k, entry in enumerate(design.accepted):
        try:
            get_rule(entry.rule)
        except ValueError as error:
            yield stale_acceptance.finding(
                loc("accepted", k, "rule"), entry.rule, str(error), "use a rule id that exists"
            )


def apply(
    design: Design, found: list[Finding], ran: Iterable[Rule], today: dt.date
) -> list[Finding]:
    """``found`` with the design's acceptances applied (and stale ones reported)."""
    if not design.accepted:
        return found
    entries = {(a.rule, a.path): a for a in design.accepted}
    matched: set[tuple[str, str]] = set()
    out = []
    for f in found:
        entry = entries.get((f.rule, f.path))
        if entry is None:
            out.append(f)
            continue
        matched.add((f.rule, f.path))
        until = "" if entry.until is None else f" until {entry.until.isoformat()}"
        if entry.until is not None and entry.until < today:
            message = f"{f.message} (accepted{until}, expired: {entry.reason})"
            out.append(replace(f, message=message))
        else:
            out.append(replace(f, accepted=f"{entry.reason}{until}" if until else entry.reason))
    ids = {rule.id for rule in ran}
    if stale_acceptance.id in ids:
        for k, entry in enumerate(design.accepted):
            if entry.rule in ids and (entry.rule, entry.path) not in matched:
                out.append(
                    stale_acceptance.finding(
                        loc("accepted", k),
                        f"{entry.rule} at {entry.path}",
                        f"{entry.rule} finds nothing at {entry.path}: the acceptance is stale",
                        "remove it, or correct its path to the finding's",
                    )
                )
    return out
