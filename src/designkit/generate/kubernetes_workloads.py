"""The Kubernetes objects of one service: workload, Service, ConfigMap and friends.

Secure by default, whatever the design says: pods run as a non-root user
(10001) with a read-only root filesystem (an ``emptyDir`` on ``/tmp`` for
scratch files), no privilege escalation, every capability dropped, the
runtime's default seccomp profile and no service-account token. A service
whose deployment strategy is ``canary`` or ``blue-green`` still gets a
rolling-update Deployment: the traffic split belongs to the mesh (Istio
resources), not to the workload.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..analysis.resilience import EffectiveCall, effective_calls
from ..model import Design, Probe, Service
from .kubernetes_meta import image, labels, namespace, selector
from .kubernetes_sizing import Sizing, disruption_budget

__all__ = ["RUN_AS", "Wiring", "port_name", "probes", "service_objects", "wiring"]

RUN_AS = 10001
"""User and group id of every container: non-root and outside most images' own ids."""

Manifest = dict[str, Any]


@dataclass(frozen=True)
class Wiring:
    """What the services' objects need to know of each other, indexed once per design.

    Built by :func:`wiring`; looking these up per service instead (scanning
    every service's dependencies or every topic) makes the manifests of a
    design quadratic in its size.
    """

    ports: dict[str, int]
    """Each service's port, by name."""
    calls: dict[str, list[EffectiveCall]]
    """Each caller's synchronous calls with their effective settings, in file order."""
    protocols: dict[str, set[str]]
    """The protocols synchronous callers speak to each callee."""
    consumes: dict[str, list[str]]
    """The topics each service consumes, in topic order."""


def wiring(design: Design) -> Wiring:
    """Index the ports, calls, caller protocols and consumed topics of ``design``.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "b", "protocol": "grpc"}]},
    ...     {"name": "b"}], "topics": [{"name": "t", "consumers": ["b"]}]})
    >>> w = wiring(d)
    >>> [c.callee for c in w.calls["a"]], w.protocols["b"], w.consumes["b"]
    (['b'], {'grpc'}, ['t'])
    """
    calls: dict[str, list[EffectiveCall]] = {}
    for call in effective_calls(design):
        calls.setdefault(call.caller, []).append(call)
    protocols: dict[str, set[str]] = {}
    for caller in design.services:
        for dep in caller.dependencies:
            if dep.protocol != "async":
                protocols.setdefault(dep.target, set()).add(dep.protocol)
    consumes: dict[str, list[str]] = {}
    for topic in design.topics:
        for name in dict.fromkeys(c.service for c in topic.consumers):
            consumes.setdefault(name, []).append(topic.name)
    return Wiring(
        ports={s.name: s.deployment.port for s in design.services},
        calls=calls,
        protocols=protocols,
        consumes=consumes,
    )


def _meta(design: Design, svc: Service, name: str | None = None) -> Manifest:
    return {
        "name": name or svc.name,
        "namespace": namespace(design),
        "labels": labels(design, svc),
    }


def port_name(design: Design, svc: Service) -> str:
    """The port's name, which the mesh reads the protocol from.

    ``grpc`` when every synchronous caller speaks gRPC to ``svc``, ``http2`` when
    some do (HTTP/2 carries both), else ``http``.

    Examples
    --------
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [
    ...     {"name": "a", "dependencies": [{"target": "c", "protocol": "grpc"}]},
    ...     {"name": "b", "dependencies": [{"target": "c"}]}, {"name": "c"}]})
    >>> port_name(d, d.service("c")), port_name(d, d.service("a"))
    ('http2', 'http')
    """
    protocols: set[str] = {
        dep.protocol
        for caller in design.services
        for dep in caller.dependencies
        if dep.target == svc.name and dep.protocol != "async"
    }
    return _port_name(protocols)


def _port_name(protocols: set[str]) -> str:
    if "grpc" not in protocols:
        return "http"
    return "grpc" if protocols == {"grpc"} else "http2"


def _probe(probe: Probe, port: int, failure_threshold: int | None = None) -> Manifest:
    return {
        "httpGet": {"path": probe.path, "port": port},
        "initialDelaySeconds": probe.initial_delay_s,
        "periodSeconds": probe.period_s,
        "timeoutSeconds": 1,
        "failureThreshold": failure_threshold or probe.failure_threshold,
    }


