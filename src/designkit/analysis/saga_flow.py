"""The message flow of each saga, and what each participant sees.

Commands and events are matched to steps by name: an event of the design
named in a step's action (or compensation) text is the message that carries
it; otherwise the step's name labels the message. Which topic or call carries
a message comes from the services' ``publishes``, dependencies and the
topics' consumers. The checks are :mod:`designkit.analysis.sagas`; the
failure simulation is :mod:`designkit.analysis.saga_simulation`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..model import Design, Saga
from .traffic import topic_ends

__all__ = [
    "Links",
    "Participant",
    "SagaFlow",
    "SagaMessage",
    "flow",
    "flows",
    "members",
    "participants",
    "pivot_index",
]

Kind = Literal["command", "reply", "event", "local", "compensation"]
_PROTOCOLS = ("rest", "grpc", "graphql")


@dataclass(frozen=True)
class SagaMessage:
    """One arrow of a saga's sequence diagram."""

    step: str
    source: str
    target: str
    label: str
    kind: Kind
    via: str
    """The topic or protocol that carries it; '' for a local step or no known channel."""


@dataclass(frozen=True)
class SagaFlow:
    """The messages of a saga: the happy path, and the rollback when the pivot fails."""

    saga: str
    style: str
    lifelines: tuple[str, ...]
    pivot: str
    forward: tuple[SagaMessage, ...]
    compensation: tuple[SagaMessage, ...]


@dataclass(frozen=True)
class Participant:
    """What one service of a saga does, undoes, receives and sends."""

    saga: str
    service: str
    role: str
    steps: tuple[str, ...]
    does: tuple[str, ...]
    undoes: tuple[str, ...]
    receives: tuple[str, ...]
    """``topic: Event, Event`` for each topic it reads from another member."""
    sends: tuple[str, ...]
    """``topic: Event, Event`` for each topic it writes that another member reads."""
    calls: tuple[str, ...]
    """``service (protocol)`` for each synchronous call to another member."""


def pivot_index(saga: Saga) -> int | None:
    """Index of the pivot step: the one marked, else the last; None without steps.

    Examples
    --------
    >>> from designkit.model import Saga
    >>> pivot_index(Saga(name="s", orchestrator="o", steps=[
    ...     {"name": "a", "service": "x", "action": "do"},
    ...     {"name": "b", "service": "y", "action": "do"}]))
    1
    """
    for i, step in enumerate(saga.steps):
        if step.pivot:
            return i
    return len(saga.steps) - 1 if saga.steps else None


def members(saga: Saga) -> tuple[str, ...]:
    """The saga's services: the orchestrator first, then each step's service once."""
    names = [saga.orchestrator] if saga.orchestrator else []
    return tuple(dict.fromkeys([*names, *(s.service for s in saga.steps)]))


class Links:
    """Topics and calls between services, and the events each topic carries."""

    publishers: dict[str, list[str]]
    consumers: dict[str, list[str]]

    def __init__(self, design: Design) -> None:
        publishers, consumers = topic_ends(design)
        self.topics = [t.name for t in design.topics]
        self.publishers = publishers
        self.consumers = consumers
        self.events: dict[str, list[str]] = {}
        for event in design.events:
            names = self.events.setdefault(event.topic, [])
            if event.name not in names:
                names.append(event.name)
        self.calls = {
            (s.name, d.target): d.protocol
            for s in design.services
            for d in reversed(s.dependencies)
            if d.protocol != "async"
        }
        self.words = {e.name for e in design.events}

    def topics_between(self, a: str, b: str) -> list[str]:
        """Topics ``a`` writes and ``b`` reads, in file order."""
        return [
            t
            for t in self.topics
            if a in self.publishers.get(t, []) and b in self.consumers.get(t, [])
        ]

    def channel(self, a: str, b: str) -> str:
        """How ``a`` reaches ``b``: a synchronous call's protocol, else the first topic."""
        if (a, b) in self.calls:
            return self.calls[(a, b)]
        topics = self.topics_between(a, b)
        return topics[0] if topics else ""

    def named(self, text: str | None) -> list[str]:
        """Names of the design's events that appear as words in ``text``."""
        found = re.findall(r"[A-Za-z][A-Za-z0-9]*", text or "")
        return list(dict.fromkeys(w for w in found if w in self.words))

    def label(self, text: str | None, via: str, fallback: str) -> str:
        """The event named in ``text``, else the only event ``via`` carries, else ``fallback``."""
        named = self.named(text)
        if named:
            return named[0]
        carried = self.events.get(via, [])
        return carried[0] if len(carried) == 1 else fallback


