"""Monthly running cost of a design, per service and in total, from a price sheet.

Rules (every figure per month of ``hours_per_month`` hours):

- compute: ``replicas x (cpu_cores x vcpu_hour + memory_gib x memory_gib_hour)
  x hours``, with the capacity plan's replicas (at peak by default) and, per
  replica, the CPU and memory requests of the plan's resources (the ones the
  Kubernetes manifests ask for: the design's where it sets them, else derived
  from the capacity, see :mod:`designkit.analysis.resources`);
- stores: ``size_gb x copies(replication) x price of the store's class``
  (``block``, ``object`` or ``memory``, by technology), charged to the owner;
- topics: ``storage_bytes x average_share / 10^9 x block price``: the plan's
  storage (replication included) holds the peak rate for the whole retention;
  the average rate fills the disks. Split evenly between the publishers.

What no service owns (a store without owner, a topic without publisher) is
``unassigned``. Prices come from a YAML price sheet (``data/prices/``),
validated by :class:`PriceSheet`; the bundled one is an illustration to edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import DesignKitError
from ..model import Design
from .capacity import CapacityPlan, capacity_plan
from .resources import quantity_value
from .telemetry import average_share

__all__ = [
    "CostError",
    "CostOptions",
    "CostReport",
    "PriceSheet",
    "ServiceCost",
    "cost_report",
    "default_price_sheet",
    "load_price_sheet",
    "parse_quantity",
    "price_sheet",
]

StorageClass = Literal["block", "object", "memory"]
Replication = Literal["none", "multi-az", "multi-region"]


class CostError(DesignKitError):
    """A price sheet cannot be read or is invalid, or a resource quantity is malformed."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ComputePrices(_Strict):
    """On-demand compute, per hour."""

    vcpu_hour: float = Field(gt=0)
    memory_gib_hour: float = Field(gt=0)


class StoragePrices(_Strict):
    """Storage per GB-month, by class."""

    block: float = Field(ge=0)
    """SSD volumes: databases, search indexes, broker disks."""
    object: float = Field(ge=0)
    """Object storage (buckets)."""
    memory: float = Field(ge=0)
    """In-memory stores (Redis), per GB of data held in RAM."""


def _copies() -> dict[Replication, float]:
    return {"none": 1.0, "multi-az": 2.0, "multi-region": 2.0}


class PriceSheet(_Strict):
    """A price sheet: what compute and storage cost, with its date and source."""

    name: str = Field(min_length=1)
    date: dt.date
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    """ISO 4217 code."""
    source: str = Field(min_length=1)
    note: str = ""
    hours_per_month: float = Field(default=730.0, gt=0)
    compute: ComputePrices
    storage_gb_month: StoragePrices
    technology_class: dict[str, StorageClass] = Field(default_factory=dict)
    """Storage class of each store technology; any other is ``block``."""
    replication_copies: dict[Replication, float] = Field(default_factory=_copies)
    """Copies of the data a store's replication setting keeps."""

    def storage_price(self, technology: str) -> tuple[StorageClass, float]:
        """The storage class of ``technology`` and its price per GB-month."""
        kind = self.technology_class.get(technology, "block")
        return kind, getattr(self.storage_gb_month, kind)


