"""API and event contracts: OpenAPI 3.1, AsyncAPI 3.0, JSON Schema and Avro."""

from __future__ import annotations

import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

from ..generate.registry import Document
from ._base import Missing, Validator, as_written, crawled, require, where

__all__ = [
    "ASYNCAPI",
    "ASYNCAPI_SCHEMA_ENV",
    "AVRO",
    "JSON_SCHEMA",
    "OPENAPI",
    "asyncapi_schema_path",
]

ASYNCAPI_SCHEMA_ENV = "DESIGNKIT_ASYNCAPI_SCHEMA"
"""Environment variable naming the AsyncAPI 3.0.0 JSON Schema file, if not in the default place."""


def _one(doc: Document) -> Any:
    (content,) = as_written(doc)
    return content


@cache
def _openapi_spec_validator(base: Any) -> Any:
    """openapi-spec-validator's 3.1 validator, its schema validator's registry crawled once."""
    return type(base.__name__, (base,), {"schema_validator": crawled(base.schema_validator)})


def _openapi_problems(doc: Document) -> list[str]:
    osv = require("openapi_spec_validator")
    spec = _one(doc)
    return [
        f"{where(error.absolute_path)}: {error.message}"
        for error in _openapi_spec_validator(osv.OpenAPIV31SpecValidator)(spec).iter_errors()
    ]


OPENAPI = Validator(
    "openapi-spec-validator (3.1)", lambda d: d.path.startswith("openapi/"), _openapi_problems
)


def asyncapi_schema_path() -> Path:
    """Where the official AsyncAPI 3.0.0 schema is looked for.

    ``scripts/fetch-asyncapi-schema.sh`` fetches it from the npm package
    ``@asyncapi/specs`` into the virtual environment's ``share/designkit``.
    """
    configured = os.environ.get(ASYNCAPI_SCHEMA_ENV)
    if configured:
        return Path(configured)
    return Path(sys.prefix) / "share" / "designkit" / "asyncapi-3.0.0.json"


@cache
def _asyncapi_validator(path: Path) -> Any:
    jsonschema = require("jsonschema")
    schema = json.loads(path.read_text(encoding="utf-8"))
    return crawled(jsonschema.validators.validator_for(schema)(schema))


def _asyncapi_problems(doc: Document) -> list[str]:
    path = asyncapi_schema_path()
    if not path.is_file():
        raise Missing(
            f"the official AsyncAPI 3.0.0 schema is not at {path} "
            "(run scripts/fetch-asyncapi-schema.sh, which needs npm)"
        )
    validator = _asyncapi_validator(path)
    errors = sorted(validator.iter_errors(_one(doc)), key=lambda e: list(map(str, e.path)))
    return [f"{where(e.absolute_path)}: {e.message}" for e in errors]


ASYNCAPI = Validator(
    "AsyncAPI 3.0.0 official schema",
    lambda d: d.path.startswith("asyncapi/"),
    _asyncapi_problems,
)


@cache
def _meta_validator(cls: Any) -> Any:
    return crawled(cls(cls.META_SCHEMA))


def _json_schema_problems(doc: Document) -> list[str]:
    jsonschema = require("jsonschema")
    schema = _one(doc)
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return [
        f"{where(e.absolute_path)}: {e.message}" for e in _meta_validator(cls).iter_errors(schema)
    ]


JSON_SCHEMA = Validator(
    "JSON Schema meta-schema",
    lambda d: d.path.startswith("schemas/") and d.path.endswith(".json"),
    _json_schema_problems,
)


def _avro_problems(doc: Document) -> list[str]:
    fastavro = require("fastavro")
    try:
        fastavro.parse_schema(_one(doc))
    except Exception as error:  # fastavro raises several unrelated types
        return [f"(schema): {error}"]
    return []


AVRO = Validator("fastavro parse_schema", lambda d: d.path.endswith(".avsc"), _avro_problems)
