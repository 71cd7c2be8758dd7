"""OpenSLO v1 documents, one per SLO: ``openslo/<slo>.yaml``.

Each is a ``kind: SLO`` with its indicator inline: a ``ratioMetric`` over
Prometheus counters (``counter: true``), ``bad``/``total`` for availability
and ``good``/``total`` for latency, with the queries of
:mod:`designkit.generate.observability`; a rolling ``timeWindow`` of the SLO's
period, ``budgetingMethod: Occurrences`` (the share of good requests, as the
Prometheus rules compute it) and one objective with the SLO's ``target``.

Names follow the spec: ``metadata.name`` is a DNS label (RFC 1123, at most 63
characters); an SLO name that is not one is slugged with a hash suffix and
kept as ``displayName``.
"""

from __future__ import annotations

from typing import Any

from ..model import Design, Slo
from .observability import METRICS, HttpMetrics, dns_name, sli_query
from .registry import Document, Generator

__all__ = ["API_VERSION", "GENERATOR", "build", "slo_document"]

API_VERSION = "openslo/v1"


def _source(query: str) -> dict[str, Any]:
    return {"metricSource": {"type": "Prometheus", "spec": {"query": f"sum({query})"}}}


def slo_document(design: Design, slo: Slo, metrics: HttpMetrics = METRICS) -> dict[str, Any]:
    """The OpenSLO v1 ``SLO`` document of ``slo``.

    Examples
    --------
    >>> from designkit.model import Design
    >>> d = Design.model_validate({"metadata": {"name": "x"}, "services": [{"name": "a"}],
    ...     "slos": [{"name": "a-up", "service": "a", "objective": 0.999}]})
    >>> doc = slo_document(d, d.slos[0])
    >>> doc["kind"], doc["spec"]["objectives"], doc["spec"]["timeWindow"]
    ('SLO', [{'displayName': 'a-up', 'target': 0.999}], [{'duration': '30d', 'isRolling': True}])
    >>> sorted(doc["spec"]["indicator"]["spec"]["ratioMetric"])
    ['bad', 'counter', 'total']
    """
    query = sli_query(design, slo, metrics)
    name = dns_name(slo.name)
    if slo.sli == "latency":
        what = f"requests answered within {slo.threshold_ms:g} ms"
    else:
        what = "requests not answered with a server error (5xx)"
    where = f"journey {slo.journey} (at {query.service})" if slo.journey else slo.service
    labels = {"design": design.metadata.name, "sli": slo.sli}
    if slo.journey is not None:
        labels["journey"] = slo.journey
    ratio: dict[str, Any] = {"counter": True}
    ratio["good" if query.good else "bad"] = _source(query.numerator)
    ratio["total"] = _source(query.total)
    return {
        "apiVersion": API_VERSION,
        "kind": "SLO",
        "metadata": {"name": name, "displayName": slo.name, "labels": labels},
        "spec": {
            "description": (
                f"{slo.sli.capitalize()} of {where}: at least {slo.objective * 100:g}% of "
                f"{what}, over a rolling {slo.window_days} days."
            )[:1050],
            "service": query.service,
            "indicator": {
                "metadata": {
                    "name": dns_name(f"{name}-sli"),
                    "displayName": f"{slo.name} ({slo.sli})",
                },
                "spec": {"ratioMetric": ratio},
            },
            "timeWindow": [{"duration": f"{slo.window_days}d", "isRolling": True}],
            "budgetingMethod": "Occurrences",
            "objectives": [{"displayName": slo.name, "target": slo.objective}],
        },
    }


def build(design: Design) -> list[Document]:
    """``openslo/<slo>.yaml`` for every SLO."""
    return [
        Document(f"openslo/{dns_name(slo.name)}.yaml", slo_document(design, slo))
        for slo in design.slos
    ]


GENERATOR = Generator(
    "openslo",
    "OpenSLO v1 SLO documents, one per SLO",
    build,
)
"""Registered in the entry point group ``designkit.generators`` (pyproject.toml)."""