def probes(svc: Service) -> Manifest:
    """The container's probes; liveness is never a copy of readiness.

    A liveness probe identical to the readiness probe restarts a pod exactly
    when it stops taking traffic, so an overload becomes a restart storm. When
    the design gives both the same path and timings, liveness tolerates twice
    as many failures.

    Examples
    --------
    >>> from designkit.model import Service
    >>> same = {"path": "/health"}
    >>> p = probes(Service.model_validate(
    ...     {"name": "a", "deployment": {"probes": {"readiness": same, "liveness": same}}}))
    >>> p["readinessProbe"]["failureThreshold"], p["livenessProbe"]["failureThreshold"]
    (3, 6)
    """
    port = svc.deployment.port
    given = svc.deployment.probes
    result: Manifest = {}
    if given.readiness is not None:
        result["readinessProbe"] = _probe(given.readiness, port)
    if given.liveness is not None:
        threshold = None
        if given.liveness == given.readiness:
            threshold = given.liveness.failure_threshold * 2
        result["livenessProbe"] = _probe(given.liveness, port, threshold)
    if given.startup is not None:
        result["startupProbe"] = _probe(given.startup, port)
    return result


def _env_name(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.upper())


def _config(design: Design, svc: Service, wired: Wiring) -> dict[str, str]:
    ns = namespace(design)
    ports = wired.ports
    data = {
        "SERVICE_NAME": svc.name,
        "SERVICE_PORT": str(svc.deployment.port),
        "DESIGN_VERSION": design.metadata.version,
    }
    for call in wired.calls.get(svc.name, ()):
        key = f"DEPENDENCY_{_env_name(call.callee)}"
        data[f"{key}_ADDRESS"] = f"{call.callee}.{ns}.svc.cluster.local:{ports[call.callee]}"
        data[f"{key}_PROTOCOL"] = call.protocol
        if call.timeout_ms is not None:
            data[f"{key}_TIMEOUT_MS"] = f"{call.timeout_ms:g}"
    consumes = wired.consumes.get(svc.name, [])
    if svc.publishes:
        data["TOPICS_PUBLISHED"] = ",".join(svc.publishes)
    if consumes:
        data["TOPICS_CONSUMED"] = ",".join(consumes)
    if (svc.publishes or consumes) and design.platform.broker != "none":
        data["BROKER"] = design.platform.broker
    if design.observability.tracing == "opentelemetry":
        data["OTEL_SERVICE_NAME"] = svc.name
        data["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio"
        data["OTEL_TRACES_SAMPLER_ARG"] = f"{design.observability.trace_sampling:g}"
    return dict(sorted(data.items()))


def _resources(svc: Service, size: Sizing) -> Manifest:
    limits = {"memory": size.memory_limit}
    if size.cpu_limit is not None:
        limits = {"cpu": size.cpu_limit, **limits}
    return {
        "requests": {"cpu": size.cpu_request, "memory": size.memory_request},
        "limits": limits,
    }


def _container(design: Design, index: int, size: Sizing, wired: Wiring) -> Manifest:
    svc = design.services[index]
    return {
        "name": svc.name,
        "image": image(design, index),
        "imagePullPolicy": "IfNotPresent",
        "ports": [
            {
                "name": _port_name(wired.protocols.get(svc.name, set())),
                "containerPort": svc.deployment.port,
                "protocol": "TCP",
            }
        ],
        "envFrom": [{"configMapRef": {"name": svc.name}}],
        "resources": _resources(svc, size),
        **probes(svc),
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": RUN_AS,
            "runAsGroup": RUN_AS,
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "privileged": False,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }


def _pod(design: Design, index: int, size: Sizing, wired: Wiring) -> Manifest:
    svc = design.services[index]
    return {
        "metadata": {"labels": labels(design, svc)},
        "spec": {
            "serviceAccountName": svc.name,
            "automountServiceAccountToken": False,
            "enableServiceLinks": False,
            "securityContext": {
                "runAsNonRoot": True,
                "runAsUser": RUN_AS,
                "runAsGroup": RUN_AS,
                "fsGroup": RUN_AS,
                "seccompProfile": {"type": "RuntimeDefault"},
            },
            # Soft spreading: a lost zone must leave pods schedulable elsewhere,
            # not Pending until it comes back.
            "topologySpreadConstraints": [
                {
                    "maxSkew": 1,
                    "topologyKey": key,
                    "whenUnsatisfiable": "ScheduleAnyway",
                    "labelSelector": {"matchLabels": selector(design, svc)},
                }
                for key in ("topology.kubernetes.io/zone", "kubernetes.io/hostname")
            ],
            "terminationGracePeriodSeconds": 30,
            "containers": [_container(design, index, size, wired)],
            "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}],
        },
    }


def _workload(design: Design, index: int, size: Sizing, wired: Wiring) -> tuple[str, Manifest]:
    svc = design.services[index]
    spec: Manifest = {
        "replicas": size.replicas,
        "selector": {"matchLabels": selector(design, svc)},
    }
    if svc.deployment.stateful:
        spec["serviceName"] = f"{svc.name}-headless"
        # StatefulSets replace pods one at a time; there is no surge.
        spec["updateStrategy"] = {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
        kind, file = "StatefulSet", "statefulset.yaml"
    else:
        spec["revisionHistoryLimit"] = 5
        spec["strategy"] = (
            {"type": "Recreate"}
            if svc.deployment.strategy == "recreate"
            # Surge first, never below the current count: updates cost no capacity.
            else {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0},
            }
        )
        kind, file = "Deployment", "deployment.yaml"
    spec["template"] = _pod(design, index, size, wired)
    return file, {
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": _meta(design, svc),
        "spec": spec,
    }


def _service(design: Design, svc: Service, wired: Wiring, *, headless: bool = False) -> Manifest:
    port = svc.deployment.port
    name = _port_name(wired.protocols.get(svc.name, set()))
    spec: Manifest = {"type": "ClusterIP"}
    if headless:
        spec["clusterIP"] = "None"
    spec["selector"] = selector(design, svc)
    spec["ports"] = [{"name": name, "port": port, "targetPort": name, "protocol": "TCP"}]
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _meta(design, svc, f"{svc.name}-headless" if headless else None),
        "spec": spec,
    }


