"""Capacity of every service and topic from the propagated peak traffic.

Each service is modelled as one M/M/c queue: Poisson arrivals at the
service's peak rate, exponential service times with the mean of its
``Profile.service_time_ms``, and ``c`` servers (workers, pooled over all
replicas). A real load balancer spreads requests over separate replica queues,
which waits a little longer than one pooled queue, so treat the counts as a
floor to load-test, not a guarantee.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import Design, Service
from ..sizing import kafka
from ..sizing.queueing import mmc
from ..sizing.staffing import DEFAULT_MAX_UTILIZATION, min_servers
from .journey_calls import Call, sync_calls
from .resources import ResourceOptions, ServiceResources, service_resources
from .traffic import DEFAULT_FAILURE_PROBABILITY, TrafficReport, service_traffic

__all__ = [
    "Bulkhead",
    "CapacityOptions",
    "CapacityPlan",
    "LatencyGoal",
    "ServiceCapacity",
    "TopicCapacity",
    "capacity_plan",
    "latency_goal",
]


@dataclass(frozen=True)
class CapacityOptions:
    """The assumptions of the capacity plan; every field is a what-if knob."""

    target_utilization: float = DEFAULT_MAX_UTILIZATION
    """Highest mean busy share of a worker at peak."""
    failure_probability: float = DEFAULT_FAILURE_PROBABILITY
    """Per-attempt failure probability used to count retries (see traffic)."""
    average_share: float | None = None
    """Average load as a share of peak; None: ``requirements.traffic.average_rps /
    peak_rps`` when ``average_rps`` is set, else 1/3."""
    headroom: float = 1.5
    """Burst headroom on top of a year's growth, for the autoscaler's maximum."""
    slo_replica_floor: int = 2
    """Fewest replicas of a service that has an SLO (one can be drained or lost)."""
    bulkhead_safety: float = 1.2
    """Factor on the Little's-law concurrency of a call, for bursts."""
    include_messages: bool = False
    """Count consumed messages as work (one service time each) besides requests.

    Off by default: the traffic rule publishes a message per request handled
    (reads too), an upper bound, and ``service_time_ms`` describes requests;
    a consumer's batch ingestion usually costs far less per message."""
    producer_mb_s: float = 10.0
    """Throughput one partition takes from producers, MB/s."""
    consumer_mb_s: float = 5.0
    """Throughput one partition gives one consumer, MB/s."""
    resources: ResourceOptions = field(default_factory=ResourceOptions)
    """The assumptions of the CPU and memory requests and limits (see resources)."""


@dataclass(frozen=True)
class LatencyGoal:
    """A latency target: the ``quantile`` of the response time under ``threshold_ms``."""

    quantile: float
    threshold_ms: float
    source: str
    """``slo: <name>`` or ``requirements.latency``."""


@dataclass(frozen=True)
class Bulkhead:
    """Concurrent calls a caller should allow to one callee (Little's law).

    ``max_concurrent = ceil(rate_rps x timeout_ms / 1000 x safety)``: the calls
    in flight when every attempt runs to its timeout, so the bulkhead only
    rejects beyond the worst case the timeouts allow.
    """

    caller: str
    callee: str
    rate_rps: float
    """Attempts per second from this caller to the callee, at peak."""
    timeout_ms: float | None
    timeout_kind: str
    """``per-try`` (the per-attempt timeout), ``timeout`` (no per-try one) or ``none``."""
    safety: float
    max_concurrent: int | None
    """None when the call has no timeout: nothing bounds its concurrency."""


