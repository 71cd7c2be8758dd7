"""Kernels forked from one warm helper: same outputs as kernels started one by one."""

from __future__ import annotations

import os
import sys

import nbformat
import pytest

import designkit
from designkit.export import kernels
from designkit.export.report import LONGEST_FIRST, ReportOptions, _order, build_report
from designkit.phases import phase
from tests.conftest import FIXTURES, ROOT


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def _phase_notebooks(tmp_path, *sources):
    """A folder of phase 0 and 1 notebooks: a ``design_path`` parameter cell, then ``sources``."""
    folder = tmp_path / "nbs"
    folder.mkdir()
    for number in (0, 1):
        path = _notebook(folder / phase(number).notebook, "design_path = ''", *sources)
        nb = nbformat.read(path, as_version=4)
        nb.cells[0].metadata["tags"] = ["parameters"]
        nbformat.write(nb, path)
    return folder


def test_notebook_imports_lists_modules_and_submodules(tmp_path):
    nb = _notebook(
        tmp_path / "a.ipynb",
        "import designkit\nfrom designkit.render import html, tables",
        "from . import local\nimport json, os.path",
        "%matplotlib inline",  # not Python: skipped
    )
    assert kernels.notebook_imports([nb]) == [
        "designkit",
        "designkit.render",
        "designkit.render.html",
        "designkit.render.tables",
        "json",
        "os.path",
    ]


def test_only_an_ipykernel_of_this_interpreter_is_forked(tmp_path):
    forker = object.__new__(kernels.KernelForker)  # kernel_argv needs no helper
    python = sys.executable
    spec = [python, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "c.json"]
    assert forker.kernel_argv(spec) == ["-f", "c.json"]
    assert forker.kernel_argv([python, "-m", "ipykernel_launcher", "-f", "c.json"]) == [
        "-f",
        "c.json",
    ]
    assert forker.kernel_argv(["/usr/bin/env", "-m", "ipykernel_launcher"]) is None
    assert forker.kernel_argv([python, "-m", "other_kernel", "-f", "c.json"]) is None
    assert forker.kernel_argv([python, "-u", "-m", "ipykernel_launcher"]) is None
    assert forker.kernel_argv(["R", "--slave"]) is None
    # Another venv's python: a symlink to the same base interpreter, other packages.
    other = tmp_path / "bin" / "python"
    other.parent.mkdir()
    other.symlink_to(python)
    assert forker.kernel_argv([str(other), "-m", "ipykernel_launcher", "-f", "c.json"]) is None


def test_preloaded_design_is_used_only_while_the_file_is_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(designkit, "load", designkit.load)  # restored after the test
    path = tmp_path / "shop.yaml"
    path.write_text((FIXTURES / "small-shop.yaml").read_text())
    preloaded, resolved, digest = kernels._preload(str(path))
    assert preloaded is not None and resolved == path.resolve()
    kernels._install_loader(preloaded, resolved, digest)

    assert designkit.load(path) is preloaded
    again = designkit.load(path)  # a second load is a design of its own
    assert again is not preloaded and again == preloaded

    other = tmp_path / "other.yaml"
    other.write_text("metadata: {name: other}\n")
    assert designkit.load(other).metadata.name == "other"


def test_changed_file_is_loaded_again(tmp_path, monkeypatch):
    monkeypatch.setattr(designkit, "load", designkit.load)
    path = tmp_path / "shop.yaml"
    text = (FIXTURES / "small-shop.yaml").read_text()
    path.write_text(text)
    kernels._install_loader(*kernels._preload(str(path)))
    path.write_text(text.replace("name: small-shop", "name: changed-shop", 1))
    assert designkit.load(path).metadata.name == "changed-shop"


