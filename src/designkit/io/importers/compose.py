"""docker-compose files: services, stores and brokers by image, calls from env and depends_on.

A compose service is a data store or broker when its image is one
(:mod:`.infra`), tooling (monitoring, admin UIs) is left out, and everything
else (built from source or run from an application image) is a service.
Published ports make a service public; ``deploy`` gives replicas and
resources. ``${VAR}`` references are filled from the ``.env`` file beside the
compose file, as compose does. A ``healthcheck`` is a command, not an HTTP
probe, so it is not carried over.
"""

from __future__ import annotations

import re
from typing import Any

from .found import Found, Link, Workload, as_dict, origin
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
from .workload import env_links, port_protocol
from .yamldocs import LineDict, key_line, line

__all__ = ["dotenv", "interpolate", "is_compose", "read_compose"]

_VAR = re.compile(
    r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)"
)


def dotenv(text: str) -> dict[str, str]:
    """The variables of a compose ``.env`` file (``KEY=value``, comments and quotes allowed).

    Examples
    --------
    >>> dotenv("# images\\nIMAGE=shop/cart\\nexport TAG='1.2' # pinned\\n")
    {'IMAGE': 'shop/cart', 'TAG': '1.2'}
    """
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip().removeprefix("export ").strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if value[:1] in {"'", '"'} and value[:1] in value[1:]:
            value = value[1 : value.index(value[0], 1)]
        else:
            value = value.split(" #", 1)[0].strip()
        out[key.strip()] = value
    return out


def interpolate(text: str, env: dict[str, str]) -> str:
    """``text`` with compose's ``${VAR}``, ``${VAR:-default}`` and ``$VAR`` replaced from ``env``.

    Unknown variables become their default or nothing, as compose does; ``$$`` is a ``$``.
    Replacing in the text (values hold no line breaks) keeps every line number.

    Examples
    --------
    >>> interpolate("image: ${IMAGE}:${TAG:-latest} cost: $$5 $HOME", {"IMAGE": "cart"})
    'image: cart:latest cost: $5 '
    """

    def sub(match: re.Match[str]) -> str:
        if match[0] == "$$":
            return "$"
        name = match[1] or match[4]
        value = env.get(name)
        op, default = match[2] or "", match[3] or ""
        if op.startswith(":") and not value:
            value = None
        if op.endswith("+"):
            return interpolate(default, env) if value is not None else ""
        if value is None:
            return interpolate(default, env) if op.endswith("-") else ""
        return value.replace("\n", " ")

    return _VAR.sub(sub, text)


def is_compose(doc: Any) -> bool:
    """True when a parsed document looks like a compose file (a ``services`` mapping)."""
    if not isinstance(doc, dict) or "apiVersion" in doc or "openapi" in doc:
        return False
    services = doc.get("services")
    return isinstance(services, dict) and all(
        isinstance(v, dict) and ({"image", "build"} & set(v) or not v)
        for v in list(services.values())[:5]
    )


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    return re.sub(r"^[^a-z]+", "", slug)[:63].rstrip("-") or "service"


def _env(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, int]]:
    env = spec.get("environment")
    if isinstance(env, dict):
        return {str(k): v for k, v in env.items()}, dict(getattr(env, "key_lines", {}))
    out: dict[str, Any] = {}
    if isinstance(env, list):
        for item in env:
            key, _, value = str(item).partition("=")
            out[key] = value
    return out, {}


def _ports(spec: dict[str, Any]) -> tuple[list[int], bool]:
    """(container ports, published?) of a compose service."""
    targets: list[int] = []
    published = False
    for port in spec.get("ports") or []:
        if isinstance(port, dict):
            target = port.get("target")
            published = published or port.get("published") is not None
        else:
            text = str(port).split("/", 1)[0]
            parts = text.split(":")
            target = parts[-1].split("-", 1)[0]
            published = published or len(parts) > 1
        if str(target).isdigit():
            targets.append(int(str(target)))
    for port in spec.get("expose") or []:
        text = str(port).split("/", 1)[0].split("-", 1)[0]
        if text.isdigit():
            targets.append(int(text))
    return targets, published


_UNITS = {"b": 1 / 2**20, "k": 1 / 1024, "m": 1, "g": 1024, "t": 1024**2}


def _memory(value: Any) -> str | None:
    match = re.match(r"^(\d+(?:\.\d+)?)\s*([bkmgt])?i?b?$", str(value).strip().lower())
    if not match:
        return None
    mib = float(match[1]) * _UNITS[match[2] or "b"]
    return f"{round(mib)}Mi" if mib >= 1 else None


