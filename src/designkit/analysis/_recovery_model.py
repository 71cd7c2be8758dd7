"""The results of :mod:`designkit.analysis.recovery`: options, per-store, per-service and plan.

Apart from the analysis so that its findings module reads them without
importing the analysis back (no import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..sizing._check import fraction, integer, non_negative, positive
from .antipatterns.finding import Finding

__all__ = [
    "REBUILDABLE",
    "RecoveryOptions",
    "RecoveryPlan",
    "RegionCheck",
    "ServiceRecovery",
    "StoreRecovery",
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
