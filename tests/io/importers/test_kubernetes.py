"""Kubernetes import: workloads, Services, ConfigMaps, HPAs, stores, exposure, Istio routes."""

from __future__ import annotations

import pytest

from designkit.io.importers.kubernetes import read_kubernetes
from designkit.io.importers.yamldocs import load_documents

from ._helpers import imported


@pytest.fixture(scope="module")
def design():
    return imported("k8s").design


def test_workloads_are_services_and_statefulset_databases_are_stores(design):
    assert [s.name for s in design.services] == ["catalog", "loans", "web"]
    assert {s.name: (s.technology, s.purpose) for s in design.stores} == {
        "loans-postgres": ("postgresql", "primary"),
        "search-index": ("elasticsearch", "search"),
    }
    assert design.stores[0].replication == "none"  # one replica


def test_calls_from_env_and_configmaps_with_protocols(design):
    calls = {(s.name, d.target, d.protocol) for s in design.services for d in s.dependencies}
    assert calls == {
        ("catalog", "loans", "rest"),
        ("loans", "catalog", "grpc"),  # CATALOG_GRPC_ADDR in the ConfigMap
        ("web", "catalog", "grpc"),  # the catalog's port is named grpc
        ("web", "loans", "rest"),
    }
    # The ConfigMap's line is the origin of the call made through envFrom.
    assert design.service("loans").dependencies[0].origin == "k8s/services.yaml:28"


def test_istio_routes_give_timeouts_and_retries(design):
    to_loans = design.service("web").dependencies[1]
    assert (to_loans.target, to_loans.timeout_ms, to_loans.retries) == ("loans", 2000.0, 3)
    assert to_loans.per_try_timeout_ms == 500.0
    assert design.service("web").dependencies[0].timeout_ms is None
    assert design.mesh.technology == "istio" and design.mesh.defaults.timeout_ms is None


def test_deployment_profile(design):
    catalog = design.service("catalog").deployment
    assert (catalog.replicas, catalog.port, catalog.image) == (
        3,
        50051,
        "example.org/library/catalog:2.0.1",
    )
    assert catalog.resources.cpu_request == "200m" and catalog.resources.cpu_limit == "1"
    assert catalog.probes.readiness is not None and catalog.probes.readiness.period_s == 5
    assert catalog.probes.liveness is None
    loans = design.service("loans").deployment
    assert loans.probes.readiness.path == "/ready"
    assert loans.probes.liveness.failure_threshold == 5
    assert (loans.autoscaling.min_replicas, loans.autoscaling.max_replicas) == (2, 8)
    assert loans.autoscaling.target_cpu_utilization == pytest.approx(0.6)
    web = design.service("web").deployment
    assert web.replicas == 1 and web.image == "example.org/library/web:3.1.0"  # not the sidecar


def test_exposure_from_load_balancer_services(design):
    assert {s.name: s.exposure for s in design.services} == {
        "catalog": "internal",
        "loans": "internal",
        "web": "public",
    }


def test_store_ownership_from_connections(design):
    assert {s.name: s.owner for s in design.stores} == {
        "loans-postgres": "loans",
        "search-index": "catalog",
    }


def test_platform_and_provenance(design):
    assert design.platform.orchestrator == "kubernetes"
    assert design.platform.namespace == "library"
    assert design.service("catalog").origin == "k8s/workloads.yaml:2"
    assert design.service("web").origin == "k8s/workloads.yaml:60"


def _docs(text: str) -> list[tuple[dict, str]]:
    return [(d, "m.yaml") for d in load_documents(text, "m.yaml")]


def test_ingress_and_gateway_routes_make_services_public():
    text = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: shop}
spec:
  template:
    metadata: {labels: {app: shop}}
    spec: {containers: [{name: shop, image: shop:1}]}
---
apiVersion: v1
kind: Service
metadata: {name: shop-svc}
spec: {selector: {app: shop}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: edge}
spec:
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: shop-svc, port: {number: 80}}}}
"""
    found = read_kubernetes(_docs(text))
    assert found.workloads[0].data["exposure"] == "public"
    assert "shop-svc" in found.workloads[0].hosts


def test_list_objects_are_read():
    text = """
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: a}
    spec: {template: {spec: {containers: [{name: a, image: "a:1"}]}}}
"""
    found = read_kubernetes(_docs(text))
    assert [w.data["name"] for w in found.workloads] == ["a"]


def test_a_workload_without_containers_is_skipped():
    text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: 2}\n"
    assert read_kubernetes(_docs(text)).workloads == []


def test_custom_database_images_are_stores_by_name_and_args_give_connections():
    text = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: users}
spec:
  template:
    spec:
      containers:
        - name: users
          image: example.org/users:1
          args: ["-dsn=app:pw@tcp(users-db:3306)/users", "-port=8080"]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: users-db}
spec:
  template:
    spec:
      containers:
        - name: db
          image: example.org/users-db:1
          env: [{name: MYSQL_DATABASE, value: users}]
"""
    from designkit.io.importers.assemble import assemble

    data, _ = assemble(read_kubernetes(_docs(text)))
    assert [s["name"] for s in data["services"]] == ["users"]
    assert data["stores"][0] | {"origin": None} == {
        "name": "users-db",
        "technology": "mysql",
        "purpose": "primary",
        "owner": "users",
        "origin": None,
    }
    assert data["services"][0]["stores"] == [{"store": "users-db", "access": "read-write"}]


def test_standard_grpc_interfaces_and_grpc_probes_are_summarised():
    result = imported("k8s")
    assert [n for n in result.notes if "gRPC health probes" in n] == [
        "gRPC health probes (catalog) are kept as HTTP probes on '/' with their timings: "
        "designkit models HTTP probes; check the generated ones"
    ]


def test_destination_rules_give_circuit_breakers(design):
    to_catalog = design.service("web").dependencies[0]
    assert to_catalog.target == "catalog"
    breaker = to_catalog.circuit_breaker
    assert (breaker.consecutive_errors, breaker.interval_s, breaker.base_ejection_s) == (5, 10, 30)
    assert to_catalog.timeout_ms is None  # a breaker is not a timeout
    assert design.service("web").dependencies[1].circuit_breaker is None


def test_gateway_api_routes_make_services_public():
    text = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: shop}
spec:
  template:
    metadata: {labels: {app: shop}}
    spec: {containers: [{name: shop, image: shop:1}]}
---
apiVersion: v1
kind: Service
metadata: {name: shop}
spec: {selector: {app: shop}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop}
spec:
  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{name: shop, port: 80}]}]
"""
    assert read_kubernetes(_docs(text)).workloads[0].data["exposure"] == "public"


def test_one_rendered_stream_reads_like_the_folder(tmp_path):
    # `kustomize build` and `helm template` print every object in one stream.
    from designkit.io.importers import import_paths

    from ._helpers import HERE

    parts = [
        (HERE / "k8s" / n).read_text() for n in ("services.yaml", "stores.yaml", "workloads.yaml")
    ]
    stream = tmp_path / "rendered.yaml"
    stream.write_text("---\n# Source: library/templates/all.yaml\n" + "\n---\n".join(parts))
    one = import_paths([str(stream)]).design
    folder = imported("k8s").design

    def facts(design):
        return (
            [(s.name, s.exposure, s.deployment.replicas) for s in design.services],
            {
                (s.name, d.target, d.protocol, d.timeout_ms)
                for s in design.services
                for d in s.dependencies
            },
            [(s.name, s.owner) for s in design.stores],
        )

    assert facts(one) == facts(folder)
    assert one.service("web").origin.startswith(f"{stream}:")
