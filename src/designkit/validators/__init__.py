"""Check generated documents with the real validator of each format.

Every deliverable designkit writes has a validator: Kubernetes objects go
through kubernetes-validate (strict, the API's OpenAPI schemas), Istio
resources through the CRD models of cloudcoil-models-istio, OpenAPI through
openapi-spec-validator, AsyncAPI through the official JSON Schema of
``@asyncapi/specs``, event schemas through jsonschema's meta-schema and
fastavro, GitHub workflows through the schema check-jsonschema vendors, Kong
and OpenSLO documents through schemas shipped here (neither project publishes
one), Prometheus rules through ``promtool`` when it is installed, Backstage
catalogs through Backstage's published entity schemas, Mermaid diagrams through
Mermaid's own parser (under node) and Structurizr workspaces through a strict
reader of the DSL's rules.

The validators are an optional extra (``pip install designkit[validators]``):
a missing one is reported as ``skipped`` with the reason, never as valid.

Examples
--------
>>> from designkit.generate import Document
>>> [c.status for c in validate_documents([Document("notes/readme.md", "# hi", "markdown")])]
['not-applicable']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..generate.registry import Document
from ._base import Check, Status, Validator
from .architecture import BACKSTAGE, MERMAID, STRUCTURIZR
from .contracts import ASYNCAPI, AVRO, JSON_SCHEMA, OPENAPI
from .formats import CHAOS_MESH, GITHUB_WORKFLOW, GRAFANA, KONG, OPENSLO, PROMETHEUS
from .kubernetes import ISTIO, KUBERNETES

__all__ = ["VALIDATORS", "Check", "Status", "Validator", "summary", "validate_documents"]

VALIDATORS: tuple[Validator, ...] = (
    KUBERNETES,
    ISTIO,
    OPENAPI,
    ASYNCAPI,
    JSON_SCHEMA,
    AVRO,
    KONG,
    OPENSLO,
    GITHUB_WORKFLOW,
    GRAFANA,
    PROMETHEUS,
    CHAOS_MESH,
    BACKSTAGE,
    MERMAID,
    STRUCTURIZR,
)
"""Validators in the order they are tried; the first whose ``applies`` matches checks it."""


def validate_documents(
    docs: Iterable[Document], validators: Sequence[Validator] = VALIDATORS
) -> list[Check]:
    """One :class:`Check` per document, in the documents' order.

    Documents no validator applies to (Markdown, Kustomize patches) get the
    status ``not-applicable``; a validator whose library is missing reports
    ``skipped`` and says what to install.
    """
    docs = list(docs)
    checks: list[Check | None] = [None] * len(docs)
    groups: dict[int, tuple[Validator, list[int]]] = {}
    for index, doc in enumerate(docs):
        chosen = next((v for v in validators if v.applies(doc)), None)
        if chosen is None:
            checks[index] = Check(doc.path, "-", "not-applicable")
        else:
            groups.setdefault(id(chosen), (chosen, []))[1].append(index)
    for validator, indices in groups.values():  # a validator's documents in one batch
        for index, check in zip(
            indices, validator.check_all([docs[i] for i in indices]), strict=True
        ):
            checks[index] = check
    return [check for check in checks if check is not None]


def summary(checks: Iterable[Check]) -> dict[Status, int]:
    """How many checks ended in each status.

    >>> summary([Check("a", "x", "valid"), Check("b", "x", "valid")])
    {'valid': 2, 'invalid': 0, 'skipped': 0, 'not-applicable': 0}
    """
    counts: dict[Status, int] = {"valid": 0, "invalid": 0, "skipped": 0, "not-applicable": 0}
    for check in checks:
        counts[check.status] += 1
    return counts
