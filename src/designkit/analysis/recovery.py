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

from ..model import DataStore, Design
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
from ._recovery_model import (
    REBUILDABLE,
    RecoveryOptions,
    RecoveryPlan,
    RegionCheck,
    ServiceRecovery,
    StoreRecovery,
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
