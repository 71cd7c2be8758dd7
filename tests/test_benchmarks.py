"""Smoke tests of the benchmark scripts: each runs on a tiny size and prints its table.

Timings are never asserted: they depend on the machine and on what else runs.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

TINY = {
    "analysis": ["--sizes", "10", "20", "--runs", "1", "--rules"],
    "load_validate": ["--sizes", "10", "--runs", "1"],
    "generate": ["--sizes", "10", "--runs", "1"],
    "graph": ["--sizes", "10", "20", "--runs", "1"],
    "decomposition": ["--sizes", "50", "100", "--runs", "1"],
    "whatif": ["--sizes", "10", "20", "--runs", "1"],
    "import_time": ["--runs", "1", "--cached-only", "--quick"],
    "import_manifests": ["--sizes", "10", "--runs", "1"],
    "phase_documents": ["--sizes", "10", "--runs", "1", "--phases", "05"],
    "run_all": ["--quick", "--only", "graph"],
}


def _script(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # the scripts import _common from there
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", BENCHMARKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(TINY))
def test_script_runs_and_prints_a_table(name, monkeypatch, capsys):
    assert _script(name, monkeypatch).main(TINY[name]) == 0
    out = capsys.readouterr().out
    assert "median ms" in out and "min ms" in out and "max ms" in out
    if "20" in TINY[name]:  # several sizes: the log-log fit is printed
        assert "log-log exponent" in out


def test_every_script_is_smoke_tested():
    scripts = {p.stem for p in BENCHMARKS.glob("*.py") if not p.stem.startswith("_")}
    # report.py and whatif_browser.py run a whole report / JupyterLab in Chromium:
    # what they time is exercised by the report and browser tests instead.
    assert scripts - {"report", "whatif_browser"} <= set(TINY)
