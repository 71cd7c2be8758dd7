"""The design file ``designkit new`` writes: valid from the start, and a guide to filling it.

Metadata and requirements come with prompts (the values are designkit's
defaults, to be confirmed in phase 0); every later section is empty, with a
comment naming the phase that fills it and what it holds.
"""

from __future__ import annotations

import json

from ..phases import phase

__all__ = ["SECTIONS", "starter_text"]

SECTIONS: tuple[tuple[str, str, int, str], ...] = (
    ("teams", "[]", 0, "the teams that will own services: name, size, kind, skills"),
    ("event_storming", "{}", 1, "the event-storming board (stickies on a timeline)"),
    ("domain", "{}", 1, "aggregates, entities, commands and use cases"),
    ("contexts", "[]", 1, "bounded contexts: core, supporting, generic"),
    ("context_map", "[]", 1, "relations between contexts (customer-supplier, ACL, ...)"),
    ("services", "[]", 1, "the service catalog: owner, stack, dependencies; APIs in phase 4"),
    ("gateway", "null", 2, "edge routes, auth, rate limits, CORS"),
    ("mesh", "{}", 2, "mTLS, timeouts, retries, circuit breakers, canaries"),
    ("stores", "[]", 3, "one data store per service"),
    ("topics", "[]", 3, "broker topics: partitions, replication, retention"),
    ("events", "[]", 3, "event schemas and their versions"),
    ("sagas", "[]", 3, "cross-service transactions, each step with its compensation"),
    ("platform", "{}", 5, "Kubernetes, release strategy, CI/CD"),
    ("journeys", "[]", 6, "user journeys: their share of traffic and the calls they make"),
    ("slos", "[]", 6, "SLOs per service and journey"),
    ("observability", "{}", 6, "tracing, logging and retention, on-call"),
    ("security", "{}", 7, "zero trust, roles, secrets, data classification"),
    ("disaster_recovery", "{}", 7, "RPO/RTO per service, backups, failover"),
    ("decisions", "[]", 8, "architecture decision records (any phase)"),
    ("accepted", "[]", 8, "findings accepted as known risks: rule, path, reason, until"),
    ("open_questions", "[]", 0, "the parking lot: questions and decisions to revisit (any phase)"),
    ("workshop", "{}", 0, "the agenda: timebox per session, current phase, ticked criteria"),
)
"""Every later section: key, empty value, the phase that fills it, and what it holds."""


def _q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid, safely quoted YAML scalar


def starter_text(name: str) -> str:
    """The YAML text of a new, valid design called ``name``, with a comment per section.

    Examples
    --------
    >>> from designkit.io import loads
    >>> d = loads(starter_text("shop"))
    >>> d.metadata.name, d.services, d.requirements.traffic.peak_rps
    ('shop', [], 10.0)
    >>> "# Phase 3" in starter_text("shop")
    True
    """
    lines = [
        f"# {name}: a designkit design, filled phase by phase in the workshop",
        f"# (`designkit lab {name}.yaml`) or here. `designkit validate` checks it.",
        "schema_version: 1",
        "",
        f"# Phase 0 ({phase(0).title}): who and what the design is.",
        "metadata:",
        f"  name: {_q(name)}",
        '  # title: "Shop platform"          # for the report\'s title page',
        '  # domain: "Retail / e-commerce"   # the business domain',
        '  description: ""                   # what the system does, for whom, in a sentence',
        "",
        "# Phase 0: requirements. The requirements form in notebook 00 writes them; or",
        "# uncomment a prompt and set it as the group agrees (until then designkit assumes",
        "# the value shown, and the phase-0 checklist shows it as not yet agreed).",
        "requirements:",
        "  kind: greenfield   # or migration (strangler fig from a monolith)",
        "  capabilities: []   # business capabilities, e.g. - {name: Checkout}",
        "  # traffic: {peak_rps: 10, growth_per_year: 0.0, read_ratio: 0.8}",
        "  # latency: {percentile: 95, threshold_ms: 200}",
        "  # availability: 0.999          # 99.9%",
        "  # compliance: []               # pci-dss, hipaa, gdpr, sox, iso-27001, soc2",
        "  # budget: {monthly: 20000, currency: USD}",
        "  # constraints: []              # technology or organisational constraints",
        "  # domain_complexity: medium    # low, medium or high",
        "  # mvp: false                   # true while still searching for the market",
        "  expected_lifetime_years: 5     # how long the system is meant to live",
        "",
    ]
    for key, empty, number, holds in SECTIONS:
        lines.append(f"# Phase {number}: {holds}.")
        lines.append(f"{key}: {empty}")
        lines.append("")
    return "\n".join(lines)
