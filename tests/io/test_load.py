"""Reading design files (io/__init__.py load/loads, io/yamlfile.py, io/convert.py errors).

Every malformed file raises a DesignKitError subclass whose message names the
file (and the line, where there is one); nothing in a file is ever executed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import designkit
from designkit.errors import (
    DesignFileError,
    DesignKitError,
    DesignValidationError,
    SchemaVersionError,
)
from designkit.io import load, loads

VALID = """\
# A small shop
metadata:
  name: shop
services:
  - name: payment
  - name: order
    dependencies:
      - target: payment
"""


def write(tmp_path: Path, text: str | bytes, name: str = "design.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path, **kwargs: int) -> DesignKitError:
    with pytest.raises(DesignKitError) as info:
        load(path, **kwargs)
    return info.value


def test_valid_file_loads(tmp_path: Path) -> None:
    design = load(write(tmp_path, VALID))
    assert [s.name for s in design.services] == ["payment", "order"]
    assert design.service("order").dependencies[0].target == "payment"
    assert designkit.load is load  # the public entry point is the same function


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode()
    assert load(write(tmp_path, raw)).metadata.name == "shop"


# (fixture name, file content, error class, message after "<path>:")
MALFORMED = [
    ("empty", "", DesignFileError, " the file is empty; a design needs at least metadata.name"),
    (
        "comments-only",
        "# nothing here\n\n# yet\n",
        DesignFileError,
        " the file is empty; a design needs at least metadata.name",
    ),
    (
        "whitespace-only",
        "   \n\n",
        DesignFileError,
        " the file is empty; a design needs at least metadata.name",
    ),
    (
        "document-marker-only",
        "---\n",
        DesignFileError,
        " the file is empty; a design needs at least metadata.name",
    ),
    (
        "null-only",
        "~\n",
        DesignFileError,
        " the file is empty; a design needs at least metadata.name",
    ),
    (
        "top-level-list",
        "- name: shop\n- name: cart\n",
        DesignFileError,
        " the top level is a list; a design is a mapping of keys",
    ),
    (
        "top-level-scalar",
        "shop\n",
        DesignFileError,
        " the top level is a single value (str); a design is a mapping of keys",
    ),
    (
        "top-level-number",
        "42\n",
        DesignFileError,
        " the top level is a single value (int); a design is a mapping of keys",
    ),
    (
        "binary-nul-bytes",
        b"metadata:\n  name: shop\x00\x01\x02\n",
        DesignFileError,
        " is a binary file, not YAML text",
    ),
    (
        "not-utf8",
        "metadata:\n  name: caf\u00e9\n".encode("latin-1"),
        DesignFileError,
        "2: is not UTF-8 text (byte 21)",
    ),
    (
        "future-schema-version",
        "schema_version: 99\nmetadata: {name: shop}\n",
        SchemaVersionError,
        " schema_version: 99 is newer than this designkit reads (1); "
        "upgrade designkit to open this file",
    ),
    (
        "quoted-schema-version",
        "schema_version: '1'\nmetadata: {name: shop}\n",
        SchemaVersionError,
        " schema_version: '1' is not a whole number (current is 1)",
    ),
    (
        "float-schema-version",
        "schema_version: 1.5\nmetadata: {name: shop}\n",
        SchemaVersionError,
        " schema_version: 1.5 is not a whole number (current is 1)",
    ),
    (
        "bool-schema-version",
        "schema_version: true\nmetadata: {name: shop}\n",
        SchemaVersionError,
        " schema_version: True is not a whole number (current is 1)",
    ),
    (
        "zero-schema-version",
        "schema_version: 0\nmetadata: {name: shop}\n",
        SchemaVersionError,
        " schema_version: 0 is not a valid version",
    ),
]


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in MALFORMED],
)
def test_malformed_file_is_refused(
    tmp_path: Path, content: str | bytes, error: type[DesignKitError], message: str
) -> None:
    path = write(tmp_path, content)
    exc = load_error(path)
    assert type(exc) is error
    assert str(exc) == f"{path}:{message}"


# (fixture name, content, line the error points at, start of the reason)
MALFORMED_AT_LINE = [
    (
        "unclosed-flow-sequence",
        "metadata:\n  name: shop\nservices: [\n  - name: cart\n",
        4,
        "not valid YAML: while parsing a flow node expected the node content, but found '-'",
    ),
    ("bad-indentation", "metadata:\n  name: shop\n services: []\n", 3, "not valid YAML:"),
    ("tab-indentation", "metadata:\n\tname: shop\n", 2, "not valid YAML:"),
    (
        "duplicate-key",
        "metadata:\n  name: shop\nservices: []\nmetadata:\n  name: other\n",
        4,
        'not valid YAML: while constructing a mapping found duplicate key "metadata"',
    ),
    (
        "duplicate-nested-key",
        "metadata:\n  name: shop\n  title: A\n  name: again\n",
        4,
        'not valid YAML: while constructing a mapping found duplicate key "name"',
    ),
    (
        "recursive-alias",
        "metadata: &m\n  name: shop\n  self: *m\n",
        1,
        "an alias refers to itself (recursive YAML)",
    ),
    (
        "python-tag",
        "metadata:\n  name: shop\nx: !!python/name:os.system\n",
        3,
        "tag '!!python/name:os.system' is not allowed in a design file (plain YAML only)",
    ),
    (
        "local-tag",
        "metadata:\n  name: !shout shop\n",
        2,
        "tag '!shout' is not allowed in a design file (plain YAML only)",
    ),
    (
        "set-tag",
        "metadata:\n  name: shop\nservices: !!set {a, b}\n",
        3,
        "tag '!!set' is not allowed in a design file (plain YAML only)",
    ),
]


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [pytest.param(*case[1:], id=case[0]) for case in MALFORMED_AT_LINE],
)
def test_malformed_yaml_names_file_and_line(
    tmp_path: Path, content: str, line: int, reason: str
) -> None:
    path = write(tmp_path, content)
    exc = load_error(path)
    assert type(exc) is DesignFileError
    assert isinstance(exc, DesignFileError)
    assert exc.line == line
    assert str(exc).startswith(f"{path}:{line}: {reason}")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("z: " + "[" * 600 + "]" * 600 + "\n", id="deep-flow-lists"),
        pytest.param("z:\n" + "".join("  " * i + "- \n" for i in range(1, 3000)), id="deep-block"),
        pytest.param("z:\n" + "".join("  " * i + "a:\n" for i in range(1, 3000)), id="deep-maps"),
    ],
)
def test_deeply_nested_yaml_is_refused(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, "metadata: {name: shop}\n" + content)
    exc = load_error(path)
    assert type(exc) is DesignFileError
    assert str(exc) == f"{path}: the YAML is nested too deeply to be a design"


def test_python_object_tag_is_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(
        tmp_path,
        (
            "metadata:\n"
            "  name: shop\n"
            f"description: !!python/object/apply:os.system ['touch {marker}']\n"
            f"other: !!python/object/new:subprocess.check_call [['touch', '{marker}']]\n"
        ),
    )
    exc = load_error(path)
    assert str(exc) == (
        f"{path}:3: tag '!!python/object/apply:os.system' is not allowed "
        "in a design file (plain YAML only)"
    )
    with pytest.raises(DesignFileError):
        loads(path.read_text(), "again.yaml")
    assert not marker.exists()


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["metadata: {name: shop}", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    exc = load_error(path)  # 8 * 10**8 nodes if expanded: this only terminates if it is not
    assert type(exc) is DesignFileError
    assert re.fullmatch(
        rf"{re.escape(str(path))}: aliases expand \d\d written nodes to 1\d{{9}}; refusing a "
        r"possible alias bomb \(write the values out instead\)",
        str(exc),
    ), str(exc)


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        (
            "metadata: {name: shop}\n"
            "services:\n"
            "  - name: a\n"
            "    deployment: &deploy {replicas: 3}\n"
            "  - name: b\n"
            "    deployment: *deploy\n"
        ),
    )
    assert [s.deployment.replicas for s in load(path).services] == [3, 3]


# (fixture name, content, [(line, path, reason)])
INVALID = [
    (
        "wrong-type",
        "metadata:\n  name: shop\nservices:\n  - name: cart\n"
        "    deployment:\n      replicas: lots\n",
        [
            (
                6,
                "services[0].deployment.replicas",
                "input should be a valid integer, unable to parse string as an integer "
                "(got 'lots')",
            )
        ],
    ),
    (
        "list-where-mapping-expected",
        "metadata: [shop]\n",
        [(1, "metadata", "input should be a valid dictionary or instance of Metadata (got list)")],
    ),
    (
        "mapping-where-list-expected",
        "metadata: {name: shop}\nservices: {name: cart}\n",
        [(2, "services", "input should be a valid list (got mapping)")],
    ),
    ("missing-required-name", "metadata:\n  title: Shop\n", [(1, "metadata.name", "is required")]),
    ("missing-metadata", "services: []\n", [(None, "metadata", "is required")]),
    (
        "unknown-key-with-hint",
        "metadata:\n  name: shop\nservices:\n  - name: cart\n    dependancies: []\n",
        [
            (
                5,
                "services[0].dependancies",
                "unknown key 'dependancies' (did you mean 'dependencies'?)",
            )
        ],
    ),
    (
        "unknown-top-level-key-with-hint",
        "metadata:\n  name: shop\nservice: []\n",
        [(3, "service", "unknown key 'service' (did you mean 'services'?)")],
    ),
    (
        "unknown-key-without-hint",
        "metadata:\n  name: shop\n  zzz: 1\n",
        [
            (
                3,
                "metadata.zzz",
                "unknown key 'zzz'; allowed here: authors, description, domain, "
                "name, title, version",
            )
        ],
    ),
    (
        "service-name-not-a-dns-label",
        "metadata: {name: shop}\nservices:\n  - name: Order_API\n",
        [
            (
                3,
                "services[0].name",
                "'Order_API' is not a valid name here: use lowercase letters, "
                "digits and '-', starting with a letter (e.g. 'order-api')",
            )
        ],
    ),
    (
        "out-of-range",
        "metadata: {name: shop}\nrequirements:\n  availability: 1.5\n",
        [(3, "requirements.availability", "input should be less than 1 (got 1.5)")],
    ),
    (
        "yaml-1.1-boolean-is-a-string",
        "metadata: {name: shop}\nmesh:\n  technology: no\n",
        [
            (
                3,
                "mesh.technology",
                "input should be 'istio', 'linkerd', 'consul' or 'none' (got 'no')",
            )
        ],
    ),
    (
        "broken-reference",
        "metadata:\n  name: shop\nservices:\n  - name: payment\n  - name: order\n"
        "    dependencies:\n      - target: paymnt\n",
        [
            (
                7,
                "services[1].dependencies[0].target",
                "'paymnt' is not a service (did you mean 'payment'?)",
            )
        ],
    ),
    (
        "every-type-error-at-once",
        "metadata:\n  name: shop\nservices:\n  - name: a\n    kind: robot\n  - name: b\n"
        "    profile: {workers_per_replica: 0}\n",
        [
            (
                5,
                "services[0].kind",
                "input should be 'business', 'gateway', 'frontend', 'worker' "
                "or 'platform' (got 'robot')",
            ),
            (
                7,
                "services[1].profile.workers_per_replica",
                "input should be greater than 0 (got 0)",
            ),
        ],
    ),
    (
        "every-reference-error-at-once",
        "metadata:\n  name: shop\nservices:\n  - name: a\n    team: nobody\n  - name: b\n"
        "    context: nowhere\n",
        [
            (5, "services[0].team", "'nobody' is not a team (the design defines no teams)"),
            (
                7,
                "services[1].context",
                "'nowhere' is not a bounded context (the design defines no bounded contexts)",
            ),
        ],
    ),
    # References are checked once the types are right, so a type error hides them.
    (
        "type-error-hides-reference-errors",
        "metadata:\n  name: shop\nservices:\n  - name: a\n    kind: robot\n  - name: b\n"
        "    team: nobody\n",
        [
            (
                5,
                "services[0].kind",
                "input should be 'business', 'gateway', 'frontend', 'worker' "
                "or 'platform' (got 'robot')",
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("content", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in INVALID],
)
def test_invalid_design_names_file_line_path_and_reason(
    tmp_path: Path, content: str, expected: list[tuple[int | None, str, str]]
) -> None:
    path = write(tmp_path, content)
    exc = load_error(path)
    assert type(exc) is DesignValidationError
    assert isinstance(exc, DesignValidationError)
    assert [(p.line, p.path, p.message) for p in exc.problems] == expected
    assert str(exc) == "\n".join(
        f"{path}:{line}: {where}: {why}" if line else f"{path}: {where}: {why}"
        for line, where, why in expected
    )


def test_line_numbers_follow_the_file_not_the_parse(tmp_path: Path) -> None:
    # Comments, blank lines and flow style must not shift the reported line.
    path = write(
        tmp_path,
        (
            "# header\n"  # 1
            "\n"  # 2
            "metadata: {name: shop}\n"  # 3
            "services:\n"  # 4
            "  # first\n"  # 5
            "  - {name: a}\n"  # 6
            "  - name: b\n"  # 7
            "    # a comment\n"  # 8
            "    dependencies:\n"  # 9
            "      - {target: a}\n"  # 10
            "      - target: c\n"  # 11
        ),
    )
    exc = load_error(path)
    assert str(exc) == f"{path}:11: services[1].dependencies[1].target: 'c' is not a service"


def test_loads_names_its_source(tmp_path: Path) -> None:
    with pytest.raises(DesignFileError, match=r"^notebook cell: the top level is a list"):
        loads("- a\n", source="notebook cell")
    with pytest.raises(DesignValidationError, match=r"^<string>:1: metadata.name: is required"):
        loads("metadata: {title: x}\n")


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    size = path.stat().st_size
    exc = load_error(path, max_bytes=size - 1)
    assert type(exc) is DesignFileError
    assert str(exc) == (
        f"{path}: the file is {size:,} bytes; the limit is {size - 1:,} (max_bytes)"
    )
    assert load(path, max_bytes=size).metadata.name == "shop"  # the limit is inclusive


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    exc = load_error(path)
    assert type(exc) is DesignFileError
    assert str(exc) == f"{path}: no such file"


def test_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "design.yaml"
    assert str(load_error(path)) == f"{path}: no such file"


def test_folder_is_not_a_design_file(tmp_path: Path) -> None:
    exc = load_error(tmp_path)
    assert type(exc) is DesignFileError
    assert str(exc) == f"{tmp_path}: is a folder, not a design file"


def test_folder_with_a_small_limit_is_still_called_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x" * 100)
    exc = load_error(tmp_path, max_bytes=1)
    assert str(exc) == f"{tmp_path}: is a folder, not a design file"


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    path = write(tmp_path, VALID)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        assert str(load_error(path)) == f"{path}: permission denied"
    finally:
        path.chmod(0o644)


def test_errors_share_one_base_class() -> None:
    for cls in (DesignFileError, DesignValidationError, SchemaVersionError):
        assert issubclass(cls, DesignKitError)
    assert issubclass(SchemaVersionError, DesignFileError)
