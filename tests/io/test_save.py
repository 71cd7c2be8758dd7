"""Saving designs (io/__init__.py save/dumps, io/merge.py, io/atomic.py).

A save never loses data: it validates first, keeps comments and quoting, writes
atomically under a lock, and refuses to overwrite a file that changed on disk.
On every refusal or failure the old file is byte-for-byte intact.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import designkit
from designkit.errors import DesignValidationError, SaveConflictError, SaveError
from designkit.io import dumps, load, loads, save
from designkit.model import Dependency, Design, Service, Team, Topic

COMMENTED = """\
# The shop: a commented design
schema_version: 1
metadata:
  name: shop   # short id
  title: "The Shop"
  version: '0.2'
requirements:
  availability: 0.9990
  traffic:
    peak_rps: 100   # from last Black Friday
services:
  # the cart comes first
  - name: cart
    team: web
  - name: order
    dependencies:
      - target: cart   # synchronous
        timeout_ms: 250
teams:
  - name: web
decisions:
  - title: use kafka
    date: 2024-01-02
"""


@pytest.fixture
def design_file(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def leftovers(folder: Path) -> list[str]:
    """Temporary and lock files a save may leave beside the design."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".lock")))


def test_round_trip_load_save_load_is_equal(design_file: Path) -> None:
    before = load(design_file)
    save(before)
    after = load(design_file)
    assert after == before
    assert after.model_dump() == before.model_dump()


def test_save_without_changes_keeps_the_file_byte_for_byte(design_file: Path) -> None:
    # Comments, quoting, key order and the way numbers and dates are written all survive.
    save(load(design_file))
    assert design_file.read_text(encoding="utf-8") == COMMENTED


SPELLINGS = """\
schema_version: 1
metadata:
  name: shop
  authors: ['Ann', "Bob", Cy]
requirements:
  traffic:
    growth_per_year: 5e-1
  budget:
    monthly: 1_000
services:
  - name: cart
    deployment:
      port: 0x1F90
    publishes: ['t']
topics:
  - name: t
    retention_hours: 1.0e+2
decisions:
  - title: x
    date: '2024-01-02'
    status: "accepted"
"""


def test_how_unchanged_values_are_written_survives(tmp_path: Path) -> None:
    path = tmp_path / "spellings.yaml"
    path.write_text(SPELLINGS, encoding="utf-8")
    design = load(path)
    design.metadata.description = "edited"
    save(design)
    assert path.read_text(encoding="utf-8") == SPELLINGS.replace(
        "  name: shop\n", "  name: shop\n  description: edited\n"
    )


def test_float_in_exponent_form_keeps_its_value(tmp_path: Path) -> None:
    # ruamel re-spells this float by truncation as 1.3383932992236105e+160, a different
    # double; the save must write the value, not a mangled spelling of it.
    path = tmp_path / "big.yaml"
    path.write_text(
        "metadata: {name: shop}\nrequirements:\n  traffic:\n"
        "    peak_rps: 1.3383932992236106e+160\n    average_rps: 1.5e+3\n"
    )
    design = load(path)
    design.metadata.description = "edited"
    save(design)
    again = load(path)
    assert again.requirements.traffic.peak_rps == 1.3383932992236106e160
    assert "average_rps: 1.5e+3\n" in path.read_text()  # a spelling that is exact stays


