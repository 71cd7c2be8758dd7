"""Services, their stores, topics, events and sagas of a synthetic design, as model data.

Call settings follow the e-commerce example's conventions, so the resilience
rules stay quiet: timeouts shrink from the edge to the leaves (a caller's
per-try timeout exceeds what its callee may spend on its own calls), and only
the gateway retries.
"""

from __future__ import annotations

import random
from typing import Any

from .domain import Attr, entity_name
from .topology import Plan, Service

__all__ = ["CALL_TIMEOUT_MS", "events", "sagas", "services", "stores", "topics"]

CALL_TIMEOUT_MS = {1: 500.0, 2: 400.0, 3: 250.0, 4: 120.0}
"""Per-try timeout of a call, by the callee's tier (internal calls never retry)."""

_GATEWAY_RETRIES = 1
_GATEWAY_TIMEOUT_MS = 1200.0  # two 500 ms tries and the Envoy back-off, with room to spare
_SERVICE_TIME_MS = {1: (15, 40), 2: (8, 30), 3: (4, 15), 4: (1, 6)}
_FRAMEWORKS = {"java": "spring-boot", "kotlin": "ktor", "go": "gin", "python": "fastapi"}
_FALLBACKS = (
    "serve the last cached answer",
    "answer without it and mark the result partial",
    "use the default and reconcile later",
)


def services(p: Plan, rng: random.Random) -> list[dict[str, Any]]:
    """Every service, the gateway first."""
    return [_gateway(p), *(_service(p, i, rng) for i in range(1, len(p.services)))]


def _gateway(p: Plan) -> dict[str, Any]:
    return {
        "name": "gateway",
        "team": "platform",
        "kind": "gateway",
        "description": "API gateway: the only entry point from the internet.",
        "stack": {"language": "lua", "framework": "kong"},
        "exposure": "public",
        "dependencies": [
            {
                "target": p.services[call.target].name,
                "timeout_ms": _GATEWAY_TIMEOUT_MS,
                "retries": _GATEWAY_RETRIES,
                "per_try_timeout_ms": CALL_TIMEOUT_MS[1],
            }
            for call in p.services[0].calls
        ],
        "profile": {"service_time_ms": 2.0, "workers_per_replica": 256, "availability": 0.99995},
        "deployment": {"replicas": 3, "autoscaling": {"min_replicas": 3, "max_replicas": 20}},
        "criticality": "critical",
        "auth": "oauth2",
    }


def _service(p: Plan, i: int, rng: random.Random) -> dict[str, Any]:
    svc = p.services[i]
    ctx = p.contexts[svc.context]
    low, high = _SERVICE_TIME_MS[max(svc.tier, 1)]
    out: dict[str, Any] = {
        "name": svc.name,
        "context": ctx.name,
        "team": ctx.team,
    }
    if svc.kind != "business":
        out["kind"] = svc.kind
    out["description"] = _describe(svc, ctx.name)
    out["stack"] = {"language": ctx.language, "framework": _FRAMEWORKS[ctx.language]}
    if svc.public:
        out["exposure"] = "public"
    if svc.kind != "worker":
        out["endpoints"] = _endpoints(svc, ctx.name, rng)
    out["stores"] = [{"store": name} for name in _store_names(svc)]
    deps = [_call(p, svc, call.target, call.hard, rng) for call in svc.calls]
    deps += [
        {"target": p.services[t].name, "protocol": "async", "topic": topic}
        for t, topic in svc.commands
    ]
    if deps:
        out["dependencies"] = deps
    if svc.publishes:
        out["publishes"] = list(svc.publishes)
    out["profile"] = {
        "service_time_ms": float(rng.randint(low, high)),
        "workers_per_replica": rng.choice((8, 16, 32)),
        "availability": 0.99995 if svc.critical else 0.9999,
        "cpu_ms_per_request": float(rng.randint(1, 8)),
    }
    if svc.critical:
        out["criticality"] = "critical"
    elif svc.tier >= 4:
        out["criticality"] = "high"
    if svc.publishes or svc.commands:
        out["outbox"] = True
    return out


def _describe(svc: Service, context: str) -> str:
    if svc.public:
        return f"Public API of the {context} context."
    if svc.kind == "worker":
        return f"Consumes events and keeps the {context} context's projections up to date."
    return f"The {svc.role} of the {context} context."


def _endpoints(svc: Service, context: str, rng: random.Random) -> list[dict[str, Any]]:
    base = f"/v1/{context}" if svc.public else f"/v1/{_plural(svc.role)}"
    items = [
        {"method": "GET", "path": base, "summary": "List"},
        {"method": "GET", "path": f"{base}/{{id}}", "summary": "Read one"},
        {"method": "POST", "path": base, "summary": "Create"},
        {"method": "PUT", "path": f"{base}/{{id}}", "summary": "Replace"},
        {"method": "DELETE", "path": f"{base}/{{id}}", "summary": "Delete"},
    ]
    return items[: rng.randint(2, 5)]


