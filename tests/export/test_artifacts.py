"""Notebooks write their phase's documents with one call."""

from __future__ import annotations

from pathlib import Path

from designkit.export.artifacts import write_artifacts
from designkit.generate import Document


def test_writes_under_the_folder_and_reports_relative_folders(tmp_path: Path) -> None:
    docs = [
        Document("istio/base/a.yaml", {"kind": "X"}),
        Document("gateway/kong.yaml", {"_format_version": "3.0"}),
        Document("istio/base/b.yaml", {"kind": "Y"}),
    ]
    shown = write_artifacts(docs, tmp_path, "/somewhere/private/shop.yaml")
    assert (tmp_path / "istio/base/a.yaml").is_file()
    text = (tmp_path / "gateway/kong.yaml").read_text()
    assert "shop.yaml" in text and "/somewhere/private" not in text
    assert repr(shown) == "Wrote 3 files: gateway/ 1, istio/ 2."
    assert str(tmp_path) not in shown


def test_an_empty_folder_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    shown = write_artifacts([Document("a/b.md", "x", "markdown")], "", "d.yaml")
    assert list(tmp_path.iterdir()) == []
    assert "Not written" in shown


def test_unsafe_names_stay_inside_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_artifacts([Document("../../etc/x.md", "x", "markdown")], out, "d.yaml")
    assert not (tmp_path / "etc").exists()
    assert [p for p in out.rglob("*") if p.is_file()]
