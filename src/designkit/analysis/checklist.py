"""Each phase's success criteria, evaluated against the design.

A facilitator ticks these off as the workshop goes; here they are computed, so
the checklist is always true to the design file and shows what is left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..model import Design
from .resilience import effective_calls

__all__ = ["Criterion", "checklist", "progress"]


@dataclass(frozen=True)
class Criterion:
    """One success criterion of a phase, and whether the design meets it."""

    phase: int
    text: str
    met: bool
    detail: str = ""


Check = Callable[[Design], tuple[bool, str]]


def _missing(names: list[str], what: str) -> tuple[bool, str]:
    if not names:
        return True, ""
    shown = ", ".join(sorted(names)[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    return False, f"{len(names)} {what}: {shown}"


def _count(n: int, what: str, need: int = 1) -> tuple[bool, str]:
    return n >= need, f"{n} {what}"


_CRITERIA: dict[int, list[tuple[str, Check]]] = {
    0: [
        (
            "Business capabilities listed",
            lambda d: _count(len(d.requirements.capabilities), "capabilities"),
        ),
        (
            "Traffic and growth estimated",
            lambda d: (
                "traffic" in d.requirements.model_fields_set,
                f"peak {d.requirements.traffic.peak_rps:g} req/s",
            ),
        ),
        (
            "Latency and availability targets agreed",
            lambda d: (
                {"latency", "availability"} <= d.requirements.model_fields_set,
                f"p{d.requirements.latency.percentile:g} < "
                f"{d.requirements.latency.threshold_ms:g} ms, "
                f"{d.requirements.availability:.3%}",
            ),
        ),
        (
            "Compliance scope decided",
            lambda d: (
                "compliance" in d.requirements.model_fields_set,
                ", ".join(d.requirements.compliance) or "none applies",
            ),
        ),
        ("Teams known", lambda d: _count(len(d.teams), "teams")),
        ("Budget stated", lambda d: (d.requirements.budget is not None, "")),
    ],
    1: [
        (
            "Domain events and commands on the board",
            lambda d: _count(
                sum(s.kind in ("domain-event", "command") for s in d.event_storming.stickies),
                "events and commands",
                2,
            ),
        ),
        ("Bounded contexts classified", lambda d: _count(len(d.contexts), "contexts")),
        ("Context map drawn", lambda d: _count(len(d.context_map), "relations")),
        (
            "Every service belongs to a context",
            lambda d: _missing(
                [s.name for s in d.services if not s.context and s.kind != "gateway"],
                "without context",
            ),
        ),
        (
            "Every service has an owning team",
            lambda d: _missing([s.name for s in d.services if not s.team], "without team"),
        ),
        (
            "Every store has one owner",
            lambda d: _missing([s.name for s in d.stores if not s.owner], "stores without owner"),
        ),
    ],
    2: [
        (
            "Public services reached through the gateway",
            lambda d: _missing(_unrouted(d), "exposed without a route"),
        ),
        (
            "mTLS strict between services",
            lambda d: (
                d.mesh.technology != "none" and d.mesh.mtls.mode == "STRICT",
                f"{d.mesh.technology}, {d.mesh.mtls.mode}",
            ),
        ),
        (
            "Every synchronous call has a timeout",
            lambda d: _missing(
                [f"{c.caller}->{c.callee}" for c in effective_calls(d) if c.timeout_ms is None],
                "calls without timeout",
            ),
        ),
        (
            "Every synchronous call has a circuit breaker",
            lambda d: _missing(
                [
                    f"{c.caller}->{c.callee}"
                    for c in effective_calls(d)
                    if c.circuit_breaker is None
                ],
                "calls without breaker",
            ),
        ),
    ],
    3: [
        (
            "Each store used by its owner only",
            lambda d: _missing(_foreign_uses(d), "foreign store uses"),
        ),
        (
            "Every topic has a producer and a consumer",
            lambda d: _missing(_one_sided_topics(d), "topics missing one side"),
        ),
        (
            "Events have schemas",
            lambda d: _missing([e.name for e in d.events if not e.fields], "events without fields"),
        ),
        (
            "Saga steps before the pivot are compensable",
            lambda d: _missing(
                [
                    f"{g.name}.{st.name}"
                    for g in d.sagas
                    for st in _before_pivot(g.steps)
                    if st.side_effects and not st.compensation
                ],
                "steps without compensation",
            ),
        ),
    ],
    4: [
        (
            "Business services publish their API",
            lambda d: _missing(
                [s.name for s in d.services if s.kind == "business" and not s.endpoints],
                "without endpoints",
            ),
        ),
        (
            "Every route is versioned",
            lambda d: _missing(
                [r.name for r in (d.gateway.routes if d.gateway else []) if not r.version],
                "unversioned routes",
            ),
        ),
        (
            "Events carry a compatibility rule",
            lambda d: _missing(
                [e.name for e in d.events if e.compatibility == "none"], "events without rule"
            ),
        ),
    ],
    5: [
        (
            "Images pinned",
            lambda d: _missing(
                [s.name for s in d.services if not _pinned(s.deployment.image)],
                "unpinned or missing images",
            ),
        ),
        (
            "Readiness and liveness probes",
            lambda d: _missing(
                [
                    s.name
                    for s in d.services
                    if not (s.deployment.probes.readiness and s.deployment.probes.liveness)
                ],
                "without both probes",
            ),
        ),
        (
            "Two or more replicas where an SLO applies",
            lambda d: _missing(_single_replica(d), "single replica"),
        ),
        (
            "Memory limits set",
            lambda d: _missing(
                [s.name for s in d.services if not s.deployment.resources.memory_limit],
                "without memory limit",
            ),
        ),
    ],
    6: [
        (
            "Every journey has an SLO",
            lambda d: _missing(_journeys_without_slo(d), "journeys without SLO"),
        ),
        (
            "Critical services have SLOs",
            lambda d: _missing(_critical_without_slo(d), "critical without SLO"),
        ),
        (
            "Distributed tracing on",
            lambda d: (d.observability.tracing != "none", d.observability.tracing),
        ),
        ("On-call in place", lambda d: (d.observability.on_call, "")),
    ],
    7: [
        (
            "Classified data encrypted at rest",
            lambda d: _missing(
                [s.name for s in d.stores if s.classification and not s.encrypted_at_rest],
                "unencrypted stores",
            ),
        ),
        (
            "RPO and RTO set for primary stores",
            lambda d: _missing(
                [
                    s.name
                    for s in d.stores
                    if s.purpose == "primary" and (s.rpo_minutes is None or s.rto_minutes is None)
                ],
                "stores without RPO/RTO",
            ),
        ),
        (
            "Secrets rotated at least every 90 days",
            lambda d: _missing(
                [s.name for s in d.security.secrets if s.rotation_days > 90], "rotated rarely"
            ),
        ),
        ("Roles defined", lambda d: _count(len(d.security.roles), "roles")),
    ],
    8: [
        ("Key decisions recorded", lambda d: _count(len(d.decisions), "decisions")),
        (
            "No open hotspots without owner",
            lambda d: _missing(
                [s.name for s in d.event_storming.stickies if s.kind == "hotspot" and not s.owner],
                "hotspots without owner",
            ),
        ),
    ],
}


# The checks below index the design once (a scan per service, store or topic
# inside the loop would make the checklist quadratic in the design's size).


def _unrouted(d: Design) -> list[str]:
    routed = {r.service for r in (d.gateway.routes if d.gateway else [])}
    return [
        s.name
        for s in d.services
        if s.exposure != "internal" and s.kind != "gateway" and s.name not in routed
    ]


def _foreign_uses(d: Design) -> list[str]:
    owners: dict[str, set[str]] = {}  # every store of the name counts, as stores may repeat
    for st in d.stores:
        if st.owner is not None:
            owners.setdefault(st.name, set()).add(st.owner)
    return [
        f"{s.name}->{u.store}"
        for s in d.services
        for u in s.stores
        if any(owner != s.name for owner in owners.get(u.store, ()))
    ]


def _one_sided_topics(d: Design) -> list[str]:
    dead_letters = _dead_letters(d)
    published = {name for s in d.services for name in s.publishes}
    return [
        t.name
        for t in d.topics
        if t.name not in dead_letters and (not t.consumers or t.name not in published)
    ]


def _single_replica(d: Design) -> list[str]:
    covered = {o.service for o in d.slos}
    return [
        s.name
        for s in d.services
        if s.name in covered
        and max(
            s.deployment.replicas,
            s.deployment.autoscaling.min_replicas if s.deployment.autoscaling else 0,
        )
        < 2
    ]


def _journeys_without_slo(d: Design) -> list[str]:
    covered = {o.journey for o in d.slos}
    return [j.name for j in d.journeys if j.name not in covered]


def _critical_without_slo(d: Design) -> list[str]:
    covered = {o.service for o in d.slos}
    return [s.name for s in d.services if s.criticality == "critical" and s.name not in covered]


def _dead_letters(design: Design) -> set[str]:
    # Dead-letter topics are written by the broker client, not a service's code.
    return {c.dead_letter for t in design.topics for c in t.consumers if c.dead_letter}


def _before_pivot(steps: list) -> list:  # type: ignore[type-arg]
    for i, step in enumerate(steps):
        if step.pivot:
            return steps[:i]
    return steps[:-1]  # without a pivot the last step needs no compensation


def _pinned(image: str | None) -> bool:
    if not image:
        return False
    if "@sha256:" in image:
        return True
    tag = image.rsplit("/", 1)[-1].partition(":")[2]
    return bool(tag) and tag != "latest"


def checklist(design: Design, phase: int | None = None) -> list[Criterion]:
    """The success criteria of ``phase`` (or of every phase), evaluated.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...                            "services": [{"name": "a", "context": "Sales"}],
    ...                            "contexts": [{"name": "Sales"}]})
    >>> [(c.text, c.met) for c in checklist(d, 1)][3]
    ('Every service belongs to a context', True)
    """
    return list(_evaluate(design, phase))


def _evaluate(design: Design, phase: int | None) -> Iterator[Criterion]:
    for number, criteria in _CRITERIA.items():
        if phase is not None and number != phase:
            continue
        for text, check in criteria:
            met, detail = check(design)
            yield Criterion(number, text, bool(met), detail)


def progress(design: Design) -> dict[int, tuple[int, int]]:
    """Per phase: (criteria met, criteria total)."""
    out: dict[int, tuple[int, int]] = {}
    for c in checklist(design):
        met, total = out.get(c.phase, (0, 0))
        out[c.phase] = (met + c.met, total + 1)
    return out
