"""Production readiness of each service: a weighted checklist, scored out of 100.

Each item passes or fails from the design alone (what designkit generates
from it counts: a dashboard and burn-rate alerts per SLO, a PodDisruptionBudget
per workload, a CI workflow per service on GitHub Actions):

========== ====== ==============================================================
item       weight passes when
========== ====== ==============================================================
probes         10 readiness and liveness probes are set
slo            10 the service has an SLO of its own
alerts         10 an SLO of its own is alerted on: Prometheus metrics, a window
                  of 3 days or more (multiwindow burn-rate alerts), on-call
limits          8 a CPU request and a memory limit are set
mtls           10 a mesh enforces STRICT mutual TLS
runbook         8 an owning team is on call to run its runbooks
tests           8 a CI system runs its tests (``platform.ci`` is not
                  ``other``), and its contract is written: endpoints when
                  others call it, event schemas for what it publishes
replicas       10 two or more pods serve (the PodDisruptionBudget keeps one)
autoscaling     8 an autoscaler with room above its minimum
dashboards      4 Prometheus metrics, so its RED dashboard has data
resilience      7 every synchronous call it makes has a timeout and a breaker (no
                  unaccepted ``missing-timeout`` or ``missing-circuit-breaker`` finding)
recovery        7 the stores it uses meet their RPO and RTO
                  (:mod:`designkit.analysis.recovery`)
========== ====== ==============================================================

``score = sum(weight of the items passed) / sum(weights) x 100``; 90 or more
is ``ready``, 70 or more ``almost``, below ``not ready``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..model import Design, Service
from .antipatterns.engine import analyze
from .blast_radius import replicas
from .recovery import RecoveryPlan, recovery_plan
from .resilience import effective_calls

__all__ = ["WEIGHTS", "ReadinessItem", "ServiceReadiness", "grade", "readiness"]

WEIGHTS: Mapping[str, float] = {
    "probes": 10,
    "slo": 10,
    "alerts": 10,
    "limits": 8,
    "mtls": 10,
    "runbook": 8,
    "tests": 8,
    "replicas": 10,
    "autoscaling": 8,
    "dashboards": 4,
    "resilience": 7,
    "recovery": 7,
}
"""Weight of each item; they add up to 100."""

_TITLES = {
    "probes": "Readiness and liveness probes",
    "slo": "SLO of its own",
    "alerts": "Burn-rate alerts and on-call",
    "limits": "Resource requests and limits",
    "mtls": "Strict mTLS",
    "runbook": "Runbook owner on call",
    "tests": "CI tests and contract",
    "replicas": "Two or more replicas (PDB)",
    "autoscaling": "Autoscaling",
    "dashboards": "RED dashboard",
    "resilience": "Timeouts and breakers on its calls",
    "recovery": "Stores meet RPO and RTO",
}


@dataclass(frozen=True)
class ReadinessItem:
    """One checklist item for one service."""

    id: str
    title: str
    weight: float
    passed: bool
    detail: str


@dataclass(frozen=True)
class ServiceReadiness:
    """A service's checklist and score."""

    service: str
    items: tuple[ReadinessItem, ...]
    score: float
    """Out of 100."""
    grade: str

    @property
    def failed(self) -> tuple[str, ...]:
        """Ids of the items not passed."""
        return tuple(i.id for i in self.items if not i.passed)


def grade(score: float) -> str:
    """``ready`` (90+), ``almost`` (70+) or ``not ready``.

    Examples
    --------
    >>> grade(92), grade(70), grade(69.9)
    ('ready', 'almost', 'not ready')
    """
    return "ready" if score >= 90 else "almost" if score >= 70 else "not ready"


