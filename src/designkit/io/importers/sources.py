"""Which kind of source each path is, from its content, and reading them all.

A folder is walked (hidden folders skipped, files in name order); in a folder
a file that is no known kind is skipped with a note, while a file named on
the command line must be one. Unrendered Helm templates are refused with the
command that renders them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import DesignFileError
from .compose import dotenv, interpolate, is_compose, read_compose
from .found import Found
from .kubernetes import is_kubernetes, read_kubernetes
from .yamldocs import load_documents

__all__ = ["KINDS", "MAX_BYTES", "ImportSourceError", "Source", "detect", "read_all", "sources"]

KINDS = ("compose", "kubernetes", "openapi", "asyncapi", "protobuf", "cml", "servicecutter")
"""Every kind of source ``designkit import`` reads."""

MAX_BYTES = 32 * 1024 * 1024
"""Largest single file read (rendered charts can be large)."""

_SUFFIXES = {".yaml", ".yml", ".json", ".proto", ".cml"}


class ImportSourceError(DesignFileError):
    """A source file cannot be imported (unknown kind, unreadable, malformed)."""


@dataclass
class Source:
    """One file to import: the name shown in origins, its text, its kind and parsed documents."""

    name: str
    text: str
    kind: str | None = None
    docs: list[Any] = field(default_factory=list)
    path: Path | None = None
    """The file on disk (its folder holds a compose file's ``.env``)."""


def _display(given: str, path: Path, root: Path) -> str:
    rel = path.relative_to(root).as_posix() if path != root else ""
    base = given.rstrip("/\\") if given not in {".", "./"} else ""
    return "/".join(p for p in (base.replace(os.sep, "/"), rel) if p) or path.name


def _files(given: str) -> list[tuple[str, Path, bool]]:
    """(display name, path, named explicitly) of every file under ``given``."""
    path = Path(given)
    if not path.exists():
        raise ImportSourceError(given, "no such file or folder")
    if path.is_file():
        return [(_display(given, path, path), path, True)]
    if (path / "Chart.yaml").exists() and (path / "templates").is_dir():
        raise ImportSourceError(
            given,
            "is a Helm chart, not rendered manifests; render it first, e.g. "
            f"`helm template {path.name} {given} > {path.name}.yaml`, and import that file",
        )
    out = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            file = Path(dirpath) / filename
            if file.suffix.lower() in _SUFFIXES and not filename.startswith("."):
                out.append((_display(given, file, path), file, False))
    return out


def _read(name: str, path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportSourceError(name, f"is {size:,} bytes; the limit is {MAX_BYTES:,}")
        raw = path.read_bytes()
    except PermissionError:
        raise ImportSourceError(name, "permission denied") from None
    if b"\x00" in raw:
        raise ImportSourceError(name, "is a binary file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportSourceError(name, f"is not UTF-8 text (byte {exc.start})") from None


_PROTO = re.compile(r'^\s*(syntax\s*=\s*"proto|package\s+[\w.]+\s*;|service\s+\w+\s*\{)', re.M)
_CML = re.compile(r"^\s*(BoundedContext|ContextMap|Domain)\s+\w+", re.M)


def detect(source: Source) -> str | None:
    """The kind of ``source`` from its content (parsing YAML/JSON into ``source.docs``).

    Examples
    --------
    >>> detect(Source("a.yaml", "openapi: 3.1.0\\ninfo: {title: t, version: '1'}\\n"))
    'openapi'
    >>> detect(Source("x.proto", 'syntax = "proto3";\\nservice Cart {}\\n'))
    'protobuf'
    """
    suffix = Path(source.name).suffix.lower()
    data_file = suffix in {".yaml", ".yml", ".json"}
    if suffix == ".proto" or (not data_file and _PROTO.search(source.text)):
        return "protobuf"
    if suffix == ".cml" or (not data_file and _CML.search(source.text)):
        return "cml"
    if "{{" in source.text and re.search(r"\{\{-?\s*(\.Values|include|template|if )", source.text):
        raise ImportSourceError(
            source.name, "is a Helm template; render the chart with `helm template` first"
        )
    if suffix == ".json":
        try:  # JSON is YAML: read line-aware when the YAML reader takes it
            source.docs = load_documents(source.text, source.name)
        except DesignFileError:
            try:
                source.docs = [json.loads(source.text)]
            except json.JSONDecodeError as exc:
                raise ImportSourceError(
                    source.name, f"not valid JSON: {exc.msg}", line=exc.lineno
                ) from None
    else:
        source.docs = load_documents(source.text, source.name)
    if not source.docs:
        return None
    first = source.docs[0]
    if isinstance(first, dict):
        if "openapi" in first or "swagger" in first:
            return "openapi"
        if "asyncapi" in first:
            return "asyncapi"
        if is_compose(first):
            return "compose"
        if "entities" in first or "useCases" in first or "use_cases" in first:
            return "servicecutter" if suffix == ".json" else None
    if any(is_kubernetes(d) for d in source.docs):
        return "kubernetes"
    return None


def sources(paths: Iterable[str], kind: str | None = None) -> tuple[list[Source], list[str]]:
    """Read and classify every file under ``paths``; also return notes on skipped files."""
    if kind is not None and kind not in KINDS:
        raise ImportSourceError(str(kind), f"unknown kind; known: {', '.join(KINDS)}")
    found: list[Source] = []
    notes: list[str] = []
    for given in paths:
        for name, path, explicit in _files(str(given)):
            source = Source(name, _read(name, path), path=path)
            try:
                detected = detect(source)
            except DesignFileError as exc:
                if explicit:
                    raise
                notes.append(f"{exc}; skipped")
                continue
            source.kind = kind or detected
            if kind in {"compose", "kubernetes", "openapi", "asyncapi"} and not source.docs:
                source.docs = load_documents(source.text, name)
            if source.kind is None:
                if explicit:
                    raise ImportSourceError(
                        name,
                        "is none of the kinds designkit imports "
                        f"({', '.join(KINDS)}); name one with --kind",
                    )
                notes.append(f"{name}: not a kind designkit imports; skipped")
                continue
            found.append(source)
    return found, notes


def read_all(items: list[Source]) -> Found:
    """Read every classified source into one :class:`Found`."""
    from .readers import READERS

    found = Found()
    k8s = [
        (d, s.name) for s in items if s.kind == "kubernetes" for d in s.docs if isinstance(d, dict)
    ]
    if k8s:
        found.extend(read_kubernetes(k8s))
    for source in items:
        if source.kind == "kubernetes":
            continue
        if source.kind == "compose":
            env_file = source.path.parent / ".env" if source.path else None
            if env_file is not None and env_file.is_file() and "$" in source.text:
                # compose reads .env beside the file; so does the import (not the shell's).
                env = dotenv(_read(str(env_file), env_file))
                source.docs = load_documents(interpolate(source.text, env), source.name)
            for doc in source.docs:
                if isinstance(doc, dict):
                    found.extend(read_compose(doc, source.name))
            continue
        reader = READERS.get(str(source.kind))
        if reader is not None:
            found.extend(reader(source))
    return found
