"""Secure defaults, probes, sizing and images of the generated workloads."""

from __future__ import annotations

from typing import Any

import pytest

from designkit.analysis.capacity import capacity_plan
from designkit.generate.kubernetes import manifests
from designkit.generate.kubernetes_meta import UnpinnedImageError
from designkit.model import Design
from tests.conftest import make
from tests.generate.test_kubernetes import CASES, DESIGN_FILES, design_of

WORKLOADS = {"Deployment", "StatefulSet"}


def by_kind(design: Design) -> dict[str, dict[str, dict[str, Any]]]:
    """kind -> name -> object."""
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for obj in manifests(design):
        result.setdefault(obj["kind"], {})[obj["metadata"]["name"]] = obj
    return result


def workloads(design: Design) -> dict[str, dict[str, Any]]:
    return {m["metadata"]["name"]: m for m in manifests(design) if m["kind"] in WORKLOADS}


@pytest.mark.parametrize("name", list(DESIGN_FILES))
def test_every_workload_is_secure_by_default(name: str) -> None:
    design = design_of(name)
    kinds = by_kind(design)
    found = workloads(design)
    assert set(found) == {s.name for s in design.services}
    for service, workload in found.items():
        pod = workload["spec"]["template"]["spec"]
        assert pod["automountServiceAccountToken"] is False
        assert (
            kinds["ServiceAccount"][pod["serviceAccountName"]]["automountServiceAccountToken"]
            is False
        )
        context = pod["securityContext"]
        assert context["runAsNonRoot"] is True
        assert context["runAsUser"] > 0 and context["runAsGroup"] > 0
        assert context["seccompProfile"] == {"type": "RuntimeDefault"}
        volumes = {v["name"]: v for v in pod["volumes"]}
        for container in pod["containers"]:
            sc = container["securityContext"]
            assert sc["runAsNonRoot"] is True and sc["runAsUser"] > 0, service
            assert sc["readOnlyRootFilesystem"] is True, service
            assert sc["allowPrivilegeEscalation"] is False, service
            assert sc["capabilities"] == {"drop": ["ALL"]}, service
            assert sc["seccompProfile"] == {"type": "RuntimeDefault"}, service
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            assert "emptyDir" in volumes[mounts["/tmp"]], service
            image = container["image"]
            tail = image.rsplit("/", 1)[-1]
            assert "@sha256:" in image or (":" in tail and not tail.endswith(":latest")), image
            resources = container["resources"]
            assert {"cpu", "memory"} <= set(resources["requests"]), service
            assert "memory" in resources["limits"], service
        keys = {c["topologyKey"] for c in pod["topologySpreadConstraints"]}
        assert keys == {"topology.kubernetes.io/zone", "kubernetes.io/hostname"}
        labels = workload["metadata"]["labels"]
        assert labels["app.kubernetes.io/name"] == service
        assert labels["app.kubernetes.io/part-of"] == design.metadata.name
        assert labels["app.kubernetes.io/managed-by"] == "designkit"
        assert "app.kubernetes.io/component" in labels
        selector = workload["spec"]["selector"]["matchLabels"]
        assert selector.items() <= workload["spec"]["template"]["metadata"]["labels"].items()
        assert kinds["Service"][service]["spec"]["selector"] == selector
    namespace = kinds["Namespace"][design.platform.namespace]
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


@pytest.mark.parametrize("name", list(DESIGN_FILES))
def test_services_with_an_slo_run_at_least_two_replicas(name: str) -> None:
    design = design_of(name)
    kinds = by_kind(design)
    with_slo = {slo.service for slo in design.slos if slo.service}
    with_slo |= {j.entry for j in design.journeys if any(s.journey == j.name for s in design.slos)}
    assert with_slo
    for service in with_slo:
        workload = workloads(design)[service]
        assert workload["spec"]["replicas"] >= 2, service
        hpa = kinds.get("HorizontalPodAutoscaler", {}).get(service)
        if hpa:
            assert hpa["spec"]["minReplicas"] >= 2, service


@pytest.mark.parametrize("name", CASES)
def test_probes_differ_and_budgets_fit_the_replicas(name: str) -> None:
    design = design_of(name)
    kinds = by_kind(design)
    for service, workload in workloads(design).items():
        (container,) = workload["spec"]["template"]["spec"]["containers"]
        ready, live = container["readinessProbe"], container["livenessProbe"]
        assert ready != live, service
        if "startupProbe" in container:
            assert container["startupProbe"]["failureThreshold"] >= 1
        replicas = workload["spec"]["replicas"]
        hpa = kinds.get("HorizontalPodAutoscaler", {}).get(service)
        fewest = replicas
        if hpa:
            low, high = hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]
            assert 1 <= low <= high, service
            assert low <= replicas <= high, service
            assert hpa["spec"]["scaleTargetRef"] == {
                "apiVersion": "apps/v1",
                "kind": workload["kind"],
                "name": service,
            }
            fewest = low
        pdb = kinds["PodDisruptionBudget"][service]["spec"]
        # At the fewest replicas, one pod may be evicted and (with two or more) one stays.
        allowed = fewest - pdb["minAvailable"] if "minAvailable" in pdb else pdb["maxUnavailable"]
        assert allowed >= 1, service
        if fewest >= 2:
            assert fewest - allowed >= 1, service


