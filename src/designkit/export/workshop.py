"""A workshop folder: the phase notebooks, parameterised for one design, for JupyterLab."""

from __future__ import annotations

from pathlib import Path

import nbformat

from ..io import load
from ..phases import PHASES
from .report import NOTEBOOKS

__all__ = ["prepare_workshop"]


def prepare_workshop(
    design: Path, folder: Path, *, refresh: bool = False, notebooks: Path = NOTEBOOKS
) -> list[Path]:
    """Copy every phase notebook into ``folder`` with ``design_path`` set to ``design``.

    Generated deliverables go to ``folder/artifacts`` (the ``artifacts_dir`` parameter).

    Notebooks already in ``folder`` are kept (they may hold the workshop's own
    notes and outputs) unless ``refresh`` is true. The design is validated
    first, so a broken file is reported before anyone opens a notebook.
    """
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    load(design)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for phase in PHASES:
        target = folder / phase.notebook
        if target.exists() and not refresh:
            continue
        nb = load_notebook_node(str(notebooks / phase.notebook))
        nb = parameterize_notebook(
            nb,
            {
                "design_path": str(design.resolve()),
                "artifacts_dir": str((folder / "artifacts").resolve()),
            },
        )
        nbformat.write(nb, target)
        written.append(target)
    return written
