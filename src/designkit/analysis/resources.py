"""CPU and memory requests and limits of one service, from its capacity.

:func:`service_resources` is the one place these numbers are made; the
capacity plan calls it for every service (``ServiceCapacity.resources``) and
the Kubernetes manifests, their HorizontalPodAutoscaler, the cost and
``designkit analyze --json`` all read that result.

Inputs (per service): ``lambda`` the capacity plan's peak rate (``rate_rps``,
req/s), ``n`` the plan's replicas (sized at the utilisation target),
``S`` ``profile.service_time_ms``, ``w`` ``profile.workers_per_replica``
(requests one replica serves concurrently), ``h`` the autoscaler's CPU target
(``deployment.autoscaling.target_cpu_utilization``; 0.7, the model's default,
when the service has no autoscaler) and the knobs of :class:`ResourceOptions`.

Formulas, for every field ``deployment.resources`` does not set:

- CPU time per request ``c = profile.cpu_ms_per_request`` when given, else
  ``c = cpu_share_of_service_time x S`` (a quarter by default): the service
  time bounds the CPU a request burns, but a typical service spends most of
  it waiting on I/O (its stores, its dependencies), and the whole bound gave
  requests of many cores per replica for designs that set no CPU figure (an
  imported system, a new design). The result says which it used
  (``cpu_basis``); setting ``cpu_ms_per_request`` replaces the assumption;
- ``cpu_request_m = step(lambda / n x c / h)``: a replica's share of the peak
  (``lambda / n`` req/s) times ``c`` ms of CPU each is its CPU use in
  millicores; divided by ``h`` so that the autoscaler, holding CPU use at
  ``h`` of the request, holds each replica at the share of the peak the plan
  sized it for (at the peak it keeps the plan's ``n`` replicas);
  ``step`` rounds up to a multiple of ``cpu_step_m``, at least one step. A
  service no traffic reaches (``lambda = 0``) keeps the model's default
  request (nothing to derive it from);
- ``cpu_limit_m = max(request, min(step(1000 x w x c / S),
  step(cpu_limit_factor x request)))``: the most CPU a replica can use, all
  ``w`` workers busy on CPU at once, but no more than ``cpu_limit_factor``
  times its request so one pod cannot take a node's spare CPU;
- ``memory_request_mib = step(memory_base_mib + memory_per_request_mib x w)``:
  the runtime plus what each concurrent request holds (with the defaults,
  224 + 4 x 8 = 256 MiB for the default 8 workers, the model's former fixed
  default); ``step`` rounds up to ``memory_step_mib``;
- ``memory_limit_mib = step(memory_limit_factor x memory request)``.

A value the design sets always wins (``cpu_limit: null`` written in the file
means no CPU limit). A limit below its request is raised to the request, since
Kubernetes refuses such a pod; the result notes it. So does a CPU request the
design sets below what the peak needs at the CPU target, when the profile
states ``cpu_ms_per_request`` (the service time alone is too loose a bound to
second-guess the architect with).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import Service
from ..model.services import Autoscaling, Resources

__all__ = [
    "ResourceOptions",
    "ServiceResources",
    "quantity_value",
    "service_resources",
]

_QUANTITY = re.compile(r"^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?([A-Za-z]*)$")
_SUFFIX = {
    "": 1.0,
    "m": 1e-3,
    "k": 1e3,
    "M": 1e6,
    "G": 1e9,
    "T": 1e12,
    "P": 1e15,
    "E": 1e18,
    "Ki": 2.0**10,
    "Mi": 2.0**20,
    "Gi": 2.0**30,
    "Ti": 2.0**40,
    "Pi": 2.0**50,
    "Ei": 2.0**60,
}
_MIB = 2.0**20
_DEFAULT = Resources()
_DEFAULT_HPA_TARGET = Autoscaling().target_cpu_utilization


def quantity_value(text: str) -> float | None:
    """A Kubernetes resource quantity as a plain number, None if ``text`` is not one.

    Examples
    --------
    >>> quantity_value("250m"), quantity_value("1.5"), quantity_value("768Mi") / 2**30
    (0.25, 1.5, 0.75)
    >>> quantity_value("lots") is None
    True
    """
    match = _QUANTITY.match(text.strip())
    if match is None or match.group(3) not in _SUFFIX:
        return None
    number, exponent, suffix = match.groups()
    return float(number) * 10.0 ** int(exponent or 0) * _SUFFIX[suffix]


@dataclass(frozen=True)
class ResourceOptions:
    """The assumptions of the resource formulas (module docstring); what-if knobs."""

    cpu_share_of_service_time: float = 0.25
    """CPU time per request as a share of the service time, when the profile
    states no ``cpu_ms_per_request`` (an assumption, named in ``cpu_basis``)."""
    cpu_step_m: int = 50
    """CPU requests and limits are rounded up to a multiple of this many millicores."""
    cpu_limit_factor: float = 2.0
    """A derived CPU limit is at most this many times the request."""
    memory_base_mib: float = 224.0
    """Memory of an idle replica (runtime, libraries, caches), MiB."""
    memory_per_request_mib: float = 4.0
    """Memory one request in flight holds (buffers, objects), MiB."""
    memory_step_mib: int = 16
    """Memory requests and limits are rounded up to a multiple of this many MiB."""
    memory_limit_factor: float = 2.0
    """A derived memory limit is this many times the request."""


@dataclass(frozen=True)
class ServiceResources:
    """Requests and limits of one replica, with the inputs they came from.

    The quantities are Kubernetes strings (a value the design sets is kept as
    written); the ``*_m`` and ``*_mib`` numbers are the same values in
    millicores and MiB (None when a value the design sets is not a quantity).
    """

    service: str
    cpu_request: str
    cpu_limit: str | None
    """None: no CPU limit (the design says so)."""
    memory_request: str
    memory_limit: str
    cpu_request_m: int | None
    cpu_limit_m: int | None
    memory_request_mib: float | None
    memory_limit_mib: float | None
    cpu_ms_per_request: float
    """``c``: CPU time of one request, ms."""
    cpu_basis: str
    """Where ``c`` comes from: ``profile.cpu_ms_per_request`` or
    ``profile.service_time_ms (upper bound)``."""
    rate_per_replica_rps: float
    """``lambda / n``: a replica's share of the peak."""
    workers_per_replica: int
    target_cpu_utilization: float
    """``h``: the autoscaler's CPU target the request is sized for."""
    sources: Mapping[str, str] = field(default_factory=dict)
    """Per field: ``design``, ``derived`` or ``default`` (no traffic to derive from)."""
    notes: tuple[str, ...] = ()


