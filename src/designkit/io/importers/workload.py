"""Container facts shared by compose and Kubernetes: environment, ports, probes, resources."""

from __future__ import annotations

import re
from typing import Any

from .found import Data, Found, Link
from .infra import env_hosts, topic_env

__all__ = ["env_links", "port_protocol", "probe_data", "resources_data"]

_GRPC_PORTS = {50051, 50052, 9555, 9090}  # conventional gRPC ports (9090 only when named)


def port_protocol(name: str | None, number: int | None = None) -> str | None:
    """The protocol a port speaks, from its name (Istio's convention) or number.

    Examples
    --------
    >>> port_protocol("grpc-api"), port_protocol("http"), port_protocol(None, 50051)
    ('grpc', 'rest', 'grpc')
    >>> port_protocol(None, 8080) is None
    True
    """
    lowered = (name or "").lower()
    if lowered.startswith("grpc") or lowered.endswith("grpc"):
        return "grpc"
    if lowered.startswith(("http2", "h2")):
        return None  # HTTP/2 carries gRPC and plain HTTP alike
    if lowered.startswith(("http", "https", "web", "rest")):
        return "rest"
    if number in {50051, 50052}:
        return "grpc"
    return None


def env_links(found: Found, workload: str, env: dict[str, Any], origins: dict[str, str]) -> None:
    """Add the links and topics that ``env`` of ``workload`` names to ``found``.

    ``origins`` gives the ``file:line`` of each variable.
    """
    # `X_PROTOCOL: grpc` beside `X_ADDRESS` (as designkit's own manifests write) names
    # the protocol of the calls that X_... variables make.
    protocols = {
        str(k)[: -len("_PROTOCOL")]: _PROTOCOLS[str(v).lower()]
        for k, v in env.items()
        if str(k).upper().endswith("_PROTOCOL") and str(v).lower() in _PROTOCOLS
    }
    for key, value in env.items():
        at = origins[key]
        topics = topic_env(str(key), value)
        if topics is not None:
            direction, names = topics
            for name in names:
                found.topics.append(
                    {"name": name, "origin": at, "_service": workload, "_direction": direction}
                )
            continue
        prefix = _ADDRESS_SUFFIX.sub("", str(key))
        protocol = protocols.get(prefix) or ("grpc" if "GRPC" in str(key).upper() else None)
        for host in env_hosts(value):
            found.links.append(Link(workload, host, at, str(key), protocol=protocol))


_PROTOCOLS = {"rest": "rest", "http": "rest", "https": "rest", "grpc": "grpc", "graphql": "graphql"}
_ADDRESS_SUFFIX = re.compile(r"_(ADDR|ADDRESS|HOST|URL|URI|ENDPOINT)S?$", re.I)

_QUANTITY = re.compile(r"^\d+(\.\d+)?(m|k|Ki|Mi|Gi|Ti|M|G|T|E|P|Pi|Ei)?$")


def resources_data(resources: Any) -> Data:
    """designkit Resources fields from a container's ``resources`` (quantities as written)."""
    if not isinstance(resources, dict):
        return {}
    out: Data = {}
    fields = {
        ("requests", "cpu"): "cpu_request",
        ("limits", "cpu"): "cpu_limit",
        ("requests", "memory"): "memory_request",
        ("limits", "memory"): "memory_limit",
    }
    for (group, res), target in fields.items():
        section = resources.get(group)
        value = section.get(res) if isinstance(section, dict) else None
        if value is not None and _QUANTITY.match(str(value)):
            out[target] = str(value)
    return out


def probe_data(probe: Any) -> tuple[Data | None, str | None]:
    """(designkit Probe fields, protocol hint) of a Kubernetes probe.

    A ``grpc`` probe says the container speaks gRPC; designkit models HTTP
    probes, so a non-HTTP probe keeps its timings with the path ``/``.
    """
    if not isinstance(probe, dict):
        return None, None
    http = probe.get("httpGet")
    path = http.get("path") if isinstance(http, dict) else None
    hint = "grpc" if "grpc" in probe else ("rest" if isinstance(http, dict) else None)
    data: Data = {"path": str(path) if path else "/"}
    for key, target in (
        ("periodSeconds", "period_s"),
        ("failureThreshold", "failure_threshold"),
        ("initialDelaySeconds", "initial_delay_s"),
    ):
        value = probe.get(key)
        if isinstance(value, int) and value >= (0 if target == "initial_delay_s" else 1):
            data[target] = value
    return data, hint
