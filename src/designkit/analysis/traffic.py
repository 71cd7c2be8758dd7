"""Peak traffic per service, propagated from the user journeys through the call graph.

Rules (every rate is per second, at the journeys' peak):

- a journey brings ``peak_rps`` to its entry service;
- a service handling ``r`` requests sends ``r x calls_per_request x
  expected_attempts(p, retries)`` to each synchronous callee the journey
  follows (:mod:`designkit.analysis.journey_calls` states the route and
  ``via`` rules), where ``retries`` is the call's effective retry count and
  ``p`` an assumed per-attempt failure probability (default 0.001);
- a service publishes one message per request it handles on the journey to
  each topic it publishes to (``publishes`` or an async dependency's
  ``topic``); every consumer of the topic receives every message. Consumers
  do not pass messages on: follow-on messages (a saga's replies, say) are not
  counted;
- a call back to a service already on the path is a cycle (an anti-pattern
  reported elsewhere): it is noted and not followed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Design
from ..sizing.retries import expected_attempts
from . import views
from .journey_calls import all_journey_calls

__all__ = [
    "Contribution",
    "Cycle",
    "ServiceTraffic",
    "TopicTraffic",
    "TrafficReport",
    "service_traffic",
    "topic_ends",
]

DEFAULT_FAILURE_PROBABILITY = 0.001


@dataclass(frozen=True)
class Contribution:
    """Traffic one journey brings to a service along one path.

    For a request, ``path`` runs from the journey's entry to the service. For a
    message, ``topic`` is set and the last hop of ``path`` goes through it: the
    path runs to the publisher, then to the receiving consumer. On a topic's
    own publications the path ends at the publisher.
    """

    journey: str
    path: tuple[str, ...]
    rate: float
    topic: str | None = None


@dataclass(frozen=True)
class Cycle:
    """A call back to a service already on the path (not followed)."""

    journey: str
    path: tuple[str, ...]
    """The path up to and including the revisited service."""


@dataclass(frozen=True)
class ServiceTraffic:
    """Requests and messages a service receives at peak, with where they come from."""

    service: str
    request_rps: float
    message_rps: float
    requests: tuple[Contribution, ...]
    messages: tuple[Contribution, ...]

    @property
    def total_rps(self) -> float:
        """Requests plus messages handled per second."""
        return self.request_rps + self.message_rps

    @property
    def reached(self) -> bool:
        """Whether any journey brings requests or messages here (even at rate 0)."""
        return bool(self.requests or self.messages)


@dataclass(frozen=True)
class TopicTraffic:
    """Messages published to a topic at peak; each consumer receives all of them."""

    topic: str
    message_rps: float
    publishers: tuple[str, ...]
    consumers: tuple[str, ...]
    publications: tuple[Contribution, ...]


@dataclass(frozen=True)
class TrafficReport:
    """Traffic per service and per topic, for every service and topic of the design."""

    services: Mapping[str, ServiceTraffic]
    topics: Mapping[str, TopicTraffic]
    cycles: tuple[Cycle, ...]
    failure_probability: float

    @property
    def unreached(self) -> tuple[str, ...]:
        """Services no journey brings requests or messages to."""
        return tuple(name for name, t in self.services.items() if not t.reached)

    def rate_between(self, caller: str, callee: str) -> float:
        """Requests per second ``callee`` receives directly from ``caller`` (attempts included)."""
        target = self.services.get(callee)
        if target is None:
            return 0.0
        return sum(c.rate for c in target.requests if len(c.path) >= 2 and c.path[-2] == caller)


def topic_ends(design: Design) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Publishers and consumers of every topic, in file order, without repeats.

    Publishers come from ``publishes`` and from async dependencies' topics;
    consumers from the topic's ``consumers`` and from async dependencies' targets.
    Copies of :attr:`~designkit.analysis.views.Views.producers` and ``consumers``,
    the one place they are computed.
    """
    facts = views.of(design)
    return (
        {topic: list(names) for topic, names in facts.producers.items()},
        {topic: list(names) for topic, names in facts.consumers.items()},
    )


def service_traffic(
    design: Design, *, failure_probability: float = DEFAULT_FAILURE_PROBABILITY
) -> TrafficReport:
    """Propagate every journey's peak rate through the calls and topics it reaches.

    Parameters
    ----------
    design : Design
    failure_probability : float, default 0.001
        Assumed probability that one attempt of a call fails and is retried;
        a call with ``r`` retries then costs the callee
        ``expected_attempts(failure_probability, r)`` attempts on average.

    Returns
    -------
    TrafficReport
        Per service: requests and messages per second with one
        :class:`Contribution` per journey and path; per topic: messages per
        second; the cycles met (each noted once per journey and path).

    Examples
    --------
    100 req/s entering ``a``, which calls ``b`` twice per request without retries:

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [
    ...         {"target": "b", "calls_per_request": 2, "retries": 0}]},
    ...     {"name": "b"}],
    ...     "journeys": [{"name": "j", "entry": "a", "peak_rps": 100}]})
    >>> t = service_traffic(d)
    >>> t.services["b"].request_rps
    200.0
    >>> t.services["b"].requests[0].path
    ('a', 'b')
    """
    # Checked up front, so a bad slider value fails even without journeys.
    attempts = {0: expected_attempts(failure_probability, 0)}
    publishers, consumers = topic_ends(design)
    published_by: dict[str, list[str]] = {svc.name: [] for svc in design.services}
    for topic, names in publishers.items():
        for name in names:
            published_by.setdefault(name, []).append(topic)

    requests: dict[str, list[Contribution]] = {svc.name: [] for svc in design.services}
    messages: dict[str, list[Contribution]] = {svc.name: [] for svc in design.services}
    publications: dict[str, list[Contribution]] = {name: [] for name in publishers}
    cycles: list[Cycle] = []

    for journey, followed in zip(design.journeys, all_journey_calls(design), strict=True):
        stack: list[tuple[tuple[str, ...], float]] = [((journey.entry,), journey.peak_rps)]
        while stack:
            path, rate = stack.pop()
            service = path[-1]
            requests[service].append(Contribution(journey.name, path, rate))
            for topic in published_by.get(service, ()):
                publications[topic].append(Contribution(journey.name, path, rate, topic))
                for consumer in consumers.get(topic, ()):
                    messages[consumer].append(
                        Contribution(journey.name, (*path, consumer), rate, topic)
                    )
            nexts = []
            for call in followed.get(service, ()):
                if call.callee in path:
                    cycles.append(Cycle(journey.name, (*path, call.callee)))
                    continue
                if call.retries not in attempts:
                    attempts[call.retries] = expected_attempts(failure_probability, call.retries)
                factor = call.calls_per_request * attempts[call.retries]
                nexts.append(((*path, call.callee), rate * factor))
            # Pushed in reverse so paths come out depth first in file order.
            stack.extend(reversed(nexts))

    return TrafficReport(
        services={
            name: ServiceTraffic(
                service=name,
                request_rps=sum(c.rate for c in requests[name]),
                message_rps=sum(c.rate for c in messages[name]),
                requests=tuple(requests[name]),
                messages=tuple(messages[name]),
            )
            for name in requests
        },
        topics={
            topic.name: TopicTraffic(
                topic=topic.name,
                message_rps=sum(c.rate for c in publications[topic.name]),
                publishers=tuple(publishers[topic.name]),
                consumers=tuple(consumers[topic.name]),
                publications=tuple(publications[topic.name]),
            )
            for topic in design.topics
        },
        cycles=tuple(cycles),
        failure_probability=failure_probability,
    )
