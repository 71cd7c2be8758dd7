"""The bounds follow the compliance frameworks, each with its source."""

from __future__ import annotations

import dataclasses

import pytest

from designkit.analysis.security.policy import SecurityPolicy, policy_for
from tests.conftest import make


@pytest.mark.parametrize(
    ("compliance", "cert_hours", "token_minutes", "signing_days"),
    [
        ([], 168.0, 60, 365),
        (["gdpr"], 168.0, 60, 365),
        (["pci-dss"], 24.0, 15, 90),  # PCI-DSS v4.0 8.2.8: 15 idle minutes
        (["hipaa"], 24.0, 15, 365),
        (["sox"], 24.0, 60, 365),
    ],
)
def test_bounds_follow_the_frameworks(compliance, cert_hours, token_minutes, signing_days):
    policy = policy_for(make(requirements={"compliance": compliance}))
    assert policy.max_cert_hours == cert_hours
    assert policy.max_token_minutes == token_minutes
    assert policy.max_rotation_days("signing-key") == signing_days


def test_published_bounds_that_never_change():
    policy = policy_for(make(requirements={"compliance": ["pci-dss"]}))
    assert policy.max_rotation_days("certificate") == 398  # CA/Browser Forum BR 6.3.2
    assert policy.max_rotation_days("database") == 90  # PCI-DSS v4.0 8.3.9
    assert policy.max_rotation_days("no-such-kind") == policy.max_rotation_days("other")


def test_every_bound_says_why():
    policy = policy_for(make(requirements={"compliance": ["pci-dss", "hipaa"]}))
    assert "8.2.8" in policy.reasons["max_token_minutes"]
    assert "HIPAA" in policy.reasons["max_cert_hours"]
    for kind in policy.rotation_days:
        assert policy.rotation_reason(kind)


def test_a_stricter_policy_changes_the_findings():
    from designkit.analysis import security
    from tests.conftest import make

    design = make(security={"token_lifetime_minutes": 10})
    loose = dataclasses.replace(SecurityPolicy(), max_token_minutes=15)
    strict = dataclasses.replace(SecurityPolicy(), max_token_minutes=5)
    rules = lambda p: {f.rule for f in security.findings(design, p)}  # noqa: E731
    assert rules(strict) - rules(loose), "a 5-minute bound must flag 10-minute tokens"
