"""The findings of :mod:`designkit.analysis.recovery`: what misses an objective, and the fix."""

from __future__ import annotations

from ..model import DataStore, Design
from ..sizing.slo import error_budget_minutes
from ._recovery_model import RecoveryOptions, RegionCheck, StoreRecovery
from .antipatterns.catalog import AWS_RELIABILITY, NIST_800_34, SRE_2016, cite
from .antipatterns.finding import Finding, Severity
from .antipatterns.registry import declare_table

__all__ = ["design_findings", "finding", "region_finding", "store_findings"]

STANDBY_STRATEGIES = frozenset({"pilot-light", "warm-standby", "active-active"})
"""Strategies that keep infrastructure running in a second region."""


_PLAN = cite(NIST_800_34, "3.2.3 (RTO and RPO), 3.4.2 (backup and recovery)")
_BACKUP = cite(SRE_2016, 'ch. 26 "Data Integrity" (backups, restores)')
_DR = cite(AWS_RELIABILITY, "REL 13 (disaster recovery strategies)")

# id: (default severity, title, fix, sources); rules found by recovery_plan.
_RULES: dict[str, tuple[Severity, str, str, tuple[str, ...]]] = {
    "dr-no-backup": (
        "error", "A store of record without backups",
        "Add a backup schedule, with point-in-time recovery for an RPO under a day.",
        (_BACKUP, _PLAN),
    ),
    "dr-unreadable-schedule": (
        "error", "A backup schedule that is no cron expression",
        "Write a five-field cron expression (UTC), e.g. '0 2 * * *'.", (_PLAN,),
    ),
    "dr-backup-misses-rpo": (
        "error", "Restoring from backup loses more data than the RPO",
        "Enable point-in-time recovery, or back up more often than the RPO.", (_BACKUP, _PLAN),
    ),
    "dr-replication-lag-misses-rpo": (
        "warning", "Cross-region replication lags more than the RPO",
        "Replicate synchronously to the other region, or relax the RPO.", (_DR,),
    ),
    "dr-region-loss-misses-rpo": (
        "warning", "Losing the region loses more data than the RPO",
        "Replicate multi-region, or copy point-in-time archives to the other region.", (_DR,),
    ),
    "dr-restore-misses-rto": (
        "warning", "A restore takes longer than the RTO",
        "Keep a delayed replica, or agree a separate RTO for corruption.", (_BACKUP, _PLAN),
    ),
    "dr-failover-misses-rto": (
        "warning", "A failover takes longer than the RTO",
        "Automate the failover, or relax the RTO.", (_DR, _PLAN),
    ),
    "dr-short-retention": (
        "info", "Backups kept too briefly to undo a late-noticed corruption",
        "Keep backups for at least the minimum retention.", (_BACKUP,),
    ),
    "dr-multi-region-needed": (
        "error", "One region cannot carry a journey's availability objective",
        "Run a standby in a second region, or raise the availability of the hard path.",
        (_DR,),
    ),
    "dr-single-region": (
        "error", "A standby strategy with one region",
        "List both regions in platform.regions and disaster_recovery.regions.", (_DR,),
    ),
    "dr-failover-exceeds-budget": (
        "warning", "A region failover outlasts the error budget",
        "Automate and rehearse the failover, or run active-active.", (_DR,),
    ),
    "dr-drill-interval": (
        "info", "Recovery rehearsed too rarely",
        "Drill the recovery at least every maximum drill interval.", (_PLAN,),
    ),
}  # fmt: skip

declare_table(
    _RULES, family="recovery", phase=7, producer="designkit.analysis.recovery:registry_findings"
)


def finding(
    rule: str, severity: Severity, path: str, subject: str, message: str, fix: str
) -> Finding:
    """A recovery finding (rule ids start with ``dr-``)."""
    return Finding(rule, severity, path, subject, message, fix)


