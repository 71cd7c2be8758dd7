"""Detecting each file's kind, walking folders, and the errors for what cannot be read."""

from __future__ import annotations

import pytest

from designkit.errors import DesignFileError
from designkit.io.importers import import_paths
from designkit.io.importers.sources import Source, detect, sources


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("a.yaml", "openapi: 3.0.0\ninfo: {title: a, version: '1'}\npaths: {}\n", "openapi"),
        ("a.json", '{"swagger": "2.0", "info": {}, "paths": {}}', "openapi"),
        ("a.yml", "asyncapi: 2.6.0\ninfo: {}\nchannels: {}\n", "asyncapi"),
        ("docker-compose.yml", "services:\n  web: {image: nginx}\n", "compose"),
        ("m.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n", "kubernetes"),
        ("m.yaml", "---\n# Source: chart/x.yaml\napiVersion: v1\nkind: ConfigMap\n", "kubernetes"),
        ("api.proto", 'syntax = "proto3";\n', "protobuf"),
        ("model.cml", "BoundedContext A\n", "cml"),
        ("model.txt", "ContextMap M {}\n", "cml"),
        ("sc.json", '{"entities": []}', "servicecutter"),
        ("x.yaml", "just: data\n", None),
    ],
)
def test_detect(name, text, kind):
    assert detect(Source(name, text)) == kind


def test_a_named_file_of_no_known_kind_is_an_error(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("just: data\n")
    with pytest.raises(DesignFileError, match="is none of the kinds designkit imports"):
        sources([str(path)])


def test_in_a_folder_unknown_and_broken_files_are_skipped_with_a_note(tmp_path):
    (tmp_path / "x.yaml").write_text("just: data\n")
    (tmp_path / "broken.yaml").write_text("a: [\n")
    (tmp_path / "readme.md").write_text("# not read\n")
    (tmp_path / "svc.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n"
        "spec: {template: {spec: {containers: [{name: a, image: 'a:1'}]}}}\n"
    )
    found, notes = sources([str(tmp_path)])
    assert [s.kind for s in found] == ["kubernetes"]
    assert len(notes) == 2 and any("not valid YAML" in n for n in notes)


def test_helm_charts_must_be_rendered_first(tmp_path):
    (tmp_path / "Chart.yaml").write_text("name: x\n")
    (tmp_path / "templates").mkdir()
    with pytest.raises(DesignFileError, match="helm template"):
        sources([str(tmp_path)])


def test_missing_paths_and_unknown_kinds(tmp_path):
    with pytest.raises(DesignFileError, match="no such file or folder"):
        import_paths([str(tmp_path / "nope")])
    with pytest.raises(DesignFileError, match="unknown kind"):
        sources([str(tmp_path)], kind="terraform")
    with pytest.raises(DesignFileError, match="holds no file designkit can import"):
        import_paths([str(tmp_path)])


def test_kind_forces_the_reader(tmp_path):
    path = tmp_path / "routes.txt"
    path.write_text("apiVersion: v1\nkind: Service\nmetadata: {name: a}\n")
    found, _ = sources([str(path)], kind="kubernetes")
    assert found[0].kind == "kubernetes" and found[0].docs[0]["kind"] == "Service"


def test_service_cutter_files_are_detected_and_give_the_domain():
    from tests.conftest import FIXTURES

    folder = FIXTURES / "servicecutter"
    model = str(folder / "library_model_strings.json")
    user = str(folder / "library_user_nested.json")
    result = import_paths([model, user])
    assert set(result.kinds.values()) == {"servicecutter"}
    assert len(result.design.domain.entities) == 6 and len(result.design.domain.use_cases) == 5
