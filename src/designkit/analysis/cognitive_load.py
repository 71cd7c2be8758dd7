"""Team cognitive load (Team Topologies): can each team hold what it owns in its head?

Skelton & Pais (2019, *Team Topologies*, ch. 3 "Team-First Thinking") ask
that a team's responsibilities match the cognitive load it can handle: a
team can take two or three simple domains, or one complex domain and
nothing else. Per team this measures six parts, each scaled so that 1.0 is
the limit (thresholds are :class:`Limits`):

============  ==============================================================
part          load
============  ==============================================================
services      services owned / capacity; capacity is ``max_services`` when
              the team set it, else ``ceil(size / people_per_service)``
domains       core contexts + (supporting and generic contexts) / 3: one
              complex (core) domain, or three simple ones, fill a team
stacks        (languages + languages outside the team's ``skills``) /
              ``max_languages``; gateways (configured products) not counted
interactions  (other teams linked by synchronous calls + half the teams
              linked only through topics) / ``max_team_interactions``;
              calls through a gateway are routing, not collaboration
on-call       criticality weights of the services owned (critical 1, high
              0.75, standard 0.5, low 0.25) / capacity, for teams on call
endpoints     endpoints / (size x ``endpoints_per_person``)
============  ==============================================================

The score is the sum of the parts. The verdict is ``overloaded`` when a part
exceeds ``overloaded`` (1.5), ``high`` when a part exceeds 1.0, when the team
owns more services than its own ``max_services``, or when an enabling team
owns services (enabling teams coach other teams; they run nothing); else ``ok``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Design, Service, Team
from .graph import dependency_graph

__all__ = [
    "CRITICALITY_WEIGHTS",
    "CognitiveLoadReport",
    "Limits",
    "LoadPart",
    "TeamLoad",
    "cognitive_load",
]

CRITICALITY_WEIGHTS = {"critical": 1.0, "high": 0.75, "standard": 0.5, "low": 0.25}
"""How much of an on-call rotation's attention a service of each criticality takes."""


@dataclass(frozen=True)
class Limits:
    """Thresholds of the cognitive-load parts, in one place."""

    people_per_service: float = 3.0
    """People per service, for teams that set no ``max_services``."""
    simple_domains: float = 3.0
    """Supporting or generic contexts that fill a team (Team Topologies: two or three)."""
    max_languages: float = 2.0
    """Languages a team can keep fluent in (an unfamiliar one counts twice)."""
    max_team_interactions: float = 3.0
    """Other teams a team can work with closely at once."""
    endpoints_per_person: float = 3.0
    """Endpoints a team can keep documented, versioned and tested, per person."""
    min_rotation: int = 6
    """Smallest healthy on-call rotation (SRE book, ch. 11: six per site for two sites)."""
    overloaded: float = 1.5
    """A part above this makes the team overloaded."""


@dataclass(frozen=True)
class LoadPart:
    """One part of a team's load: 1.0 is the limit."""

    name: str
    load: float
    measure: str
    """The numbers behind the load, e.g. '3 services, capacity 2'."""


@dataclass(frozen=True)
class TeamLoad:
    """A team's cognitive load: what it owns, the parts, the score and the verdict."""

    team: str
    kind: str
    size: int
    capacity: int
    """Services the team can own: ``max_services``, or derived from its size."""
    services: tuple[str, ...]
    contexts: tuple[str, ...]
    languages: tuple[str, ...]
    unfamiliar: tuple[str, ...]
    """Languages of its services that are not among the team's skills."""
    deps_out: int
    """Dependencies from its services to other teams' services (sync and topics)."""
    deps_in: int
    """Dependencies from other teams' services to its services."""
    sync_teams: tuple[str, ...]
    async_teams: tuple[str, ...]
    """Teams linked only through topics."""
    on_call: tuple[str, ...]
    """Critical and high-criticality services the team is paged for."""
    endpoints: int
    parts: tuple[LoadPart, ...]
    score: float
    verdict: str
    reasons: tuple[str, ...]

    def part(self, name: str) -> LoadPart:
        """The part called ``name`` (KeyError if there is none)."""
        for part in self.parts:
            if part.name == name:
                return part
        raise KeyError(name)


@dataclass(frozen=True)
class CognitiveLoadReport:
    """Every team's load, and the services no team owns."""

    teams: tuple[TeamLoad, ...]
    unowned: tuple[str, ...]

    def team(self, name: str) -> TeamLoad:
        """The load of team ``name`` (KeyError if there is none)."""
        for row in self.teams:
            if row.team == name:
                return row
        raise KeyError(name)


def cognitive_load(design: Design, *, limits: Limits | None = None) -> CognitiveLoadReport:
    """Measure every team's cognitive load and give a verdict with reasons.

    Examples
    --------
    A team of three that owns four services, two of them core contexts:

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "teams": [{"name": "t", "size": 3, "max_services": 2}],
    ...     "contexts": [{"name": "A", "kind": "core"}, {"name": "B", "kind": "core"}],
    ...     "services": [{"name": n, "team": "t", "context": c}
    ...                  for n, c in [("a", "A"), ("b", "B"), ("c", "A"), ("d", "B")]]})
    >>> load = cognitive_load(d).team("t")
    >>> load.verdict, load.part("services").load, load.part("domains").load
    ('overloaded', 2.0, 2.0)
    """
    lim = limits or Limits()
    owner = {s.name: s.team for s in design.services}
    graph = dependency_graph(design)
    gateways = {s.name for s in design.services if s.kind == "gateway"}
    edges: list[tuple[str, str, bool]] = [
        (u, v, bool(data["sync"]))
        for u, v, data in graph.edges(data=True)
        if u not in gateways and v not in gateways
    ]
    rows = []
    for team in design.teams:
        owned = [s for s in design.services if s.team == team.name]
        mine = {s.name for s in owned}
        out_edges = [
            (v, sync) for u, v, sync in edges if u in mine and owner[v] not in (team.name, None)
        ]
        in_edges = [
            (u, sync) for u, v, sync in edges if v in mine and owner[u] not in (team.name, None)
        ]
        sync_teams = sorted({str(owner[n]) for n, sync in out_edges + in_edges if sync})
        async_teams = sorted(
            {str(owner[n]) for n, sync in out_edges + in_edges if not sync} - set(sync_teams)
        )
        links = (len(out_edges), len(in_edges), sync_teams, async_teams)
        rows.append(_team_load(design, team, owned, links, lim))
    unowned = tuple(s.name for s in design.services if s.team is None)
    return CognitiveLoadReport(tuple(rows), unowned)