def store_findings(
    store: DataStore, where: str, r: StoreRecovery, opts: RecoveryOptions
) -> list[Finding]:
    """What a (non-rebuildable) store's backups and replication miss."""
    out = []
    name = store.name
    if store.backup is None:
        out.append(
            finding(
                "dr-no-backup", "error", f"{where}.backup", name,
                f"{name} ({store.purpose}) has no backup: a corruption or a deletion is "
                "permanent, whatever its replication (replicas copy the damage)",
                "add a backup schedule, with point_in_time for an RPO under a day",
            )
        )  # fmt: skip
        return out
    versioning = " or enable object versioning" if store.technology == "s3" else ""
    if r.restore_loss_minutes is not None and r.restore_loss_minutes > r.rpo_minutes:
        how = "point-in-time recovery" if r.point_in_time else f"backups '{r.backup}'"
        if r.rpo_minutes == 0:
            fix = (
                "no backup loses nothing: state the RPO for a corruption separately "
                "(what point-in-time recovery gives) from the RPO of a failover"
            )
        elif r.point_in_time:
            fix = (
                f"archive the write-ahead log continuously (streaming, under {r.rpo_minutes:g} min)"
            )
        else:
            fix = (
                f"enable point_in_time, or back up at least every {r.rpo_minutes:g} min{versioning}"
            )
        out.append(
            finding(
                "dr-backup-misses-rpo", "warning" if r.point_in_time else "error",
                f"{where}.backup", name,
                f"restoring {name} from {how} loses up to {r.restore_loss_minutes:g} min of "
                f"data, more than its RPO of {r.rpo_minutes:g} min", fix,
            )
        )  # fmt: skip
    if r.region_loss_minutes is not None and r.region_loss_minutes > r.rpo_minutes:
        if store.replication == "multi-region":
            out.append(
                finding(
                    "dr-replication-lag-misses-rpo", "warning", f"{where}.replication", name,
                    f"{name}'s cross-region replica may be {r.region_loss_minutes:g} min "
                    f"behind when the region is lost (RPO {r.rpo_minutes:g} min)",
                    "replicate synchronously to the other region (it must be close enough), "
                    "or relax the RPO",
                )
            )  # fmt: skip
        else:
            out.append(
                finding(
                    "dr-region-loss-misses-rpo", "warning", f"{where}.replication", name,
                    f"{name} is replicated {store.replication}: losing the region means "
                    f"restoring from backup copies, up to {r.region_loss_minutes:g} min of "
                    f"data (RPO {r.rpo_minutes:g} min)",
                    "replicate multi-region, or copy point-in-time archives to the other region",
                )
            )  # fmt: skip
    if r.restore_minutes is not None and r.restore_minutes > r.rto_minutes:
        out.append(
            finding(
                "dr-restore-misses-rto", "warning", f"{where}.rto_minutes", name,
                f"restoring {store.size_gb:g} GB of {name} takes about "
                f"{r.restore_minutes:.0f} min ({opts.restore_overhead_minutes:g} min + "
                f"{opts.restore_gb_per_hour:g} GB/h), more than its RTO of "
                f"{r.rto_minutes:g} min: a corruption outlasts the objective",
                "keep a delayed replica to recover from, or measure restores in drills "
                "and agree a separate RTO for corruption",
            )
        )  # fmt: skip
    if r.failover_minutes is not None and r.failover_minutes > r.rto_minutes:
        out.append(
            finding(
                "dr-failover-misses-rto", "warning", f"{where}.rto_minutes", name,
                f"a failover of {name} takes about {r.failover_minutes:g} min, more than "
                f"its RTO of {r.rto_minutes:g} min",
                "automate the failover (a managed multi-AZ database fails over in about a "
                "minute) or relax the RTO",
            )
        )  # fmt: skip
    if r.retention_days is not None and r.retention_days < opts.min_retention_days:
        out.append(
            finding(
                "dr-short-retention", "info", f"{where}.backup.retention_days", name,
                f"{name} keeps backups {r.retention_days} days: a corruption noticed later "
                "cannot be undone",
                f"keep backups at least {opts.min_retention_days} days",
            )
        )  # fmt: skip
    return out


def region_finding(check: RegionCheck, path: str, composite: float) -> Finding:
    """A journey whose objective the regions of the design cannot carry."""
    multi = check.multi_region
    return finding(
        "dr-multi-region-needed", "error", path, check.journey,
        f"{check.journey}: one region gives {check.single_region:.5%} (services "
        f"{composite:.5%} x region {check.region_availability:.4%}), below the objective "
        f"{check.objective:.4%}"
        + ("" if multi is None else f"; even {check.regions} regions give {multi:.5%}"),
        "run a standby in a second region (warm-standby or active-active), or raise the "
        "availability of the services on its hard path",
    )  # fmt: skip


def design_findings(design: Design, opts: RecoveryOptions) -> list[Finding]:
    """Strategy, failover time against the error budget, and drills.

    A design with no services yet has nothing to fail over: the defaults of an
    untouched ``disaster_recovery`` section are not findings.
    """
    if not design.services:
        return []
    dr = design.disaster_recovery
    out = []
    regions = len(dict.fromkeys([*design.platform.regions, *dr.regions]))
    if dr.strategy in STANDBY_STRATEGIES and regions < 2:
        out.append(
            finding(
                "dr-single-region", "error", "disaster_recovery.regions", dr.strategy,
                f"strategy {dr.strategy} needs a second region; the design has {regions}",
                "list both regions in platform.regions and disaster_recovery.regions",
            )
        )  # fmt: skip
    target = design.requirements.availability
    budget = error_budget_minutes(target, opts.window_days)
    if dr.rto_minutes > budget:
        out.append(
            finding(
                "dr-failover-exceeds-budget", "warning", "disaster_recovery.rto_minutes",
                dr.strategy,
                f"one region failover may take the RTO of {dr.rto_minutes:g} min, more than "
                f"the {budget:.1f} min error budget of {target:.4%} over "
                f"{opts.window_days} days",
                "automate and rehearse the failover to shorten it, or run active-active",
            )
        )  # fmt: skip
    if dr.drill_interval_days > opts.max_drill_interval_days:
        out.append(
            finding(
                "dr-drill-interval", "info", "disaster_recovery.drill_interval_days",
                dr.strategy,
                f"recovery is rehearsed every {dr.drill_interval_days} days: a procedure "
                "untested for that long rarely works the first time",
                f"drill at least every {opts.max_drill_interval_days} days",
            )
        )  # fmt: skip
    return out
