"""Field docstrings, read from the source only when a JSON Schema is made.

pydantic's ``use_attribute_docstrings`` reads every model's source file when
its class is built, about a fifth of the time ``designkit validate`` took on a
small file; validation never needs them. :class:`Model` makes its JSON Schema
with :class:`WithDocstrings`, so the schema keeps them as descriptions.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap
from functools import cache
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

__all__ = ["WithDocstrings", "attribute_docstrings"]


class WithDocstrings(GenerateJsonSchema):
    """JSON Schema generator: field docstrings become the fields' descriptions."""

    def model_schema(self, schema: Any) -> Any:
        out = super().model_schema(schema)
        docs = attribute_docstrings(schema["cls"])
        for name, prop in out.get("properties", {}).items():
            if name in docs and "description" not in prop:
                prop["description"] = docs[name]
        return out


@cache
def attribute_docstrings(cls: type) -> dict[str, str]:
    """The docstrings written under the annotated attributes of ``cls`` (and its bases).

    Examples
    --------
    >>> from designkit.model import Design
    >>> attribute_docstrings(Design)["open_questions"][:28]
    'What the workshop must still'
    """
    docs: dict[str, str] = {}
    for base in reversed(cls.__mro__[:-1]):
        try:
            source = textwrap.dedent(inspect.getsource(base))
        except (OSError, TypeError):
            continue
        body = ast.parse(source).body
        if not body or not isinstance(body[0], ast.ClassDef):
            continue
        statements = body[0].body
        for stmt, after in itertools.pairwise(statements):
            if (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[stmt.target.id] = inspect.cleandoc(after.value.value)
    return docs
