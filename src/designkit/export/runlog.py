"""A quiet report run: progress bars on the terminal, everything else in a log file.

Kernels are subprocesses that inherit the standard error of the process that
starts them, and their start-up chatter, papermill's log lines and Python
warnings all go there. :func:`quiet_run` points file descriptor 2 at
``report.log`` for the length of the run and hands back a stream to the real
terminal for the progress bars (one per phase, :func:`phase_bar`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

__all__ = ["declared_parameters", "phase_bar", "quiet_run"]


@contextlib.contextmanager
def quiet_run(log: Path) -> Iterator[IO[str]]:
    """Send standard error (this process's and its kernels') to ``log``; yield the terminal.

    Python warnings and ``logging`` records are written to the log too; all
    is restored on exit, also after an error.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    terminal = os.fdopen(os.dup(saved), "w", buffering=1, encoding="utf-8", errors="replace")
    with open(log, "w", encoding="utf-8") as sink:
        os.dup2(sink.fileno(), 2)
        handler = logging.StreamHandler(sink)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger()
        root.addHandler(handler)
        old_stderr = sys.stderr
        sys.stderr = sink
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("default")
                original_show = warnings.showwarning

                def show(message: Any, category: Any, filename: str, lineno: int, *a: Any) -> None:
                    sink.write(warnings.formatwarning(message, category, filename, lineno))

                warnings.showwarning = show
                try:
                    yield terminal
                finally:
                    warnings.showwarning = original_show
        finally:
            sys.stderr = old_stderr
            root.removeHandler(handler)
            sink.flush()
            os.dup2(saved, 2)
            os.close(saved)
            terminal.close()


def phase_bar(label: str, position: int, terminal: IO[str] | None) -> dict[str, Any] | bool:
    """papermill's ``progress_bar`` for one phase: a tqdm bar of its cells on ``terminal``."""
    if terminal is None:
        return False
    return {
        "desc": f"{label[:40]:<40}",
        "position": position,
        "leave": True,
        "file": terminal,
        "bar_format": "{desc} {bar} {n_fmt}/{total_fmt} cells [{elapsed}]",
    }


def declared_parameters(source: Path, parameters: Mapping[str, str]) -> dict[str, str]:
    """The ``parameters`` that the notebook's parameters cell declares (the rest would warn).

    >>> import tempfile
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> cell = nbformat.v4.new_code_cell("design_path = ''", metadata={"tags": ["parameters"]})
    >>> nb.cells = [cell]
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = Path(d) / "n.ipynb"
    ...     nbformat.write(nb, path)
    ...     declared_parameters(path, {"design_path": "x", "artifacts_dir": "y"})
    {'design_path': 'x'}
    """
    import re

    nb = json.loads(source.read_text(encoding="utf-8"))  # the source only: no nbformat needed
    declared: set[str] = set()
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            text = cell.get("source", "")
            text = text if isinstance(text, str) else "".join(text)
            declared |= set(re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=]*)?=", text, re.M))
    return {k: v for k, v in parameters.items() if k in declared}