def _problem(error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"]) or "(top level)"
    value = f" (got {error['input']!r})" if error["type"] != "missing" else ""
    return f"{where}: {error['msg']}{value}"


def price_sheet(data: Any, source: str = "<price sheet>") -> PriceSheet:
    """Validate parsed YAML as a :class:`PriceSheet`; CostError lists every problem."""
    try:
        return PriceSheet.model_validate(data)
    except ValidationError as exc:
        lines = [f"{source}: {_problem(e)}" for e in exc.errors()]
        raise CostError("\n".join(lines)) from None


def load_price_sheet(path: str | Path) -> PriceSheet:
    """Read and validate a price sheet YAML file."""
    from ..io.yamlfile import parse

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CostError(f"{path}: cannot read the price sheet ({exc.strerror})") from None
    return price_sheet(parse(text, str(path)), str(path))


def default_price_sheet() -> Path | None:
    """The bundled example sheet (``data/prices/cloud-example.yaml``), if installed."""
    here = Path(__file__).resolve()
    for folder in (here.parents[1] / "prices", here.parents[3] / "data" / "prices"):
        candidate = folder / "cloud-example.yaml"
        if candidate.is_file():
            return candidate
    return None


def parse_quantity(text: str, field: str = "quantity") -> float:
    """A Kubernetes resource quantity as a plain number ('250m' -> 0.25, '1Gi' -> 2**30).

    Examples
    --------
    >>> parse_quantity("250m"), parse_quantity("1.5"), parse_quantity("768Mi") / 2**30
    (0.25, 1.5, 0.75)
    >>> parse_quantity("lots", "cpu_request")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    designkit.analysis.cost.CostError: cpu_request: 'lots' is not a Kubernetes quantity ...
    """
    value = quantity_value(text)
    if value is None:
        raise CostError(
            f"{field}: {text!r} is not a Kubernetes quantity (e.g. 250m, 1, 512Mi, 1Gi)"
        )
    return value


@dataclass(frozen=True)
class CostOptions:
    """Which replica count the compute is priced at."""

    basis: Literal["peak", "average"] = "peak"
    """``peak``: the plan's replicas all month (an upper bound); ``average``: the
    autoscaler's minimum at the average rate (``hpa_min``)."""


@dataclass(frozen=True)
class ServiceCost:
    """One service's monthly cost and the quantities it was priced from."""

    service: str
    replicas: int
    cpu_cores: float
    """CPU request of one replica."""
    cpu_source: str
    """``capacity plan`` (derived), ``deployment.resources.cpu_request`` (the
    design's) or ``default`` (no traffic reaches the service)."""
    memory_gib: float
    """Memory request of one replica."""
    compute: float
    stores: tuple[str, ...]
    storage: float
    topics: float
    """This service's share of the topics it publishes to."""

    @property
    def total(self) -> float:
        """Compute, storage and topics."""
        return self.compute + self.storage + self.topics


@dataclass(frozen=True)
class CostReport:
    """The design's monthly cost by service, priced with one sheet."""

    sheet: PriceSheet
    basis: str
    services: Mapping[str, ServiceCost]
    unassigned: float
    """Stores without owner and topics without publisher."""
    budget: float | None = None
    """``requirements.budget.monthly`` when it is in the sheet's currency."""
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> float:
        """Every service plus what is unassigned."""
        return sum(s.total for s in self.services.values()) + self.unassigned

    def top(self, n: int = 3) -> list[ServiceCost]:
        """The ``n`` most expensive services (ties in file order)."""
        return sorted(self.services.values(), key=lambda s: -s.total)[:n]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (amounts rounded to cents)."""
        return {
            "currency": self.sheet.currency,
            "price_sheet": {
                "name": self.sheet.name,
                "date": self.sheet.date.isoformat(),
                "source": self.sheet.source,
            },
            "basis": self.basis,
            "services": {
                name: {
                    "replicas": s.replicas,
                    "compute": round(s.compute, 2),
                    "storage": round(s.storage, 2),
                    "topics": round(s.topics, 2),
                    "total": round(s.total, 2),
                }
                for name, s in self.services.items()
            },
            "unassigned": round(self.unassigned, 2),
            "total": round(self.total, 2),
            "budget": self.budget,
            "within_budget": None if self.budget is None else self.total <= self.budget,
            "notes": list(self.notes),
        }


_CPU_SOURCES = {
    "derived": "capacity plan",
    "design": "deployment.resources.cpu_request",
    "default": "default",
}


def cost_report(
    design: Design,
    sheet: PriceSheet,
    options: CostOptions | None = None,
    *,
    plan: CapacityPlan | None = None,
) -> CostReport:
    """Price ``design`` with ``sheet``: compute, stores and topics, by service.

    Examples
    --------
    One service, 2 replicas of 500m and 1Gi, at 0.04 per vCPU-hour and 0.005
    per GiB-hour over 730 hours: ``2 x (0.5 x 0.04 + 1 x 0.005) x 730 = 36.5``;
    its 100 GB store, replicated over two zones at 0.10: ``100 x 2 x 0.10 = 20``.

    >>> from designkit.model import Design
    >>> sheet = PriceSheet.model_validate({"name": "t", "date": "2025-01-01",
    ...     "currency": "EUR", "source": "test", "compute": {"vcpu_hour": 0.04,
    ...     "memory_gib_hour": 0.005}, "storage_gb_month": {"block": 0.1, "object": 0.02,
    ...     "memory": 3}})
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a",
    ...     "deployment": {"resources": {"cpu_request": "500m", "memory_request": "1Gi"}}}],
    ...     "stores": [{"name": "db", "owner": "a", "size_gb": 100}],
    ...     "slos": [{"name": "a-up", "service": "a"}]})
    >>> a = cost_report(d, sheet).services["a"]
    >>> a.replicas, round(a.compute, 2), round(a.storage, 2), round(a.total, 2)
    (2, 36.5, 20.0, 56.5)
    """
    opts = options or CostOptions()
    plan = plan or capacity_plan(design)
    hours = sheet.hours_per_month
    storage: dict[str, float] = {s.name: 0.0 for s in design.services}
    owned: dict[str, list[str]] = {s.name: [] for s in design.services}
    topics: dict[str, float] = {s.name: 0.0 for s in design.services}
    unassigned = 0.0
    notes = []
    for store in design.stores:
        if store.size_gb is None:
            notes.append(f"store {store.name} has no size_gb: priced at 0")
            continue
        _kind, price = sheet.storage_price(store.technology)
        copies = sheet.replication_copies.get(store.replication, 1.0)
        amount = store.size_gb * copies * price
        if store.owner in storage:
            storage[store.owner] += amount
            owned[store.owner].append(store.name)
        else:
            unassigned += amount
    share = average_share(plan)
    for topic in plan.topics.values():
        amount = topic.storage_bytes * share / 1e9 * sheet.storage_gb_month.block
        publishers = [p for p in plan.traffic.topics[topic.topic].publishers if p in topics]
        if not publishers:
            unassigned += amount
        for name in publishers:
            topics[name] += amount / len(publishers)
    services = {}
    for index, svc in enumerate(design.services):
        cap = plan.services[svc.name]
        replicas = cap.replicas if opts.basis == "peak" else cap.hpa_min
        where = f"services[{index}].deployment.resources"
        res = cap.resources
        cpu = parse_quantity(res.cpu_request, f"{where}.cpu_request")
        cpu_source = _CPU_SOURCES[res.sources["cpu_request"]]
        memory = parse_quantity(res.memory_request, f"{where}.memory_request") / 2**30
        compute = replicas * (
            cpu * sheet.compute.vcpu_hour + memory * sheet.compute.memory_gib_hour
        )
        services[svc.name] = ServiceCost(
            service=svc.name,
            replicas=replicas,
            cpu_cores=cpu,
            cpu_source=cpu_source,
            memory_gib=memory,
            compute=compute * hours,
            stores=tuple(owned[svc.name]),
            storage=storage[svc.name],
            topics=topics[svc.name],
        )
    budget = design.requirements.budget
    if budget is not None and budget.currency != sheet.currency:
        notes.append(
            f"requirements.budget is in {budget.currency}, the price sheet in "
            f"{sheet.currency}: not compared"
        )
    return CostReport(
        sheet=sheet,
        basis=opts.basis,
        services=services,
        unassigned=unassigned,
        budget=budget.monthly if budget and budget.currency == sheet.currency else None,
        notes=tuple(notes),
    )