def service_objects(
    design: Design, index: int, size: Sizing, wired: Wiring | None = None
) -> dict[str, Manifest]:
    """Every object of ``design.services[index]``, by file name.

    Pass ``wired`` (:func:`wiring` of the design) when building the objects of
    many services: without it, each call indexes the whole design again.

    Examples
    --------
    >>> from designkit.generate.kubernetes_sizing import sizing
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}]})
    >>> sorted(service_objects(d, 0, sizing(d)["a"]))  # doctest: +NORMALIZE_WHITESPACE
    ['configmap.yaml', 'deployment.yaml', 'hpa.yaml', 'pdb.yaml', 'service.yaml',
     'serviceaccount.yaml']
    """
    svc = design.services[index]
    wired = wiring(design) if wired is None else wired
    file, workload = _workload(design, index, size, wired)
    objects: dict[str, Manifest] = {
        "serviceaccount.yaml": {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": _meta(design, svc),
            "automountServiceAccountToken": False,
        },
        "configmap.yaml": {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": _meta(design, svc),
            "data": _config(design, svc, wired),
        },
        file: workload,
        "service.yaml": _service(design, svc, wired),
    }
    if svc.deployment.stateful:
        objects["service-headless.yaml"] = _service(design, svc, wired, headless=True)
    if size.hpa_min is not None and size.hpa_max is not None:
        objects["hpa.yaml"] = {
            "apiVersion": "autoscaling/v2",
            "kind": "HorizontalPodAutoscaler",
            "metadata": _meta(design, svc),
            "spec": {
                "scaleTargetRef": {
                    "apiVersion": "apps/v1",
                    "kind": workload["kind"],
                    "name": svc.name,
                },
                "minReplicas": size.hpa_min,
                "maxReplicas": size.hpa_max,
                "metrics": [
                    {
                        "type": "Resource",
                        "resource": {
                            "name": "cpu",
                            "target": {
                                "type": "Utilization",
                                "averageUtilization": size.target_cpu_percent,
                            },
                        },
                    }
                ],
            },
        }
    objects["pdb.yaml"] = {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": _meta(design, svc),
        "spec": {**disruption_budget(size), "selector": {"matchLabels": selector(design, svc)}},
    }
    return objects
