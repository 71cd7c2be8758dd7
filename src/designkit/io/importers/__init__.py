"""Start a design from the system you already run: deployment files, contracts, models.

``import_paths`` reads every path (a file or a folder), detects each file's
kind from its content (:data:`KINDS`), reads it with a real parser into
findings that keep each element's file and line, puts the findings of all
files together and returns a validated :class:`~designkit.model.Design` whose
``open_questions`` list what the files could not tell. ``merge_designs`` adds
an import to a design the user already has, keeping the user's values.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "compose.yaml").write_text('''
... services:
...   cart: {build: ., environment: {DB: "postgres://cart-db/cart"}}
...   cart-db: {image: "postgres:16"}
... ''')
>>> result = import_paths([str(folder / "compose.yaml")], name="shop")
>>> [s.name for s in result.design.services], result.design.stores[0].owner
(['cart'], 'cart')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Design
from .. import validate_data
from . import asyncapi, cml, openapi, protobuf  # noqa: F401 - they register their readers
from .assemble import assemble
from .merge import Conflict, merge_designs
from .servicecutter import read_servicecutter_sources
from .sources import KINDS, ImportSourceError, read_all, sources

__all__ = ["KINDS", "Conflict", "ImportSourceError", "Imported", "import_paths", "merge_designs"]


@dataclass(frozen=True)
class Imported:
    """An imported design, the kind of each file read and what to check by hand."""

    design: Design
    kinds: dict[str, str]
    notes: tuple[str, ...]


def import_paths(
    paths: Sequence[str], *, kind: str | None = None, name: str = "imported"
) -> Imported:
    """Import every file under ``paths`` into one design called ``name``.

    Raises
    ------
    DesignFileError
        Naming the file (and line) that cannot be read, or whose kind is unknown.
    """
    items, notes = sources(paths, kind)
    if not items:
        raise ImportSourceError(", ".join(paths), "holds no file designkit can import")
    cutter = [s for s in items if s.kind == "servicecutter"]
    found = read_all([s for s in items if s.kind != "servicecutter"])
    if cutter:
        found.extend(read_servicecutter_sources(cutter))
    label = "import of " + ", ".join(paths)
    data, more = assemble(found, label)
    if not any(data.get(k) for k in ("services", "stores", "topics", "contexts", "domain")):
        raise ImportSourceError(
            ", ".join(paths), "found no service, store, topic, context or entity to import"
        )
    data["metadata"] = {
        "name": name,
        "description": f"Imported by designkit from {', '.join(paths)}.",
    }
    design = validate_data(data, label)
    return Imported(design, {s.name: str(s.kind) for s in items}, tuple(notes + more))
