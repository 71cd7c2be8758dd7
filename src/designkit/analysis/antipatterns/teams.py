"""Team smells: teams split by technical layer, and teams tied to other teams' services.

Both follow the definitions of Neri et al. 2020 as the microFreshener tool
implements them, over the team ownership of :mod:`designkit.analysis.views`
(a service's team; a store's or topic's own team, else its owner's).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ...model import Design
from .. import views
from .catalog import NERI_2020, SKELTON_PAIS_2019, cite
from .finding import Finding, loc
from .registry import Thresholds, register

__all__ = ["single_layer_teams", "tightly_coupled_teams"]


@register(
    "single-layer-teams",
    title="Teams split by technical layer",
    severity="warning",
    family="structure",
    phase=1,
    fix=(
        "Give the store (or topic) to the team of the services that use it: teams own "
        "capabilities end to end, not layers."
    ),
    catalog=(
        cite(NERI_2020, "Single-layer Teams"),
        cite(SKELTON_PAIS_2019, "stream-aligned teams (against layer teams)"),
    ),
)
def single_layer_teams(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A service that uses a data store or writes a topic run by another team.

    When one team runs the databases (or the broker's topics) and others the
    services, the teams are split by technical layer: every change to a
    capability crosses both, and neither owns it end to end. As in
    microFreshener, it is the link from a service of one team to a store of
    another team; for topics, a producer of another team than the topic's (a
    consumer of a topic is how teams are meant to meet).

    Catalog: Neri et al. 2020 ("Single-layer Teams"); Skelton & Pais 2019.
    """
    facts = views.of(design)
    topic_index = {t.name: k for k, t in enumerate(design.topics)}
    for i, svc in enumerate(design.services):
        team = facts.service_team.get(svc.name)
        if team is None:
            continue
        for j, use in enumerate(svc.stores):
            other = facts.store_team.get(use.store)
            if other is not None and other != team:
                yield single_layer_teams.finding(
                    loc("services", i, "stores", j),
                    f"{svc.name} -> {use.store}",
                    f"{svc.name} ({team}) uses {use.store}, run by {other}: the service and its "
                    "data belong to different teams, so every change crosses both",
                    f"let {team} run {use.store}, or move {svc.name} to {other}",
                )
        for topic in dict.fromkeys(svc.publishes):
            other = facts.topic_team.get(topic)
            if other is not None and other != team and topic in topic_index:
                yield single_layer_teams.finding(
                    loc("topics", topic_index[topic], "team"),
                    f"{svc.name} -> {topic}",
                    f"{svc.name} ({team}) publishes to {topic}, owned by {other}: the events "
                    "and the service emitting them belong to different teams",
                    f"let {team} own {topic} (the producer's team owns its events)",
                )


@register(
    "tightly-coupled-teams",
    title="Service tied more to other teams than to its own",
    severity="warning",
    family="structure",
    phase=1,
    fix=(
        "Move the service to the team it works with most, or cut its synchronous ties to "
        "other teams (events, data kept locally)."
    ),
    catalog=(
        cite(NERI_2020, "Tightly-coupled Teams"),
        cite(SKELTON_PAIS_2019, "team interaction modes (limit collaboration)"),
    ),
)
def tightly_coupled_teams(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A service that interacts more with another team's services and stores than its own team's.

    Counted as microFreshener does: each link of the service to something a team
    owns counts for that team: synchronous calls both ways, the topics it
    publishes to or consumes (owned by the topic's team) and the stores it uses.
    If some other team counts more links than the service's own team, the teams
    must coordinate for most of its changes. Gateways are left out on both ends:
    a gateway calls every team's services by design.

    Catalog: Neri et al. 2020 ("Tightly-coupled Teams"); Skelton & Pais 2019.
    """
    facts = views.of(design)
    gateways = facts.gateways
    links: dict[str, Counter[str]] = {s.name: Counter() for s in design.services}
    for svc in design.services:
        for dep in svc.dependencies:
            if dep.topic:
                # A message goes to the topic (the broker), owned by the topic's team.
                links[svc.name][facts.topic_team.get(dep.topic, "")] += 1
            elif dep.target in links and not {svc.name, dep.target} & gateways:
                links[svc.name][facts.service_team.get(dep.target, "")] += 1
                links[dep.target][facts.service_team.get(svc.name, "")] += 1
        for name in dict.fromkeys(svc.publishes):
            links[svc.name][facts.topic_team.get(name, "")] += 1
        for use in svc.stores:
            links[svc.name][facts.store_team.get(use.store, "")] += 1
    for topic in design.topics:
        for consumer in topic.consumers:
            if consumer.service in links:
                links[consumer.service][facts.topic_team.get(topic.name, "")] += 1
    for i, svc in enumerate(design.services):
        team = facts.service_team.get(svc.name)
        counts = links[svc.name]
        if svc.name in gateways:
            continue
        counts.pop("", None)  # links to what no team owns do not count
        if team is None or not counts:
            continue
        top = max(counts.values())
        if counts.get(team, 0) >= top:
            continue
        others = sorted(t for t, n in counts.items() if n == top and t != team)
        yield tightly_coupled_teams.finding(
            loc("services", i, "team"),
            svc.name,
            f"{svc.name} ({team}) has {top} links to {', '.join(others)} and "
            f"{counts.get(team, 0)} to its own team: most of its changes need "
            f"{', '.join(others)} too",
            f"move {svc.name} to {others[0]}, or replace its calls to {others[0]} by events",
        )
