"""Container facts shared by compose and Kubernetes: environment, ports, probes, resources."""

from __future__ import annotations

import re
from typing import Any

from .found import Data, Found, Link, origin
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
    if lowered.startswith(("grpc", "http2")) or lowered.endswith("grpc"):
        return "grpc"
    if lowered.startswith(("http", "https", "web", "rest")):
        return "rest"
    if number in {50051, 50052}:
        return "grpc"
    return None


def env_links(
    found: Found, workload: str, env: dict[str, Any], where: str, *, keys: dict[str, int]
) -> None:
    """Add the links and topics that ``env`` of ``workload`` names to ``found``.

    ``keys`` gives the line of each variable (0 when unknown); ``where`` is the file.
    """
    for key, value in env.items():
        line = keys.get(key, 0)
        at = origin(where, line)
        topics = topic_env(str(key), value)
        if topics is not None:
            direction, names = topics
            for name in names:
                found.topics.append(
                    {"name": name, "origin": at, "_service": workload, "_direction": direction}
                )
            continue
        protocol = "grpc" if "GRPC" in str(key).upper() else None
        for host in env_hosts(value):
            found.links.append(Link(workload, host, at, str(key), protocol=protocol))


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
