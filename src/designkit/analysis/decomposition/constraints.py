"""The hard constraints: blocks the clustering may not split, and a checker.

Precedence, when two constraints disagree: a separated security zone beats a
predefined service, which beats an aggregate. The losing constraint is split
as little as needed and the split is reported, never silently ignored.

- **security constraint** (separated zones): nanoentities whose zone
  memberships differ never share a candidate (a zone's members are kept apart
  from everything outside the zone, as Service Cutter's penalty does);
- **predefined service**: its members form exactly one candidate, alone;
- **consistency constraint** (aggregates): an aggregate is never split.

A constraint whose priority is IGNORE is switched off.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .inputs import Inputs

__all__ = ["Blocks", "blocks", "violations", "zone_signatures"]

_CONSTRAINTS = ("security_constraint", "predefined_service", "consistency_constraint")


@dataclass(frozen=True)
class Blocks:
    """Nanoentities glued together by the constraints: the units the clustering moves."""

    of: tuple[int, ...]
    """Block number of each nanoentity."""
    members: tuple[tuple[int, ...], ...]
    """Nanoentities of each block, in block order (by smallest member)."""
    fixed: tuple[str | None, ...]
    """For a predefined service's block, the service's name: it is a candidate as is."""
    zone: tuple[frozenset[int], ...]
    """Zone memberships of each block (empty outside every zone)."""
    relaxed: tuple[str, ...]
    """Constraints that had to give way to a stronger one."""


def zone_signatures(inputs: Inputs) -> list[frozenset[int]]:
    """The separated zones each nanoentity belongs to."""
    out: list[set[int]] = [set() for _ in inputs.names]
    for z, group in enumerate(inputs.zones):
        for i in group.members:
            out[i].add(z)
    return [frozenset(s) for s in out]


def _by_zone(members: Sequence[int], zone: list[frozenset[int]]) -> list[tuple[int, ...]]:
    parts: dict[frozenset[int], list[int]] = {}
    for i in members:
        parts.setdefault(zone[i], []).append(i)
    return sorted((tuple(p) for p in parts.values()), key=lambda p: p[0])


def blocks(inputs: Inputs, factors: dict[str, float]) -> Blocks:
    """Glue nanoentities into blocks by the constraints switched on in ``factors``.

    Examples
    --------
    >>> from designkit.model import Design
    >>> from designkit.analysis.decomposition.inputs import inputs as collect
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "domain": {"entities": [
    ...     {"name": "Order", "aggregate": "Order", "attributes": [{"name": "id"}]},
    ...     {"name": "Line", "aggregate": "Order", "attributes": [{"name": "sku"}]},
    ...     {"name": "Tag", "attributes": [{"name": "label"}]}]}})
    >>> glued = blocks(collect(d), {"consistency_constraint": 3.0})
    >>> glued.members  # Line.sku, Order.id glued; Tag.label alone
    ((0, 1), (2,))
    >>> blocks(collect(d), {"consistency_constraint": 0.0}).members
    ((0,), (1,), (2,))
    """
    n = len(inputs.names)
    names = inputs.names
    zone = (
        zone_signatures(inputs)
        if factors.get("security_constraint", 0) > 0
        else [frozenset[int]() for _ in range(n)]
    )
    zone_names = [g.name for g in inputs.zones]
    relaxed: list[str] = []
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def glue(part: tuple[int, ...]) -> None:
        root = find(part[0])
        for i in part[1:]:
            other = find(i)
            if other != root:
                parent[max(root, other)] = min(root, other)
                root = min(root, other)

    def zones_of(parts: list[tuple[int, ...]]) -> str:
        labels = sorted(
            " & ".join(repr(zone_names[z]) for z in sorted(zone[p[0]])) or "outside every zone"
            for p in parts
        )
        return ", ".join(labels)

    fixed_of: dict[int, str] = {}
    if factors.get("predefined_service", 0) > 0:
        for group in inputs.predefined:
            free = [i for i in group.members if i not in fixed_of]
            for i in group.members:
                if i in fixed_of:
                    relaxed.append(
                        f"{names[i]} is in predefined services {fixed_of[i]!r} and "
                        f"{group.name!r}; kept in {fixed_of[i]!r}"
                    )
            parts = _by_zone(free, zone)
            if len(parts) > 1:
                relaxed.append(
                    f"predefined service {group.name!r} spans separated zones "
                    f"({zones_of(parts)}): split into {len(parts)} candidates"
                )
            for k, part in enumerate(parts):
                glue(part)
                label = group.name if len(parts) == 1 else f"{group.name} ({k + 1})"
                fixed_of.update(dict.fromkeys(part, label))
    if factors.get("consistency_constraint", 0) > 0:
        for group in inputs.aggregates:
            taken = sorted({fixed_of[i] for i in group.members if i in fixed_of})
            if taken:
                relaxed.append(
                    f"aggregate {group.name!r} overlaps predefined service "
                    f"{', '.join(map(repr, taken))}: the overlap goes to the service"
                )
            parts = _by_zone([i for i in group.members if i not in fixed_of], zone)
            if len(parts) > 1:
                relaxed.append(
                    f"aggregate {group.name!r} spans separated zones ({zones_of(parts)}): "
                    f"split into {len(parts)} parts"
                )
            for part in parts:
                glue(part)
    roots = sorted({find(i) for i in range(n)})
    number = {r: b for b, r in enumerate(roots)}
    of = tuple(number[find(i)] for i in range(n))
    members: list[list[int]] = [[] for _ in roots]
    for i, b in enumerate(of):
        members[b].append(i)
    return Blocks(
        of=of,
        members=tuple(tuple(m) for m in members),
        fixed=tuple(fixed_of.get(m[0]) for m in members),
        zone=tuple(zone[m[0]] for m in members),
        relaxed=tuple(relaxed),
    )


def violations(
    inputs: Inputs, group_of: Sequence[str], enabled: Collection[str] | None = None
) -> list[str]:
    """Every hard constraint that the assignment ``group_of`` (a name per nanoentity) breaks.

    ``enabled`` limits the check to those constraint keys (default: all three).

    Examples
    --------
    >>> from designkit.model import Design
    >>> from designkit.analysis.decomposition.inputs import inputs as collect
    >>> d = Design.model_validate({"metadata": {"name": "t"}, "domain": {
    ...     "entities": [{"name": "Card", "attributes": [{"name": "pan"}, {"name": "brand"}]}],
    ...     "separated_security_zones": [{"name": "PCI", "members": ["Card.pan"]}]}})
    >>> violations(collect(d), ["svc", "svc"])
    ["separated zones: 'svc' mixes 'PCI' (Card.pan), outside every zone (Card.brand)"]
    >>> violations(collect(d), ["pci", "svc"])
    []
    """
    names = inputs.names
    found: list[str] = []
    on = set(_CONSTRAINTS if enabled is None else enabled)
    zone = zone_signatures(inputs)
    if "security_constraint" not in on:
        zone = [frozenset[int]()] * len(names)
    zone_names = [g.name for g in inputs.zones]
    seen: dict[str, dict[frozenset[int], int]] = {}
    for i, group in enumerate(group_of):
        seen.setdefault(group, {}).setdefault(zone[i], i)
    for group in sorted(seen):
        if len(seen[group]) > 1:
            mixed = sorted(
                f"{' & '.join(repr(zone_names[z]) for z in sorted(sig)) or 'outside every zone'}"
                f" ({names[i]})"
                for sig, i in seen[group].items()
            )
            found.append(f"separated zones: {group!r} mixes {', '.join(mixed)}")
    checks = (
        ("predefined service", inputs.predefined if "predefined_service" in on else ()),
        ("aggregate", inputs.aggregates if "consistency_constraint" in on else ()),
    )
    for label, groups in checks:
        for g in groups:
            spread = sorted({group_of[i] for i in g.members})
            if len(spread) > 1:
                found.append(f"{label} {g.name!r} is split across {', '.join(map(repr, spread))}")
    for g in checks[0][1]:
        inside = set(g.members)
        host = group_of[g.members[0]]
        strangers = [names[i] for i, grp in enumerate(group_of) if grp == host and i not in inside]
        if strangers:
            found.append(
                f"predefined service {g.name!r} shares {host!r} with {len(strangers)} other "
                f"nanoentities (e.g. {strangers[0]})"
            )
    return found
