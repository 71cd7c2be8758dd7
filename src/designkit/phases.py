"""The workshop's phases: their order, notebooks, session lengths and goals."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PHASES", "Phase", "phase"]


@dataclass(frozen=True)
class Phase:
    """One phase of a design workshop and the notebook that runs it."""

    number: int
    slug: str
    title: str
    minutes: tuple[int, int]
    """Typical session length, shortest and longest."""
    goal: str

    @property
    def notebook(self) -> str:
        """File name of the phase's notebook."""
        return f"{self.number:02d}_{self.slug}.ipynb"

    @property
    def duration(self) -> str:
        """The session length as people say it, e.g. '1-1.5 h'."""
        lo, hi = (f"{m / 60:g}" for m in self.minutes)
        return f"{lo} h" if lo == hi else f"{lo}-{hi} h"


PHASES: tuple[Phase, ...] = (
    Phase(
        0,
        "setup_requirements",
        "Workshop set-up and requirements",
        (30, 30),
        "Agree what the system must do, for whom, under which constraints; decide "
        "whether microservices are warranted at all.",
    ),
    Phase(
        1,
        "decomposition_domain",
        "Service decomposition and domain modeling",
        (90, 120),
        "Discover the domain with event storming, draw bounded contexts and their "
        "relationships, and cut services with clear ownership.",
    ),
    Phase(
        2,
        "gateway_mesh",
        "API gateway and service mesh",
        (60, 90),
        "Decide what is exposed and how, and how calls between services behave under "
        "failure (timeouts, retries, circuit breakers, mTLS).",
    ),
    Phase(
        3,
        "data_events",
        "Data architecture and event-driven design",
        (90, 120),
        "Give every service its own data, design the events and topics, and make "
        "cross-service transactions safe with sagas.",
    ),
    Phase(
        4,
        "contracts",
        "Service contracts and communication",
        (90, 120),
        "Write down every API and event contract, how they are versioned, and how "
        "consumers keep providers honest.",
    ),
    Phase(
        5,
        "deployment",
        "Deployment and orchestration",
        (60, 90),
        "Decide how each service runs: replicas, resources, probes, autoscaling, "
        "release strategy and pipelines.",
    ),
    Phase(
        6,
        "observability_slo",
        "Observability and SLOs",
        (60, 90),
        "Set SLOs per service and journey, their error budgets and alerts, and check "
        "they are feasible given the dependencies.",
    ),
    Phase(
        7,
        "security_resilience",
        "Security, resilience and disaster recovery",
        (60, 90),
        "Make the system zero-trust, resilient to its dependencies' failures, and "
        "recoverable within its RPO/RTO.",
    ),
    Phase(
        8,
        "summary",
        "Design summary",
        (15, 30),
        "Review the whole design: progress of every phase, open questions, decisions.",
    ),
)


def phase(key: int | str) -> Phase:
    """Look a phase up by number, slug or notebook name.

    Examples
    --------
    >>> phase(2).title
    'API gateway and service mesh'
    >>> phase("contracts").notebook
    '04_contracts.ipynb'
    >>> phase("7").duration
    '1-1.5 h'
    """
    for p in PHASES:
        if key in (p.number, p.slug, p.notebook, str(p.number), f"{p.number:02d}"):
            return p
    raise KeyError(f"no phase {key!r}; phases are 0-8 or {', '.join(p.slug for p in PHASES)}")
