"""Chaos Mesh resources for the chaos plan: ``chaos/<experiment>.yaml`` and ``chaos/game-day.yaml``.

One resource per experiment of :func:`designkit.analysis.chaos.chaos_plan`
(``chaos-mesh.org/v1alpha1``):

- pod-kill: ``PodChaos`` (``action: pod-kill``, ``mode: one``) on the
  service's pods;
- network-delay and network-partition: ``NetworkChaos`` (``action: delay`` or
  ``partition``) from the caller's pods (``selector``) to the callee's
  (``direction: to``, ``target``);
- http-abort: ``HTTPChaos`` (``target: Request``, ``abort: true``) on the
  callee's port. HTTPChaos proxies the port in front of the container; with an
  Istio sidecar the mesh's own fault injection (``mesh.faults``) may be the
  simpler tool.

Pods are selected by the labels the Kubernetes generator puts on them
(``app.kubernetes.io/name`` and ``part-of``) in the design's namespace. Each
resource carries its hypothesis, steady state and abort condition as
``designkit.io/*`` annotations: the steady-state query reads the SLO recording
rules of the prometheus generator (the raw SLI query is given too), and the
abort is the fast-burn page threshold; when it fires, pause the experiment
with the annotation ``experiment.chaos-mesh.org/pause=true`` (the command is
in ``designkit.io/abort-action``). ``duration`` bounds every fault that lasts.

``chaos/game-day.yaml`` is a ``Workflow`` that runs the experiments one after
the other (a ``Serial`` node), each for its duration, with a ``Suspend`` of
the same length between them so the steady state can return.
"""

from __future__ import annotations

from typing import Any

from ..analysis.chaos import ChaosPlan, Experiment, chaos_plan
from ..model import Design
from .kubernetes_meta import MANAGED_BY, label_value, namespace, selector
from .observability import dns_name, sli_query
from .registry import Document, Generator

__all__ = ["API_VERSION", "GENERATOR", "KINDS", "build", "experiment_resource", "game_day", "spec"]

API_VERSION = "chaos-mesh.org/v1alpha1"
KINDS = {
    "pod-kill": ("PodChaos", "podChaos"),
    "network-delay": ("NetworkChaos", "networkChaos"),
    "network-partition": ("NetworkChaos", "networkChaos"),
    "http-abort": ("HTTPChaos", "httpChaos"),
}
"""Kind of each fault, and its field name inside a Workflow template."""

Resource = dict[str, Any]


def _pods(design: Design, service: str) -> Resource:
    return {
        "namespaces": [namespace(design)],
        "labelSelectors": selector(design, design.service(service)),
    }


def spec(design: Design, experiment: Experiment, *, with_duration: bool = True) -> Resource:
    """The Chaos Mesh spec of ``experiment`` (without ``duration`` for a Workflow step).

    Examples
    --------
    >>> from designkit.analysis.chaos import chaos_plan
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "protocol": "grpc",
    ...      "per_try_timeout_ms": 100}]}, {"name": "b"}],
    ...     "journeys": [{"name": "j", "entry": "a"}]})
    >>> delay = chaos_plan(d, spofs=0).experiments[0]
    >>> s = spec(d, delay)
    >>> s["action"], s["direction"], s["delay"], s["duration"]
    ('delay', 'to', {'latency': '150ms'}, '300s')
    >>> s["target"]["selector"]["labelSelectors"]["app.kubernetes.io/name"]
    'b'
    """
    fault = experiment.fault
    duration = {"duration": f"{experiment.duration_s}s"} if with_duration else {}
    if fault == "pod-kill":
        return {
            "action": "pod-kill",
            "mode": "one",
            "selector": _pods(design, experiment.target),
            "gracePeriod": 0,
        }
    if fault == "http-abort":
        return {
            "mode": "all",
            "selector": _pods(design, experiment.target),
            "target": "Request",
            "port": experiment.port,
            "abort": True,
            **duration,
        }
    assert experiment.caller is not None  # network faults are on a call
    out: Resource = {
        "action": "delay" if fault == "network-delay" else "partition",
        "mode": "all",
        "selector": _pods(design, experiment.caller),
        "direction": "to",
        "target": {"mode": "all", "selector": _pods(design, experiment.target)},
    }
    if fault == "network-delay":
        out["delay"] = {"latency": f"{experiment.delay_ms:g}ms"}
    out.update(duration)
    return out


