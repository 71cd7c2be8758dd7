"""The board as a list of plain sticky records, and a changed list applied back as edits.

A user interface (the event-storming widget) shows :func:`snapshot`, lets people
change it, and hands the whole changed list back. :func:`apply_snapshot` works
out what changed and replays it through the edits of
:mod:`designkit.edit.stickies`, so every rule (unique names, known kinds, links
to real stickies) holds exactly as it does for a direct call.

Each record carries an ``id``: the sticky's name when the snapshot was taken.
A renamed sticky keeps its ``id``; ``leads_to`` holds ids too; a new sticky has
``id`` None. A record whose ``id`` is None but whose name is an existing sticky
that no other record claims is taken to be that sticky (a view may send a change
before it has seen the ids of stickies it just added).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Design, Sticky
from .base import EditError, find
from .stickies import (
    add_sticky,
    delete_sticky,
    edit_sticky,
    group,
    link,
    move_sticky,
    ungroup,
    unlink,
)

__all__ = ["Applied", "apply_snapshot", "snapshot"]

_FIELDS = ("id", "name", "kind", "t", "lane", "context", "leads_to", "notes", "owner")


def snapshot(design: Design) -> list[dict[str, Any]]:
    """The board's stickies as JSON-ready records, in file order.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "event_storming": {"stickies": [
    ...     {"name": "Pay", "kind": "command", "t": 1, "leads_to": ["Paid"]},
    ...     {"name": "Paid", "kind": "domain-event", "t": 2}]}})
    >>> snapshot(d)[0]
    {'id': 'Pay', 'name': 'Pay', 'kind': 'command', 't': 1.0, 'lane': 0, 'context': None, \
'leads_to': ['Paid'], 'notes': '', 'owner': None}
    """
    return [
        {
            "id": s.name,
            "name": s.name,
            "kind": s.kind,
            "t": s.t,
            "lane": s.lane,
            "context": s.context,
            "leads_to": list(s.leads_to),
            "notes": s.notes,
            "owner": s.owner,
        }
        for s in design.event_storming.stickies
    ]


@dataclass(frozen=True)
class Applied:
    """The design after a snapshot was applied, and what changed, in words."""

    design: Design
    changes: list[str] = field(default_factory=list)


def _record(item: Any, i: int) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise EditError(f"board[{i}]", f"expected a sticky record, got {type(item).__name__}")
    record: dict[str, Any] = {key: item.get(key) for key in _FIELDS}
    name = record["name"]
    if not isinstance(name, str):
        raise EditError(f"board[{i}].name", f"a sticky needs a name (got {name!r})")
    record["name"] = name = name.strip()
    for key in ("t", "lane"):
        value = 0 if record[key] is None else record[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise EditError(f"board[{i}].{key}", f"expected a number (got {value!r})", name)
        record[key] = value
    if record["lane"] != int(record["lane"]):
        raise EditError(
            f"board[{i}].lane", f"a lane is a whole number (got {record['lane']})", name
        )
    record["lane"] = int(record["lane"])
    record["t"] = float(record["t"])
    for key in ("notes", "context", "owner"):
        value = record[key]
        if value is not None and not isinstance(value, str):
            raise EditError(f"board[{i}].{key}", f"expected text (got {value!r})", name)
        # An emptied text box means "none".
        record[key] = value.strip() if isinstance(value, str) else ""
    record["context"] = record["context"] or None
    record["owner"] = record["owner"] or None
    targets = record["leads_to"] or []
    if not isinstance(targets, list) or not all(isinstance(n, str) for n in targets):
        raise EditError(f"board[{i}].leads_to", "expected a list of sticky names", name)
    record["leads_to"] = targets
    return record


def _identify(design: Design, records: list[dict[str, Any]]) -> list[str | None]:
    """For each record, the name of the existing sticky it is (None: a new sticky)."""
    current = {s.name for s in design.event_storming.stickies}
    claimed: dict[str, int] = {}
    for i, record in enumerate(records):
        ident = record["id"]
        if ident in current:
            if ident in claimed:
                raise EditError(
                    f"board[{i}].id",
                    f"two records are the same sticky (also board[{claimed[ident]}])",
                    ident,
                )
            claimed[ident] = i
    identities: list[str | None] = []
    for i, record in enumerate(records):
        ident = record["id"]
        if ident in current and claimed.get(ident) == i:
            identities.append(ident)
        elif ident is None and record["name"] in current and record["name"] not in claimed:
            claimed[record["name"]] = i
            identities.append(record["name"])
        else:
            identities.append(None)
    return identities


def apply_snapshot(
    design: Design, items: Sequence[Any], *, create_contexts: bool = True
) -> Applied:
    """Apply a changed :func:`snapshot` to ``design`` as a sequence of board edits.

    Order: deletions, renames, additions, then kind/notes/owner, moves, contexts
    and links. The first refused edit raises EditError and nothing is applied.
    ``create_contexts`` is passed to :func:`~designkit.edit.stickies.group` as
    ``create``: on a live board a new context name starts a new candidate context.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "event_storming": {"stickies": [
    ...     {"name": "Pay", "kind": "command", "t": 1}]}})
    >>> board = snapshot(d)
    >>> board[0].update(name="Pay Order", t=3)
    >>> applied = apply_snapshot(d, board)
    >>> applied.changes
    ["renamed 'Pay' to 'Pay Order'", "moved 'Pay Order' to t=3, lane 0"]
    """
    records = [_record(item, i) for i, item in enumerate(items)]
    identities = _identify(design, records)
    changes: list[str] = []
    kept = {ident for ident in identities if ident is not None}
    deleted = [s.name for s in design.event_storming.stickies if s.name not in kept]
    for name in deleted:
        design = delete_sticky(design, name)
        changes.append(f"deleted {name!r}")
    # What each id (a name when the snapshot was taken) is called now.
    ids = {ident: ident for ident in kept}
    for ident, record in zip(identities, records, strict=True):
        if ident is not None and record["name"] != ident:
            design = edit_sticky(design, ident, new_name=record["name"])
            ids[ident] = record["name"]
            changes.append(f"renamed {ident!r} to {record['name']!r}")
    final: list[str] = []
    for ident, record in zip(identities, records, strict=True):
        if ident is None:
            design = add_sticky(
                design,
                record["name"],
                str(record["kind"]),
                t=record["t"],
                lane=record["lane"],
                notes=record["notes"],
                owner=record["owner"],
            )
            changes.append(f"added {record['kind']} {record['name']!r}")
            final.append(record["name"])
        else:
            final.append(ids[ident])
    for name, record in zip(final, records, strict=True):
        # Links to a sticky deleted in this same change went with it.
        record["leads_to"] = [n for n in record["leads_to"] if n not in deleted]
        design, said = _update(design, name, record, ids, create_contexts)
        changes.extend(said)
    return Applied(design, changes)


def _sticky(design: Design, name: str) -> Sticky:
    return design.event_storming.stickies[find(design, name)]


def _update(
    design: Design,
    name: str,
    record: dict[str, Any],
    ids: dict[str, str],
    create_contexts: bool,
) -> tuple[Design, list[str]]:
    said: list[str] = []
    sticky = _sticky(design, name)
    fields = {"kind": record["kind"], "notes": record["notes"], "owner": record["owner"]}
    changed = {k: v for k, v in fields.items() if v != getattr(sticky, k)}
    if changed:
        design = edit_sticky(design, name, **changed)
        said.append(f"changed the {' and '.join(sorted(changed))} of {name!r}")
    if record["t"] != sticky.t or record["lane"] != sticky.lane:
        design = move_sticky(design, name, t=record["t"], lane=record["lane"])
        said.append(f"moved {name!r} to t={record['t']:g}, lane {record['lane']}")
    context = record["context"]
    if context != sticky.context:
        if context is None:
            design = ungroup(design, [name])
            said.append(f"ungrouped {name!r}")
        else:
            design = group(design, [name], context, create=create_contexts)
            said.append(f"grouped {name!r} into {context!r}")
    wanted = [ids.get(target, target) for target in record["leads_to"]]
    current = _sticky(design, name).leads_to
    for target in current:
        if target not in wanted:
            design = unlink(design, name, target)
            said.append(f"unlinked {name!r} -> {target!r}")
    for target in wanted:
        if target not in current:
            design = link(design, name, target)
            said.append(f"linked {name!r} -> {target!r}")
    return design, said
