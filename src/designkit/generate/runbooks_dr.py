"""The recovery runbooks: region loss, and store corruption or deletion (restore)."""

from __future__ import annotations

from ..analysis.blast_radius import BlastRadius
from ..analysis.recovery import RecoveryPlan
from ..model import Design
from ..sizing.slo import error_budget_minutes
from .contract_docs import table
from .runbook_text import alerts, communication, header, owner, section, verify

__all__ = ["region_loss", "store_restore"]


def region_loss(design: Design, rec: RecoveryPlan, blast: BlastRadius) -> str:
    """Fail over to the standby region: each store's action and loss, each service's size."""
    dr = design.disaster_recovery
    regions = list(dict.fromkeys([*dr.regions, *design.platform.regions]))
    primary = regions[0] if regions else "the primary region"
    standby = regions[1] if len(regions) > 1 else None
    window = rec.options.window_days
    budget = error_budget_minutes(design.requirements.availability, window)
    target = standby or "a second region (none is listed: add one to disaster_recovery.regions)"
    journey_slos = [s for s in design.slos if s.journey and s.sli == "availability"]
    rows = [
        (
            s.store,
            s.replication,
            "rebuild from its source"
            if s.rebuildable
            else "promote the replica"
            if s.replication == "multi-region"
            else "restore the backup copy",
            f"{s.region_loss_minutes:g}" if s.region_loss_minutes is not None else "rebuilt",
            f"{s.rpo_minutes:g}",
            f"{s.rto_minutes:g}",
        )
        for s in rec.stores
    ]
    scale = [
        (s.service, s.replicas, s.criticality)
        for s in sorted(blast.services.values(), key=lambda s: -s.failed_rps)
    ]
    what = {
        "active-active": f"shift all traffic to {target}; it already serves",
        "warm-standby": f"scale {target} up to production size, then shift traffic to it",
        "pilot-light": f"start the services in {target} (data is already there), then shift",
        "backup-restore": "rebuild the platform in another region from backups",
    }[dr.strategy]
    lines = header(
        "region loss",
        [
            f"Strategy **{dr.strategy}**: {primary} serves"
            + (f", {standby} stands by" if standby else ", no second region")
            + f". Objectives: RTO {dr.rto_minutes:g} min, RPO {dr.rpo_minutes:g} min "
            f"(defaults; stores below). A {budget:.1f}-minute error budget over {window} days "
            f"({design.requirements.availability * 100:g}%): every minute down spends "
            f"{100 / budget:.2g}% of it. Drilled every {dr.drill_interval_days} days.",
        ],
    )
    lines += section(
        "Detection",
        [
            "Many journey alerts page at once, from every service of one region:",
            *alerts(journey_slos),
            "* The cloud provider's status page or the external synthetic probes confirm "
            "the region is unreachable.",
        ],
    )
    lines += section(
        "Decision",
        [
            f"* Declare a region loss when {primary} stays unreachable for "
            f"{max(5, min(15, dr.rto_minutes / 4)):g} minutes, or the provider confirms an "
            "outage; the incident commander decides, with the on-call of every team.",
            f"* Plan: {what}.",
            "* Do not fail back automatically: fail back in a planned window once the "
            "region is healthy and the data has been reconciled.",
        ],
    )
    steps = [
        "1. Freeze deploys and chaos experiments in every environment.",
        f"2. Data, in {standby or 'the recovery region'}:",
        "",
        table(["Store", "Replication", "Action", "Loses min", "RPO min", "RTO min"], rows),
        "",
        f"3. Compute: {what}. Replicas to run (normal production size):",
        "",
        table(["Service", "Replicas", "Criticality"], scale),
        "",
        f"4. Point DNS / the global load balancer at {standby or 'the new region'}'s "
        "gateway; keep TTLs short.",
        "5. Check the broker: consumers resume from their committed offsets; watch "
        "consumer lag fall.",
    ]
    lines += section("Steps", steps)
    lines += section(
        "Verification",
        [
            "The SLIs of every journey recover (5-minute error ratio under the budget rate):",
            *verify(journey_slos),
            "* Compare the last write timestamps of each store with the RPO above.",
        ],
    )
    lines += section("Communication", communication(design, "region outage", 30))
    return "\n".join(lines)


def store_restore(design: Design, rec: RecoveryPlan) -> str:
    """Undo a corruption from backups: each store's backup, PITR, loss and restore time."""
    rows = [
        (
            s.store,
            owner(design, s.owner) if s.owner else "",
            f"{s.rpo_minutes:g}",
            s.backup,
            "yes" if s.point_in_time else "no",
            "" if s.restore_loss_minutes is None else f"{s.restore_loss_minutes:g}",
            "" if s.restore_minutes is None else f"{s.restore_minutes:.0f}",
            f"{s.rto_minutes:g}",
            "" if s.retention_days is None else str(s.retention_days),
        )
        for s in rec.stores
        if not s.rebuildable
    ]
    rebuilt = [s.store for s in rec.stores if s.rebuildable]
    owners = {s.owner for s in rec.stores if s.owner}
    slos = [s for s in design.slos if s.service in owners and s.sli == "availability"]
    retention = max((t.retention_hours for t in design.topics), default=0)
    lines = header(
        "data store corruption or deletion (restore)",
        [
            "A bad migration, a bug or an operator deleted or corrupted data. Replicas "
            "copied the damage: recover from backups, to a point just before it.",
        ],
    )
    lines += section(
        "Detection",
        [
            "* Integrity checks or reconciliation reports fail; users report wrong or missing "
            "data; the owner's error alerts fire:",
            *alerts(slos),
        ],
    )
    lines += section(
        "Decision",
        [
            "* Fix forward (a compensating script) when the damage is small and understood; "
            "restore when it is not, or when the fix would take longer than the RTO.",
            "* The owning team decides, with the incident commander; note the last good "
            "time T from logs and audit trails.",
        ],
    )
    steps = [
        "1. Stop the writers: scale the owning service to zero or switch it to maintenance "
        "mode; pause its consumers.",
        "2. Keep the damaged copy (a snapshot) for the investigation.",
        "3. Restore into a new instance: to time T with point-in-time recovery, else the "
        "last backup before T:",
        "",
        table(
            [
                "Store",
                "Owner",
                "RPO min",
                "Backup",
                "PITR",
                "Loses min",
                "Restore min",
                "RTO min",
                "Kept days",
            ],
            rows,
        ),
        "",
        "4. Repoint the owner to the restored instance and start it.",
        f"5. Replay what came after T: consumers re-read their topics from T (retention up "
        f"to {retention:g} h); producers with an outbox republish unsent events.",
    ]
    if rebuilt:
        steps.append(f"6. Rebuild the derived stores from their source: {', '.join(rebuilt)}.")
    lines += section("Steps", steps)
    lines += section(
        "Verification",
        [
            "* Integrity checks and reconciliation reports pass on the restored data.",
            *verify(slos),
        ],
    )
    lines += section("Communication", communication(design, "data incident", 60))
    return "\n".join(lines)
