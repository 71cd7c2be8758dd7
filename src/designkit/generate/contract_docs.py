"""Phase 4's written contracts (``docs/contracts.md``): how services find and call each other.

Five sections, each drawn from the design: service discovery and client-side
load balancing (each call's ``discovery`` and the mesh), error handling and
retries (the effective settings of every call, and each consumer's retries
and dead letter), a consumer-driven contract-testing plan (one row per
consumer and provider pair, synchronous or through a topic), the versioning
and deprecation policy (route versions, event compatibility and the check of
each event version against the one before), and the secrets-management plan.

User text is written as it is, except in table cells, where pipes are
escaped and line breaks become spaces so that no name can break a table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..analysis.resilience import EffectiveCall, effective_calls
from ..analysis.traffic import topic_ends
from ..model import CircuitBreaker, Dependency, Design, Secret, Service
from .openapi import rest_endpoints
from .registry import Document, Generator
from .schemas import version_checks
from .write import safe_path

__all__ = ["GENERATOR", "build", "cell", "contracts", "table"]

_MESH_BALANCING = {
    "istio": "Envoy sidecar, least request (Istio's default), per request",
    "linkerd": "linkerd2-proxy, EWMA of latency, per request",
    "consul": "Envoy sidecar (Consul service mesh), round robin, per request",
}

_SECRET_STORES = {
    "vault": "HashiCorp Vault: short-lived credentials (database secrets engine) "
    "delivered to pods by the Vault agent or the CSI provider, never stored in git.",
    "external-secrets": "External Secrets Operator: values live in the cloud secret "
    "store and are synced into Kubernetes Secrets; git holds only the references.",
    "sealed-secrets": "Sealed Secrets: encrypted in git, decrypted only by the "
    "in-cluster controller; rotation means re-sealing and redeploying.",
    "cloud-kms": "The cloud provider's secret manager and KMS, read at start-up "
    "through workload identity; no long-lived keys in pods.",
    "other": "The team's secret store (platform.secrets: other); document how pods get values.",
}

_MODES = {
    "backward": "Consumers on the new version read old data: fields may be removed "
    "and optional fields added; upgrade consumers first.",
    "forward": "Consumers on the old version read new data: fields may be added and "
    "optional fields removed; upgrade producers first.",
    "full": "Both: only optional fields may be added or removed; upgrade in any order.",
    "none": "No check: every change needs a coordinated release (avoid).",
}


def cell(value: object) -> str:
    r"""``value`` as a table cell: pipes escaped, line breaks as spaces.

    Examples
    --------
    >>> cell("a|b\nc")
    'a\\|b c'
    """
    text = " ".join(str(value).splitlines())
    return text.replace("|", "\\|")


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table; every cell goes through :func:`cell`.

    Examples
    --------
    >>> print(table(["a", "b"], [["x|y", 1]]))
    | a | b |
    |---|---|
    | x\\|y | 1 |
    """
    lines = [
        "| " + " | ".join(cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _team(design: Design, name: str) -> str:
    team = next((s.team for s in design.services if s.name == name), None)
    return f"{name} ({team})" if team else name


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _number(value: float) -> str:
    return f"{value:g}"


def _breaker(breaker: CircuitBreaker | None) -> str:
    if breaker is None:
        return "none"
    return (
        f"{breaker.consecutive_errors} errors / {_number(breaker.interval_s)} s, "
        f"eject {_number(breaker.base_ejection_s)} s"
    )


def _balancing(design: Design, dep: Dependency) -> str:
    mesh = design.mesh.technology
    grpc = dep.protocol == "grpc"
    if dep.discovery == "mesh":
        if mesh == "none":
            return "none: no mesh is configured, so this falls back to DNS (set discovery)"
        return _MESH_BALANCING[mesh] + ("; HTTP/2 streams spread across pods" if grpc else "")
    if dep.discovery == "dns":
        if grpc:
            return (
                "DNS: long-lived HTTP/2 connections pin to one pod; use a headless "
                "Service and the gRPC client's round_robin policy"
            )
        return "DNS and kube-proxy: balanced per connection, not per request"
    if dep.discovery == "registry":
        return "client-side: the client library picks an instance from the registry"
    return "none: a fixed address; use the mesh or DNS instead"


def _sync(design: Design) -> list[tuple[Service, Dependency]]:
    return [(s, d) for s in design.services for d in s.dependencies if d.protocol != "async"]


def _discovery(design: Design) -> list[str]:
    mesh = design.mesh
    out = ["## Service discovery and load balancing", ""]
    if mesh.technology == "none":
        out.append("No service mesh: calls rely on their own discovery and TLS.")
    else:
        out.append(
            f"Service mesh: {mesh.technology}, mTLS {mesh.mtls.mode}. Calls marked "
            "'mesh' resolve the Kubernetes Service name and let the sidecar pick a pod "
            "for every request (client-side load balancing in the proxy)."
        )
    if design.platform.broker != "none" and design.topics:
        out.append("")
        out.append(
            f"Events go through {design.platform.broker}: producers and consumers "
            "find the brokers from the bootstrap address, and a consumer group shares "
            "a topic's partitions among its replicas."
        )
    calls = _sync(design)
    out.append("")
    if calls:
        out.append(
            table(
                ["Caller", "Callee", "Protocol", "Discovery", "Load balancing"],
                [
                    (s.name, d.target, d.protocol, d.discovery, _balancing(design, d))
                    for s, d in calls
                ],
            )
        )
    else:
        out.append("No synchronous calls.")
    return out


def _failure(call: EffectiveCall) -> str:
    if call.fallback:
        return f"fallback: {call.fallback}"
    return "fail the request" if call.hard else "degrade (soft dependency)"


def _errors(design: Design) -> list[str]:
    out = [
        "## Error handling and retries",
        "",
        "- Errors are RFC 9457 problem details (`application/problem+json`) with a "
        "stable `type` per error; clients branch on `status` and `type`, never on text.",
        "- Retry only idempotent requests (GET, PUT, DELETE, or writes carrying an "
        "`Idempotency-Key`), on connection failures, 503 and 429; never on other 4xx.",
        "- Back off exponentially with full jitter and honour `Retry-After`; a retry "
        "budget (the attempts below) bounds the extra load a failing callee receives.",
    ]
    mesh = design.mesh
    if mesh.technology != "none":
        d = mesh.defaults
        timeout = f"{_number(d.timeout_ms)} ms" if d.timeout_ms else "none"
        out.append(
            f"- Mesh defaults for calls that set nothing: timeout {timeout}, "
            f"{_plural(d.retries, 'retry', 'retries')} on {', '.join(d.retry_on)}, circuit breaker "
            f"{_breaker(d.circuit_breaker)}."
        )
    calls = effective_calls(design)
    out.append("")
    if calls:
        rows = [
            (
                c.caller,
                c.callee,
                f"{_number(c.timeout_ms)} ms" if c.timeout_ms else "none (add one)",
                c.retries + 1,
                f"{_number(c.per_try_timeout_ms)} ms" if c.per_try_timeout_ms else "-",
                _breaker(c.circuit_breaker),
                _failure(c),
                ", ".join(c.from_defaults) or "-",
            )
            for c in calls
        ]
        out.append(
            table(
                [
                    "Caller",
                    "Callee",
                    "Timeout",
                    "Attempts",
                    "Per try",
                    "Circuit breaker",
                    "On failure",
                    "From mesh defaults",
                ],
                rows,
            )
        )
    else:
        out.append("No synchronous calls.")
    consumers = [(t.name, c) for t in design.topics for c in t.consumers]
    if consumers:
        out += [
            "",
            "Consumers retry a message, then park it in their dead-letter topic; "
            "a consumer that is not idempotent must deduplicate by event id, "
            "because delivery is at least once.",
            "",
            table(
                ["Topic", "Consumer", "Group", "Retries", "Dead letter", "Idempotent"],
                [
                    (
                        topic,
                        c.service,
                        c.group or c.service,
                        c.retries,
                        c.dead_letter or "none",
                        "yes" if c.idempotent else "no",
                    )
                    for topic, c in consumers
                ],
            ),
        ]
    return out


_PACT = {
    "rest": "Pact HTTP",
    "graphql": "Pact HTTP (GraphQL queries)",
    "grpc": "Pact with the protobuf plugin",
}


def _contract_tests(design: Design) -> list[str]:
    documented = {s.name for s in design.services if rest_endpoints(s)}
    out = [
        "## Consumer-driven contract tests",
        "",
        "Each consumer writes the contract of what it uses (Pact), publishes it to a "
        "broker, and the provider's pipeline verifies every published contract before "
        "it deploys (`can-i-deploy`). Providers also check their OpenAPI document or "
        "schemas against the contracts, so a breaking change fails in the provider's "
        "build, not in production.",
        "",
    ]
    pairs: dict[tuple[str, str], Dependency] = {}
    for service, dep in _sync(design):
        pairs.setdefault((service.name, dep.target), dep)
    rows: list[tuple[object, ...]] = []
    for (consumer, provider), dep in pairs.items():
        spec = f"openapi/{provider}.yaml" if provider in documented else "-"
        if dep.protocol == "grpc":
            spec = f"{provider}'s .proto"
        rows.append(
            (
                consumer,
                provider,
                dep.protocol,
                _PACT[dep.protocol],
                _team(design, consumer),
                _team(design, provider),
                spec,
            )
        )
    publishers, consumers = topic_ends(design)
    events_on: dict[str, list[str]] = {}
    for event in design.events:
        names = events_on.setdefault(event.topic, [])
        if event.name not in names:
            names.append(event.name)
    for topic in design.topics:
        for producer in publishers.get(topic.name, []):
            for consumer in consumers.get(topic.name, []):
                if consumer == producer:
                    continue
                rows.append(
                    (
                        consumer,
                        producer,
                        f"topic {topic.name}",
                        "Pact message: "
                        + (", ".join(events_on.get(topic.name, [])) or "no events defined yet"),
                        _team(design, consumer),
                        _team(design, producer),
                        "schemas/ and the schema registry",
                    )
                )
    if rows:
        out.append(
            table(
                [
                    "Consumer",
                    "Provider",
                    "Through",
                    "Contract",
                    "Written by",
                    "Verified by",
                    "Checked against",
                ],
                rows,
            )
        )
    else:
        out.append("No service consumes another: nothing to test yet.")
    return out


def _versioning(design: Design) -> list[str]:
    out = [
        "## Versioning and deprecation",
        "",
        "- HTTP APIs carry their major version in the route (`/v1/...`). Additive "
        "changes (new endpoints, optional fields, new optional parameters) stay in "
        "the version; anything else is a new version served beside the old one.",
        "- A version is deprecated by announcing it with the `Deprecation` (RFC 9745) "
        "and `Sunset` (RFC 8594) response headers and in the changelog; it is removed "
        "after the sunset date once its traffic, by consumer, has reached zero.",
        "- Events follow their compatibility mode, enforced by the schema registry: "
        "a change that breaks it is a new event (or topic) instead.",
    ]
    routes = design.gateway.routes if design.gateway else []
    if routes:
        out += [
            "",
            table(
                ["Route", "Path", "Methods", "Service", "Version"],
                [
                    (
                        r.name,
                        r.path,
                        ", ".join(r.methods),
                        r.service,
                        r.version or "none (add one)",
                    )
                    for r in routes
                ],
            ),
        ]
    if design.events:
        checks = {(c.event, c.new): c for c in version_checks(design)}
        rows = []
        for event in design.events:
            check = checks.get((event.name, event.version))
            if check is None:
                status = "first version"
            elif check.problems:
                status = "breaks: " + "; ".join(check.problems)
            else:
                status = f"compatible with v{check.old}"
            rows.append(
                (event.name, event.topic, event.format, event.version, event.compatibility, status)
            )
        out += [
            "",
            table(
                ["Event", "Topic", "Format", "Version", "Compatibility", "Against the previous"],
                rows,
            ),
            "",
            table(
                ["Mode", "What may change"],
                [
                    (m, _MODES[m])
                    for m in _MODES
                    if any(e.compatibility == m for e in design.events)
                ],
            ),
        ]
    return out


def _secret_notes(secret: Secret) -> str:
    notes = [secret.description] if secret.description else []
    if len(secret.services) > 1:
        notes.append(
            f"shared by {len(secret.services)} services: one per service limits the blast radius"
        )
    return "; ".join(notes)


def _secrets(design: Design) -> list[str]:
    security = design.security
    out = [
        "## Secrets management",
        "",
        f"Store: {_SECRET_STORES[design.platform.secrets]}",
        "",
        f"- Access tokens live {security.token_lifetime_minutes} minutes; the signing "
        "keys rotate as listed below, with the old key published until its tokens expire.",
    ]
    if design.mesh.technology != "none":
        out.append(
            f"- Workload certificates (mTLS) are issued by the mesh and rotated every "
            f"{_number(design.mesh.mtls.rotation_hours)} h; no service handles them."
        )
    out.append("")
    if security.secrets:
        out.append(
            table(
                ["Secret", "Kind", "Used by", "Rotation", "Notes"],
                [
                    (
                        s.name,
                        s.kind,
                        ", ".join(s.services) or "-",
                        f"every {s.rotation_days} days",
                        _secret_notes(s),
                    )
                    for s in security.secrets
                ],
            )
        )
    else:
        out.append("The design lists no secrets yet (security.secrets).")
    return out


def _artifacts(design: Design) -> list[str]:
    def link(label: str, path: str) -> str:
        return f"[{label}](../{safe_path(path).as_posix()})"

    documented = [s.name for s in design.services if rest_endpoints(s)]
    out = []
    if documented:
        out.append("- OpenAPI 3.1: " + ", ".join(link(n, f"openapi/{n}.yaml") for n in documented))
    if design.topics:
        name = design.metadata.name
        out.append(f"- AsyncAPI 3.0: {link(name, f'asyncapi/{name}.yaml')}")
    if design.events:
        out.append(f"- Event schemas: {len(design.events)} versions under `schemas/`")
    return out


def contracts(design: Design) -> str:
    """The contracts document of ``design``, as Markdown."""
    title = design.metadata.title or design.metadata.name
    parts = [
        [f"# Service contracts: {title}", "", *_artifacts(design)],
        _discovery(design),
        _errors(design),
        _contract_tests(design),
        _versioning(design),
        _secrets(design),
    ]
    return "\n\n".join("\n".join(p).strip("\n") for p in parts) + "\n"


def build(design: Design) -> list[Document]:
    """``docs/contracts.md``.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}})
    >>> doc = build(d)[0]
    >>> doc.path, doc.content.splitlines()[0]
    ('docs/contracts.md', '# Service contracts: x')
    """
    return [Document("docs/contracts.md", contracts(design), "markdown")]


GENERATOR = Generator(
    "contract_docs",
    "Markdown: discovery, retries, contract tests, versioning, secrets",
    build,
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