def test_invalid_design_is_not_preloaded(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata: {}\n")
    assert kernels._preload(str(bad))[0] is None


WIDE = "\n".join(
    [
        "import os, pandas as pd, designkit",
        "design = designkit.load(design_path)",
        "print(design.metadata.name, pd.get_option('display.max_columns'))",
        "pd.DataFrame({f'column number {i}': [i * 1000] for i in range(30)})",
    ]
)
# designkit's table modules make their HTML the form of every DataFrame: in a
# forked kernel too, though the helper imported them before there was a kernel.
SHOWN = "\n".join(
    [
        "import pandas as pd",
        "from designkit.render import tables",
        "pd.DataFrame({'why': ['a sentence ' * 10, None], 'timeout ms': [1.5, float('nan')]})",
    ]
)


@pytest.mark.report
def test_forked_kernels_give_the_same_outputs(tmp_path):
    """A wide table's plain text, pandas' options, designkit's tables, the design: as started."""
    # The last cell prints who started the kernel.
    folder = _phase_notebooks(tmp_path, SHOWN, WIDE, "print(os.getppid())")

    def outputs(fork: bool) -> list:
        out = tmp_path / ("forked" if fork else "started")
        options = ReportOptions(
            design=FIXTURES / "small-shop.yaml",
            out=out,
            phases=["0", "1"],
            formats=["html"],
            progress=False,
            artifacts=False,
            notebooks=folder,
            fork=fork,
        )
        build_report(options)
        found = []
        for number in (0, 1):
            nb = nbformat.read(out / "notebooks" / phase(number).notebook, as_version=4)
            found.append([o for c in nb.cells if c.cell_type == "code" for o in c.outputs])
        return found

    forked, started = outputs(True), outputs(False)
    assert [o[:-1] for o in forked] == [o[:-1] for o in started]
    assert "small-shop 20" in forked[0][1]["text"]
    shown = forked[0][0]["data"]["text/html"]
    assert "dk-table" in shown and "a sentence " * 10 in shown and "NaN" not in shown
    here = f"{os.getpid()}\n"
    assert all(o[-1]["text"] == here for o in started)
    assert all(o[-1]["text"] != here for o in forked)  # the helper's children


# Run in a forked kernel (its parent is the helper, not this process), the cell kills
# the helper and waits: the kernel's parent-process watch ends it within a second.
KILL_HELPER = """\
import os, signal, time
if os.getppid() != {here}:
    os.kill(os.getppid(), signal.SIGKILL)
    time.sleep(30)
print(os.getppid())
"""


@pytest.mark.report
def test_report_finishes_when_the_kernel_helper_dies(tmp_path):
    """The kernel that died with it runs again, later kernels start the usual way; logged."""
    folder = _phase_notebooks(tmp_path, KILL_HELPER.format(here=os.getpid()))
    out = tmp_path / "out"
    options = ReportOptions(
        design=FIXTURES / "small-shop.yaml",
        out=out,
        phases=["0", "1"],
        formats=["html"],
        progress=False,
        artifacts=False,
        notebooks=folder,
        jobs=1,
    )
    build_report(options)
    for number in (0, 1):
        nb = nbformat.read(out / "notebooks" / phase(number).notebook, as_version=4)
        assert nb.cells[-1].outputs[0]["text"] == f"{os.getpid()}\n"  # started by this process
    log = (out / "report.log").read_text()
    first = _order([phase(0), phase(1)])[0].notebook  # the one that kills the helper
    assert f"{first}: the forked kernel died" in log
    assert "the kernel helper process exited (exit -9); kernel started the usual way" in log
    assert (out / "report.html").is_file()


def test_warm_up_checks_one_document_per_in_process_validator(monkeypatch):
    import designkit.validators as validators
    from designkit.io import load

    checked = []
    monkeypatch.setattr(validators, "validate_documents", lambda docs: checked.extend(docs))
    kernels._warm_up(load(ROOT / "data/examples/ecommerce.yaml"))
    chosen = [next(v for v in validators.VALIDATORS if v.applies(d)) for d in checked]
    names = [v.name for v in chosen]
    assert len(names) == len(set(names)) > 5  # one document each
    # Mermaid runs under node and promtool on its own: checking one ahead warms nothing here.
    assert not any(v.external for v in chosen)
    assert {"Mermaid parser", "promtool check rules"}.isdisjoint(names)
    assert "kubernetes-validate (strict)" in names


def test_phases_that_validate_get_a_helper_of_their_own(tmp_path):
    from designkit.export.report import _forkers
    from designkit.phases import PHASES

    options = ReportOptions(design=FIXTURES / "small-shop.yaml", out=tmp_path)
    forkers, only = _forkers(options, options.design, PHASES), {}
    try:
        validating = {n for n, f in forkers.items() if f.validates}
        assert validating == {2, 4, 5, 6, 7}  # the phases that check their deliverables
        assert set(forkers) == {p.number for p in PHASES}
        assert len({id(f) for f in forkers.values()}) == 2
        only = _forkers(options, options.design, [phase(0), phase(8)])
        assert len({id(f) for f in only.values()}) == 1
        assert not any(f.validates for f in only.values())
    finally:
        for f in {id(f): f for f in [*forkers.values(), *only.values()]}.values():
            f.close()


def test_phases_whose_helper_is_ready_sooner_start_first():
    from types import SimpleNamespace

    from designkit.phases import PHASES

    plain, validating = SimpleNamespace(validates=False), SimpleNamespace(validates=True)
    forkers = {p.number: validating if p.number in (2, 4, 5, 6, 7) else plain for p in PHASES}
    order = [p.number for p in _order(PHASES, forkers)]
    assert order[:4] == [n for n in LONGEST_FIRST if n in (0, 1, 3, 8)]
    assert order[4:] == [n for n in LONGEST_FIRST if n in (2, 4, 5, 6, 7)]
    assert [p.number for p in _order(PHASES)] == list(LONGEST_FIRST)