def _plural(word: str) -> str:
    if word.endswith("s"):
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def _store_names(svc: Service) -> list[str]:
    names = [f"{svc.name}-db"]
    if svc.public or svc.role == "query":
        names.append(f"{svc.name}-cache")
    return names


def _call(p: Plan, svc: Service, target: int, hard: bool, rng: random.Random) -> dict[str, Any]:
    callee = p.services[target]
    timeout = CALL_TIMEOUT_MS[callee.tier]
    dep: dict[str, Any] = {"target": callee.name}
    if callee.tier >= 3 and rng.random() < 0.4:
        dep["protocol"] = "grpc"
    if rng.random() < 0.1:
        dep["calls_per_request"] = 2.0
    dep |= {"timeout_ms": timeout, "retries": 0, "per_try_timeout_ms": timeout}
    if not hard:
        dep["hard"] = False
        dep["fallback"] = rng.choice(_FALLBACKS)
    return dep


def stores(p: Plan, attrs: dict[int, list[Attr]], rng: random.Random) -> list[dict[str, Any]]:
    """A primary store per service (and a cache for public and query services)."""
    out: list[dict[str, Any]] = []
    for i, svc in enumerate(p.services):
        if svc.kind == "gateway":
            continue
        classes = sorted({c for _n, _t, c in attrs[i] if c and c != "internal"})
        technology = rng.choices(("postgresql", "mongodb", "mysql", "cassandra"), (6, 2, 1, 1))[0]
        primary: dict[str, Any] = {
            "name": f"{svc.name}-db",
            "technology": technology,
            "owner": svc.name,
            "entities": [entity_name(svc.name)],
        }
        if classes:
            primary["classification"] = classes
        primary["size_gb"] = float(rng.choice((5, 20, 50, 200, 1000)))
        out.append(primary)
        if svc.public or svc.role == "query":
            out.append(
                {
                    "name": f"{svc.name}-cache",
                    "technology": "redis",
                    "owner": svc.name,
                    "purpose": "cache",
                    "backup": None,
                }
            )
    return out


def topics(p: Plan, rng: random.Random) -> list[dict[str, Any]]:
    """Every topic with its consumers (idempotent, so redelivery is harmless)."""
    return [
        {
            "name": topic.name,
            "partitions": rng.choice((3, 6, 12)),
            "key": "id",
            "consumers": [
                {"service": p.services[c].name, "idempotent": True} for c in topic.consumers
            ],
            "message_bytes": rng.choice((512, 1024, 2048, 4096)),
        }
        for topic in p.topics
    ]


_EVENT_VERBS = ("Created", "Updated", "Closed", "Cancelled")


def events(p: Plan, attrs: dict[int, list[Attr]], rng: random.Random) -> list[dict[str, Any]]:
    """One to three events on each event topic, one command on each command topic."""
    out: list[dict[str, Any]] = []
    for topic in p.topics:
        owner = topic.consumers[0] if topic.commands else topic.producer
        entity = entity_name(p.services[owner].name)
        verbs = ["Requested"] if topic.commands else _EVENT_VERBS[: rng.randint(1, 3)]
        for verb in verbs:
            fields = [
                {"name": "id", "type": "uuid"},
                {"name": "occurredAt", "type": "timestamp"},
            ]
            for name, kind, classification in rng.sample(attrs[owner][1:], 1):
                field: dict[str, Any] = {"name": name, "type": kind}
                if classification:
                    field["classification"] = classification
                fields.append(field)
            out.append(
                {"name": f"{entity}{verb}", "topic": topic.name, "format": "avro", "fields": fields}
            )
    return out


def sagas(p: Plan) -> list[dict[str, Any]]:
    """Orchestrated sagas: a compensated start, compensated reservations, a pivot, then
    steps that only retry forward."""
    out: list[dict[str, Any]] = []
    for c, members in p.sagas:
        context = p.contexts[c].name
        orchestrator, *others = (p.services[i] for i in members)
        entity = entity_name(orchestrator.name)
        steps: list[dict[str, Any]] = [
            {
                "name": "record-request",
                "service": orchestrator.name,
                "action": f"Store the {entity} as PENDING.",
                "compensation": f"Mark the {entity} REJECTED.",
            }
        ]
        for n, svc in enumerate(others):
            pivot = n == len(others) - 1 if len(others) < 3 else n == 1
            after = len(others) >= 3 and n > 1
            step: dict[str, Any] = {
                "name": f"step-{n + 1}-{svc.name}",
                "service": svc.name,
                "action": f"{'Confirm' if pivot else 'Update'} {entity_name(svc.name)}.",
            }
            if pivot:
                step["pivot"] = True
            elif not after:
                step["compensation"] = f"Undo the change to {entity_name(svc.name)}."
            steps.append(step)
        out.append(
            {
                "name": f"{context}-saga",
                "orchestrator": orchestrator.name,
                "description": f"Keeps the {context} context's changes consistent across services.",
                "timeout_s": 600.0,
                "steps": steps,
            }
        )
    return out
