"""Disaster recovery: backups against the RPO, restores and failovers against the RTO, regions."""

from __future__ import annotations

import pytest

import designkit
from designkit.analysis.recovery import RecoveryOptions, cron_max_gap_minutes, recovery_plan
from tests.analysis._examples import ecommerce
from tests.conftest import EXAMPLES, FIXTURES, make

PHASE7 = FIXTURES / "phase7"


@pytest.mark.parametrize(
    ("schedule", "minutes"),
    [
        ("0 2 * * *", 1440),
        ("*/15 * * * *", 15),
        ("0 * * * *", 60),
        ("@hourly", 60),
        ("0 3 * * 0", 7 * 1440),  # weekly
        ("0 0 * * 1-5", 3 * 1440),  # weekdays: Friday to Monday
        ("30 1,13 * * mon-fri", 2.5 * 1440),  # Friday 13:30 to Monday 01:30
        ("0 0 1 * *", 31 * 1440),  # monthly: the longest month
        ("0 0 1 * 1", 7 * 1440),  # both day fields: the 1st OR Mondays (cron's rule)
        ("0 0 1 1 *", 365 * 1440),  # yearly
    ],
)
def test_cron_gaps(schedule, minutes):
    assert cron_max_gap_minutes(schedule) == minutes


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ("0 25 * * *", "hour '25' is outside 0-23"),
        ("0 2 * *", "has 4 fields; cron needs 5"),
        ("0 0 30 2 *", "never runs"),
        ("x 2 * * *", "minute 'x' is not a number"),
        ("*/0 * * * *", "minute step must be at least 1"),
    ],
)
def test_cron_errors_name_the_field_and_value(schedule, message):
    with pytest.raises(ValueError, match=message):
        cron_max_gap_minutes(schedule)


def test_store_that_misses_its_objectives():
    plan = recovery_plan(designkit.load(PHASE7 / "backup-misses-rpo.yaml"))
    db = plan.stores[0]
    assert (db.backup_interval_minutes, db.restore_loss_minutes) == (1440.0, 1440.0)
    # 15 min of overhead + 500 GB at 250 GB/h = 135 min > RTO 30
    assert db.restore_minutes == 135.0
    assert db.failover_minutes is None  # no replica to fail over to
    assert not db.meets_rpo and not db.meets_rto
    rules = {(f.rule, f.severity, f.path) for f in plan.findings}
    assert rules == {
        ("dr-backup-misses-rpo", "error", "stores[0].backup"),
        ("dr-region-loss-misses-rpo", "warning", "stores[0].replication"),
        ("dr-restore-misses-rto", "warning", "stores[0].rto_minutes"),
        ("dr-short-retention", "info", "stores[0].backup.retention_days"),
        ("dr-no-backup", "error", "stores[2].backup"),  # an event archive is not rebuildable
        ("dr-single-region", "error", "disaster_recovery.regions"),
        ("dr-failover-exceeds-budget", "warning", "disaster_recovery.rto_minutes"),
        ("dr-drill-interval", "info", "disaster_recovery.drill_interval_days"),
    }
    # the cache is rebuilt from its source: no backup needed, never a finding
    assert plan.stores[1].rebuildable and plan.stores[1].meets_rpo


def test_store_that_meets_its_objectives():
    plan = recovery_plan(designkit.load(PHASE7 / "backup-meets-rpo.yaml"))
    db = plan.stores[0]
    assert (db.restore_loss_minutes, db.region_loss_minutes, db.failover_minutes) == (1.0, 1.0, 5.0)
    assert db.restore_minutes == pytest.approx(15 + 20 / 250 * 60)
    assert db.meets_rpo and db.meets_rto
    assert plan.findings == ()
    (order,) = plan.services
    assert (order.rpo_minutes, order.rto_minutes, order.meets) == (15.0, 30.0, True)


def test_objectives_default_to_the_design_wide_ones():
    d = make(
        services=[{"name": "a"}],
        stores=[{"name": "db", "owner": "a", "rto_minutes": 10}],
        disaster_recovery={"rpo_minutes": 30, "rto_minutes": 40},
    )
    (db,) = recovery_plan(d).stores
    assert (db.rpo_minutes, db.rto_minutes, db.source) == (30.0, 10.0, "store + defaults")


