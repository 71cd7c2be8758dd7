"""Key decisions every design makes, drafted from the design for :mod:`designkit.generate.adr`.

Each draft states what the design chose and the numbers behind it; the caller
skips the drafts whose topic a recorded decision already covers (the
keywords returned with each draft).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.traffic import service_traffic
from ..model import Design

__all__ = ["Draft", "derived_decisions"]

_BROKERS = {
    "kafka": "Apache Kafka",
    "rabbitmq": "RabbitMQ",
    "pulsar": "Apache Pulsar",
    "nats": "NATS",
    "sqs": "Amazon SQS/SNS",
}
_MESHES = {"istio": "Istio", "linkerd": "Linkerd", "consul": "Consul service mesh"}
_GATEWAYS = {
    "kong": "Kong",
    "envoy-gateway": "Envoy Gateway",
    "nginx": "NGINX",
    "aws-api-gateway": "Amazon API Gateway",
    "other": "the chosen gateway",
}


@dataclass(frozen=True)
class Draft:
    """A decision drafted from the design (MADR sections)."""

    title: str
    context: str
    drivers: tuple[str, ...]
    options: tuple[str, ...]
    outcome: str
    consequences: tuple[str, ...]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _first(chosen: str, names: dict[str, str], extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    return (names[chosen], *(v for k, v in names.items() if k != chosen), *extra)


def _broker(design: Design) -> Draft | None:
    broker = design.platform.broker
    if broker == "none" or not design.topics:
        return None
    name = _BROKERS[broker]
    rate = sum(t.message_rps for t in service_traffic(design).topics.values())
    consumers = [c for t in design.topics for c in t.consumers]
    keyed = sum(1 for t in design.topics if t.key)
    compacted = sum(1 for t in design.topics if t.cleanup == "compact")
    return Draft(
        title=f"Use {name} as the message broker",
        context=(
            f"{len(design.events)} event types travel over {len(design.topics)} topics to "
            f"{len({c.service for c in consumers})} consuming services; at peak the journeys "
            f"publish about {rate:.0f} messages/s (phase 6 traffic analysis). Which broker "
            "carries them?"
        ),
        drivers=(
            f"Throughput: about {rate:.0f} messages/s at peak",
            f"Ordering per key on {keyed} of {len(design.topics)} topics",
            "Replay for rebuilding read models: "
            + _count(compacted, "compacted topic", "compacted topics")
            + f", retention up to {max(t.retention_hours for t in design.topics):g} h",
        ),
        options=_first(broker, _BROKERS),
        outcome=(
            f"Chosen option: {name} (platform.broker), with "
            f"{sum(t.partitions for t in design.topics)} partitions over "
            f"{len(design.topics)} topics sized in phase 3."
        ),
        consequences=(
            f"Delivery is at least once: {sum(c.idempotent for c in consumers)} of "
            f"{len(consumers)} consumers are idempotent.",
            f"{sum(1 for c in consumers if c.dead_letter)} of {len(consumers)} consumers "
            "park failing messages in a dead-letter topic.",
            "Partition counts are hard to lower later; the key fixes the ordering scope.",
        ),
    )


def _sagas(design: Design) -> Draft | None:
    if not design.sagas:
        return None
    styles = sorted({s.style for s in design.sagas})
    style = styles[0] if len(styles) == 1 else None
    lines = []
    for saga in design.sagas:
        pivot = next((s.name for s in saga.steps if s.pivot), None)
        by = f" by {saga.orchestrator}" if saga.orchestrator else ""
        lines.append(
            f"{saga.name}: {saga.style}{by}, {len(saga.steps)} steps"
            + (f", pivot {pivot}" if pivot else "")
            + f", timeout {saga.timeout_s:g} s"
        )
    return Draft(
        title=(
            f"Coordinate sagas by {style}" if style else "Choose the saga style per transaction"
        ),
        context=(
            _count(len(design.sagas), "business transaction spans", "business transactions span")
            + " services that each own their data, so no database transaction can cover "
            "them. How are their steps coordinated and undone?"
        ),
        drivers=("Visibility of each transaction's state", "Explicit compensation of each step"),
        options=(
            "Orchestration: a coordinator sends commands and keeps the saga's state",
            "Choreography: each service reacts to the previous step's event",
            "Distributed transactions (two-phase commit) across the services",
        ),
        outcome="Chosen: " + "; ".join(lines) + ".",
        consequences=(
            "Orchestrators know every step: a new step changes them, and their state "
            "answers 'where is my order?'.",
            "Choreographed flows have no single place that shows them: trace them with "
            "correlation ids.",
            "Steps before the pivot need compensations; steps after it only retry forward.",
        ),
    )


def _consistency(design: Design) -> Draft | None:
    owners = {s.owner for s in design.stores if s.owner}
    if len(design.services) < 2:
        return None
    outbox = [s.name for s in design.services if s.outbox]
    publishers = [s.name for s in design.services if s.publishes and not s.outbox]
    consumers = [c for t in design.topics for c in t.consumers]
    consequences = [
        "Reads across services may be stale for as long as events take to arrive.",
        f"Consumers must tolerate redelivery: {sum(c.idempotent for c in consumers)} of "
        f"{len(consumers)} are idempotent.",
    ]
    if publishers:
        consequences.append(
            "Publishing without a transactional outbox may lose or invent events on a "
            f"crash: {', '.join(publishers)}."
        )
    return Draft(
        title="Eventual consistency between services, transactions within one",
        context=(
            f"{len(design.stores)} stores are owned by {len(owners)} services (database per "
            "service); "
            + _count(len(design.sagas), "saga spans", "sagas span")
            + " services. How are invariants that cross services kept?"
        ),
        drivers=(
            f"Availability target {design.requirements.availability * 100:g}%: no service may "
            "block on another's transaction",
            "Each service owns its data",
        ),
        options=(
            "Eventual consistency: local transactions, events and sagas",
            "Distributed transactions (two-phase commit / XA) across services",
            "A shared database",
        ),
        outcome=(
            "Chosen: eventual consistency. Each service commits locally and publishes events"
            + (f" through a transactional outbox ({', '.join(outbox)})" if outbox else "")
            + "; invariants across services are kept by sagas with compensations."
        ),
        consequences=tuple(consequences),
    )


def _mesh(design: Design) -> Draft:
    mesh = design.mesh
    calls = sum(1 for s in design.services for d in s.dependencies if d.protocol != "async")
    d = mesh.defaults
    if mesh.technology == "none":
        return Draft(
            title="No service mesh",
            context=f"{calls} synchronous calls need timeouts, retries, breakers and TLS.",
            drivers=("Operational simplicity",),
            options=_first("none", {"none": "No mesh: libraries per language", **_MESHES}),
            outcome="Chosen: no mesh; each service sets its own timeouts, retries and TLS.",
            consequences=(
                "Resilience and mTLS must be implemented in every stack.",
                "No uniform telemetry of calls between services.",
            ),
        )
    name = _MESHES[mesh.technology]
    return Draft(
        title=f"Use {name} as the service mesh with {mesh.mtls.mode} mTLS",
        context=(
            f"{calls} synchronous calls need timeouts, retries and outlier detection, and "
            "traffic between services must be encrypted and authenticated."
        ),
        drivers=("Zero trust: mutual TLS between every pair of services", "Uniform resilience"),
        options=(*_first(mesh.technology, _MESHES), "No mesh: libraries per language"),
        outcome=(
            f"Chosen: {name}, mTLS {mesh.mtls.mode} with certificates rotated every "
            f"{mesh.mtls.rotation_hours:g} h; defaults timeout "
            + (f"{d.timeout_ms:g} ms" if d.timeout_ms else "none")
            + f", {d.retries} retries."
        ),
        consequences=(
            "A sidecar per pod: a little latency and memory on every call.",
            "Timeouts, retries and breakers live in generated mesh resources.",
        ),
    )


def _gateway(design: Design) -> Draft | None:
    gateway = design.gateway
    if gateway is None:
        return None
    name = _GATEWAYS[gateway.technology]
    limited = sum(1 for r in gateway.routes if r.rate_limit)
    auth = sorted({r.auth for r in gateway.routes})
    return Draft(
        title=f"Use {name} as the API gateway",
        context=(
            f"{len(gateway.routes)} routes expose "
            f"{len({r.service for r in gateway.routes})} services to clients; they need "
            "one entry point for authentication, rate limits, CORS and versioning."
        ),
        drivers=("One place for edge security", "Configuration as code"),
        options=_first(gateway.technology, _GATEWAYS),
        outcome=(
            f"Chosen: {name}; authentication {', '.join(auth) or 'none'}, rate limits on "
            f"{limited} of {len(gateway.routes)} routes."
        ),
        consequences=(
            "The gateway is on every journey's hard path: it needs the most replicas.",
            "Routes are generated from the design; changes go through review.",
        ),
    )


def derived_decisions(design: Design) -> list[tuple[tuple[str, ...], Draft]]:
    """The drafts this design supports, each with the keywords that mark it recorded.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}]})
    >>> [draft.title for _, draft in derived_decisions(d)]
    ['Use Istio as the service mesh with STRICT mTLS']
    """
    mesh = design.mesh.technology
    gateway = design.gateway.technology if design.gateway else "gateway"
    broker = design.platform.broker
    found = [
        (("broker", "messaging", broker, _BROKERS.get(broker, broker).lower()), _broker(design)),
        (("saga",), _sagas(design)),
        (("consisten", "outbox", "two-phase"), _consistency(design)),
        (("mesh", mesh), _mesh(design)),
        (("gateway", gateway), _gateway(design)),
    ]
    return [
        (tuple(k for k in keys if k not in ("none", "other")), draft)
        for keys, draft in found
        if draft is not None
    ]