def test_sizing_is_the_larger_of_design_and_capacity_where_traffic_reaches() -> None:
    design = design_of("banking")
    plan = capacity_plan(design)
    kinds = by_kind(design)
    ledger = plan.services["ledger"]
    assert ledger.rate_rps > 0
    wanted = design.service("ledger").deployment
    assert wanted.autoscaling is not None
    hpa = kinds["HorizontalPodAutoscaler"]["ledger"]["spec"]
    assert hpa["minReplicas"] == max(ledger.hpa_min, wanted.autoscaling.min_replicas)
    assert hpa["maxReplicas"] == max(ledger.hpa_max, wanted.autoscaling.max_replicas)
    assert hpa["maxReplicas"] > hpa["minReplicas"]  # an autoscaler that can scale
    replicas = kinds["Deployment"]["ledger"]["spec"]["replicas"]
    assert replicas >= ledger.replicas and hpa["minReplicas"] <= replicas
    assert hpa["metrics"][0]["resource"]["target"]["averageUtilization"] == 60
    # No journey reaches the audit service: the design's own autoscaling applies.
    assert plan.services["audit"].rate_rps == 0
    audit = kinds["HorizontalPodAutoscaler"]["audit"]["spec"]
    assert (audit["minReplicas"], audit["maxReplicas"]) == (3, 8)


def test_edge_cases() -> None:
    design = design_of("edge-cases")
    kinds = by_kind(design)
    assert kinds["Namespace"].keys() == {"edge"}
    assert kinds["Deployment"]["front"]["metadata"]["labels"]["app.kubernetes.io/part-of"] == (
        "Edge-Cases"
    )
    # A stateful service: StatefulSet governed by a headless Service, scaled by its HPA.
    sts = kinds["StatefulSet"]["db-api"]
    assert sts["spec"]["serviceName"] == "db-api-headless"
    assert kinds["Service"]["db-api-headless"]["spec"]["clusterIP"] == "None"
    assert kinds["HorizontalPodAutoscaler"]["db-api"]["spec"]["scaleTargetRef"]["kind"] == (
        "StatefulSet"
    )
    # Only gRPC callers: the port is named for the mesh's protocol detection.
    assert kinds["Service"]["db-api"]["spec"]["ports"][0]["name"] == "grpc"
    # Identical probes in the design: liveness tolerates more failures.
    (db,) = sts["spec"]["template"]["spec"]["containers"]
    assert db["livenessProbe"]["failureThreshold"] == 2 * db["readinessProbe"]["failureThreshold"]
    assert db["image"] == "reg.example/db-api:2.0.1"
    # Fixed replicas, recreate strategy, an SLO: two pods, no autoscaler.
    front = kinds["Deployment"]["front"]["spec"]
    assert front["strategy"] == {"type": "Recreate"}
    assert front["replicas"] == 2
    assert "front" not in kinds["HorizontalPodAutoscaler"]
    assert kinds["PodDisruptionBudget"]["front"]["spec"]["minAvailable"] == 1
    # One replica, no SLO: the budget never blocks a drain.
    assert kinds["Deployment"]["solo"]["spec"]["replicas"] == 1
    assert kinds["PodDisruptionBudget"]["solo"]["spec"]["maxUnavailable"] == 1
    # The CPU the design sets wins over the capacity math; memory, not set, is derived.
    busy = kinds["Deployment"]["busy"]["spec"]
    (container,) = busy["template"]["spec"]["containers"]
    res = capacity_plan(design).services["busy"].resources
    assert res.cpu_request_m == 100 and res.sources["memory_request"] == "derived"
    assert container["resources"] == {
        "requests": {"cpu": "100m", "memory": res.memory_request},
        "limits": {"cpu": "200m", "memory": res.memory_limit},
    }
    assert busy["strategy"]["rollingUpdate"] == {"maxSurge": "25%", "maxUnavailable": 0}


@pytest.mark.parametrize(
    ("image", "pinned"),
    [
        ("kong", False),
        ("kong:latest", False),
        ("registry:5000/team/app", False),
        ("registry:5000/team/app:1.2", True),
        ("app@sha256:" + "0" * 64, True),
    ],
)
def test_images_must_be_pinned(image: str, pinned: bool) -> None:
    design = make(services=[{"name": "a", "deployment": {"image": image}}])
    if pinned:
        assert workloads(design)["a"]["spec"]["template"]["spec"]["containers"][0]["image"] == image
    else:
        with pytest.raises(UnpinnedImageError, match=r"services\[0\]\.deployment\.image"):
            manifests(design)


def test_no_version_to_tag_with() -> None:
    design = make(metadata={"name": "t", "version": "latest"}, services=[{"name": "a"}])
    with pytest.raises(UnpinnedImageError, match=r"metadata\.version"):
        manifests(design)
