"""Kubernetes objects (kubernetes-validate, strict) and Istio resources (CRD models)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..generate.registry import Document
from ._base import Validator, as_written, require, where

__all__ = ["ISTIO", "KUBERNETES", "KUBERNETES_VERSION"]

KUBERNETES_VERSION = "1.31"
"""The API version the manifests are checked against (the model's default platform)."""


def _objects(doc: Document) -> list[dict[str, Any]]:
    return [obj for obj in as_written(doc) if isinstance(obj, dict)]


def _is_kubernetes(doc: Document) -> bool:
    # Overlays hold strategic-merge patches (partial objects) and kustomization
    # files are Kustomize's own format: kubernetes-validate knows neither.
    return (
        doc.path.startswith("kubernetes/")
        and "/overlays/" not in doc.path
        and not doc.path.endswith("kustomization.yaml")
    )


@cache
def _kubernetes_validator(kind: str, api_version: str, version: str) -> Any:
    # kubernetes_validate.validate re-reads and re-parses its 1.3 MB definitions
    # for every object; this builds the same strict validator once per kind.
    kv = require("kubernetes_validate.utils")
    jsonschema = require("jsonschema")
    referencing = require("referencing")
    schema_version = [v for v in kv.all_versions() if kv.major_minor(v) <= kv.major_minor(version)][
        -1
    ]
    folder = f"kubernetes-json-schema/v{schema_version}-local-strict"
    api = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    try:
        schema = kv.schema_contents(f"{folder}/{kind.lower()}-{api}.json", version)
    except FileNotFoundError:
        return None
    definitions = kv.schema_contents(f"{folder}/_definitions.json", version)
    registry = referencing.Resource.from_contents(schema) @ referencing.Registry()
    registry = referencing.Resource.from_contents(definitions) @ registry
    return jsonschema.Draft202012Validator(schema, registry=registry)


def _kubernetes_problems(doc: Document) -> list[str]:
    problems = []
    for obj in _objects(doc):
        kind, api_version = obj.get("kind", "?"), obj.get("apiVersion", "?")
        name = obj.get("metadata", {}).get("name", "?")
        validator = _kubernetes_validator(kind, api_version, KUBERNETES_VERSION)
        if validator is None:
            problems.append(f"{kind}/{name}: no schema for {api_version} {kind}")
            continue
        for error in sorted(validator.iter_errors(obj), key=lambda e: list(map(str, e.path))):
            problems.append(f"{kind}/{name} {where(error.path)}: {error.message}")
    return problems


KUBERNETES = Validator("kubernetes-validate (strict)", _is_kubernetes, _kubernetes_problems)

_ISTIO_MODELS = {
    "DestinationRule": ("networking", "networking.istio.io/v1"),
    "VirtualService": ("networking", "networking.istio.io/v1"),
    "PeerAuthentication": ("security", "security.istio.io/v1"),
    "AuthorizationPolicy": ("security", "security.istio.io/v1"),
}


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _istio_problems(doc: Document) -> list[str]:
    """Istio resources against the CRD models of cloudcoil-models-istio.

    The models are generated from Istio's CRD OpenAPI schemas: they check fields,
    types and enums, not the CRDs' CEL rules nor istiod's webhook. A field the
    model does not know is dropped when parsing, so the round trip must give the
    resource back unchanged.
    """
    pydantic = require("pydantic")
    problems = []
    for obj in _objects(doc):
        kind, name = obj.get("kind", "?"), obj.get("metadata", {}).get("name", "?")
        if kind not in _ISTIO_MODELS:
            problems.append(f"{kind}/{name}: not an Istio kind designkit checks")
            continue
        group, api_version = _ISTIO_MODELS[kind]
        if obj.get("apiVersion") != api_version:
            problems.append(
                f"{kind}/{name}: apiVersion is {obj.get('apiVersion')!r}, not {api_version}"
            )
        module = require(f"cloudcoil.models.istio.{group}.v1")
        try:
            model = getattr(module, kind).model_validate(obj)
        except pydantic.ValidationError as error:
            problems += [f"{kind}/{name} {where(e['loc'])}: {e['msg']}" for e in error.errors()]
            continue
        back = model.model_dump(by_alias=True, exclude_unset=True, mode="json")
        if _without_nulls(back) != obj:
            problems.append(f"{kind}/{name}: has a field the {kind} CRD does not define")
    return problems


ISTIO = Validator(
    "Istio CRD models (cloudcoil)", lambda d: d.path.startswith("istio/"), _istio_problems
)
