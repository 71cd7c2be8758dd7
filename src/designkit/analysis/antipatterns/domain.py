"""Strategic design: unprotected conformists, bounded contexts split across teams."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Design
from .catalog import EVANS_2003, NEWMAN_2021, cite
from .finding import Finding, loc
from .registry import Thresholds, register

__all__ = ["conformist_without_acl", "context_multiple_teams"]


@register(
    "conformist-without-acl",
    title="Conformist to an upstream's internal model",
    severity="info",
    family="structure",
    phase=1,
    fix=(
        "Put an anti-corruption layer in front of the upstream model, or agree a "
        "published language."
    ),
    catalog=(
        cite(EVANS_2003, "Conformist, Anticorruption Layer, Open Host Service, Published Language"),
    ),
)
def conformist_without_acl(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A downstream context that conforms to an upstream which offers no stable model to conform to.

    Conforming is a legitimate choice when the upstream publishes a model meant
    for others: an open host service, or a published language (a documented
    interchange format such as its events). Conforming to anything else means
    adopting the upstream's internal model, so every change there ripples into
    the downstream. Reported only when the downstream is a conformist, has no
    anticorruption layer, and the upstream is neither an open host service nor
    a published language.

    Catalog: Evans 2003, "Domain-Driven Design", ch. 14.
    """
    for r, rel in enumerate(design.context_map):
        if "conformist" not in rel.downstream_roles:
            continue
        if "anticorruption-layer" in rel.downstream_roles or rel.upstream_roles:
            continue
        yield conformist_without_acl.finding(
            loc("context_map", r, "downstream_roles"),
            f"{rel.upstream} -> {rel.downstream}",
            f"{rel.downstream} conforms to {rel.upstream}, which offers neither an open host "
            f"service nor a published language: {rel.downstream} adopts {rel.upstream}'s "
            "internal model, and every change there ripples into it",
            f"protect {rel.downstream} with an anticorruption layer, or agree that "
            f"{rel.upstream} publishes a stable model (open host service / published language)",
        )


@register(
    "context-multiple-teams",
    title="Bounded context owned by several teams",
    severity="warning",
    family="structure",
    phase=1,
    fix="Give each bounded context to one team; split the context if two teams need it.",
    catalog=(
        cite(EVANS_2003, "Bounded Context (boundaries set by team organization)"),
        cite(NEWMAN_2021, 'ch. "Organizational Structures" (strong ownership)'),
    ),
)
def context_multiple_teams(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A bounded context whose services (or the context itself) belong to more than one team.

    A context's model stays consistent only while one team owns it; shared
    ownership means coordinating every change and blurs who is on call.

    Catalog: Evans 2003, "Domain-Driven Design", ch. 14 (Bounded Context); Newman 2021, ch.
    "Organizational Structures".
    """
    # The services of each context, grouped once (a scan per context would be quadratic).
    members: dict[str, list[tuple[str, str]]] = {}
    for svc in design.services:
        if svc.context is not None and svc.team:
            members.setdefault(svc.context, []).append((svc.team, svc.name))
    for c, ctx in enumerate(design.contexts):
        owners: dict[str, list[str]] = {}
        if ctx.team:
            owners[ctx.team] = []
        for team, name in members.get(ctx.name, ()):
            owners.setdefault(team, []).append(name)
        if len(owners) < 2:
            continue
        parts = [
            f"{team} ({', '.join(names) if names else 'the context'})"
            for team, names in owners.items()
        ]
        yield context_multiple_teams.finding(
            loc("contexts", c),
            ctx.name,
            f"{len(owners)} teams own {ctx.name}: {'; '.join(parts)}: every change to its "
            "model needs them to coordinate",
            f"give {ctx.name} one owning team, or split it into contexts that each team owns",
        )