@dataclass(frozen=True)
class _Facts:
    """What the checks look up, indexed once per design (linear, not per service)."""

    slos: Mapping[str, tuple[str, ...]]
    """Each service's own SLOs, by name."""
    alerted: Mapping[str, int]
    """How many of them have a window long enough to alert on (3 days or more)."""
    called: frozenset[str]
    schemas: frozenset[str]
    unbounded: Mapping[str, tuple[str, ...]]
    missed: Mapping[str, tuple[str, ...]]
    """Per service: its stores that miss their RPO or RTO."""
    stores: Mapping[str, int]


def _facts(design: Design, plan: RecoveryPlan) -> _Facts:
    slos: dict[str, list[str]] = {}
    alerted: dict[str, int] = {}
    for o in design.slos:
        if o.service is not None:
            slos.setdefault(o.service, []).append(o.name)
            alerted[o.service] = alerted.get(o.service, 0) + (o.window_days >= 3)
    # The registry's findings, so an accepted risk does not cost the score.
    flagged = {
        tuple(f.subject.split(" -> "))
        for f in analyze(design, rules=["missing-timeout", "missing-circuit-breaker"])
        if f.accepted is None
    }
    unbounded: dict[str, list[str]] = {}
    for c in effective_calls(design):
        if (c.caller, c.callee) in flagged and c.callee not in unbounded.get(c.caller, []):
            unbounded.setdefault(c.caller, []).append(c.callee)
    failing = {r.store for r in plan.stores if not (r.meets_rpo and r.meets_rto)}
    return _Facts(
        slos={k: tuple(v) for k, v in slos.items()},
        alerted=alerted,
        called=frozenset(
            d.target for o in design.services for d in o.dependencies if d.protocol != "async"
        ),
        schemas=frozenset(e.topic for e in design.events if e.fields),
        unbounded={k: tuple(v) for k, v in unbounded.items()},
        missed={r.service: tuple(x for x in r.stores if x in failing) for r in plan.services},
        stores={r.service: len(r.stores) for r in plan.services},
    )


Check = Callable[[Design, Service, _Facts], tuple[bool, str]]


def _probes(d: Design, s: Service, f: _Facts) -> tuple[bool, str]:
    p = s.deployment.probes
    missing = [n for n, v in (("readiness", p.readiness), ("liveness", p.liveness)) if not v]
    if missing:
        return False, f"no {' or '.join(missing)} probe"
    assert p.readiness and p.liveness
    return True, f"ready {p.readiness.path}, live {p.liveness.path}"


def _slo(d: Design, s: Service, f: _Facts) -> tuple[bool, str]:
    own = f.slos.get(s.name, ())
    if own:
        return True, ", ".join(own)
    return False, "no SLO of its own"


def _alerts(d: Design, s: Service, f: _Facts) -> tuple[bool, str]:
    alerted = f.alerted.get(s.name, 0)
    if not alerted:
        return False, "no SLO with a window of 3 days or more to alert on"
    if d.observability.metrics != "prometheus":
        return False, f"metrics are {d.observability.metrics}, alerts are Prometheus rules"
    if not d.observability.on_call:
        return False, "nobody is on call to receive the pages"
    return True, f"{alerted} SLO(s) x 3 burn-rate alerts"


def _limits(d: Design, s: Service, f: _Facts) -> tuple[bool, str]:
    r = s.deployment.resources
    text = f"cpu {r.cpu_request}, memory {r.memory_request}/{r.memory_limit}"
    return bool(r.cpu_request and r.memory_limit), text


def _mtls(d: Design, s: Service, f: _Facts) -> tuple[bool, str]:
    mesh = d.mesh
    if mesh.technology == "none":
        return False, "no mesh"
    return mesh.mtls.mode == "STRICT", f"{mesh.technology} {mesh.mtls.mode}"


def _runbook(d: Design, s: Service, f: _Facts) -> tuple[bool, str]:
    if not s.team:
        return False, "no owning team"
    team = next((t for t in d.teams if t.name == s.team), None)
    on_call = d.observability.on_call and (team is None or team.on_call)
    return on_call, f"team {s.team}" + ("" if on_call else " is not on call")


