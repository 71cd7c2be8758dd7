"""Deliverables generated from a design: manifests, contracts, rules, documents.

Each generator module registers itself with :func:`register`; the built-in
modules are listed in ``_BUILTIN`` and imported on first use. Generators are
pure: ``generate(design)`` returns :class:`Document` values and
:func:`~designkit.generate.write.write_documents` puts them on disk.
"""

from __future__ import annotations

import importlib

from .registry import GENERATORS, Document, Generator, generate, register

__all__ = ["GENERATORS", "Document", "Generator", "generate", "register"]

_BUILTIN: tuple[str, ...] = (
    "kubernetes",
    "prometheus",
    "grafana",
    "openslo",
    "openapi",
    "asyncapi",
    "schemas",
    "contract_docs",
    "istio",
    "kong",
    "cicd",
    "chaos_mesh",
    "runbooks",
    "adr",
    "backstage",
    "mermaid",
    "structurizr",
)
"""Modules of designkit.generate that register generators (imported lazily)."""


def _load_builtin() -> None:
    for name in _BUILTIN:
        importlib.import_module(f"{__name__}.{name}")