def _cpus(value: Any) -> str | None:
    try:
        milli = round(float(str(value)) * 1000)
    except ValueError:
        return None
    return f"{milli}m" if milli > 0 else None


def _deploy(spec: dict[str, Any]) -> dict[str, Any]:
    deploy = as_dict(spec.get("deploy"))
    out: dict[str, Any] = {"autoscaling": None}
    replicas = deploy.get("replicas", spec.get("scale"))
    out["replicas"] = replicas if isinstance(replicas, int) and replicas > 0 else 1
    res = as_dict(deploy.get("resources"))
    resources: dict[str, str] = {}
    for group, cpu_key, mem_key in (
        ("reservations", "cpu_request", "memory_request"),
        ("limits", "cpu_limit", "memory_limit"),
    ):
        section = as_dict(res.get(group))
        cpu, mem = _cpus(section.get("cpus", "")), _memory(section.get("memory", ""))
        if cpu:
            resources[cpu_key] = cpu
        if mem:
            resources[mem_key] = mem
    if resources:
        out["resources"] = resources
    return out


def read_compose(doc: dict[str, Any], where: str) -> Found:
    """What a parsed compose file says about the system.

    Examples
    --------
    >>> from designkit.io.importers.yamldocs import load_documents
    >>> text = '''
    ... services:
    ...   cart:
    ...     build: ./cart
    ...     ports: ["8080:8080"]
    ...     environment: {DB_URL: "postgres://cart-db:5432/cart"}
    ...   cart-db:
    ...     image: postgres:16
    ... '''
    >>> found = read_compose(load_documents(text, "c.yaml")[0], "c.yaml")
    >>> [w.data["name"] for w in found.workloads], [s["name"] for s, _ in found.stores]
    (['cart'], ['cart-db'])
    >>> found.links[0].host, found.links[0].origin
    ('cart-db', 'c.yaml:6')
    """
    found = Found()
    services = doc.get("services") or {}
    found.design["platform"] = {"orchestrator": "other"}
    for raw_name, spec in services.items():
        if not isinstance(spec, dict):
            continue
        name = _slug(str(raw_name))
        at = origin(where, key_line(services, str(raw_name)))
        image = str(spec.get("image") or "")
        hosts = {str(raw_name).lower(), name}
        for key in ("hostname", "container_name"):
            if spec.get(key):
                hosts.add(str(spec[key]).lower())
        networks = spec.get("networks")
        if isinstance(networks, dict):
            for net in networks.values():
                if isinstance(net, dict):
                    hosts.update(str(a).lower() for a in net.get("aliases") or [])
        built = "build" in spec
        store = None if built else store_of(image)
        broker = None if built else (broker_of(image) or BROKERS.get(name))
        if store is None and broker is None:
            env_keys = list(_env(spec)[0])
            store = store_by_name(name, _ports(spec)[0], env_keys)
        if store is not None:
            tech, purpose = store
            found.stores.append(
                ({"name": name, "technology": tech, "purpose": purpose, "origin": at}, hosts)
            )
            continue
        if broker is not None:
            found.brokers.append((broker, hosts, at))
            continue
        if not built and image_repo(image) in IGNORED:
            found.notes.append(f"{at}: {raw_name!r} runs {image} (tooling); left out")
            found.ignored |= hosts
            continue
        ports, published = _ports(spec)
        deployment = _deploy(spec)
        if image and not built:
            deployment["image"] = image
        if ports:
            deployment["port"] = ports[0]
        protocols = {port_protocol(None, p) for p in ports} - {None}
        data: dict[str, Any] = {
            "name": name,
            "kind": kind_of(name, image or None),
            "exposure": "public" if published else "internal",
            "origin": at,
            "deployment": deployment,
        }
        found.workloads.append(
            Workload(data, hosts, protocol=protocols.pop() if len(protocols) == 1 else None)
        )
        env, keys = _env(spec)
        env_at = line(spec.get("environment"), line(spec))
        env_links(found, name, env, {k: origin(where, keys.get(k, env_at)) for k in env})
        command = spec.get("command")
        words = command if isinstance(command, list) else str(command or "").split()
        for host in dict.fromkeys(h for word in words for h in env_hosts(str(word))):
            found.links.append(Link(name, host, at, "command"))
        depends = spec.get("depends_on") or []
        names = list(depends) if isinstance(depends, dict | list) else []
        for target in names:
            dline = key_line(spec, "depends_on")
            if isinstance(depends, LineDict):
                dline = depends.key_lines.get(str(target), dline)
            found.links.append(Link(name, str(target).lower(), origin(where, dline), "depends_on"))
    return found
