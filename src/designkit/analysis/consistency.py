"""Consistency per interaction: strong, eventual or read-your-writes, and why.

Every dependency, and every topic a service consumes from another, is one
interaction. Unless the dependency states its ``consistency``, it is derived:

- through a topic: *eventual*: the consumer learns of the change after the
  broker's delay, possibly twice and, across keys, out of order;
- a synchronous call to a service that answers from a projection (it owns
  search, analytics or cache stores fed by topics, and no primary store):
  *eventual*, or *read-your-writes* when the caller also calls a service
  that feeds the projection and takes writes (a client that just wrote
  expects to see its change), for search and cache projections;
- any other synchronous call: *strong*: the callee answers from its own
  primary store (or keeps no data at all).

CQRS read models, event logs and the trade-offs of each choice are in
:mod:`designkit.analysis.read_models`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model import DataStore, Dependency, Design, Service
from .antipatterns.catalog import KLEPPMANN_2017, TERRY_1994, cite
from .antipatterns.engine import analyze
from .antipatterns.finding import Finding, Severity, loc
from .antipatterns.registry import Thresholds, declare_table
from .traffic import topic_ends

__all__ = [
    "Consistency",
    "Interaction",
    "consistency_findings",
    "interactions",
    "projection_stores",
]

Consistency = Literal["strong", "eventual", "read-your-writes"]
_MUTATING = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Interaction:
    """One link between two services and the consistency the caller may assume."""

    caller: str
    callee: str
    protocol: str
    topic: str
    consistency: Consistency
    chosen: bool
    """True when the dependency states it; False when derived."""
    reason: str
    derived: Consistency
    """What the link itself gives (equal to ``consistency`` unless chosen)."""


def projection_stores(design: Design, service: str) -> list[DataStore]:
    """The stores of ``service`` that hold copies of other data: search, analytics,
    and caches that keep entities (a cache of nothing named is the service's own cache).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "s"}],
    ...     "stores": [{"name": "idx", "owner": "s", "purpose": "search"},
    ...                {"name": "c", "owner": "s", "purpose": "cache"}]})
    >>> [s.name for s in projection_stores(d, "s")]
    ['idx']
    """
    return [
        s
        for s in design.stores
        if s.owner == service
        and (s.purpose in ("search", "analytics") or (s.purpose == "cache" and s.entities))
    ]


def _writes(service: Service) -> bool:
    """True if the service takes writes: a mutating REST endpoint, or none listed."""
    if not service.endpoints:
        return True
    return any(e.method in _MUTATING and e.path.startswith("/") for e in service.endpoints)


class _View:
    def __init__(self, design: Design) -> None:
        self.design = design
        self.publishers, self.consumers = topic_ends(design)
        self.services = {s.name: s for s in design.services}
        self.calls = {
            (s.name, d.target)
            for s in design.services
            for d in s.dependencies
            if d.protocol != "async"
        }

    def fed_by(self, service: str) -> list[str]:
        return [t for t, names in self.consumers.items() if service in names]

    def sync(self, caller: str, callee: str) -> tuple[Consistency, str]:
        svc = self.services.get(callee)
        owned = [s for s in self.design.stores if s.owner == callee]
        if svc is None or not owned:
            return "strong", f"{callee} keeps no data: it answers from the request and its calls"
        projections = projection_stores(self.design, callee)
        primaries = [s for s in owned if s not in projections and s.purpose != "cache"]
        if primaries or not projections:
            store = (primaries or owned)[0]
            return "strong", f"{callee} answers from its own {store.name} ({store.technology})"
        store = projections[0]
        topics = self.fed_by(callee)
        feeders = list(dict.fromkeys(p for t in topics for p in self.publishers.get(t, [])))
        written = [
            f
            for f in feeders
            if f != caller and (caller, f) in self.calls and _writes(self.services[f])
        ]
        lag = (
            f"{callee} answers from {store.name} ({store.purpose}), a projection of "
            f"{', '.join(topics) or 'its inputs'}: it lags the owners by the consumer's delay"
        )
        if written and store.purpose != "analytics":
            return "read-your-writes", (
                f"{lag}; {caller} also writes through {', '.join(written)}, and a client "
                "that just wrote expects its change: read from the owner for that session, "
                "or wait until the projection reaches the write's version"
            )
        return "eventual", lag

    def async_(self, caller: str, callee: str, topic: str) -> tuple[Consistency, str]:
        return (
            "eventual",
            f"through {topic}: stale until delivered, at least once, in order per key",
        )


def interactions(design: Design) -> list[Interaction]:
    """Every dependency (in file order), then every topic link not declared as one.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "web", "dependencies": [{"target": "order"}]},
    ...     {"name": "order", "stores": [{"store": "db"}], "publishes": ["t"]},
    ...     {"name": "mail"}],
    ...     "stores": [{"name": "db", "owner": "order"}],
    ...     "topics": [{"name": "t", "consumers": ["mail"]}]})
    >>> [(i.caller, i.callee, i.consistency) for i in interactions(d)]
    [('web', 'order', 'strong'), ('order', 'mail', 'eventual')]
    """
    view = _View(design)
    out = []
    declared = set()
    for svc in design.services:
        for dep in svc.dependencies:
            out.append(_interaction(view, svc.name, dep))
            if dep.topic:
                declared.add((svc.name, dep.target, dep.topic))
    for topic in design.topics:
        for publisher in view.publishers.get(topic.name, []):
            for consumer in view.consumers.get(topic.name, []):
                if consumer == publisher or (publisher, consumer, topic.name) in declared:
                    continue
                level, reason = view.async_(publisher, consumer, topic.name)
                out.append(
                    Interaction(
                        publisher, consumer, "async", topic.name, level, False, reason, level
                    )
                )
    return out


def _interaction(view: _View, caller: str, dep: Dependency) -> Interaction:
    if dep.topic:
        derived, why = view.async_(caller, dep.target, dep.topic)
    else:
        derived, why = view.sync(caller, dep.target)
    if dep.consistency is None:
        return Interaction(
            caller, dep.target, dep.protocol, dep.topic or "", derived, False, why, derived
        )
    if dep.consistency == derived:
        reason = f"chosen in the design, as the link gives: {why}"
    else:
        reason = f"chosen in the design; the link itself gives {derived}: {why}"
    return Interaction(
        caller, dep.target, dep.protocol, dep.topic or "", dep.consistency, True, reason, derived
    )


# id: (default severity, title, fix, sources); found by _produce.
_RULES: dict[str, tuple[Severity, str, str, tuple[str, ...]]] = {
    "impossible-consistency": (
        "error", "Strong or read-your-writes consistency chosen on an async link",
        "Call synchronously where the caller must see the latest data, or accept eventual.",
        (cite(KLEPPMANN_2017, 'ch. 9 "Consistency and Consensus"'), TERRY_1994),
    ),
    "consistency-needs-owner": (
        "warning", "Strong consistency chosen on a call answered from a projection",
        "Read from the owning service instead, or choose read-your-writes.",
        (cite(KLEPPMANN_2017, 'ch. 5 "Replication" (reading your own writes)'), TERRY_1994),
    ),
}  # fmt: skip

declare_table(_RULES, family="data", phase=3, producer="designkit.analysis.consistency:_produce")


def consistency_findings(design: Design) -> list[Finding]:
    """Chosen consistency the link cannot give, most serious first.

    - ``impossible-consistency`` (error): strong or read-your-writes chosen on
      an async dependency: the consumer sees the change only after the broker;
    - ``consistency-needs-owner`` (warning): strong chosen on a call to a
      service that answers from a projection.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "protocol": "async", "topic": "t",
    ...                                     "consistency": "strong"}]}, {"name": "b"}],
    ...     "topics": [{"name": "t"}]})
    >>> [(f.rule, f.path) for f in consistency_findings(d)]
    [('impossible-consistency', 'services[0].dependencies[0].consistency')]
    """
    return analyze(design, rules=list(_RULES))


def _produce(design: Design, thresholds: Thresholds) -> list[Finding]:
    view = _View(design)
    found = []
    for i, svc in enumerate(design.services):
        for j, dep in enumerate(svc.dependencies):
            if dep.consistency is None or dep.consistency == "eventual":
                continue
            where = loc("services", i, "dependencies", j, "consistency")
            subject = f"{svc.name} -> {dep.target}"
            if dep.topic:
                found.append(
                    Finding(
                        "impossible-consistency",
                        "error",
                        where,
                        subject,
                        f"{dep.consistency} is chosen for a link through {dep.topic}: "
                        f"{dep.target} sees {svc.name}'s change only after the broker "
                        "delivers it",
                        "call synchronously where the caller must see the latest data, or "
                        "accept eventual consistency (consistency: eventual)",
                    )
                )
            elif dep.consistency == "strong" and view.sync(svc.name, dep.target)[0] != "strong":
                found.append(
                    Finding(
                        "consistency-needs-owner",
                        "warning",
                        where,
                        subject,
                        f"strong is chosen but {dep.target} answers from a projection "
                        "that lags its sources",
                        "read from the owning service instead, or choose read-your-writes",
                    )
                )
    return found