def test_unreadable_schedule_is_a_finding_with_its_path():
    d = make(stores=[{"name": "db", "backup": {"schedule": "every night"}}])
    found = [f for f in recovery_plan(d).findings if f.rule == "dr-unreadable-schedule"]
    assert [f.path for f in found] == ["stores[0].backup.schedule"]
    assert "stores[0].backup.schedule: 'every night' has 2 fields" in found[0].message


def test_rpo_zero_cannot_be_met_by_a_restore():
    d = make(
        stores=[
            {
                "name": "ledger",
                "rpo_minutes": 0,
                "replication": "multi-region",
                "backup": {"point_in_time": True},
            }
        ]
    )
    rules = {f.rule: f for f in recovery_plan(d).findings}
    assert rules["dr-backup-misses-rpo"].severity == "warning"
    assert "no backup loses nothing" in rules["dr-backup-misses-rpo"].fix
    assert "synchronously" in rules["dr-replication-lag-misses-rpo"].fix


def journey(composite: float, **dr):
    return make(
        services=[{"name": "a", "profile": {"availability": composite}}],
        journeys=[{"name": "j", "entry": "a"}],
        requirements={"availability": 0.9999},
        platform={"regions": ["r1", "r2"]},
        disaster_recovery={"rto_minutes": 4, **dr},
    )


def test_multi_region_when_one_region_cannot_carry_the_objective():
    # 0.99995 x 0.9999 (one region) = 0.99985 < 0.9999: one region is not enough;
    # with a standby: 0.99995 x (1 - 0.0001^2) = 0.99994999... >= 0.9999
    (check,) = recovery_plan(journey(0.99995, strategy="warm-standby")).regions
    assert check.single_region == pytest.approx(0.99995 * 0.9999)
    assert check.needs_multi_region
    assert check.multi_region == pytest.approx(0.99995 * (1 - 0.0001**2))
    assert check.covered
    backup_only = recovery_plan(journey(0.99995, strategy="backup-restore"))
    assert backup_only.regions[0].multi_region is None and not backup_only.regions[0].covered
    assert "dr-multi-region-needed" in {f.rule for f in backup_only.findings}
    relaxed = recovery_plan(journey(0.99995), RecoveryOptions(region_availability=0.99999))
    assert not relaxed.regions[0].needs_multi_region


def test_failover_against_the_error_budget_sre_workbook():
    # 99.9% over 30 days is a 43.2-minute budget (SRE Workbook, ch. 2)
    (check,) = recovery_plan(journey(0.99999, strategy="warm-standby")).regions
    assert check.budget_minutes == pytest.approx((1 - 0.9999) * 30 * 1440)
    eco = recovery_plan(ecommerce())
    finding = next(f for f in eco.findings if f.rule == "dr-failover-exceeds-budget")
    assert "more than the 43.2 min error budget" in finding.message


def test_examples_make_sense():
    eco = recovery_plan(ecommerce())
    stores = {s.store: s for s in eco.stores}
    # order-db: multi-region with PITR -> loses a minute at most, fails over in 5 minutes
    assert stores["order-db"].meets_rpo and stores["order-db"].failover_minutes == 5.0
    # review-db: nightly backups plus PITR against a 60-minute RPO: a minute at most
    assert stores["review-db"].meets_rpo and stores["review-db"].restore_loss_minutes == 1.0
    # every store of the example meets its RPO (the rule's negative case on real data)
    assert all(s.meets_rpo for s in eco.stores)
    # S3 restores object by object: no bulk restore estimate
    assert stores["image-bucket"].restore_minutes is None
    assert all(r.covered for r in eco.regions)
    banking = recovery_plan(designkit.load(EXAMPLES / "banking.yaml"))
    needs = {r.journey for r in banking.regions if r.needs_multi_region}
    # 99.99% journeys need the second data centre; both regions carry them
    assert {"card-authorization", "instant-transfer"} <= needs
    assert all(r.covered for r in banking.regions)


def test_deterministic_and_input_untouched():
    design = ecommerce()
    before = design.model_dump()
    assert recovery_plan(design) == recovery_plan(design)
    assert design.model_dump() == before


@pytest.mark.parametrize(
    "option, value",
    [
        ("restore_gb_per_hour", 0),
        ("failover_minutes", -1),
        ("region_availability", 1.5),
        ("window_days", 0),
    ],
)
def test_recovery_options_refuse_impossible_values(option: str, value: float) -> None:
    from designkit.analysis.recovery import RecoveryOptions

    with pytest.raises(ValueError, match=option):
        RecoveryOptions(**{option: value})
