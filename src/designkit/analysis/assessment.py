"""Phase 0: should this system be built as microservices at all?

Microservices pay off with several autonomous teams, a rich domain, real scale
or independent release needs; they cost a platform, distributed failure modes
and operational load. This weighs the design's requirements against those
well-known factors (Fowler's "MonolithFirst" and "Microservice Premium",
Newman's *Monolith to Microservices*, ch. 1) and explains every point.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Design

__all__ = ["Assessment", "Factor", "assess"]


@dataclass(frozen=True)
class Factor:
    """One consideration: positive points argue for microservices, negative against."""

    name: str
    points: int
    reason: str


@dataclass(frozen=True)
class Assessment:
    """The verdict and the factors that led to it."""

    verdict: str
    score: int
    factors: list[Factor] = field(default_factory=list)

    @property
    def recommendation(self) -> str:
        """One sentence a facilitator can read out."""
        return {
            "microservices": "Microservices fit: several teams, a rich domain and real "
            "scale justify their cost.",
            "modular monolith": "Start with a modular monolith with clear module boundaries; "
            "extract services when a boundary proves itself.",
            "borderline": "Borderline: microservices for the parts that need independent "
            "scaling or release; keep the rest together.",
        }[self.verdict]


def assess(design: Design) -> Assessment:
    """Weigh team, domain, traffic and stage; return a verdict with reasons.

    Examples
    --------
    >>> from designkit.model import Design
    >>> small = Design.model_validate({"metadata": {"name": "x"},
    ...     "requirements": {"mvp": True, "domain_complexity": "low",
    ...                      "traffic": {"peak_rps": 5}},
    ...     "teams": [{"name": "core", "size": 4}]})
    >>> assess(small).verdict
    'modular monolith'
    """
    req = design.requirements
    factors: list[Factor] = []
    teams = len(design.teams)
    people = sum(t.size for t in design.teams)
    if teams >= 4:
        factors.append(
            Factor(
                "teams",
                2,
                f"{teams} teams ({people} people) need to work and release independently",
            )
        )
    elif teams >= 2:
        factors.append(
            Factor(
                "teams", 0, f"{teams} teams: some independence helps, but few boundaries are needed"
            )
        )
    else:
        factors.append(
            Factor(
                "teams",
                -2,
                f"{max(teams, 1)} team: one team gains little from "
                "independent deployment and pays the whole operational cost",
            )
        )
    complexity = {"low": -2, "medium": 0, "high": 2}[req.domain_complexity]
    factors.append(
        Factor(
            "domain",
            complexity,
            f"{req.domain_complexity} domain complexity"
            + (": bounded contexts have real boundaries to draw" if complexity > 0 else ""),
        )
    )
    rps = req.traffic.peak_rps
    if rps >= 1000:
        factors.append(Factor("traffic", 1, f"peak {rps:g} req/s: parts will scale differently"))
    elif rps < 50:
        factors.append(Factor("traffic", -1, f"peak {rps:g} req/s fits one modest deployment"))
    if req.mvp:
        factors.append(
            Factor(
                "stage",
                -2,
                "an MVP still learning its domain: boundaries drawn "
                "now will move, and moving them across services is costly",
            )
        )
    if req.kind == "migration":
        factors.append(
            Factor(
                "migration",
                1,
                "an existing system to decompose step by step "
                "(strangler fig) gives boundaries evidence",
            )
        )
    if req.availability >= 0.9999:
        factors.append(
            Factor(
                "availability",
                1,
                f"{req.availability:.2%} availability needs failure isolation between parts",
            )
        )
    coupled = _tight_coupling(design)
    if coupled:
        factors.append(Factor("coupling", -1, coupled))
    score = sum(f.points for f in factors)
    verdict = (
        "microservices" if score >= 2 else ("modular monolith" if score <= -2 else "borderline")
    )
    return Assessment(verdict, score, factors)


def _tight_coupling(design: Design) -> str:
    sync = sum(1 for s in design.services for d in s.dependencies if d.protocol != "async")
    n = len(design.services)
    if n >= 3 and sync > 2 * n:
        return (
            f"{sync} synchronous calls among {n} services: tight coupling, a "
            "distributed monolith risk"
        )
    return ""
