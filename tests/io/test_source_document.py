"""What a loaded design keeps of its file for comment-keeping saves (io/__init__.py).

Loading reads the file with libyaml and keeps its text and data; the round-trip
(ruamel.yaml) document is built only when a save cannot edit the text in place,
never by a read. A migrated file keeps the file as written. Deep copies of a
design share what it keeps (io never changes it in place). A save after an edit
reads what it wrote once, with libyaml; a save of an unchanged design reads
nothing and writes the file's own bytes.
"""

from __future__ import annotations

import copy
import functools
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import designkit.io as dio
from designkit.io import convert, yamlfile
from designkit.io.migrations import MIGRATIONS, migrate
from tests.conftest import EXAMPLES

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


def test_loading_copies_nothing_and_builds_no_round_trip_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlfile, "copy_document", _forbid)
    monkeypatch.setattr(yamlfile, "parse", _forbid)
    monkeypatch.setattr(copy, "deepcopy", _forbid)
    design = dio.loads(COMMENTED)
    assert [s.name for s in design.services] == ["cart", "order"]
    assert design._source._document is None and design._source.text == COMMENTED


READ_ONLY = textwrap.dedent("""
    import sys
    from designkit.cli import main
    assert main(["validate", "-q", sys.argv[1]]) == 0
    print(sorted(m for m in sys.modules if m.startswith("ruamel")))
""")


def test_validate_does_not_import_the_round_trip_reader() -> None:
    done = subprocess.run(
        [sys.executable, "-c", READ_ONLY, str(EXAMPLES / "ecommerce.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"


def test_the_kept_document_keeps_the_comments_and_is_never_changed() -> None:
    design = dio.loads(COMMENTED)
    design.services[0].description = "holds carts"
    design.services.pop()
    text = dio.dumps(design)
    assert "# the shop\n" in text and "# short" in text and "# first" in text
    assert "order" not in text and "holds carts" in text
    # The edit went into a new text: the next dump starts again from the file.
    assert design._source.text == COMMENTED
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
    assert copied._source is design._source
    copied.services[0].description = "changed"
    assert "changed" in dio.dumps(copied) and "changed" not in dio.dumps(design)


def test_a_save_after_an_edit_does_not_parse_the_written_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(COMMENTED)
    design = dio.load(path)
    design.services[0].description = "holds carts"
    composed: list[str] = []
    compose = dio.compose

    def counting(text: str, **options: Any) -> Any:
        composed.append(text)
        return compose(text, **options)

    monkeypatch.setattr(dio, "compose", counting)
    monkeypatch.setattr(dio, "fast_parse", _forbid)  # the written text is not parsed whole
    monkeypatch.setattr(yamlfile, "parse", _forbid)  # no round-trip document
    dio.save(design)
    assert composed == [COMMENTED]  # positions of the loaded text, for the edit in place
    assert design._source.data["services"][0]["description"] == "holds carts"
    design.services[1].description = "takes orders"
    dio.save(design)  # no conflict: the kept digest is the saved file's
    assert composed[1:] == [path.read_text().replace("    description: takes orders\n", "")]
    monkeypatch.undo()
    assert dio.load(path) == design
    assert "# first" in path.read_text() and "takes orders" in path.read_text()


def test_a_save_of_an_unchanged_design_reads_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(COMMENTED)
    design = dio.load(path)
    monkeypatch.setattr(dio, "fast_parse", _forbid)
    monkeypatch.setattr(dio, "compose", _forbid)
    monkeypatch.setattr(yamlfile, "parse", _forbid)
    dio.save(design)
    assert path.read_text() == COMMENTED