def test_missing_schema_version_is_written_first_below_the_header(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("# top comment\nmetadata:\n  name: shop\n", encoding="utf-8")
    save(load(path))
    assert path.read_text(encoding="utf-8") == (
        "# top comment\nschema_version: 1\nmetadata:\n  name: shop\n"
    )


def test_comments_and_quoting_survive_an_edit(design_file: Path) -> None:
    design = load(design_file)
    design.metadata.description = "Sells things"
    design.services[1].dependencies[0].retries = 1
    save(design)
    text = design_file.read_text(encoding="utf-8")
    for kept in (
        "# The shop: a commented design",
        "name: shop   # short id",
        'title: "The Shop"',
        "version: '0.2'",
        "# from last Black Friday",
        "# the cart comes first",
        "- target: cart   # synchronous",
    ):
        assert kept in text
    assert "  description: Sells things\n" in text
    assert "        retries: 1\n" in text


def test_assigned_fields_and_appended_items_are_saved(design_file: Path) -> None:
    design = load(design_file)
    design.metadata.description = "Sells things"  # a field the file lacked
    design.services[0].kind = "business"  # assigned, equal to the default
    design.services[1].dependencies[0].timeout_ms = 300  # changed
    design.services.append(Service(name="payment"))  # appended to a list in the file
    design.services[1].dependencies.append(Dependency(target="payment", retries=0))
    design.teams.append(Team(name="payments", size=3))
    design.topics.append(Topic(name="orders"))  # a list absent from the file
    design.services[1].publishes.append("orders")  # a list absent from the item
    design.requirements.traffic.read_ratio = 0.5  # nested, absent from the file
    save(design)

    again = load(design_file)
    assert again == design
    assert again.metadata.description == "Sells things"
    assert "kind" in again.services[0].model_fields_set  # set, so written, though default
    assert again.service("order").dependencies[0].timeout_ms == 300
    assert [s.name for s in again.services] == ["cart", "order", "payment"]
    assert [d.target for d in again.service("order").dependencies] == ["cart", "payment"]
    assert again.service("order").dependencies[1].retries == 0
    assert [(t.name, t.size) for t in again.teams] == [("web", 6), ("payments", 3)]
    assert [t.name for t in again.topics] == ["orders"]
    assert again.service("order").publishes == ["orders"]
    assert again.requirements.traffic.read_ratio == 0.5


def test_removed_items_and_reset_fields_are_saved(design_file: Path) -> None:
    design = load(design_file)
    del design.services[1].dependencies[0]
    design.services[0].team = None
    design.teams.clear()
    save(design)
    again = load(design_file)
    assert again.service("order").dependencies == []
    assert again.services[0].team is None
    assert again.teams == []
    assert "# the cart comes first" in design_file.read_text(encoding="utf-8")


def test_renamed_item_keeps_its_other_fields(design_file: Path) -> None:
    design = load(design_file)
    design.services[1].name = "orders"
    save(design)
    again = load(design_file)
    assert again.service("orders").dependencies[0].timeout_ms == 250


def test_save_new_design_to_new_path(tmp_path: Path) -> None:
    design = Design.model_validate({"metadata": {"name": "shop"}, "services": [{"name": "a"}]})
    path = tmp_path / "new.yaml"
    assert save(design, path) == path.resolve()
    assert path.read_text(encoding="utf-8") == dumps(design)
    assert load(path) == design
    design.services.append(Service(name="b"))
    save(design)  # now it knows where it lives
    assert [s.name for s in load(path).services] == ["a", "b"]
    assert leftovers(tmp_path) == []


def test_save_without_path_needs_a_loaded_design() -> None:
    with pytest.raises(SaveError, match="not loaded from a file; give save\\(\\) a path"):
        save(loads("metadata: {name: shop}\n"))


def test_save_into_missing_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "d.yaml"
    with pytest.raises(SaveError, match=r"d\.yaml: the folder 'missing' does not exist"):
        save(loads("metadata: {name: shop}\n"), path)


def test_save_onto_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "designs"
    folder.mkdir()
    for overwrite in (False, True):
        with pytest.raises(SaveError) as info:
            save(loads("metadata: {name: shop}\n"), folder, overwrite=overwrite)
        assert str(info.value) == f"{folder}: is a folder; give save() the path of a design file"
    assert list(folder.iterdir()) == []
    assert leftovers(tmp_path) == []


# --- atomicity -------------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
def test_failed_write_leaves_old_file_and_no_temp_file(
    design_file: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    design = load(design_file)
    design.services.append(Service(name="payment"))
    before = design_file.read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        class FullDisk:
            def __init__(self, fh):  # type: ignore[no-untyped-def]
                self.fh = fh

            def __enter__(self):  # type: ignore[no-untyped-def]
                return self

            def __exit__(self, *exc):  # type: ignore[no-untyped-def]
                self.fh.close()

            def write(self, data: bytes) -> None:
                self.fh.write(data[:10])
                boom()

        monkeypatch.setattr(
            os,
            "fdopen",
            lambda fd, mode="r": (
                FullDisk(real_fdopen(fd, mode)) if mode == "wb" else real_fdopen(fd, mode)
            ),
        )
    else:
        monkeypatch.setattr(os, failing, boom)

    with pytest.raises(SaveError) as info:
        save(design)
    assert str(info.value) == (
        f"{design_file}: could not save (No space left on device); the file on disk is unchanged"
    )
    assert design_file.read_bytes() == before
    assert leftovers(design_file.parent) == []

    monkeypatch.undo()
    save(design)  # the failure left nothing behind that blocks the next save
    assert [s.name for s in load(design_file).services] == ["cart", "order", "payment"]


def test_interrupted_write_leaves_old_file_and_no_temp_file(
    design_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    design = load(design_file)
    before = design_file.read_bytes()

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save(design)
    assert design_file.read_bytes() == before
    assert leftovers(design_file.parent) == []


KILLED_MID_WRITE = textwrap.dedent("""
    import os, sys
    import designkit.io as dio

    design = dio.load(sys.argv[1])
    design.metadata.description = "x" * 15_000
    real_fdopen = os.fdopen

    class Dies:
        def __init__(self, fh):
            self.fh = fh
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            pass
        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            os._exit(9)  # killed half-way: no cleanup, no finally

    os.fdopen = lambda fd, mode="r": Dies(real_fdopen(fd, mode)) if mode == "wb" else real_fdopen(
        fd, mode)
    dio.save(design)
""")


def test_killed_mid_write_leaves_old_file(design_file: Path) -> None:
    before = design_file.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE, str(design_file)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 9, proc.stderr
    assert design_file.read_bytes() == before
    # The dead writer left its half-written temp file and its lock; neither is the design.
    names = leftovers(design_file.parent)
    assert "shop.yaml.lock" in names
    assert any(n.startswith(".shop.yaml.") and n.endswith(".tmp") for n in names)
    design = load(design_file)
    assert design.metadata.description == ""
    design.metadata.description = "after the crash"
    save(design)  # the dead writer's lock is stale and taken over
    assert load(design_file).metadata.description == "after the crash"
    assert "shop.yaml.lock" not in leftovers(design_file.parent)


# --- conflicts and locks ---------------------------------------------------------------


def test_file_changed_on_disk_since_load_is_a_conflict(design_file: Path) -> None:
    design = load(design_file)
    edited = COMMENTED.replace("peak_rps: 100", "peak_rps: 500")
    design_file.write_text(edited, encoding="utf-8")
    design.services.append(Service(name="payment"))
    with pytest.raises(SaveConflictError) as info:
        save(design)
    assert str(info.value) == (
        f"{design_file}: the file changed on disk since it was loaded; reload it "
        "(or save to another path) so neither change is lost"
    )
    assert design_file.read_text(encoding="utf-8") == edited
    assert leftovers(design_file.parent) == []


def test_saving_twice_is_not_a_conflict_but_an_edit_after_the_save_is(design_file: Path) -> None:
    design = load(design_file)
    save(design)
    design.metadata.description = "second"
    save(design)
    design_file.write_text(design_file.read_text() + "# edited elsewhere\n")
    design.metadata.description = "third"
    with pytest.raises(SaveConflictError):
        save(design)
    assert load(design_file).metadata.description == "second"


def test_file_deleted_since_load_is_saved_again(design_file: Path) -> None:
    design = load(design_file)
    design_file.unlink()
    save(design)
    assert load(design_file) == design


HOLDS_THE_LOCK = textwrap.dedent("""
    import sys
    from pathlib import Path
    from designkit.io.atomic import lock

    with lock(Path(sys.argv[1])):
        print("locked", flush=True)
        sys.stdin.readline()
""")


def test_second_writer_holding_the_lock_is_a_conflict(design_file: Path) -> None:
    design = load(design_file)
    design.metadata.description = "mine"
    before = design_file.read_bytes()
    lock = design_file.with_name("shop.yaml.lock")
    other = subprocess.Popen(
        [sys.executable, "-c", HOLDS_THE_LOCK, str(design_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline() == "locked\n"
        holder = f"{other.pid} {socket.gethostname()}"
        with pytest.raises(SaveConflictError) as info:
            save(design)
        assert str(info.value) == (
            f"{design_file}: another save is in progress (lock shop.yaml.lock held by pid/host "
            f"{holder}); try again, or delete the lock file if no one is saving"
        )
        assert design_file.read_bytes() == before
        assert lock.read_text() == holder + "\n"  # the other writer's lock is left alone
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=30)
    assert not lock.exists()
    save(design)  # once the other writer is done
    assert load(design_file).metadata.description == "mine"


def test_lock_of_a_dead_process_on_another_host_is_not_taken_over(design_file: Path) -> None:
    design = load(design_file)
    lock = design_file.with_name("shop.yaml.lock")
    lock.write_text(f"{_dead_pid()} {socket.gethostname()}-elsewhere\n")
    with pytest.raises(SaveConflictError, match="another save is in progress"):
        save(design)
    assert lock.exists()


@pytest.mark.parametrize("content", ["", "garbage\n", "12 \n"])
def test_unreadable_lock_is_not_taken_over(design_file: Path, content: str) -> None:
    design = load(design_file)
    design_file.with_name("shop.yaml.lock").write_text(content)
    with pytest.raises(SaveConflictError, match="another save is in progress"):
        save(design)


def test_stale_lock_of_a_dead_process_on_this_host_is_taken_over(design_file: Path) -> None:
    design = load(design_file)
    lock = design_file.with_name("shop.yaml.lock")
    lock.write_text(f"{_dead_pid()} {socket.gethostname()}\n")
    design.metadata.description = "saved"
    save(design)
    assert load(design_file).metadata.description == "saved"
    assert not lock.exists()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_existing_file_not_loaded_from_is_refused_unless_overwrite(
    design_file: Path, tmp_path: Path
) -> None:
    other = loads("metadata: {name: other}\n")
    before = design_file.read_bytes()
    with pytest.raises(SaveConflictError) as info:
        save(other, design_file)
    assert str(info.value) == (
        f"{design_file}: exists and this design was not loaded from it; "
        "pass overwrite=True to replace it"
    )
    assert design_file.read_bytes() == before
    save(other, design_file, overwrite=True)
    assert load(design_file).metadata.name == "other"


def test_design_loaded_elsewhere_does_not_overwrite(design_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text("metadata: {name: copy}\n")
    with pytest.raises(SaveConflictError, match="was not loaded from it"):
        save(load(design_file), copy)
    assert copy.read_text() == "metadata: {name: copy}\n"


def test_same_file_by_another_spelling_is_the_loaded_file(
    design_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(design_file.parent)
    design = load("shop.yaml")
    design.metadata.description = "relative"
    save(design, design_file.parent / "." / "shop.yaml")  # no overwrite=True needed
    assert load(design_file).metadata.description == "relative"


def test_invalid_design_is_not_saved(design_file: Path) -> None:
    design = load(design_file)
    before = design_file.read_bytes()
    design.services[1].dependencies[0].target = "paymnt"  # no validation on assignment
    with pytest.raises(DesignValidationError) as info:
        save(design)
    assert str(info.value) == (
        f"{design_file}:17: services[1].dependencies[0].target: 'paymnt' is not a service"
    )
    assert design_file.read_bytes() == before
    assert leftovers(design_file.parent) == []


def test_invalid_value_type_is_not_saved(design_file: Path) -> None:
    design = load(design_file)
    before = design_file.read_bytes()
    design.services[0].deployment.replicas = -1
    with pytest.raises(
        DesignValidationError,
        match=r"services\[0\]\.deployment\.replicas: "
        r"input should be greater than 0",
    ):
        save(design)
    assert design_file.read_bytes() == before


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_file_permissions_are_preserved(design_file: Path, mode: int) -> None:
    design_file.chmod(mode)
    design = load(design_file)
    design.metadata.description = "x"
    save(design)
    assert stat.S_IMODE(design_file.stat().st_mode) == mode


def test_new_file_gets_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        path = save(loads("metadata: {name: shop}\n"), tmp_path / "new.yaml")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_dumps_does_not_change_the_design(design_file: Path) -> None:
    design = load(design_file)
    snapshot = design.model_dump()
    dumps(design)
    save(design)
    assert design.model_dump() == snapshot


def test_comment_after_a_plain_list_survives(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        "metadata:\n  name: x\nteams:\n  - name: a\n    skills:\n      - go\n"
        "      # after a plain list\n    size: 4\n# banner\nservices:\n  - name: s1\n"
    )
    design = designkit.load(path)
    design.teams[0].skills.append("rust")
    designkit.save(design)
    text = path.read_text()
    assert "# after a plain list" in text and "# banner" in text
    assert designkit.load(path).teams[0].skills == ["go", "rust"]


@pytest.mark.parametrize("name", ["ecommerce", "banking", "healthcare"])
def test_examples_round_trip_byte_for_byte(name):
    """A load and dump that changes nothing writes the file exactly as it was."""
    from tests.conftest import EXAMPLES

    path = EXAMPLES / f"{name}.yaml"
    assert designkit.io.dumps(designkit.load(path)) == path.read_text(encoding="utf-8")
