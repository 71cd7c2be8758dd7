"""Deliverables generated from a design: manifests, contracts, rules, documents.

Each generator lives in one module of this package, named after its kind
(``kubernetes``, ``kong``, ``chaos_mesh``, ...), which defines a
:class:`Generator` called ``GENERATOR``; one line in ``pyproject.toml``
registers it in the entry point group ``designkit.generators`` (see
:mod:`.registry`). Generators are pure: ``generate(design)`` returns
:class:`Document` values and :func:`~designkit.generate.write.write_documents`
puts them on disk. Importing this package imports no generator.
"""

from __future__ import annotations

from .registry import (
    ENTRY_POINT_GROUP,
    Document,
    Generator,
    UnknownGeneratorError,
    generate,
    generators,
    register,
    resolve,
    unregister,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "Document",
    "Generator",
    "UnknownGeneratorError",
    "generate",
    "generators",
    "register",
    "resolve",
    "unregister",
]