def flow(design: Design, saga: Saga) -> SagaFlow:
    """The sequence of messages of ``saga``, forward and compensating.

    In an orchestration the orchestrator commands each participant (through a
    synchronous call when it has one, else a topic) and hears its reply; in a choreography each step's service reacts to the event of
    the one before. The compensation messages are the worst case before the
    pivot: the pivot fails and every earlier compensation runs, last first.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "order", "publishes": ["pay-cmd"]}, {"name": "payment"}],
    ...     "topics": [{"name": "pay-cmd", "consumers": ["payment"]}],
    ...     "events": [{"name": "Charge", "topic": "pay-cmd"}],
    ...     "sagas": [{"name": "s", "orchestrator": "order", "steps": [
    ...         {"name": "create", "service": "order", "action": "create",
    ...          "compensation": "cancel"},
    ...         {"name": "charge", "service": "payment", "action": "Charge the card",
    ...          "pivot": True}]}]})
    >>> [(m.source, m.target, m.label, m.kind, m.via) for m in flow(d, d.sagas[0]).forward]
    [('order', 'order', 'create', 'local', ''), ('order', 'payment', 'Charge', 'command', 'pay-cmd'), ('payment', 'order', 'charge done', 'reply', '')]
    """  # noqa: E501
    links = Links(design)
    p = pivot_index(saga)
    forward: list[SagaMessage] = []
    back: list[SagaMessage] = []
    undo = [s for s in saga.steps[: p or 0] if s.compensation and s.side_effects][::-1]
    if saga.orchestrator:
        orch = saga.orchestrator
        for step in saga.steps:
            if step.service == orch:
                forward.append(SagaMessage(step.name, orch, orch, step.name, "local", ""))
                continue
            via = links.channel(orch, step.service)
            label = links.label(step.action, via, step.name)
            forward.append(SagaMessage(step.name, orch, step.service, label, "command", via))
            reply = via if via in _PROTOCOLS else links.channel(step.service, orch)
            forward.append(
                SagaMessage(step.name, step.service, orch, f"{step.name} done", "reply", reply)
            )
        for step in undo:
            via = "" if step.service == orch else links.channel(orch, step.service)
            label = links.label(step.compensation, "", step.compensation or step.name)
            kind: Kind = "compensation"
            back.append(SagaMessage(step.name, orch, step.service, label, kind, via))
    else:
        previous = None
        for step in saga.steps:
            if previous is None or previous.service == step.service:
                forward.append(
                    SagaMessage(step.name, step.service, step.service, step.name, "local", "")
                )
            else:
                via = links.channel(previous.service, step.service)
                label = links.label(previous.action, via, step.name)
                forward.append(
                    SagaMessage(step.name, previous.service, step.service, label, "event", via)
                )
            previous = step
        source = saga.steps[p].service if p is not None else ""
        for step in undo:
            via = "" if source == step.service else links.channel(source, step.service)
            label = links.label(step.compensation, "", step.compensation or step.name)
            back.append(SagaMessage(step.name, source, step.service, label, "compensation", via))
            source = step.service
    return SagaFlow(
        saga.name,
        saga.style,
        members(saga),
        saga.steps[p].name if p is not None else "",
        tuple(forward),
        tuple(back),
    )


def flows(design: Design) -> list[SagaFlow]:
    """The flow of every saga, in file order."""
    return [flow(design, saga) for saga in design.sagas]


def participants(design: Design) -> list[Participant]:
    """Every member of every saga (orchestrator first, then by first step).

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "order", "publishes": ["cmd"]}, {"name": "payment"}],
    ...     "topics": [{"name": "cmd", "consumers": ["payment"]}],
    ...     "events": [{"name": "Charge", "topic": "cmd"}],
    ...     "sagas": [{"name": "s", "orchestrator": "order", "steps": [
    ...         {"name": "charge", "service": "payment", "action": "Charge"}]}]})
    >>> [(p.service, p.role, p.receives, p.sends) for p in participants(d)]
    [('order', 'orchestrator', (), ('cmd: Charge',)), ('payment', 'participant', ('cmd: Charge',), ())]
    """  # noqa: E501
    links = Links(design)
    out = []
    for saga in design.sagas:
        names = members(saga)
        for name in names:
            steps = [s for s in saga.steps if s.service == name]
            others = [m for m in names if m != name]
            role = "participant"
            if name == saga.orchestrator:
                role = "orchestrator and participant" if steps else "orchestrator"
            out.append(
                Participant(
                    saga=saga.name,
                    service=name,
                    role=role,
                    steps=tuple(s.name for s in steps),
                    does=tuple(s.action for s in steps),
                    undoes=tuple(s.compensation for s in steps if s.compensation),
                    receives=_carried(links, others, [name]),
                    sends=_carried(links, [name], others),
                    calls=tuple(
                        f"{m} ({links.calls[(name, m)]})"
                        for m in others
                        if (name, m) in links.calls
                    ),
                )
            )
    return out


def _carried(links: Links, sources: list[str], targets: list[str]) -> tuple[str, ...]:
    out = []
    for topic in links.topics:
        if any(s in links.publishers.get(topic, []) for s in sources) and any(
            t in links.consumers.get(topic, []) for t in targets
        ):
            events = links.events.get(topic, [])
            out.append(f"{topic}: {', '.join(events) or '(no events listed)'}")
    return tuple(out)
