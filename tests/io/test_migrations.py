"""Schema versions and migrations (io/migrations.py).

Every past file format stays readable: ``versions/v<N>.yaml`` holds one stored
design per version, and each must load with the current designkit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import pytest

import designkit.io as dio
from designkit.errors import SchemaVersionError
from designkit.io import convert, migrations
from designkit.io.migrations import MIGRATIONS, migrate
from designkit.io.yamlfile import new_yaml, parse
from designkit.model import SCHEMA_VERSION

VERSIONS = Path(__file__).parent / "versions"


def stored_versions() -> list[Path]:
    return sorted(VERSIONS.glob("v*.yaml"), key=lambda p: int(p.stem[1:]))


@pytest.mark.parametrize("path", stored_versions(), ids=lambda p: p.name)
def test_stored_file_of_a_past_version_loads(path: Path) -> None:
    declared = parse(path.read_text(encoding="utf-8"), str(path))["schema_version"]
    assert declared == int(path.stem[1:])  # v3.yaml is a file of version 3
    design = dio.load(path)
    assert design.schema_version == SCHEMA_VERSION
    assert len(design.services) >= 3  # non-trivial: the migration has something to move


def test_every_version_has_a_stored_file() -> None:
    # Bumping SCHEMA_VERSION needs a migration and a stored file of the old version.
    assert [p.name for p in stored_versions()] == [
        f"v{n}.yaml" for n in range(1, SCHEMA_VERSION + 1)
    ]
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))


def test_current_file_is_not_changed() -> None:
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "metadata": {"name": "x"}}
    assert migrate(data, "d.yaml") == []
    assert data == {"schema_version": SCHEMA_VERSION, "metadata": {"name": "x"}}


def test_missing_schema_version_is_taken_as_current(tmp_path: Path) -> None:
    data: dict[str, Any] = {"metadata": {"name": "x"}}
    assert migrate(data, "d.yaml") == []
    assert "schema_version" not in data  # not invented in place; a save writes it
    path = tmp_path / "d.yaml"
    path.write_text("metadata: {name: shop}\n")
    assert dio.load(path).schema_version == SCHEMA_VERSION


def test_future_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.yaml"
    path.write_text(f"schema_version: {SCHEMA_VERSION + 1}\nmetadata: {{name: shop}}\n")
    with pytest.raises(SchemaVersionError) as info:
        dio.load(path)
    assert str(info.value) == (
        f"{path}: schema_version: {SCHEMA_VERSION + 1} is newer than this designkit reads "
        f"({SCHEMA_VERSION}); upgrade designkit to open this file"
    )


@pytest.mark.parametrize(
    ("version", "reason"),
    [
        pytest.param("2", "'2' is not a whole number (current is 3)", id="string"),
        pytest.param(2.0, "2.0 is not a whole number (current is 3)", id="float"),
        pytest.param(True, "True is not a whole number (current is 3)", id="bool"),
        pytest.param(None, "None is not a whole number (current is 3)", id="null"),
        pytest.param(0, "0 is not a valid version", id="zero"),
        pytest.param(-1, "-1 is not a valid version", id="negative"),
        pytest.param(
            4,
            "4 is newer than this designkit reads (3); upgrade designkit to open this file",
            id="newer",
        ),
    ],
)
def test_bad_version_is_refused(version: Any, reason: str) -> None:
    with pytest.raises(SchemaVersionError) as info:
        migrate({"schema_version": version}, "d.yaml", current=3)
    assert str(info.value) == f"d.yaml: schema_version: {reason}"


def _rename_owner(data: MutableMapping[str, Any]) -> None:
    # Version 1 -> 2 of an imaginary format: a service's `team` became `owner`.
    # ruamel keeps a comment with its key, so a rename moves the comment too.
    for service in data.get("services", []):
        if "team" in service:
            service.insert(list(service).index("team"), "owner", service.pop("team"))
            if "team" in service.ca.items:
                service.ca.items["owner"] = service.ca.items.pop("team")


def _drop_mesh(data: MutableMapping[str, Any]) -> None:
    data.pop("mesh", None)


def test_migrations_run_in_order_and_bump_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setitem(MIGRATIONS, 1, lambda d: calls.append(d["schema_version"]))
    monkeypatch.setitem(MIGRATIONS, 2, lambda d: calls.append(d["schema_version"]))
    data: dict[str, Any] = {"schema_version": 1}
    assert migrate(data, "d.yaml", current=3) == [1, 2]
    assert calls == [1, 2]  # each migration sees the version it upgrades from
    assert data["schema_version"] == 3


def test_missing_migration_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(MIGRATIONS, 1, _drop_mesh)
    with pytest.raises(
        SchemaVersionError,
        match=r"^d\.yaml: schema_version: no migration "
        r"from version 2 to 3$",
    ):
        migrate({"schema_version": 1}, "d.yaml", current=3)


def test_registering_a_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", {})
    decorated = migrations.migration(7)(_drop_mesh)
    assert decorated is _drop_mesh
    assert list(migrations.MIGRATIONS.items()) == [(7, _drop_mesh)]


OLD = """\
# Shop design, written by designkit of format 1
schema_version: 1
metadata:
  name: shop
services:
  # the storefront
  - name: web
    team: storefront   # owns the UI
teams:
  - name: storefront
mesh:
  technology: linkerd
"""


def test_old_data_is_upgraded_in_place_keeping_comments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(MIGRATIONS, 1, _rename_owner)
    monkeypatch.setitem(MIGRATIONS, 2, _drop_mesh)
    data = parse(OLD, "old.yaml")
    assert migrate(data, "old.yaml", current=3) == [1, 2]
    text = re.sub(r"(?<=\S) +#", " #", _dump(data))  # ruamel may move a comment's column
    assert text == (
        "# Shop design, written by designkit of format 1\n"
        "schema_version: 3\n"
        "metadata:\n"
        "  name: shop\n"
        "services:\n"
        "  # the storefront\n"
        "  - name: web\n"
        "    owner: storefront # owns the UI\n"
        "teams:\n"
        "  - name: storefront\n"
    )


def test_old_file_is_upgraded_on_load_and_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pretend the current format is 2, with a migration from 1 that removes the mesh.
    monkeypatch.setitem(MIGRATIONS, 1, _drop_mesh)
    monkeypatch.setattr(dio, "migrate", functools.partial(migrate, current=2))
    monkeypatch.setattr(convert, "SCHEMA_VERSION", 2)
    path = tmp_path / "old.yaml"
    path.write_text(
        OLD.replace(
            "team: storefront   # owns the UI",
            "team: storefront   # owns the UI\n    kind: frontend",
        )
    )
    design = dio.load(path)
    assert design.schema_version == 2
    assert design.mesh.technology == "istio"  # the migration dropped it
    design.services[0].description = "the shop window"
    dio.save(design)
    text = path.read_text()
    assert re.search(r"^schema_version: 2$", text, re.M)
    assert "# Shop design, written by designkit of format 1\n" in text
    assert "  # the storefront\n" in text
    assert "# owns the UI" in text
    assert "description: the shop window" in text
    assert "linkerd" not in text


def _dump(data: Any) -> str:
    import io

    buffer = io.StringIO()
    new_yaml().dump(data, buffer)
    return buffer.getvalue()