def _team_load(
    design: Design,
    team: Team,
    owned: list[Service],
    links: tuple[int, int, list[str], list[str]],
    lim: Limits,
) -> TeamLoad:
    deps_out, deps_in, sync_teams, async_teams = links
    names = tuple(s.name for s in owned)
    capacity = team.max_services or max(1, math.ceil(team.size / lim.people_per_service))
    contexts = list(
        dict.fromkeys(
            [c.name for c in design.contexts if c.team == team.name]
            + [s.context for s in owned if s.context]
        )
    )
    kinds = {c.name: c.kind for c in design.contexts}
    core = [c for c in contexts if kinds.get(c) == "core"]
    simple = [c for c in contexts if c not in core]
    languages = tuple(dict.fromkeys(s.stack.language.lower() for s in owned if s.kind != "gateway"))
    skills = {k.lower() for k in team.skills}
    unfamiliar = tuple(x for x in languages if skills and x not in skills)
    on_call = tuple(s.name for s in owned if s.criticality in ("critical", "high"))
    weight = sum(CRITICALITY_WEIGHTS[s.criticality] for s in owned) if team.on_call else 0.0
    endpoints = sum(len(s.endpoints) for s in owned)
    interactions = len(sync_teams) + 0.5 * len(async_teams)
    parts = (
        LoadPart(
            "services",
            len(owned) / capacity,
            f"{len(owned)} services, capacity {capacity}"
            + ("" if team.max_services else f" (size {team.size})"),
        ),
        LoadPart(
            "domains",
            len(core) + len(simple) / lim.simple_domains,
            f"{len(core)} core, {len(simple)} supporting or generic",
        ),
        LoadPart(
            "stacks",
            (len(languages) + len(unfamiliar)) / lim.max_languages,
            f"{', '.join(languages) or 'none'}"
            + (f" ({', '.join(unfamiliar)} unfamiliar)" if unfamiliar else ""),
        ),
        LoadPart(
            "interactions",
            interactions / lim.max_team_interactions,
            f"{len(sync_teams)} teams by calls, {len(async_teams)} by topics only",
        ),
        LoadPart(
            "on-call",
            weight / capacity,
            f"criticality weight {weight:g}, capacity {capacity}"
            if team.on_call
            else "not on call",
        ),
        LoadPart(
            "endpoints",
            endpoints / (team.size * lim.endpoints_per_person),
            f"{endpoints} endpoints, {team.size} people",
        ),
    )
    reasons = [_part_reason(team, p, lim) for p in parts if p.load > 1.0]
    over_own = team.max_services is not None and len(owned) > team.max_services
    enabling = team.kind == "enabling" and bool(owned)
    if over_own:
        reasons.append(
            f"owns {len(owned)} services, more than the {team.max_services} it says it can"
        )
    if enabling:
        reasons.append(
            f"an enabling team owns {', '.join(names)}: enabling teams coach others and "
            "should hand services to a stream-aligned or platform team"
        )
    if team.on_call and on_call and team.size < lim.min_rotation:
        reasons.append(
            f"on call for {', '.join(on_call)} with {team.size} people: each is paged one "
            f"week in {team.size} (a healthy rotation has {lim.min_rotation} or more)"
        )
    if not team.on_call and on_call:
        reasons.append(f"owns {', '.join(on_call)} but is not on call: who is paged?")
    top = max((p.load for p in parts), default=0.0)
    if top > lim.overloaded:
        verdict = "overloaded"
    elif top > 1.0 or over_own or enabling:
        verdict = "high"
    else:
        verdict = "ok"
    return TeamLoad(
        team=team.name,
        kind=team.kind,
        size=team.size,
        capacity=capacity,
        services=names,
        contexts=tuple(contexts),
        languages=languages,
        unfamiliar=unfamiliar,
        deps_out=deps_out,
        deps_in=deps_in,
        sync_teams=tuple(sync_teams),
        async_teams=tuple(async_teams),
        on_call=on_call,
        endpoints=endpoints,
        parts=parts,
        score=round(sum(p.load for p in parts), 2),
        verdict=verdict,
        reasons=tuple(dict.fromkeys(reasons)),
    )


def _part_reason(team: Team, part: LoadPart, lim: Limits) -> str:
    what = {
        "services": "more services than it can own",
        "domains": "more domains than one team holds (one core, or three simple ones)",
        "stacks": "more technology stacks than it can stay fluent in",
        "interactions": "works closely with more teams than it can coordinate with",
        "on-call": "more critical services on call than its capacity",
        "endpoints": "more API surface than it can document, version and test",
    }[part.name]
    return f"{part.name} {part.load:.2f}: {what} ({part.measure})"
