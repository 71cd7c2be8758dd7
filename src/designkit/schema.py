"""The JSON Schema of design files, for editors (YAML language servers) and CI."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["SCHEMA_ID", "json_schema", "json_schema_text"]

SCHEMA_ID = "urn:designkit:schema:design"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a design file.

    Examples
    --------
    >>> schema = json_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> "services" in schema["properties"]
    True
    """
    from .model import Design

    schema = Design.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def json_schema_text() -> str:
    """The schema as stable, pretty JSON text (what ``designkit schema`` prints)."""
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
