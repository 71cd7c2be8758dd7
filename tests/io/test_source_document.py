"""The parsed file a loaded design keeps for comment-keeping saves (io/__init__.py).

Loading keeps the parsed data itself (validation only reads it): no copy of the
document, which made loading quadratic. Only a migration, which edits the data
in place, has the file as written parsed again. Deep copies of a design share
the document (io never changes it in place), and a save parses what it wrote
once, both to check it and to keep it.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import pytest

import designkit.io as dio
from designkit.io import convert
from designkit.io.migrations import MIGRATIONS, migrate

COMMENTED = """\
# the shop
schema_version: 1
metadata: {name: shop}   # short
services:
  - name: cart   # first
  - name: order
mesh: {technology: linkerd}
"""


def _forbid(*_: Any, **__: Any) -> Any:
    raise AssertionError("the parsed document was copied")


def test_loading_copies_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dio, "copy_document", _forbid)
    monkeypatch.setattr(copy, "deepcopy", _forbid)
    design = dio.loads(COMMENTED)
    assert [s.name for s in design.services] == ["cart", "order"]


def test_the_kept_document_keeps_the_comments_and_is_never_changed() -> None:
    design = dio.loads(COMMENTED)
    design.services[0].description = "holds carts"
    design.services.pop()
    text = dio.dumps(design)
    assert "# the shop\n" in text and "# short" in text and "# first" in text
    assert "order" not in text and "holds carts" in text
    # The edit went into a copy: the next dump starts again from the file.
    assert [s["name"] for s in design._source.document["services"]] == ["cart", "order"]
    assert dio.dumps(design) == text


def test_a_migrated_file_keeps_the_file_as_written_for_saves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Pretend the current format is 2, with a migration from 1 that drops the mesh.
    monkeypatch.setitem(MIGRATIONS, 1, lambda data: data.pop("mesh", None))
    monkeypatch.setattr(dio, "migrate", functools.partial(migrate, current=2))
    monkeypatch.setattr(convert, "SCHEMA_VERSION", 2)
    design = dio.loads(COMMENTED)
    assert design.mesh.technology == "istio"  # migrated: the default mesh
    document = design._source.document
    assert document["schema_version"] == 1 and document["mesh"]["technology"] == "linkerd"
    text = dio.dumps(design)
    assert "schema_version: 2" in text and "linkerd" not in text and "# first" in text


def test_a_deep_copy_of_a_loaded_design_shares_its_document() -> None:
    design = dio.loads(COMMENTED)
    copied = design.model_copy(deep=True)
    assert copied == design and copied.services is not design.services
    assert copied._source.document is design._source.document
    copied.services[0].description = "changed"
    assert "changed" in dio.dumps(copied) and "changed" not in dio.dumps(design)


def test_a_save_parses_what_it_wrote_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(COMMENTED)
    design = dio.load(path)
    design.services[0].description = "holds carts"
    parses = 0
    parse = dio.parse

    def counting(text: str, source: str) -> Any:
        nonlocal parses
        parses += 1
        return parse(text, source)

    monkeypatch.setattr(dio, "parse", counting)
    dio.save(design)
    assert parses == 1
    kept = design._source.document
    assert kept["services"][0]["description"] == "holds carts"
    assert dio.load(path) == design
    design.services[1].description = "takes orders"
    dio.save(design)  # no conflict: the kept digest is the saved file's
    assert "# first" in path.read_text() and "takes orders" in path.read_text()
