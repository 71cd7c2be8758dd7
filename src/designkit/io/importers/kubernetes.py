"""Kubernetes manifests: workloads, Services, ConfigMaps, autoscalers, Ingress, Istio routes.

Any multi-document stream of objects is read the same way, whatever made it
(``kubectl``, ``kustomize build``, ``helm template``; ``kind: List`` too). The
objects of every file of an import are read together, because a workload's
ConfigMap, Service and autoscaler are often in other files.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .found import Data, Found, Link, Workload, as_dict, as_list, origin
from .infra import (
    BROKERS,
    IGNORED,
    broker_of,
    env_hosts,
    image_repo,
    kind_of,
    store_by_name,
    store_of,
)
from .workload import env_links, port_protocol, probe_data, resources_data
from .yamldocs import key_line, line

__all__ = ["is_kubernetes", "read_kubernetes"]

_WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "DeploymentConfig"}
_SIDECARS = {"istio-proxy", "proxyv2", "linkerd-proxy", "cloud-sql-proxy", "envoy"}

Obj = tuple[dict[str, Any], str]


def is_kubernetes(doc: Any) -> bool:
    """True when a parsed document is a Kubernetes object (or a ``List`` of them)."""
    return isinstance(doc, dict) and "apiVersion" in doc and "kind" in doc


def _objects(docs: list[Obj]) -> list[Obj]:
    out: list[Obj] = []
    for doc, where in docs:
        if doc.get("kind") == "List" or str(doc.get("kind", "")).endswith("List"):
            out.extend((item, where) for item in doc.get("items") or [] if is_kubernetes(item))
        elif is_kubernetes(doc):
            out.append((doc, where))
    return out


def _name(obj: dict[str, Any]) -> str:
    meta = as_dict(obj.get("metadata"))
    return str(meta.get("name") or "")


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    return re.sub(r"^[^a-z]+", "", slug)[:63].rstrip("-") or "service"


def _duration_ms(value: Any) -> float | None:
    match = re.match(r"^(\d+(?:\.\d+)?)(ms|s|m|h)$", str(value).strip())
    if not match:
        return None
    scale = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}[match[2]]
    return float(match[1]) * scale or None


def _main_container(pod: dict[str, Any]) -> dict[str, Any] | None:
    containers = [c for c in as_list(pod.get("containers")) if isinstance(c, dict)]
    for container in containers:
        if image_repo(str(container.get("image") or "")) not in _SIDECARS:
            return container
    return containers[0] if containers else None


def read_kubernetes(docs: list[Obj]) -> Found:
    """What a set of Kubernetes objects (with the file each came from) says about the system.

    Examples
    --------
    >>> from designkit.io.importers.yamldocs import load_documents
    >>> text = '''
    ... apiVersion: apps/v1
    ... kind: Deployment
    ... metadata: {name: cart}
    ... spec:
    ...   replicas: 3
    ...   template:
    ...     metadata: {labels: {app: cart}}
    ...     spec:
    ...       containers:
    ...       - name: cart
    ...         image: shop/cart:1.2
    ...         env:
    ...         - {name: REDIS_ADDR, value: "redis-cart:6379"}
    ... '''
    >>> found = read_kubernetes([(d, "k.yaml") for d in load_documents(text, "k.yaml")])
    >>> w = found.workloads[0]
    >>> w.data["name"], w.data["deployment"]["replicas"], w.data["origin"]
    ('cart', 3, 'k.yaml:2')
    >>> found.links[0].host, found.links[0].origin
    ('redis-cart', 'k.yaml:14')
    """
    found = Found()
    objects = _objects(docs)
    by_kind: dict[str, list[Obj]] = {}
    for obj, where in objects:
        by_kind.setdefault(str(obj.get("kind")), []).append((obj, where))
    configmaps = {_name(o): (as_dict(o.get("data")), w) for o, w in by_kind.get("ConfigMap", [])}
    hpas = {
        str(as_dict(as_dict(o.get("spec")).get("scaleTargetRef")).get("name")): o
        for o, _ in by_kind.get("HorizontalPodAutoscaler", [])
    }
    # Each Service indexed by the rarest item of its selector (a label every Service
    # shares, like part-of, would put them all in one bucket): a workload then meets
    # only the Services its own labels can match.
    plain = [
        (svc, [i for i in as_dict(as_dict(svc.get("spec")).get("selector")).items()
               if isinstance(i[1], str | int | float | bool)])
        for svc, _ in by_kind.get("Service", [])
    ]  # fmt: skip
    counts = Counter(item for _, items in plain for item in items)
    selectors: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for svc, items in plain:
        if items:
            selectors.setdefault(min(items, key=lambda i: counts[i]), []).append(svc)
    public_hosts = _public_hosts(by_kind)
    namespaces = Counter(
        str(as_dict(o.get("metadata")).get("namespace"))
        for o, _ in objects
        if as_dict(o.get("metadata")).get("namespace")
    )
    platform: Data = {"orchestrator": "kubernetes"}
    if namespaces:
        platform["namespace"] = namespaces.most_common(1)[0][0]
    found.design["platform"] = platform
    for kind in sorted(_WORKLOADS):
        for obj, where in by_kind.get(kind, []):
            _workload(found, obj, where, selectors, configmaps, hpas, public_hosts)
    _istio(found, by_kind)
    grpc_probes = found.design.pop("_grpc_probes", [])
    if grpc_probes:
        found.notes.append(
            f"gRPC health probes ({', '.join(grpc_probes)}) are kept as HTTP probes on '/' "
            "with their timings: designkit models HTTP probes; check the generated ones"
        )
    return found


def _selects(selector: dict[str, Any], labels: dict[str, Any]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def _public_hosts(by_kind: dict[str, list[Obj]]) -> set[str]:
    hosts: set[str] = set()
    for obj, _ in by_kind.get("Service", []):
        if as_dict(obj.get("spec")).get("type") in {"LoadBalancer", "NodePort"}:
            hosts.add(_name(obj).lower())
    for obj, _ in by_kind.get("Ingress", []):
        spec = as_dict(obj.get("spec"))
        backends = [as_dict(spec.get("defaultBackend"))]
        for rule in as_list(spec.get("rules")):
            for path in as_list(as_dict(as_dict(rule).get("http")).get("paths")):
                backends.append(as_dict(as_dict(path).get("backend")))
        for backend in backends:
            name = as_dict(backend.get("service")).get("name") or backend.get("serviceName")
            if name:
                hosts.add(str(name).lower())
    for kind in ("HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute"):
        for obj, _ in by_kind.get(kind, []):
            for rule in as_list(as_dict(obj.get("spec")).get("rules")):
                for ref in as_list(as_dict(rule).get("backendRefs")):
                    if as_dict(ref).get("name"):
                        hosts.add(str(ref["name"]).lower())
    for obj, _ in by_kind.get("VirtualService", []):
        spec = as_dict(obj.get("spec"))
        if any(g != "mesh" for g in as_list(spec.get("gateways"))):
            for proto in ("http", "tcp", "tls"):
                for route in as_list(spec.get(proto)):
                    for dest in as_list(as_dict(route).get("route")):
                        host = as_dict(as_dict(dest).get("destination")).get("host")
                        if host:
                            hosts.add(str(host).split(".", 1)[0].lower())
    return hosts


def _workload(
    found: Found,
    obj: dict[str, Any],
    where: str,
    selectors: dict[tuple[str, Any], list[dict[str, Any]]],
    configmaps: dict[str, tuple[dict[str, Any], str]],
    hpas: dict[str, dict[str, Any]],
    public_hosts: set[str],
) -> None:
    raw_name = _name(obj)
    name = _slug(raw_name)
    at = origin(where, line(obj))
    spec = as_dict(obj.get("spec"))
    template = as_dict(spec.get("template"))
    pod = as_dict(template.get("spec"))
    labels = as_dict(as_dict(template.get("metadata")).get("labels"))
    container = _main_container(pod)
    if container is None:
        return
    image = str(container.get("image") or "")
    hosts = {raw_name.lower(), name}
    protocols: set[str] = set()
    candidates = {
        id(svc): svc
        for item in labels.items()
        if isinstance(item[1], str | int | float | bool)
        for svc in selectors.get(item, [])
    }
    for svc in candidates.values():
        svc_spec = as_dict(svc.get("spec"))
        if _selects(as_dict(svc_spec.get("selector")), labels):
            hosts.add(_name(svc).lower())
            for port in as_list(svc_spec.get("ports")):
                port = as_dict(port)
                hint = port_protocol(port.get("appProtocol") or port.get("name"))
                if hint:
                    protocols.add(hint)
    store, broker = store_of(image), broker_of(image) or BROKERS.get(name)
    if store is None and broker is None and image_repo(image) not in IGNORED:
        env_keys = [str(as_dict(e).get("name")) for e in as_list(container.get("env"))]
        numbers = [as_dict(p).get("containerPort") for p in as_list(container.get("ports"))]
        store = store_by_name(name, [n for n in numbers if isinstance(n, int)], env_keys)
    if store is not None:
        tech, purpose = store
        data: Data = {"name": name, "technology": tech, "purpose": purpose, "origin": at}
        replicas = spec.get("replicas")
        if isinstance(replicas, int) and replicas <= 1:
            data["replication"] = "none"
        found.stores.append((data, hosts))
        return
    if broker is not None:
        found.brokers.append((broker, hosts, at))
        return
    if image_repo(image) in IGNORED:
        found.notes.append(f"{at}: {raw_name!r} runs {image} (tooling); left out")
        found.ignored |= hosts
        return
    deployment: Data = {"image": image} if image else {}
    replicas = spec.get("replicas", 1)
    deployment["replicas"] = replicas if isinstance(replicas, int) and replicas > 0 else 1
    ports = [as_dict(p) for p in as_list(container.get("ports"))]
    if ports and isinstance(ports[0].get("containerPort"), int):
        deployment["port"] = ports[0]["containerPort"]
    for port in ports:
        hint = port_protocol(port.get("name"), port.get("containerPort"))
        if hint:
            protocols.add(hint)
    resources = resources_data(container.get("resources"))
    if resources:
        deployment["resources"] = resources
    probes: Data = {}
    for key, target in (
        ("readinessProbe", "readiness"),
        ("livenessProbe", "liveness"),
        ("startupProbe", "startup"),
    ):
        probe, hint = probe_data(container.get(key))
        probes[target] = probe
        if hint == "grpc":
            protocols.add("grpc")
            grpc_probes = found.design.setdefault("_grpc_probes", [])
            if name not in grpc_probes:
                grpc_probes.append(name)
    deployment["probes"] = probes
    hpa = hpas.get(raw_name)
    deployment["autoscaling"] = _autoscaling(hpa) if hpa is not None else None
    if obj.get("kind") == "StatefulSet":
        deployment["stateful"] = True
    service: Data = {
        "name": name,
        "kind": kind_of(name, image),
        "exposure": "public" if hosts & public_hosts else "internal",
        "origin": at,
        "deployment": deployment,
    }
    only = protocols.pop() if len(protocols) == 1 else None
    found.workloads.append(Workload(service, hosts, protocol=only))
    env: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for ref in as_list(container.get("envFrom")):
        cm = str(as_dict(as_dict(ref).get("configMapRef")).get("name"))
        data, cm_file = configmaps.get(cm, ({}, where))
        for key, value in data.items():
            env[str(key)] = value
            origins[str(key)] = origin(cm_file, key_line(data, str(key)))
    for item in as_list(container.get("env")):
        item = as_dict(item)
        if "name" in item and "value" in item:
            env[str(item["name"])] = item["value"]
            origins[str(item["name"])] = origin(where, line(item))
    env_links(found, name, env, origins)
    # Addresses in the command line (`-DSN=...@tcp(db:3306)/x`, `--upstream=cart:80`).
    args = [str(a) for a in as_list(container.get("command")) + as_list(container.get("args"))]
    for host in dict.fromkeys(h for a in args for h in env_hosts(a)):
        found.links.append(Link(name, host, origin(where, line(container)), "args"))


def _autoscaling(hpa: dict[str, Any]) -> Data:
    spec = as_dict(hpa.get("spec"))
    maximum = spec.get("maxReplicas")
    minimum = spec.get("minReplicas", 1)
    out: Data = {}
    if isinstance(minimum, int) and minimum > 0:
        out["min_replicas"] = minimum
    if isinstance(maximum, int) and maximum >= out.get("min_replicas", 1):
        out["max_replicas"] = maximum
    target = spec.get("targetCPUUtilizationPercentage")
    for metric in as_list(spec.get("metrics")):
        resource = as_dict(as_dict(metric).get("resource"))
        if resource.get("name") == "cpu":
            target = as_dict(resource.get("target")).get("averageUtilization", target)
    if isinstance(target, int | float) and 0 < target <= 100:
        out["target_cpu_utilization"] = target / 100
    return out


def _istio(found: Found, by_kind: dict[str, list[Obj]]) -> None:
    virtual = by_kind.get("VirtualService", [])
    rules = by_kind.get("DestinationRule", [])
    if not virtual and not rules and not by_kind.get("PeerAuthentication"):
        return
    found.design["mesh"] = {
        "technology": "istio",
        # Istio sets no request timeout unless a route does, and retries twice.
        "defaults": {"timeout_ms": None, "per_try_timeout_ms": None, "retries": 2},
    }
    for obj, where in rules:
        policy = as_dict(as_dict(obj.get("spec")).get("trafficPolicy"))
        outlier = as_dict(policy.get("outlierDetection"))
        host = str(as_dict(obj.get("spec")).get("host") or "").split(".", 1)[0].lower()
        if outlier and host:
            breaker: Data = {}
            errors = outlier.get("consecutive5xxErrors", outlier.get("consecutiveErrors"))
            if isinstance(errors, int) and errors > 0:
                breaker["consecutive_errors"] = errors
            for key, target in (
                ("interval", "interval_s"),
                ("baseEjectionTime", "base_ejection_s"),
            ):
                ms = _duration_ms(outlier.get(key))
                if ms:
                    breaker[target] = ms / 1000
            percent = outlier.get("maxEjectionPercent")
            if isinstance(percent, int | float) and 0 < percent <= 100:
                breaker["max_ejection_percent"] = percent
            rule = found.call_settings.setdefault(host, {"origin": origin(where, line(obj))})
            rule["circuit_breaker"] = breaker
    for obj, where in virtual:
        spec = as_dict(obj.get("spec"))
        for route in as_list(spec.get("http")):
            route = as_dict(route)
            settings: Data = {"origin": origin(where, line(route, line(obj)))}
            timeout = _duration_ms(route.get("timeout"))
            if timeout:
                settings["timeout_ms"] = timeout
            retries = as_dict(route.get("retries"))
            if isinstance(retries.get("attempts"), int):
                settings["retries"] = retries["attempts"]
            per_try = _duration_ms(retries.get("perTryTimeout"))
            if per_try:
                settings["per_try_timeout_ms"] = per_try
            if len(settings) == 1:
                continue
            for dest in as_list(route.get("route")):
                dest_host = as_dict(as_dict(dest).get("destination")).get("host")
                if dest_host:
                    key = str(dest_host).split(".", 1)[0].lower()
                    found.call_settings[key] = {**found.call_settings.get(key, {}), **settings}
