"""Ordered migrations of design files from older ``schema_version``\\ s to the current one.

A migration is a function registered for the version it upgrades *from*; it edits
the parsed YAML data in place (so comments survive) and the loader bumps the
version. When the model changes incompatibly: bump ``SCHEMA_VERSION`` in
``designkit.model.design``, add one function here, and store a file of the old
version under ``tests/io/versions/`` so the migration stays tested.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from ..errors import SchemaVersionError
from ..model import SCHEMA_VERSION

__all__ = ["MIGRATIONS", "migrate", "migration"]

Migration = Callable[[MutableMapping[str, Any]], None]

MIGRATIONS: dict[int, Migration] = {}
"""Migration functions by the version they upgrade from (``n`` -> ``n + 1``)."""


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Register a function that upgrades data of ``from_version`` to the next version."""

    def register(fn: Migration) -> Migration:
        MIGRATIONS[from_version] = fn
        return fn

    return register


def migrate(
    data: MutableMapping[str, Any], source: str, *, current: int = SCHEMA_VERSION
) -> list[int]:
    """Upgrade ``data`` in place to ``current``; return the versions it passed through.

    A file without ``schema_version`` is taken to be current. A file from a newer
    designkit is refused rather than read and silently truncated on save.
    """
    version = data.get("schema_version", current)
    if isinstance(version, bool) or not isinstance(version, int):
        raise SchemaVersionError(
            source, f"schema_version: {version!r} is not a whole number (current is {current})"
        )
    if version > current:
        raise SchemaVersionError(
            source,
            f"schema_version: {version} is newer than this designkit reads ({current}); "
            "upgrade designkit to open this file",
        )
    if version < 1:
        raise SchemaVersionError(source, f"schema_version: {version} is not a valid version")
    passed = []
    while version < current:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SchemaVersionError(
                source, f"schema_version: no migration from version {version} to {version + 1}"
            )
        step(data)
        passed.append(version)
        version += 1
        data["schema_version"] = version
    return passed