@dataclass(frozen=True)
class ServiceCapacity:
    """Servers, replicas, autoscaler bounds and resources of one service, with their inputs.

    Rules:

    - ``servers = min_servers(rate, 1 / service_time, max_utilization=target,
      target_quantile=(quantile, threshold))``; if the latency goal is out of
      reach (the service time alone misses it), the utilization bound alone;
    - ``replicas = max(floor, ceil(servers / workers_per_replica))``, with the
      floor 2 for services with an SLO, else 1;
    - ``hpa_min`` = replicas at the average rate (peak x average share) and
      ``hpa_max`` = replicas at peak x (1 + growth_per_year) x headroom, by the
      same rule;
    - ``resources = service_resources(service, rate, replicas)``: CPU and
      memory requests and limits of one replica (the design's where it sets
      them, else derived; formulas in :mod:`designkit.analysis.resources`),
      and ``cpu_request_m`` its CPU request in millicores.
    """

    service: str
    request_rps: float
    message_rps: float
    rate_rps: float
    """The queue's arrival rate: requests, plus messages when they count."""
    service_time_ms: float
    workers_per_replica: int
    target_utilization: float
    goal: LatencyGoal
    goal_met: bool
    """False when no number of servers meets the latency goal."""
    servers: int
    utilization: float
    p_wait: float
    """Erlang C: probability that a request waits for a worker."""
    response_ms: float
    """The goal's quantile of the response time (wait plus service) with ``servers``."""
    replica_floor: int
    replicas: int
    average_rps: float
    hpa_min: int
    scaled_rps: float
    """Peak x (1 + growth) x headroom: the rate ``hpa_max`` is sized for."""
    hpa_max: int
    cpu_ms_per_request: float | None
    resources: ServiceResources
    cpu_request_m: int | None
    """``resources.cpu_request_m``: None only when the design's request is not a quantity."""
    bulkheads: tuple[Bulkhead, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class TopicCapacity:
    """Partitions and storage of one topic at peak.

    ``partitions = max(ceil(mb_s / producer_mb_s), ceil(mb_s / consumer_mb_s))``
    (1 when no traffic reaches it) and ``storage = msg/s x message_bytes x
    retention_s x replication_factor``: the peak sustained over the whole
    retention, an upper bound.
    """

    topic: str
    message_rps: float
    message_bytes: int
    mb_s: float
    producer_mb_s: float
    consumer_mb_s: float
    partitions: int
    configured_partitions: int
    retention_hours: float
    replication_factor: int
    storage_bytes: float


@dataclass(frozen=True)
class CapacityPlan:
    """Capacity of every service and topic, with the traffic and options it used."""

    services: Mapping[str, ServiceCapacity]
    topics: Mapping[str, TopicCapacity]
    traffic: TrafficReport
    options: CapacityOptions = field(default_factory=CapacityOptions)


def latency_goal(design: Design, service: str) -> LatencyGoal:
    """The service's own latency SLO if it has one, else ``requirements.latency``.

    An SLO stated with a percentile uses it (p95 -> 0.95); otherwise its
    objective is the share of requests under the threshold.
    """
    own = _latency_goals(design).get(service)
    return own if own is not None else _required_goal(design)


def _latency_goals(design: Design) -> dict[str, LatencyGoal]:
    """Each service's own latency goal (its first latency SLO with a threshold), built once."""
    goals: dict[str, LatencyGoal] = {}
    for slo in design.slos:
        if slo.service is None or slo.service in goals:
            continue
        if slo.sli == "latency" and slo.threshold_ms is not None:
            quantile = slo.percentile / 100 if slo.percentile is not None else slo.objective
            goals[slo.service] = LatencyGoal(quantile, slo.threshold_ms, f"slo: {slo.name}")
    return goals


def _required_goal(design: Design) -> LatencyGoal:
    target = design.requirements.latency
    return LatencyGoal(target.percentile / 100, target.threshold_ms, "requirements.latency")


def capacity_plan(
    design: Design,
    options: CapacityOptions | None = None,
    *,
    traffic: TrafficReport | None = None,
) -> CapacityPlan:
    """Size every service and topic of ``design`` for its peak traffic.

    Parameters
    ----------
    design : Design
    options : CapacityOptions, optional
        The assumptions; the defaults are stated on :class:`CapacityOptions`.
    traffic : TrafficReport, optional
        ``service_traffic(design)`` when already computed (it must use the
        same failure probability).

    Examples
    --------
    200 req/s on a service taking 40 ms, 8 workers per replica, p99 under 200 ms:

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "requirements": {"latency": {"percentile": 99, "threshold_ms": 200}},
    ...     "services": [{"name": "a", "profile": {"service_time_ms": 40}}],
    ...     "journeys": [{"name": "j", "entry": "a", "peak_rps": 200}]})
    >>> a = capacity_plan(d).services["a"]
    >>> a.servers, a.replicas, round(a.utilization, 3)
    (12, 2, 0.667)
    """
    opts = options or CapacityOptions()
    report = traffic or service_traffic(design, failure_probability=opts.failure_probability)
    req = design.requirements.traffic
    if opts.average_share is not None:
        average_share = opts.average_share
    elif req.average_rps is not None:
        average_share = min(1.0, req.average_rps / req.peak_rps)
    else:
        average_share = 1 / 3
    growth = (1 + req.growth_per_year) * opts.headroom
    with_slo = {slo.service for slo in design.slos if slo.service}
    calls = sync_calls(design)
    goals = _latency_goals(design)
    required = _required_goal(design)
    between = _rates_between(report)

    services = {
        svc.name: _service(
            svc,
            report,
            opts,
            (average_share, growth),
            goals.get(svc.name, required),
            svc.name in with_slo,
            calls,
            between,
        )
        for svc in design.services
    }
    topics = {}
    for topic in design.topics:
        rate = report.topics[topic.name].message_rps
        mb_s = rate * topic.message_bytes / 1e6
        topics[topic.name] = TopicCapacity(
            topic=topic.name,
            message_rps=rate,
            message_bytes=topic.message_bytes,
            mb_s=mb_s,
            producer_mb_s=opts.producer_mb_s,
            consumer_mb_s=opts.consumer_mb_s,
            partitions=(
                kafka.partitions(mb_s, opts.producer_mb_s, opts.consumer_mb_s) if mb_s > 0 else 1
            ),
            configured_partitions=topic.partitions,
            retention_hours=topic.retention_hours,
            replication_factor=topic.replication_factor,
            storage_bytes=kafka.storage_bytes(
                rate, topic.message_bytes, topic.retention_hours * 3600, topic.replication_factor
            ),
        )
    return CapacityPlan(services=services, topics=topics, traffic=report, options=opts)


def _rates_between(report: TrafficReport) -> dict[tuple[str, str], float]:
    """``report.rate_between(caller, callee)`` of every pair, in one pass over the requests.

    Summed in the same order as ``rate_between`` sums them, so the floats are identical.
    """
    rates: dict[tuple[str, str], float] = {}
    for callee, load in report.services.items():
        for c in load.requests:
            if len(c.path) >= 2:
                key = (c.path[-2], callee)
                rates[key] = rates.get(key, 0) + c.rate
    return rates


def _service(
    svc: Service,
    report: TrafficReport,
    opts: CapacityOptions,
    scale: tuple[float, float],
    goal: LatencyGoal,
    has_slo: bool,
    calls: Mapping[str, tuple[Call, ...]],
    between: Mapping[tuple[str, str], float],
) -> ServiceCapacity:
    average_share, growth = scale
    load = report.services[svc.name]
    rate = load.request_rps + (load.message_rps if opts.include_messages else 0.0)
    profile = svc.profile
    mu = 1000 / profile.service_time_ms
    floor = opts.slo_replica_floor if has_slo else 1
    quantile = (goal.quantile, goal.threshold_ms / 1000)
    notes = []
    if load.message_rps and not opts.include_messages:
        notes.append(f"also consumes {load.message_rps:.4g} msg/s, not counted (include_messages)")
    try:
        servers = min_servers(
            rate, mu, max_utilization=opts.target_utilization, target_quantile=quantile
        ).servers
        goal_met = True
    except ValueError:
        # Only the service time itself can miss the goal; size for utilization alone.
        servers = min_servers(rate, mu, max_utilization=opts.target_utilization).servers
        goal_met = False
        alone = -math.log1p(-goal.quantile) * profile.service_time_ms
        notes.append(
            f"latency goal out of reach: the service time alone has a "
            f"p{goal.quantile * 100:g} of {alone:.0f} ms > {goal.threshold_ms:g} ms"
        )
    queue = mmc(rate, mu, servers)

    def replicas_for(arrivals: float) -> int:
        if goal_met:
            needed = min_servers(
                arrivals, mu, max_utilization=opts.target_utilization, target_quantile=quantile
            ).servers
        else:
            needed = min_servers(arrivals, mu, max_utilization=opts.target_utilization).servers
        return max(floor, math.ceil(needed / profile.workers_per_replica))

    replicas = max(floor, math.ceil(servers / profile.workers_per_replica))
    resources = service_resources(svc, rate, replicas, opts.resources)
    notes.extend(resources.notes)
    return ServiceCapacity(
        service=svc.name,
        request_rps=load.request_rps,
        message_rps=load.message_rps,
        rate_rps=rate,
        service_time_ms=profile.service_time_ms,
        workers_per_replica=profile.workers_per_replica,
        target_utilization=opts.target_utilization,
        goal=goal,
        goal_met=goal_met,
        servers=servers,
        utilization=queue.utilization,
        p_wait=queue.p_wait,
        response_ms=queue.response_quantile(goal.quantile) * 1000,
        replica_floor=floor,
        replicas=replicas,
        average_rps=rate * average_share,
        hpa_min=replicas_for(rate * average_share),
        scaled_rps=rate * growth,
        hpa_max=replicas_for(rate * growth),
        cpu_ms_per_request=profile.cpu_ms_per_request,
        resources=resources,
        cpu_request_m=resources.cpu_request_m,
        bulkheads=_bulkheads(svc.name, opts, calls, between),
        note="; ".join(notes),
    )


def _bulkheads(
    caller: str,
    opts: CapacityOptions,
    calls: Mapping[str, tuple[Call, ...]],
    between: Mapping[tuple[str, str], float],
) -> tuple[Bulkhead, ...]:
    heads = []
    seen: set[str] = set()
    for call in calls.get(caller, ()):
        callee = call.callee
        if callee in seen:
            continue  # a second call to the same callee shares the first's bulkhead
        seen.add(callee)
        per_try, whole = call.per_try_timeout_ms, call.timeout_ms
        timeout, kind = (per_try, "per-try") if per_try else (whole, "timeout" if whole else "none")
        rate = between.get((caller, callee), 0)  # int 0 as sum() of nothing gives
        heads.append(
            Bulkhead(
                caller=caller,
                callee=callee,
                rate_rps=rate,
                timeout_ms=timeout,
                timeout_kind=kind,
                safety=opts.bulkhead_safety,
                max_concurrent=(
                    None
                    if timeout is None
                    else max(1, _ceil(rate * timeout / 1000 * opts.bulkhead_safety))
                ),
            )
        )
    return tuple(heads)


def _ceil(value: float) -> int:
    # Rounded first so a float artefact (36.00000000000001) does not add one.
    return math.ceil(round(value, 9))
