"""Running the services: probes, SLOs, mTLS between services, one service per deployment unit."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Design
from . import _view
from .catalog import NERI_2020, NEWMAN_2021, PONCE_2022, RICHARDSON, SRE_2016, cite
from .finding import Finding, loc
from .registry import Thresholds, register

__all__ = [
    "missing_health_probes",
    "no_slo",
    "shared_deployment_unit",
    "unsecured_service_calls",
]


@register(
    "missing-health-probes",
    title="Missing health probes",
    severity="warning",
    family="operations",
    phase=5,
    fix="Set readiness and liveness probes on every workload.",
    catalog=(cite(RICHARDSON, "pattern: Health Check API"),),
)
def missing_health_probes(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A service without a readiness or a liveness probe.

    Without readiness, traffic reaches replicas that are starting or
    overloaded; without liveness, a stuck replica is never restarted.

    Catalog: Richardson, Health Check API pattern.
    """
    for i, svc in enumerate(design.services):
        probes = svc.deployment.probes
        missing = [name for name in ("readiness", "liveness") if getattr(probes, name) is None]
        if missing:
            yield missing_health_probes.finding(
                loc("services", i, "deployment", "probes", missing[0]),
                svc.name,
                f"{svc.name} has no {' and no '.join(missing)} probe: the platform cannot tell "
                "when to send it traffic or when to restart it",
                f"add a {' and a '.join(missing)} probe (an HTTP health endpoint)",
            )


@register(
    "no-slo",
    title="Service without an SLO",
    severity="warning",
    family="operations",
    phase=6,
    fix="Give every user-facing service an SLO with an error budget.",
    catalog=(
        cite(SRE_2016, 'ch. 4 "Service Level Objectives"'),
        cite(NEWMAN_2021, 'ch. "From Monitoring to Observability" (SLOs)'),
    ),
)
def no_slo(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """A service with no service level objective of its own.

    Nobody can tell whether it is healthy enough, there is no error budget to
    alert on, and journeys that depend on it have no target to compose from.

    Catalog: Beyer et al. 2016, "Site Reliability Engineering", ch. 4; Newman 2021, ch.
    "From Monitoring to Observability".
    """
    covered = {slo.service for slo in design.slos if slo.service}
    for i, svc in enumerate(design.services):
        if svc.name not in covered:
            yield no_slo.finding(
                loc("services", i),
                svc.name,
                f"{svc.name} has no SLO: no target tells whether it is healthy, and no error "
                "budget drives its alerts",
                f"add an availability SLO for {svc.name} (and a latency one if callers wait on it)",
            )


@register(
    "unsecured-service-calls",
    title="Unsecured service-to-service calls",
    severity="warning",
    family="security",
    phase=7,
    fix="Enforce STRICT mutual TLS in the mesh.",
    catalog=(
        cite(PONCE_2022, "Non-Secured Service-to-Service Communications"),
        cite(NEWMAN_2021, 'ch. "Security" (zero trust, mutual TLS)'),
    ),
)
def unsecured_service_calls(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """Service-to-service calls that may travel unauthenticated and unencrypted.

    With no mesh, calls are secured only where the callee itself requires
    mTLS (``auth: mtls``); with a mesh, mTLS must be STRICT: PERMISSIVE still
    accepts plaintext and DISABLE turns it off.

    Catalog: Ponce et al. 2022 ("Non-Secured Service-to-Service Communications"); Newman
    2021, ch. "Security".
    """
    calls = [item.call for item in _view.sync_calls(design)]
    if not calls:
        return
    if design.mesh.technology == "none":
        auth = {svc.name: svc.auth for svc in design.services}
        open_calls = [f"{c.caller} -> {c.callee}" for c in calls if auth[c.callee] != "mtls"]
        if open_calls:
            shown = ", ".join(open_calls[:4]) + (" ..." if len(open_calls) > 4 else "")
            yield unsecured_service_calls.finding(
                "mesh.technology",
                "mesh",
                f"there is no service mesh and {len(open_calls)} synchronous calls go to "
                f"services that do not require mTLS ({shown}): a foothold inside the network "
                "can read and forge them",
                "adopt a mesh with mtls.mode STRICT, or require mTLS (auth: mtls) on every "
                "service called by another",
            )
    elif design.mesh.mtls.mode != "STRICT":
        mode = design.mesh.mtls.mode
        effect = "still accepts plaintext" if mode == "PERMISSIVE" else "turns mutual TLS off"
        yield unsecured_service_calls.finding(
            "mesh.mtls.mode",
            "mesh",
            f"mTLS mode {mode} {effect}: {len(calls)} synchronous calls between services "
            "can travel unauthenticated",
            "set mesh.mtls.mode to STRICT once every workload has a sidecar",
        )


@register(
    "shared-deployment-unit",
    title="Several services in one deployment unit",
    severity="warning",
    family="operations",
    phase=5,
    fix="Deploy each service as its own unit with its own pipeline.",
    catalog=(
        cite(NERI_2020, "Multiple Services in One Container"),
        cite(RICHARDSON, "pattern: Service per Container"),
    ),
)
def shared_deployment_unit(design: Design, thresholds: Thresholds) -> Iterator[Finding]:
    """Services that share a deployment unit, so they are released and scaled together.

    One finding per shared unit, at the first service that names it.

    Catalog: Neri et al. 2020 ("Multiple Services in One Container"); Richardson, Service
    per Container pattern.
    """
    units: dict[str, list[int]] = {}
    for i, svc in enumerate(design.services):
        if svc.deployment.unit:
            units.setdefault(svc.deployment.unit, []).append(i)
    for unit, members in units.items():
        if len(members) < 2:
            continue
        names = [design.services[i].name for i in members]
        yield shared_deployment_unit.finding(
            loc("services", members[0], "deployment", "unit"),
            unit,
            f"{', '.join(names)} share the deployment unit {unit}: none can be released, "
            "rolled back or scaled without the others",
            "give each service its own deployment unit (container image and Deployment)",
        )
