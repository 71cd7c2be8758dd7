"""Facts about a design that several analyses read, computed once per design.

:func:`of` returns the :class:`Views` of a design: the synchronous calls with
their effective settings (and their paths in the file), the topics'
producers and consumers, the stores' readers and writers, the services an
external client reaches through a gateway, and which team owns each service,
store and topic. Inside one :func:`~designkit.analysis.antipatterns.analyze`
call they are computed once, however many rules read them; outside it,
:func:`of` computes them afresh (a design may have been edited meanwhile).

Team ownership: a service's ``team``; a store's ``team``, else its owning
service's team; a topic's ``team``, else the team of its one producer (none
when several teams produce it).

Examples
--------
>>> from designkit.model import Design
>>> d = Design.model_validate({"metadata": {"name": "x"}, "teams": [{"name": "t"}],
...     "services": [{"name": "a", "team": "t", "publishes": ["ev"],
...                   "stores": [{"store": "db"}]}, {"name": "b", "stores": [
...                   {"store": "db", "access": "read"}]}],
...     "stores": [{"name": "db", "owner": "a"}], "topics": [{"name": "ev", "consumers": ["b"]}]})
>>> v = of(d)
>>> v.store_team["db"], v.topic_team["ev"], v.producers["ev"], v.consumers["ev"]
('t', 't', ['a'], ['b'])
>>> v.store_users["db"]
[('a', 'read-write'), ('b', 'read')]
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property

from ..model import Design

__all__ = ["Views", "of", "scope"]


@dataclass
class Views:
    """The shared facts of one design (each computed on first use)."""

    design: Design = field(repr=False)

    @cached_property
    def service_index(self) -> dict[str, int]:
        """Position of each service in ``design.services``, by name."""
        return {svc.name: i for i, svc in enumerate(self.design.services)}

    @cached_property
    def producers(self) -> dict[str, list[str]]:
        """Services writing to each topic: ``publishes`` and async dependencies through it.

        Every topic of the design is a key (an empty list when nobody writes it),
        then topics only services name, in file order.
        """
        out: dict[str, list[str]] = {t.name: [] for t in self.design.topics}
        for svc in self.design.services:
            topics = [*svc.publishes, *(d.topic for d in svc.dependencies if d.topic)]
            for topic in dict.fromkeys(topics):
                names = out.setdefault(topic, [])
                if svc.name not in names:
                    names.append(svc.name)
        return out

    @cached_property
    def consumers(self) -> dict[str, list[str]]:
        """Services reading each topic: its consumers and async dependencies' targets."""
        out = {t.name: [c.service for c in t.consumers] for t in self.design.topics}
        for svc in self.design.services:
            for dep in svc.dependencies:
                if dep.topic and dep.target not in out.setdefault(dep.topic, []):
                    out[dep.topic].append(dep.target)
        return out

    @cached_property
    def store_users(self) -> dict[str, list[tuple[str, str]]]:
        """``(service, access)`` of every service using each store, in file order."""
        out: dict[str, list[tuple[str, str]]] = {s.name: [] for s in self.design.stores}
        for svc in self.design.services:
            for use in svc.stores:
                out.setdefault(use.store, []).append((svc.name, use.access))
        return out

    @cached_property
    def service_team(self) -> dict[str, str]:
        """The team of each service that has one."""
        return {s.name: s.team for s in self.design.services if s.team}

    @cached_property
    def store_team(self) -> dict[str, str]:
        """The team of each store: its own, else its owning service's."""
        out = {}
        for store in self.design.stores:
            team = store.team or (self.service_team.get(store.owner) if store.owner else None)
            if team:
                out[store.name] = team
        return out

    @cached_property
    def topic_team(self) -> dict[str, str]:
        """The team of each topic: its own, else its producers' when they are one team."""
        out = {}
        for topic in self.design.topics:
            if topic.team:
                out[topic.name] = topic.team
                continue
            teams = {self.service_team.get(p) for p in self.producers.get(topic.name, [])}
            if len(teams) == 1 and None not in teams:
                out[topic.name] = teams.pop()  # type: ignore[assignment]
        return out

    @cached_property
    def gateways(self) -> set[str]:
        """Names of the gateway services."""
        return {s.name for s in self.design.services if s.kind == "gateway"}

    @cached_property
    def entry_gateway(self) -> bool:
        """True if a gateway is the system's external entry.

        A gateway section with routes, or a gateway service outside clients can
        reach (exposure public or partner).
        """
        routes = bool(self.design.gateway and self.design.gateway.routes)
        return routes or any(
            s.kind == "gateway" and s.exposure != "internal" for s in self.design.services
        )

    @cached_property
    def behind_gateway(self) -> set[str]:
        """Services an external client reaches through a gateway (route, or gateway call)."""
        routed = {r.service for r in self.design.gateway.routes} if self.design.gateway else set()
        for svc in self.design.services:
            if svc.kind == "gateway" and svc.exposure != "internal":
                routed.update(d.target for d in svc.dependencies if d.protocol != "async")
        return routed


_SCOPE: ContextVar[dict[int, Views] | None] = ContextVar("designkit_views", default=None)


@contextmanager
def scope() -> Iterator[None]:
    """Within the block, :func:`of` computes each design's views once."""
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def of(design: Design) -> Views:
    """The shared facts of ``design`` (once per design within a :func:`scope`)."""
    cache = _SCOPE.get()
    if cache is None:
        return Views(design)
    found = cache.get(id(design))
    if found is None or found.design is not design:
        found = cache[id(design)] = Views(design)
    return found
