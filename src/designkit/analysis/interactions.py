"""What a call does to its callee: a command changes its data, a query only reads it.

Communication recommendations and the migration plan both need to know
whether a caller writes or reads through a dependency; the rules live here once.
"""

from __future__ import annotations

from typing import Literal

from ..model import Design, Endpoint

__all__ = [
    "EDGE_KINDS",
    "READ_METHODS",
    "READ_VERBS",
    "Interaction",
    "interaction",
    "reads",
    "saga_steps",
]

Interaction = Literal["command", "query", "unknown"]

EDGE_KINDS = frozenset({"gateway", "frontend"})
"""Service kinds whose calls carry requests from browsers, apps or partners."""

# fmt: off
READ_VERBS = (
    "get", "list", "batchget", "check", "search", "find", "lookup", "query", "read",
    "fetch", "score", "screen", "decide", "validate", "verify", "quote", "estimate",
    "calculate", "count", "describe",
)
# fmt: on
"""gRPC method-name prefixes that read or compute without changing the callee's data."""

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""HTTP methods that only read."""


def reads(endpoint: Endpoint) -> bool:
    """True for an endpoint that only reads: GET, HEAD, OPTIONS, or a gRPC read verb.

    Examples
    --------
    >>> from designkit.model import Endpoint
    >>> reads(Endpoint(method="POST", path="inventory.v1.Inventory/GetAvailability"))
    True
    >>> reads(Endpoint(method="POST", path="/v1/orders"))
    False
    """
    if endpoint.method in READ_METHODS:
        return True
    if _is_rpc(endpoint):
        return endpoint.path.rsplit("/", 1)[1].lower().startswith(READ_VERBS)
    return False


def _is_rpc(endpoint: Endpoint) -> bool:
    # gRPC methods are written 'pkg.Service/Method'; REST paths start with '/'.
    return "/" in endpoint.path and not endpoint.path.startswith("/")


def saga_steps(design: Design, caller: str, callee: str) -> list[tuple[str, bool, bool]]:
    """(saga.step, side effects, after the pivot) of every step ``callee`` runs for ``caller``.

    A step is run *for* the caller when the caller orchestrates its saga, or,
    in a choreography, runs the step just before it. Without a pivot the last
    step counts as the pivot (as the saga rules do).
    """
    found: list[tuple[str, bool, bool]] = []
    for saga in design.sagas:
        pivot = next((k for k, s in enumerate(saga.steps) if s.pivot), len(saga.steps) - 1)
        for k, step in enumerate(saga.steps):
            if step.service != callee or callee == caller:
                continue
            if saga.style == "orchestration":
                asks = saga.orchestrator == caller
            else:
                asks = k > 0 and saga.steps[k - 1].service == caller
            if asks:
                found.append((f"{saga.name}.{step.name}", step.side_effects, k > pivot))
    return found


def interaction(design: Design, caller: str, callee: str) -> Interaction:
    """Whether ``caller`` sends ``callee`` commands (writes) or queries (reads).

    A saga step the callee runs for the caller decides first (any step with
    side effects: command; only checks: query). Otherwise the callee's
    endpoints decide: the gRPC ones for an internal caller when it has any
    (its internal API), else all of them; all reads is a query, all writes a
    command, a mix or none is unknown. GET, HEAD and OPTIONS read; a gRPC
    method reads when its name starts with a verb of :data:`READ_VERBS`.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "protocol": "grpc"}]},
    ...     {"name": "b", "endpoints": [
    ...         {"method": "GET", "path": "/v1/b"},
    ...         {"method": "POST", "path": "b.v1.B/GetThing"}]}]})
    >>> interaction(d, "a", "b")
    'query'
    """
    steps = saga_steps(design, caller, callee)
    if steps:
        return "command" if any(effects for _, effects, _ in steps) else "query"
    target = next((s for s in design.services if s.name == callee), None)
    if target is None or not target.endpoints:
        return "unknown"
    source = next((s for s in design.services if s.name == caller), None)
    endpoints = target.endpoints
    rpc = [e for e in endpoints if _is_rpc(e)]
    if rpc and (source is None or source.kind not in EDGE_KINDS):
        endpoints = rpc
    kinds = {reads(e) for e in endpoints}
    if kinds == {True}:
        return "query"
    if kinds == {False}:
        return "command"
    return "unknown"
