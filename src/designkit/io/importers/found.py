"""What one source file tells about a system, before the sources are assembled.

Importers are pure: source text in, a :class:`Found` out. Names that point at
other parts of the system (a host in a connection string, the service a
contract belongs to) stay unresolved here; :mod:`.assemble` resolves them once
every source of the import has been read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Contract", "Found", "Link", "Workload", "as_dict", "as_list", "origin"]

Data = dict[str, Any]


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a mapping, else an empty one (files hold anything anywhere)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def origin(path: str, line: int) -> str:
    """``path:line`` (or just the path when the line is unknown).

    Examples
    --------
    >>> origin("k8s/cart.yaml", 12), origin("api.proto", 0)
    ('k8s/cart.yaml:12', 'api.proto')
    """
    return f"{path}:{line}" if line else path


@dataclass
class Workload:
    """A running service found in a deployment file, as design data plus its addresses."""

    data: Data
    """Service fields (name, kind, exposure, deployment, origin, ...)."""
    hosts: set[str] = field(default_factory=set)
    """Names other workloads reach it by (DNS names, compose service names, aliases)."""
    protocol: str | None = None
    """What its port speaks when the source says so (``grpc``, ``rest``)."""


@dataclass
class Link:
    """A reference from a workload to some host: a call, a store or a broker connection."""

    source: str
    """The workload that holds the reference."""
    host: str
    """The host (first DNS label) it refers to."""
    origin: str
    via: str
    """What it was read from: an environment variable name, ``depends_on``, ..."""
    protocol: str | None = None
    timeout_ms: float | None = None
    retries: int | None = None


@dataclass
class Contract:
    """Endpoints, topics and events of an API description, not yet attached to a service."""

    kind: str
    """``openapi``, ``asyncapi`` or ``protobuf``."""
    title: str
    origin: str
    hints: list[str]
    """Candidate service names, best first (server host, title, package, file name)."""
    endpoints: list[Data] = field(default_factory=list)
    publishes: list[str] = field(default_factory=list)
    consumes: list[str] = field(default_factory=list)


@dataclass
class Found:
    """Everything read from one or more source files."""

    workloads: list[Workload] = field(default_factory=list)
    stores: list[tuple[Data, set[str]]] = field(default_factory=list)
    """Store data and the hosts it answers on."""
    ignored: set[str] = field(default_factory=set)
    """Hosts of tooling left out (monitoring, admin UIs): references to them are dropped."""
    brokers: list[tuple[str, set[str], str]] = field(default_factory=list)
    """(technology, hosts, origin) of each message broker."""
    links: list[Link] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    topics: list[Data] = field(default_factory=list)
    events: list[Data] = field(default_factory=list)
    contexts: list[Data] = field(default_factory=list)
    context_map: list[Data] = field(default_factory=list)
    entities: list[Data] = field(default_factory=list)
    call_settings: dict[str, Data] = field(default_factory=dict)
    """Timeout and retries of calls to a host, from mesh routing (Istio VirtualServices)."""
    design: Data = field(default_factory=dict)
    """Whole sections taken as they are (a Service Cutter domain, platform facts)."""
    questions: list[Data] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things the import could not carry over exactly, for the user to check."""

    def extend(self, other: Found) -> None:
        """Add ``other``'s findings to this one (sections in ``design`` are updated)."""
        for name in (
            "workloads", "stores", "brokers", "links", "contracts", "topics", "events",
            "contexts", "context_map", "entities", "questions", "notes",
        ):  # fmt: skip
            getattr(self, name).extend(getattr(other, name))
        for key, value in other.design.items():
            if isinstance(value, dict) and isinstance(self.design.get(key), dict):
                self.design[key].update(value)
            else:
                self.design[key] = value
        self.call_settings.update(other.call_settings)
        self.ignored |= other.ignored
