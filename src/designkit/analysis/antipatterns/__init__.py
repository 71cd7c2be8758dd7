"""Anti-pattern detection: known microservice smells, found in a design.

Each rule is one small function registered with an id, a severity, the
catalog it comes from and the thresholds it reads (see
:mod:`~designkit.analysis.antipatterns.registry`); :func:`analyze` runs them
and returns :class:`Finding` objects sorted by severity, rule and path. A new
rule is one function plus one ``@register(...)`` in one of the modules below,
grouped by concern:

- ``coupling``: cyclic synchronous dependencies, long chains, hubs, hard-coded endpoints
- ``data``: shared persistence, stores used by non-owners
- ``edge``: no API gateway, services reachable around it, unversioned APIs
- ``resilience``: missing timeouts and circuit breakers, timeout budgets, retry storms
- ``granularity``: nano-services, god services, too many stacks
- ``operations``: health probes, SLOs, mTLS between services, shared deployment units
- ``messaging``: orphan topics, uncompensated saga steps, non-idempotent consumers
- ``domain``: conformists without protection, contexts owned by several teams

Thresholds (override with ``analyze(design, thresholds={...})`` or
``designkit analyze --threshold NAME=VALUE``):

- ``max_sync_hops`` (4): longest allowed synchronous chain, in hops
- ``max_retry_amplification`` (10): most attempts one top request may cause at
  the bottom of a chain (product of 1 + retries per hop)
- ``hub_min_callers`` (8): synchronous callers (gateways not counted) that make a hub
- ``god_max_endpoints`` (25), ``god_max_stores`` (3), ``god_max_dependencies`` (8):
  the most endpoints, stores and synchronously called services one service may have
- ``max_languages`` (4): most distinct languages across services (gateways not counted)
- ``min_last_attempt_share`` (0.5): share of its per-try timeout the last retry of a
  call must keep, in the worst case, within the call's overall timeout

The analysis only reads the design: it never mutates, prints or saves.

Examples
--------
>>> from designkit.model import Design
>>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
...     {"name": "a", "stores": [{"store": "db"}]},
...     {"name": "b", "stores": [{"store": "db"}]}],
...     "stores": [{"name": "db", "owner": "a"}]})
>>> for f in analyze(d, rules=["shared-persistence", "foreign-store-access"]):
...     print(f.severity, f.rule, f.path, f.subject)
error shared-persistence stores[0] db
warning foreign-store-access services[1].stores[0] b -> db
"""

from __future__ import annotations

# Importing the rule modules registers their rules.
from . import coupling, data, domain, edge, granularity, messaging, operations, resilience
from .engine import analyze
from .finding import SEVERITIES, Finding, Severity, summary
from .registry import (
    AnalysisOptionError,
    Rule,
    Threshold,
    default_thresholds,
    get_rule,
    register,
    rules,
    thresholds,
)

__all__ = [
    "SEVERITIES",
    "AnalysisOptionError",
    "Finding",
    "Rule",
    "Severity",
    "Threshold",
    "analyze",
    "coupling",
    "data",
    "default_thresholds",
    "domain",
    "edge",
    "get_rule",
    "granularity",
    "messaging",
    "operations",
    "register",
    "resilience",
    "rules",
    "summary",
    "thresholds",
]
