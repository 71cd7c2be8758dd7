"""A workshop folder: the phase notebooks, parameterised for one design, for JupyterLab."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat

from ..errors import DesignKitError
from ..io import load
from ..io.atomic import atomic_write
from ..phases import PHASES
from .report import NOTEBOOKS

__all__ = ["lab_command", "prepare_workshop", "workshop_design"]


def _examples_folder() -> Path:
    from ..examples_index import example_path

    return example_path("ecommerce").resolve().parent


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder)


def workshop_design(design: Path, here: Path) -> tuple[Path, bool]:
    """The design file a workshop edits, and whether it is a fresh copy.

    A bundled example is never edited in place (it ships with designkit and its
    folder may be read-only or part of a git checkout): it is copied to
    ``here`` first, or an earlier copy there is reused.

    Examples
    --------
    >>> from designkit.examples_index import example_path
    >>> import tempfile
    >>> here = Path(tempfile.mkdtemp())
    >>> path, copied = workshop_design(example_path("banking"), here)
    >>> (path == here / "banking.yaml", copied)
    (True, True)
    >>> workshop_design(example_path("banking"), here)[1]  # the copy is reused
    False
    """
    if not _inside(design, _examples_folder()):
        return design, False
    copy = here / design.name
    if copy.exists():
        return copy, False
    atomic_write(copy, design.read_bytes())
    return copy, True


def lab_command(
    folder: Path,
    *,
    browser: bool = True,
    port: int | None = None,
    ip: str | None = None,
    root: bool | None = None,
) -> list[str]:
    """The command that opens JupyterLab on a workshop folder, at phase 0.

    ``root`` (default: whether this process runs as root) adds ``--allow-root``,
    without which JupyterLab refuses to start as root (in containers, on lab VMs).

    Examples
    --------
    >>> cmd = lab_command(Path("/w/shop-workshop"), browser=False, root=True)
    >>> cmd[1:3], "--allow-root" in cmd, "--no-browser" in cmd
    (['-m', 'jupyterlab'], True, True)
    """
    if root is None:
        root = hasattr(os, "geteuid") and os.geteuid() == 0
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={folder}",
        f"--LabApp.default_url=/lab/tree/{PHASES[0].notebook}",
    ]
    if root:
        command.append("--allow-root")
    if not browser:
        command.append("--no-browser")
    if port is not None:
        command.append(f"--port={port}")
    if ip is not None:
        command.append(f"--ServerApp.ip={ip}")
    return command


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
    if _inside(folder, _examples_folder()):
        raise DesignKitError(
            f"{folder}: is inside designkit's bundled examples; choose another --dir"
        )
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
