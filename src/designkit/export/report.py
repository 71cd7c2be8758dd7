"""Run every phase notebook against a design and export the report.

The notebooks are executed with papermill (the design file is their
``design_path`` parameter), kept as executed notebooks, and joined into one
report rendered by the designkit nbconvert exporter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from .. import __version__
from ..errors import DesignKitError
from ..io import load
from ..io.atomic import atomic_write
from ..model import Design
from ..phases import PHASES, Phase, phase

if TYPE_CHECKING:
    from .kernels import KernelForker

__all__ = ["NOTEBOOKS", "ReportError", "ReportOptions", "ReportResult", "build_report", "combine"]

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
"""The phase notebooks shipped with designkit."""

HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "widget", "remove"})
"""Cells with these tags are left out of the report (widgets need a live kernel)."""


class ReportError(DesignKitError):
    """A phase notebook failed while building the report."""


@dataclass
class ReportOptions:
    """What to report on, and where."""

    design: Path
    out: Path
    phases: Sequence[str] | None = None
    """Phase numbers or slugs; None for all."""
    formats: Sequence[str] = ("html", "pdf")
    """Which of html and pdf to write (the executed notebooks are always kept)."""
    progress: bool = True
    artifacts: bool = True
    """Also write every generated deliverable under ``out/artifacts/``."""
    jobs: int = field(default_factory=lambda: min(4, os.cpu_count() or 1))
    """Notebooks executed at the same time (each runs its own kernel; one per core)."""
    kernel: str = "python3"
    notebooks: Path = NOTEBOOKS
    fork: bool = True
    """Fork the kernels from one process that imported the notebooks' modules and
    loaded the design once (POSIX only; see :mod:`designkit.export.kernels`)."""


@dataclass
class ReportResult:
    """What a report run wrote, and how long each phase took."""

    written: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def build_report(options: ReportOptions) -> ReportResult:
    """Validate the design, execute the phase notebooks, write notebooks and report.html."""
    design_path = options.design.resolve()
    selected = _select(options.phases)
    formats = _formats(options.formats)
    with contextlib.ExitStack() as stack:
        # The kernel helper imports and loads while this process validates.
        forker = _forker(options, design_path, [options.notebooks / p.notebook for p in selected])
        if forker is not None:
            stack.callback(forker.close)
        design = load(options.design)  # refuse an invalid design before running anything
        # What the steps after the notebooks import, imported while the kernels run.
        threading.Thread(target=_import_all, args=(AFTER_NOTEBOOKS,), daemon=True).start()
        out = options.out
        (out / "notebooks").mkdir(parents=True, exist_ok=True)
        result = ReportResult()
        begun = time.time()
        executed = _run_all(selected, options, design_path, result, forker)
    if options.artifacts:
        started = time.perf_counter()
        result.written += _write_artifacts(design, options, begun)
        result.seconds["artifacts"] = time.perf_counter() - started
    report = combine(executed, _metadata(design, options.design), front=[_glance_cell(design)])
    html_path = out / "report.html"
    atomic_write(html_path, render_html(report).encode("utf-8"))
    if "html" in formats:
        result.written.append(html_path)
    if "pdf" in formats:
        from .pdf import print_pdf

        started = time.perf_counter()
        result.written.append(print_pdf(html_path, out / "report.pdf"))
        result.seconds["report.pdf"] = time.perf_counter() - started
    if "html" not in formats:
        html_path.unlink()  # only needed as the PDF's source
    return result


AFTER_NOTEBOOKS = (
    "designkit.render.glance",
    "designkit.export.exporter",
    "designkit.generate",
    "designkit.generate.write",
)
"""Modules the report needs once the notebooks ran (pandas, nbconvert, the generators)."""


def _import_all(names: Sequence[str]) -> None:
    import importlib

    for name in names:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def _write_artifacts(design: Design, options: ReportOptions, since: float) -> list[Path]:
    """Every deliverable under ``out/artifacts``; what a phase notebook wrote is kept.

    The phases that generate deliverables write them from the same design with
    the same generators: a file written there since ``since`` is not written again.
    """
    from ..generate import generate
    from ..generate.write import safe_path, write_documents

    folder = options.out / "artifacts"
    docs, kept = [], []
    for doc in generate(design):
        target = folder / safe_path(doc.path)
        try:
            fresh = target.stat().st_mtime >= since
        except OSError:
            fresh = False
        (kept if fresh else docs).append(target if fresh else doc)
    return kept + write_documents(docs, folder, options.design.name)


def _metadata(design: Design, source: Path) -> dict[str, str]:
    meta = design.metadata
    return {
        "name": meta.name,
        "title": meta.title or meta.name,
        "domain": meta.domain or "",
        "version": meta.version,
        "authors": ", ".join(meta.authors),
        "description": meta.description,
        "source": source.name,
        "date": dt.date.today().isoformat(),
        "designkit_version": __version__,
    }


def _glance_cell(design: Design) -> nbformat.NotebookNode:
    from ..render.glance import glance

    html = f'<a id="glance"></a>{glance(design)}'
    output = nbformat.v4.new_output(
        "display_data", data={"text/html": html, "text/plain": "The design at a glance"}
    )
    return nbformat.v4.new_code_cell("", outputs=[output])


def _formats(formats: Sequence[str]) -> set[str]:
    chosen = {f.strip().lower() for f in formats if f.strip()}
    unknown = chosen - {"html", "pdf"}
    if unknown or not chosen:
        raise ReportError(f"--formats: choose html, pdf or both (got {', '.join(formats)})")
    return chosen


def _run_all(
    selected: list[Phase],
    options: ReportOptions,
    design: Path,
    result: ReportResult,
    forker: KernelForker | None = None,
) -> list[tuple[Phase, nbformat.NotebookNode]]:
    """Execute the phase notebooks, ``options.jobs`` at a time (they are independent).

    On a failure the notebooks already running finish, the rest are not started,
    and the error of the earliest failing phase is raised.
    """
    from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

    out = options.out / "notebooks"
    done: dict[int, nbformat.NotebookNode] = {}
    failures: dict[int, ReportError] = {}
    bar = _progress(len(selected), options.progress)

    # Phases that generate deliverables write them under artifacts/ themselves
    # (and show what the validators said); "" tells them not to write.
    parameters = {
        "design_path": str(design),
        "artifacts_dir": str((options.out / "artifacts").resolve()) if options.artifacts else "",
    }

    engine: dict[str, object] = {}
    if forker is not None:
        from .kernels import forking_manager

        engine["kernel_manager_class"] = forking_manager(forker)

    def run(ph: Phase) -> nbformat.NotebookNode:
        started = time.perf_counter()
        nb = _execute(
            options.notebooks / ph.notebook, out / ph.notebook, parameters, options.kernel, engine
        )
        result.seconds[ph.notebook] = time.perf_counter() - started
        return nb

    pending = list(selected)
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        running: dict[Future[nbformat.NotebookNode], Phase] = {}
        while pending or running:
            while pending and len(running) < max(1, options.jobs) and not failures:
                ph = pending.pop(0)
                running[pool.submit(run, ph)] = ph
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                ph = running.pop(future)
                try:
                    done[ph.number] = future.result()
                except ReportError as exc:
                    failures[ph.number] = exc
                bar.set_description(f"{ph.number:02d} {ph.title[:36]}")
                bar.update(1)
    bar.close()
    if failures:
        raise failures[min(failures)]
    for ph in selected:
        result.written.append(out / ph.notebook)
    return [(ph, done[ph.number]) for ph in selected]


def _forker(options: ReportOptions, design: Path, sources: list[Path]) -> KernelForker | None:
    """The kernel helper for these notebooks, or None to start kernels the usual way."""
    from .kernels import KernelForker, can_fork, notebook_imports

    if not options.fork or not can_fork():
        return None
    return KernelForker(design, notebook_imports(sources))


def _select(keys: Sequence[str] | None) -> list[Phase]:
    if not keys:
        return list(PHASES)
    try:
        chosen = {phase(k.strip()).number for k in keys if k.strip()}
    except KeyError as exc:
        raise ReportError(str(exc.args[0])) from None
    return [p for p in PHASES if p.number in chosen]


def _execute(
    source: Path,
    target: Path,
    parameters: dict[str, str],
    kernel: str,
    engine: dict[str, object] | None = None,
) -> nbformat.NotebookNode:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            kernel_name=kernel,
            progress_bar=False,
            log_output=False,
            # Written once when done (or failed), not after every cell: rewriting
            # the whole notebook twice per cell was most of this process's time.
            request_save_on_cell_execute=False,
            # The kernel starts in the notebook's folder. Not papermill's cwd=,
            # which chdirs the whole process and so races between the threads
            # that run notebooks side by side.
            resources={"metadata": {"path": str(source.parent)}},
            **(engine or {}),
        )
    except PapermillExecutionError as exc:
        raise ReportError(
            f"{source.name}: cell {exc.cell_index} (execution {exc.exec_count}) failed: "
            f"{exc.ename}: {exc.evalue}; the partly run notebook is {target}"
        ) from None


def combine(
    executed: Sequence[tuple[Phase, nbformat.NotebookNode]],
    meta: dict[str, str],
    *,
    front: Sequence[nbformat.NotebookNode] = (),
) -> nbformat.NotebookNode:
    """One notebook of every phase's visible cells, with report metadata; inputs untouched.

    ``front`` cells (the design at a glance) come first, before the phases.
    """
    report = nbformat.v4.new_notebook()
    report.cells.extend(front)
    contents = [{"anchor": "glance", "title": "The design at a glance"}] if front else []
    for ph, nb in executed:
        anchor = f"phase-{ph.number}"
        contents.append({"anchor": anchor, "title": f"{ph.number}. {ph.title}"})
        first = True
        for cell in nb.cells:
            tags = set(cell.get("metadata", {}).get("tags", []))
            if tags & HIDDEN_TAGS:
                continue
            copy = nbformat.from_dict(cell.copy())
            copy.metadata = nbformat.from_dict(dict(cell.get("metadata", {})))
            if first:
                copy.metadata["tags"] = sorted(tags | {"dk-phase-start"})
                if copy.cell_type == "markdown":
                    copy.source = f'<a id="{anchor}"></a>\n\n' + copy.source
                first = False
            report.cells.append(copy)
    report.metadata["designkit"] = {**meta, "contents": contents}
    report.metadata["title"] = meta.get("title", "Design report")
    report.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return report


def render_html(report: nbformat.NotebookNode) -> str:
    """The report notebook as a standalone, offline HTML page."""
    from .exporter import DesignReportExporter

    body, _resources = DesignReportExporter().from_notebook_node(report)
    return body


class _NoBar:
    def set_description(self, _text: str) -> None: ...
    def update(self, _n: int) -> None: ...
    def close(self) -> None: ...


def _progress(total: int, enabled: bool):  # type: ignore[no-untyped-def]
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(
        total=total, unit="phase", bar_format="{desc:<42} {bar} {n}/{total} [{elapsed}<{remaining}]"
    )