def _tests(d: Design, s: Service, f: _Facts) -> tuple[bool, str]:
    problems = []
    if d.platform.ci == "other":
        problems.append("no known CI system (platform.ci: other)")
    called = s.name in f.called
    if (called or s.exposure != "internal") and not s.endpoints and s.kind == "business":
        problems.append("called but publishes no endpoints")
    unschema = [t for t in s.publishes if t not in f.schemas]
    if unschema:
        problems.append(f"no event schema on {', '.join(unschema)}")
    return not problems, "; ".join(problems) or f"{d.platform.ci}, contract written"


def _replicas(d: Design, s: Service, f: _Facts) -> tuple[bool, str]:
    n = replicas(d, s.name)
    return n >= 2, f"{n} replica(s)"


def _autoscaling(d: Design, s: Service, f: _Facts) -> tuple[bool, str]:
    a = s.deployment.autoscaling
    if a is None:
        return False, "fixed replica count"
    return a.max_replicas > a.min_replicas, f"{a.min_replicas}-{a.max_replicas} pods"


def _dashboards(d: Design, s: Service, f: _Facts) -> tuple[bool, str]:
    ok = d.observability.metrics == "prometheus"
    return ok, "grafana RED dashboard" if ok else f"metrics are {d.observability.metrics}"


def _resilience(d: Design, s: Service, f: _Facts) -> tuple[bool, str]:
    bad = f.unbounded.get(s.name, ())
    if bad:
        return False, f"no timeout or breaker to {', '.join(bad)}"
    return True, "every call bounded"


def _recovery(d: Design, s: Service, f: _Facts) -> tuple[bool, str]:
    if not f.stores.get(s.name):
        return True, "no stores"
    missed = f.missed.get(s.name, ())
    if missed:
        return False, f"RPO or RTO missed by {', '.join(missed)}"
    return True, f"{f.stores[s.name]} store(s) within their RPO and RTO"


_CHECKS: dict[str, Check] = {
    "probes": _probes,
    "slo": _slo,
    "alerts": _alerts,
    "limits": _limits,
    "mtls": _mtls,
    "runbook": _runbook,
    "tests": _tests,
    "replicas": _replicas,
    "autoscaling": _autoscaling,
    "dashboards": _dashboards,
    "resilience": _resilience,
    "recovery": _recovery,
}


def readiness(
    design: Design,
    *,
    weights: Mapping[str, float] | None = None,
    recovery: RecoveryPlan | None = None,
) -> list[ServiceReadiness]:
    """The readiness checklist and score of every service, in file order.

    Parameters
    ----------
    design : Design
    weights : mapping, optional
        Overrides of :data:`WEIGHTS` by item id (0 leaves an item out of the score).
    recovery : RecoveryPlan, optional
        ``recovery_plan(design)`` when already computed.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "a", "deployment": {"replicas": 1,
    ...                                               "autoscaling": None}}]})
    >>> (r,) = readiness(d)
    >>> r.score, r.grade, r.failed
    (54.0, 'not ready', ('slo', 'alerts', 'runbook', 'replicas', 'autoscaling'))
    """
    chosen = {**WEIGHTS, **(weights or {})}
    unknown = sorted(set(chosen) - set(_CHECKS))
    if unknown:
        raise ValueError(
            f"weights: unknown readiness item {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(_CHECKS)}"
        )
    facts = _facts(design, recovery or recovery_plan(design))
    total = sum(chosen.values())
    out = []
    for svc in design.services:
        items = []
        for key, check in _CHECKS.items():
            passed, detail = check(design, svc, facts)
            items.append(ReadinessItem(key, _TITLES[key], chosen[key], passed, detail))
        score = sum(i.weight for i in items if i.passed) / total * 100 if total else 0.0
        out.append(ServiceReadiness(svc.name, tuple(items), round(score, 1), grade(score)))
    return out
