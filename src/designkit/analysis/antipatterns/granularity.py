"""Service size: nano-services, god services, too many technology stacks."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Design
from . import _view
from .catalog import NEWMAN_2021, RICHARDSON, ROTEM_GAL_OZ_2012, TAIBI_2018, cite
from .finding import Finding, loc
from .registry import Threshold, Thresholds, register

__all__ = ["god_service", "nano_service", "too_many_stacks"]

# Gateways and frontends are not business services: they have no API of their own to size.
_NOT_SIZED = {"gateway", "frontend"}


@register(
    "nano-service",
    title="Nano-service",
    severity="info",
    family="structure",
    phase=1,
    fix="Merge the service into the one it always goes with.",
    catalog=(
        cite(ROTEM_GAL_OZ_2012, "Nanoservice anti-pattern"),
        cite(TAIBI_2018, "Microservice Greedy"),
    ),
)
def nano_service(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A service too small to pay for itself: it costs a deployment, a pipeline and
    network hops, but does too little to be worth them.

    Reported when nothing reaches it (no endpoints, no synchronous callers, and
    it neither publishes nor consumes a topic), or when it has a single endpoint
    and no store (a thin pass-through). Gateways and frontends are not judged.

    Catalog: Rotem-Gal-Oz 2012, "SOA Patterns" (Nanoservice); Taibi & Lenarduzzi 2018
    ("Microservice Greedy").
    """
    talking = {
        name
        for ends in (_view.consumers(design), _view.producers(design))
        for names in ends.values()
        for name in names
    }
    called = {d.target for s in design.services for d in s.dependencies if d.protocol != "async"}
    for i, svc in enumerate(design.services):
        if svc.kind in _NOT_SIZED:
            continue
        talks = svc.name in talking
        if not svc.endpoints and not talks and svc.name not in called:
            why = "has no endpoints or callers and neither publishes nor consumes a topic"
        elif len(svc.endpoints) == 1 and not svc.stores:
            why = "has a single endpoint and no data of its own: a thin pass-through"
        else:
            continue
        yield nano_service.finding(
            loc("services", i),
            svc.name,
            f"{svc.name} {why}, yet costs a deployment, a pipeline and a network hop",
            f"merge {svc.name} into the service it serves, or give it the data and "
            "behaviour of a whole capability",
        )


@register(
    "god-service",
    title="God service",
    severity="warning",
    family="structure",
    phase=1,
    fix=(
        "Split the service along its sub-domains (the entities and endpoints that change together)."
    ),
    catalog=(
        cite(NEWMAN_2021, 'ch. "How to Model Microservices" (cohesion, information hiding)'),
        cite(RICHARDSON, "pattern: Decompose by Subdomain"),
    ),
    thresholds=(
        Threshold("god_max_endpoints", 25, "Most endpoints one service may offer."),
        Threshold("god_max_stores", 3, "Most data stores one service may use."),
        Threshold(
            "god_max_dependencies",
            8,
            "Most services one service may call synchronously (publishing an event does "
            "not make a service depend on its consumers, so topics are not counted).",
        ),
    ),
)
def god_service(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A service that does too much: too many endpoints, stores or synchronous dependencies.

    It is a monolith inside the system: many reasons to change, one team's
    bottleneck, one large blast radius. Gateways call every exposed service by
    design and are not judged on dependencies.

    Catalog: Newman 2021, ch. "How to Model Microservices"; Richardson, Decompose by
    Subdomain pattern.
    """
    for i, svc in enumerate(design.services):
        callees = {d.target for d in svc.dependencies if d.protocol != "async"}
        measured = [
            (len(svc.endpoints), thresholds["god_max_endpoints"], "endpoints"),
            (len(svc.stores), thresholds["god_max_stores"], "stores"),
            (
                0 if svc.kind == "gateway" else len(callees),
                thresholds["god_max_dependencies"],
                "synchronous dependencies",
            ),
        ]
        over = [f"{n} {what} (more than {limit:g})" for n, limit, what in measured if n > limit]
        if over:
            yield god_service.finding(
                loc("services", i),
                svc.name,
                f"{svc.name} has {' and '.join(over)}: it does the work of several services",
                f"split {svc.name} along its subdomains or aggregates, each part with its own data",
            )


@register(
    "too-many-stacks",
    title="Too many technology stacks",
    severity="warning",
    family="operations",
    phase=5,
    fix="Settle on a few supported stacks per platform.",
    catalog=(cite(TAIBI_2018, "Too Many Standards"),),
    thresholds=(
        Threshold(
            "max_languages",
            4,
            "Most distinct programming languages across the services (gateways, which are "
            "configured products rather than code the teams write, not counted).",
        ),
    ),
)
def too_many_stacks(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """More programming languages than the organisation can staff, patch and share code in.

    Gateways are configured products, not code the teams write: not counted.

    Catalog: Taibi & Lenarduzzi 2018 ("Too Many Standards").
    """
    limit = thresholds["max_languages"]
    languages: dict[str, list[str]] = {}
    for svc in design.services:
        if svc.kind != "gateway":
            languages.setdefault(svc.stack.language.lower(), []).append(svc.name)
    if len(languages) > limit:
        listed = ", ".join(f"{lang} ({len(names)})" for lang, names in sorted(languages.items()))
        fewest = min(sorted(languages), key=lambda lang: len(languages[lang]))
        yield too_many_stacks.finding(
            "services",
            ", ".join(sorted(languages)),
            f"the services use {len(languages)} languages, more than {limit:g}: {listed}; "
            "every one needs people, build tooling, libraries and security patches",
            f"agree on a few supported stacks and move the rare ones (such as {fewest}) onto them",
        )
