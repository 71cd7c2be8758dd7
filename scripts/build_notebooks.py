"""Rebuild notebooks/*.ipynb from their jupytext sources and store fresh outputs.

The percent-format ``notebooks/NN_name.py`` files are the sources people edit
and review; the ``.ipynb`` files carry the executed outputs that nbval compares.
Run it (``make notebooks``) after changing a notebook source, the package code
that notebooks show, or the bundled example, and commit both files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def build(source: Path) -> Path:
    nb = jupytext.read(source)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["jupytext"] = {"formats": "ipynb,py:percent"}
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"{source.stem[:2]}-{index:03d}"  # stable ids: quiet diffs
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # run timestamps: noise in every diff
    # Live widgets need a kernel anyway; their saved state (the board's JS and
    # data) would only make the committed notebook bigger.
    nb.metadata.pop("widgets", None)
    target = source.with_suffix(".ipynb")
    nbformat.write(nb, target)
    return target


def main(names: list[str]) -> int:
    sources = [NOTEBOOKS / f"{n}.py" for n in names] if names else sorted(
        NOTEBOOKS.glob("[0-9][0-9]_*.py"))
    for source in sources:
        print(f"built {build(source).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
