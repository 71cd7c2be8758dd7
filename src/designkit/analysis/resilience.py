"""Effective call settings: a dependency's own values, else the mesh defaults."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import CircuitBreaker, Dependency, Design, Service

__all__ = ["EffectiveCall", "effective_calls"]


@dataclass(frozen=True)
class EffectiveCall:
    """A synchronous call with the settings that will actually apply to it."""

    caller: str
    callee: str
    protocol: str
    timeout_ms: float | None
    retries: int
    per_try_timeout_ms: float | None
    circuit_breaker: CircuitBreaker | None
    hard: bool
    fallback: str | None
    from_defaults: tuple[str, ...]
    """Which settings came from the mesh defaults rather than the dependency."""


def effective_calls(design: Design) -> list[EffectiveCall]:
    """Every synchronous dependency with its effective timeout, retries and breaker.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "timeout_ms": 200}]},
    ...     {"name": "b"}]})
    >>> call = effective_calls(d)[0]
    >>> call.timeout_ms, call.retries, call.from_defaults
    (200.0, 2, ('retries', 'per_try_timeout_ms', 'circuit_breaker'))
    """
    return [
        _effective(design, svc, dep)
        for svc in design.services
        for dep in svc.dependencies
        if dep.protocol != "async"
    ]


def _effective(design: Design, svc: Service, dep: Dependency) -> EffectiveCall:
    defaults = design.mesh.defaults if design.mesh.technology != "none" else None
    used: list[str] = []

    def pick(name: str) -> object:
        own = getattr(dep, name)
        if own is not None or defaults is None:
            return own
        used.append(name)
        return getattr(defaults, name)

    timeout = pick("timeout_ms")
    retries = pick("retries")
    per_try = pick("per_try_timeout_ms")
    breaker = pick("circuit_breaker")
    return EffectiveCall(
        caller=svc.name,
        callee=dep.target,
        protocol=dep.protocol,
        timeout_ms=timeout,  # type: ignore[arg-type]
        retries=int(retries or 0),  # type: ignore[call-overload]
        per_try_timeout_ms=per_try,  # type: ignore[arg-type]
        circuit_breaker=breaker,  # type: ignore[arg-type]
        hard=dep.hard,
        fallback=dep.fallback,
        from_defaults=tuple(used),
    )