def _step(value: float, step: float) -> int:
    # Rounded first so a float artefact (36.00000000000001) does not add a step.
    return int(max(1, math.ceil(round(value / step, 9))) * step)


def _millicores(text: str | None) -> int | None:
    value = None if text is None else quantity_value(text)
    return None if value is None else round(value * 1000)


def _mib(text: str) -> float | None:
    value = quantity_value(text)
    return None if value is None else value / _MIB


def service_resources(
    svc: Service,
    rate_rps: float,
    replicas: int,
    options: ResourceOptions | None = None,
) -> ServiceResources:
    """Requests and limits of one replica of ``svc`` (formulas in the module docstring).

    Parameters
    ----------
    svc : Service
    rate_rps : float
        ``lambda``, the capacity plan's peak rate of the service.
    replicas : int
        ``n``, the capacity plan's replicas at that peak.
    options : ResourceOptions, optional

    Examples
    --------
    200 req/s over 2 replicas, 40 ms of service time and no CPU figure (so
    ``c = 0.25 x 40 = 10`` ms, assumed), 8 workers, the default 70 % CPU
    target: request ``100 x 10 / 0.7 = 1428.6 -> 1450m``; limit ``min(8 x 10
    / 40 x 1000, 2 x 1450) = 2000m``; memory ``224 + 4 x 8 = 256Mi``, limit
    ``512Mi``.

    >>> from designkit.model import Service
    >>> r = service_resources(Service(name="a", profile={"service_time_ms": 40}), 200, 2)
    >>> r.cpu_request, r.cpu_limit, r.memory_request, r.memory_limit, r.cpu_basis
    ('1450m', '2000m', '256Mi', '512Mi', '25% of profile.service_time_ms (assumed)')

    With ``cpu_ms_per_request: 4``: ``100 x 4 / 0.7 = 571.4 -> 600m``, limit
    ``min(8 x 4 / 40 x 1000 = 800, 2 x 600 = 1200) = 800m``; a request the
    design sets wins (and the limit follows it):

    >>> s = Service(name="a", profile={"service_time_ms": 40, "cpu_ms_per_request": 4})
    >>> r = service_resources(s, 200, 2)
    >>> r.cpu_request, r.cpu_limit, r.sources["cpu_request"]
    ('600m', '800m', 'derived')
    >>> s = Service(name="a", profile={"service_time_ms": 40, "cpu_ms_per_request": 4},
    ...             deployment={"resources": {"cpu_request": "1"}})
    >>> r = service_resources(s, 200, 2)
    >>> r.cpu_request, r.cpu_limit, r.sources["cpu_request"]
    ('1', '1000m', 'design')
    """
    opts = options or ResourceOptions()
    profile = svc.profile
    given = svc.deployment.resources
    written = given.model_fields_set
    autoscaling = svc.deployment.autoscaling
    target = autoscaling.target_cpu_utilization if autoscaling else _DEFAULT_HPA_TARGET
    if profile.cpu_ms_per_request is not None:
        cpu_ms, basis = profile.cpu_ms_per_request, "profile.cpu_ms_per_request"
    else:
        share = opts.cpu_share_of_service_time
        cpu_ms = share * profile.service_time_ms
        basis = f"{share:.0%} of profile.service_time_ms (assumed)"
    per_replica = rate_rps / replicas
    needed = per_replica * cpu_ms / target
    workers = profile.workers_per_replica
    sources: dict[str, str] = {}
    notes: list[str] = []

    if "cpu_request" in written:
        cpu_request, sources["cpu_request"] = given.cpu_request, "design"
    elif rate_rps > 0:
        cpu_request = f"{_step(needed, opts.cpu_step_m)}m"
        sources["cpu_request"] = "derived"
    else:
        cpu_request, sources["cpu_request"] = _DEFAULT.cpu_request, "default"
    request_m = _millicores(cpu_request)
    stated = profile.cpu_ms_per_request is not None and sources["cpu_request"] == "design"
    if stated and request_m is not None and needed > request_m:
        notes.append(
            f"cpu_request {cpu_request} is below the {needed:.0f}m the peak needs at the "
            f"{target:.0%} CPU target: the autoscaler will run more replicas than planned"
        )

    cpu_limit: str | None
    if "cpu_limit" in written:
        cpu_limit, sources["cpu_limit"] = given.cpu_limit, "design"
    elif request_m is None:
        cpu_limit, sources["cpu_limit"] = None, "default"
    else:
        busy = _step(1000 * workers * cpu_ms / profile.service_time_ms, opts.cpu_step_m)
        capped = _step(opts.cpu_limit_factor * request_m, opts.cpu_step_m)
        cpu_limit = f"{max(request_m, min(busy, capped))}m"
        sources["cpu_limit"] = "derived"
    limit_m = _millicores(cpu_limit)
    if request_m is not None and limit_m is not None and limit_m < request_m:
        notes.append(f"cpu_limit {cpu_limit} below the request {cpu_request}: raised to it")
        cpu_limit, limit_m = cpu_request, request_m

    if "memory_request" in written:
        memory_request, sources["memory_request"] = given.memory_request, "design"
    else:
        mib = _step(
            opts.memory_base_mib + opts.memory_per_request_mib * workers, opts.memory_step_mib
        )
        memory_request, sources["memory_request"] = f"{mib}Mi", "derived"
    request_mib = _mib(memory_request)

    if "memory_limit" in written:
        memory_limit, sources["memory_limit"] = given.memory_limit, "design"
    elif request_mib is None:
        memory_limit, sources["memory_limit"] = _DEFAULT.memory_limit, "default"
    else:
        mib = _step(opts.memory_limit_factor * request_mib, opts.memory_step_mib)
        memory_limit, sources["memory_limit"] = f"{mib}Mi", "derived"
    limit_mib = _mib(memory_limit)
    if request_mib is not None and limit_mib is not None and limit_mib < request_mib:
        notes.append(
            f"memory_limit {memory_limit} below the request {memory_request}: raised to it"
        )
        memory_limit, limit_mib = memory_request, request_mib

    return ServiceResources(
        service=svc.name,
        cpu_request=cpu_request,
        cpu_limit=cpu_limit,
        memory_request=memory_request,
        memory_limit=memory_limit,
        cpu_request_m=request_m,
        cpu_limit_m=limit_m,
        memory_request_mib=request_mib,
        memory_limit_mib=limit_mib,
        cpu_ms_per_request=cpu_ms,
        cpu_basis=basis,
        rate_per_replica_rps=per_replica,
        workers_per_replica=workers,
        target_cpu_utilization=target,
        sources=sources,
        notes=tuple(notes),
    )
