"""Service Cutter JSON as an import source: its entity model and use cases become the domain."""

from __future__ import annotations

from typing import Any

from ..convert import to_data
from ..servicecutter import from_servicecutter
from .found import Found
from .sources import ImportSourceError, Source

__all__ = ["read_servicecutter_sources"]


def _is_model(doc: Any) -> bool:
    return isinstance(doc, dict) and "entities" in doc


def read_servicecutter_sources(items: list[Source]) -> Found:
    """The domain of a Service Cutter model and (optionally) its user representations."""
    models = [s for s in items if s.docs and _is_model(s.docs[0])]
    users = [s for s in items if s not in models]
    if len(models) != 1 or len(users) > 1:
        names = ", ".join(s.name for s in items)
        raise ImportSourceError(
            names, "a Service Cutter import takes one model file and at most one "
            "user-representations file"
        )  # fmt: skip
    model, user = models[0], (users[0] if users else None)
    imported = from_servicecutter(
        model.docs[0],
        user.docs[0] if user else None,
        model_source=model.name,
        user_source=user.name if user else "<user representations>",
    )
    data = to_data(imported.design)
    found = Found()
    if "domain" in data:
        found.design["domain"] = data["domain"]
    found.notes.extend(imported.warnings)
    return found
