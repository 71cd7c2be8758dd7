"""Disaster recovery: RPO and RTO per store and service, backups, failover, regions.

Per store (objectives from the store, else ``disaster_recovery``'s defaults):

- **data lost by a restore** (a corruption or a deletion undone from backups):
  the PITR lag with point-in-time recovery, else the longest gap between two
  backups of the cron schedule; compared with the RPO;
- **data lost with the region**: the replication lag for ``multi-region``
  stores, else what a restore from the (cross-region) backup copies loses;
- **time to recover**: a failover to a replica (``multi-az`` and
  ``multi-region``) takes ``failover_minutes``; a restore takes
  ``overhead + size_gb / restore_gb_per_hour`` (only with ``size_gb``);
  compared with the RTO (not for S3: objects are restored one by one).
  Caches and search indexes are rebuilt from their source of truth and need
  no backup.

Per journey, the availability math says whether one region can meet the
objective: ``single = composite x region_availability`` with ``composite``
from :func:`~designkit.analysis.slos.journey_availability`; with ``n >= 2``
regions and a strategy that keeps a standby, the region term becomes
``parallel(region_availability x n)`` (:mod:`designkit.sizing.availability`).
A failover also costs its RTO: compared with the error budget of the window.

Every assumption is a field of :class:`RecoveryOptions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import DataStore, Design
from ..sizing._check import fraction, integer, non_negative, positive
from ..sizing.availability import parallel, serial
from ..sizing.slo import error_budget_minutes
from ._cron import cron_max_gap_minutes
from ._recovery_findings import (
    STANDBY_STRATEGIES,
    design_findings,
    finding,
    region_finding,
    store_findings,
)
from .antipatterns.finding import Finding, loc, sort_key
from .antipatterns.registry import Thresholds
from .slos import journey_availability

__all__ = [
    "RecoveryOptions",
    "RecoveryPlan",
    "RegionCheck",
    "ServiceRecovery",
    "StoreRecovery",
    "cron_max_gap_minutes",
    "recovery_plan",
    "registry_findings",
]

REBUILDABLE = frozenset({"cache", "search"})
"""Store purposes rebuilt from their source of truth rather than restored."""


@dataclass(frozen=True)
class RecoveryOptions:
    """The assumptions of the recovery checks; replace them with what your drills measure."""

    pitr_lag_minutes: float = 1.0
    """Data a point-in-time restore loses: the archiving lag of the write-ahead log."""
    replication_lag_minutes: float = 1.0
    """Data an asynchronous cross-region replica may be behind at a region loss."""
    failover_minutes: float = 5.0
    """Promoting a replica and repointing its clients."""
    restore_gb_per_hour: float = 250.0
    """Restore throughput from backups (a planning figure)."""
    restore_overhead_minutes: float = 15.0
    """Provisioning, log replay and checks on top of the copy."""
    region_availability: float = 0.9999
    """One cloud region, zones included (AWS's region-level EC2 SLA is 99.99%)."""
    window_days: int = 30
    """Window of the error budget a failover is compared with."""
    min_retention_days: int = 7
    max_drill_interval_days: int = 90

    def __post_init__(self) -> None:
        # A zero restore rate would divide by zero; name the option instead.
        for name in (
            "pitr_lag_minutes",
            "replication_lag_minutes",
            "failover_minutes",
            "restore_overhead_minutes",
        ):
            non_negative(name, getattr(self, name))
        positive("restore_gb_per_hour", self.restore_gb_per_hour)
        fraction("region_availability", self.region_availability)
        for name in ("window_days", "min_retention_days", "max_drill_interval_days"):
            integer(name, getattr(self, name), 1)


@dataclass(frozen=True)
class StoreRecovery:
    """Objectives of one store and what its backups and replication deliver."""

    store: str
    owner: str | None
    technology: str
    purpose: str
    replication: str
    rpo_minutes: float
    rto_minutes: float
    source: str
    """Where the objectives come from: ``store``, ``defaults`` or ``store + defaults``."""
    backup: str
    backup_interval_minutes: float | None
    retention_days: int | None
    point_in_time: bool
    restore_loss_minutes: float | None
    region_loss_minutes: float | None
    restore_minutes: float | None
    failover_minutes: float | None
    rebuildable: bool

    @property
    def meets_rpo(self) -> bool:
        """Both a restore and a region loss lose no more than the RPO."""
        if self.rebuildable:
            return True
        losses = (self.restore_loss_minutes, self.region_loss_minutes)
        return all(x is not None and x <= self.rpo_minutes for x in losses)

    @property
    def meets_rto(self) -> bool:
        """Failover (when there is a replica) and restore (when estimated) fit the RTO."""
        times = [t for t in (self.failover_minutes, self.restore_minutes) if t is not None]
        return all(t <= self.rto_minutes for t in times)


@dataclass(frozen=True)
class ServiceRecovery:
    """A service's objectives: the strictest of the stores it uses."""

    service: str
    criticality: str
    stores: tuple[str, ...]
    rpo_minutes: float | None
    """The smallest RPO of the stores it writes (None: it writes none)."""
    rto_minutes: float
    """The smallest RTO of the stores it uses, else the design's default."""
    meets: bool


@dataclass(frozen=True)
class RegionCheck:
    """Whether one region can carry a journey's availability objective."""

    journey: str
    objective: float
    composite: float
    region_availability: float
    single_region: float
    regions: int
    strategy: str
    multi_region: float | None
    """With a standby in every other region; None with fewer than 2 regions or no standby."""
    failover_minutes: float
    budget_minutes: float
    """The objective's error budget over the window."""

    @property
    def needs_multi_region(self) -> bool:
        """One region cannot meet the objective."""
        return self.single_region < self.objective

    @property
    def covered(self) -> bool:
        """The objective is met by one region, or by the regions the design has."""
        return not self.needs_multi_region or (
            self.multi_region is not None and self.multi_region >= self.objective
        )


@dataclass(frozen=True)
class RecoveryPlan:
    """Recovery of every store, service and journey, and the findings."""

    stores: tuple[StoreRecovery, ...]
    services: tuple[ServiceRecovery, ...]
    regions: tuple[RegionCheck, ...]
    findings: tuple[Finding, ...]
    options: RecoveryOptions = field(default_factory=RecoveryOptions)


def _store(
    design: Design, index: int, store: DataStore, opts: RecoveryOptions, found: list[Finding]
) -> StoreRecovery:
    dr = design.disaster_recovery
    own = (store.rpo_minutes is not None, store.rto_minutes is not None)
    source = {(True, True): "store", (False, False): "defaults"}.get(own, "store + defaults")
    rpo = store.rpo_minutes if store.rpo_minutes is not None else dr.rpo_minutes
    rto = store.rto_minutes if store.rto_minutes is not None else dr.rto_minutes
    rebuildable = store.purpose in REBUILDABLE
    where = loc("stores", index)
    interval = restore_loss = None
    if store.backup is not None:
        try:
            interval = cron_max_gap_minutes(store.backup.schedule)
        except ValueError as error:
            found.append(
                finding(
                    "dr-unreadable-schedule", "error", f"{where}.backup.schedule", store.name,
                    f"{where}.backup.schedule: {error}",
                    "write a five-field cron expression (UTC), e.g. '0 2 * * *'",
                )
            )  # fmt: skip
        restore_loss = opts.pitr_lag_minutes if store.backup.point_in_time else interval
    replicated = store.replication != "none"
    region_loss = (
        opts.replication_lag_minutes if store.replication == "multi-region" else restore_loss
    )
    restore = None
    # An object store restores object by object (versions), not as one bulk copy.
    if store.size_gb is not None and store.backup is not None and store.technology != "s3":
        restore = opts.restore_overhead_minutes + store.size_gb / opts.restore_gb_per_hour * 60
    result = StoreRecovery(
        store=store.name,
        owner=store.owner,
        technology=store.technology,
        purpose=store.purpose,
        replication=store.replication,
        rpo_minutes=rpo,
        rto_minutes=rto,
        source=source,
        backup=store.backup.schedule if store.backup else "none",
        backup_interval_minutes=interval,
        retention_days=store.backup.retention_days if store.backup else None,
        point_in_time=bool(store.backup and store.backup.point_in_time),
        restore_loss_minutes=restore_loss,
        region_loss_minutes=region_loss,
        restore_minutes=restore,
        failover_minutes=opts.failover_minutes if replicated else None,
        rebuildable=rebuildable,
    )
    if not rebuildable:
        found.extend(store_findings(store, where, result, opts))
    return result


def _services(design: Design, stores: dict[str, StoreRecovery]) -> tuple[ServiceRecovery, ...]:
    out = []
    for svc in design.services:
        used = [stores[a.store] for a in svc.stores if a.store in stores]
        written = [stores[a.store] for a in svc.stores if a.store in stores and a.access != "read"]
        written += [s for s in stores.values() if s.owner == svc.name and s not in written]
        names = tuple(dict.fromkeys([*(s.store for s in used), *(s.store for s in written)]))
        every = [stores[n] for n in names]
        out.append(
            ServiceRecovery(
                service=svc.name,
                criticality=svc.criticality,
                stores=names,
                rpo_minutes=min((s.rpo_minutes for s in written), default=None),
                rto_minutes=min(
                    (s.rto_minutes for s in every), default=design.disaster_recovery.rto_minutes
                ),
                meets=all(s.meets_rpo and s.meets_rto for s in every),
            )
        )
    return tuple(out)


def _regions(
    design: Design, opts: RecoveryOptions, found: list[Finding]
) -> tuple[RegionCheck, ...]:
    dr = design.disaster_recovery
    count = len(dict.fromkeys([*design.platform.regions, *dr.regions]))
    standby = dr.strategy in STANDBY_STRATEGIES and count >= 2
    checks = []
    for i, (name, ja) in enumerate(journey_availability(design).items()):
        single = serial(ja.composite, opts.region_availability)
        multi = (
            serial(ja.composite, parallel(*[opts.region_availability] * count)) if standby else None
        )
        check = RegionCheck(
            journey=name,
            objective=ja.objective,
            composite=ja.composite,
            region_availability=opts.region_availability,
            single_region=single,
            regions=count,
            strategy=dr.strategy,
            multi_region=multi,
            failover_minutes=dr.rto_minutes,
            budget_minutes=error_budget_minutes(ja.objective, opts.window_days),
        )
        checks.append(check)
        if not check.covered:
            found.append(region_finding(check, loc("journeys", i), ja.composite))
    return tuple(checks)


def recovery_plan(design: Design, options: RecoveryOptions | None = None) -> RecoveryPlan:
    """Recovery of every store, service and journey of ``design``, with the findings.

    Examples
    --------
    A 100 GB primary store backed up nightly without point-in-time recovery,
    with a 60-minute RPO:

    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"},
    ...     "services": [{"name": "a", "stores": [{"store": "db"}]}],
    ...     "stores": [{"name": "db", "owner": "a", "rpo_minutes": 60, "rto_minutes": 60,
    ...                 "size_gb": 100, "backup": {"schedule": "0 2 * * *"}}]})
    >>> p = recovery_plan(d)
    >>> s = p.stores[0]
    >>> s.backup_interval_minutes, s.restore_loss_minutes, s.restore_minutes, s.meets_rpo
    (1440.0, 1440.0, 39.0, False)
    >>> [f.rule for f in p.findings]  # the default DR RTO (240 min) also exceeds 43.2
    ['dr-backup-misses-rpo', 'dr-failover-exceeds-budget', 'dr-region-loss-misses-rpo']
    """
    opts = options or RecoveryOptions()
    found: list[Finding] = []
    stores = {s.name: _store(design, i, s, opts, found) for i, s in enumerate(design.stores)}
    regions = _regions(design, opts, found)
    found.extend(design_findings(design, opts))
    return RecoveryPlan(
        stores=tuple(stores.values()),
        services=_services(design, stores),
        regions=regions,
        findings=tuple(sorted(found, key=sort_key)),
        options=opts,
    )


def registry_findings(design: Design, thresholds: Thresholds) -> list[Finding]:
    """The findings of :func:`recovery_plan` with the default options (the registry's producer)."""
    return list(recovery_plan(design).findings)