def _annotations(design: Design, plan: ChaosPlan, experiment: Experiment) -> dict[str, str]:
    kind = KINDS[experiment.fault][0]
    name = dns_name(experiment.name)
    notes = {
        "designkit.io/hypothesis": experiment.hypothesis,
        "designkit.io/journeys": ", ".join(experiment.journeys),
        "designkit.io/expected": experiment.expected,
        "designkit.io/environment": plan.environment,
        "designkit.io/why": experiment.rationale,
    }
    state = experiment.steady_state
    if state is not None:
        slo = next(s for s in design.slos if s.name == state.slo)
        notes.update(
            {
                "designkit.io/steady-state": state.query,
                "designkit.io/steady-state-raw": sli_query(design, slo).error_ratio("5m"),
                "designkit.io/abort-when": state.abort_query,
                "designkit.io/abort-action": (
                    f"kubectl annotate {kind.lower()} {name} -n {namespace(design)} "
                    "experiment.chaos-mesh.org/pause=true"
                ),
                "designkit.io/budget-spend": f"{(experiment.budget_spend or 0) * 100:.3g}%",
            }
        )
    else:
        notes["designkit.io/steady-state"] = "none: the touched journeys have no SLO"
    return notes


def _metadata(design: Design, name: str, notes: dict[str, str] | None = None) -> Resource:
    meta: Resource = {
        "name": dns_name(name),
        "namespace": namespace(design),
        "labels": {
            "app.kubernetes.io/managed-by": MANAGED_BY,
            "app.kubernetes.io/part-of": label_value(design.metadata.name),
        },
    }
    if notes:
        meta["annotations"] = notes
    return meta


def experiment_resource(design: Design, plan: ChaosPlan, experiment: Experiment) -> Resource:
    """The Chaos Mesh object of one experiment."""
    return {
        "apiVersion": API_VERSION,
        "kind": KINDS[experiment.fault][0],
        "metadata": _metadata(design, experiment.name, _annotations(design, plan, experiment)),
        "spec": spec(design, experiment),
    }


def game_day(design: Design, plan: ChaosPlan) -> Resource:
    """A ``Workflow`` running every experiment in turn, with a recovery pause after each."""
    steps: list[Resource] = []
    children: list[str] = []
    for experiment in plan.experiments:
        kind, field = KINDS[experiment.fault]
        name = dns_name(experiment.name)
        steps.append(
            {
                "name": name,
                "templateType": kind,
                "deadline": f"{experiment.duration_s}s",
                field: spec(design, experiment, with_duration=False),
            }
        )
        children += [name, "recover"]
    pause = max((e.duration_s for e in plan.experiments), default=300)
    templates: list[Resource] = [
        {"name": "game-day", "templateType": "Serial", "children": children[:-1]},
        *steps,
        {"name": "recover", "templateType": "Suspend", "deadline": f"{pause}s"},
    ]
    return {
        "apiVersion": API_VERSION,
        "kind": "Workflow",
        "metadata": _metadata(
            design,
            "game-day",
            {
                "designkit.io/environment": plan.environment,
                "designkit.io/experiments": str(len(plan.experiments)),
            },
        ),
        "spec": {"entry": "game-day", "templates": templates},
    }


def build(design: Design) -> list[Document]:
    """``chaos/<experiment>.yaml`` per experiment and ``chaos/game-day.yaml``."""
    plan = chaos_plan(design)
    if not plan.experiments:
        return []
    docs = [
        Document(f"chaos/{dns_name(e.name)}.yaml", experiment_resource(design, plan, e))
        for e in plan.experiments
    ]
    docs.append(Document("chaos/game-day.yaml", game_day(design, plan)))
    return docs


GENERATOR = Generator(
    "chaos_mesh",
    "Chaos Mesh experiments (PodChaos, NetworkChaos, HTTPChaos) and a game day",
    build,
    aliases=("chaos",),
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
