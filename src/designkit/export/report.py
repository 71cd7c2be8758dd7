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
from typing import IO, TYPE_CHECKING, Any

import nbformat

from .. import __version__
from ..errors import DesignKitError
from ..io import load
from ..model import Design
from ..phases import PHASES, Phase, phase
from .document import render_html, write_document
from .runlog import declared_parameters, phase_bar, quiet_run

if TYPE_CHECKING:
    from .kernels import KernelForker

__all__ = [
    "NOTEBOOKS",
    "ReportError",
    "ReportOptions",
    "ReportResult",
    "build_report",
    "combine",
    "render_html",
]

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
    paper: str = "a4"
    """Page size of the printed report: a4 or letter."""
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
    _paper(options.paper)
    design = load(options.design)  # refuse an invalid design before running or writing anything
    out = options.out
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    result = ReportResult()
    log = out / "report.log"
    with quiet_run(log) as terminal, contextlib.ExitStack() as stack:
        forker = _forker(options, design_path, [options.notebooks / p.notebook for p in selected])
        if forker is not None:
            stack.callback(forker.close)
        # What the steps after the notebooks import, imported while the kernels run.
        threading.Thread(target=_import_all, args=(AFTER_NOTEBOOKS,), daemon=True).start()
        begun = time.time()
        executed = _run_all(selected, options, design_path, result, terminal, forker)
        stack.close()  # the helper's work is done: stop it before writing the document
        if options.artifacts:
            started = time.perf_counter()
            result.written += _write_artifacts(design, options, begun)
            result.seconds["artifacts"] = time.perf_counter() - started
        report = combine(executed, _metadata(design, options.design), front=_front_cells(design))
        written, pdf_seconds = write_document(report, out, sorted(formats), options.paper)
    result.written += [*written, log]
    if pdf_seconds is not None:
        result.seconds["report.pdf"] = pdf_seconds
    return result


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


FRONT = (
    ("summary", "Executive summary"),
    ("glance", "The design at a glance"),
)
"""The report's front sections: (anchor, heading), before the phases."""


def _front_cells(design: Design) -> list[nbformat.NotebookNode]:
    from ..render.glance import glance_parts
    from ..render.summary import executive_summary

    anchors = dict(FRONT)
    parts = [("summary", executive_summary(design))]
    parts += [("glance" if i == 0 else "", html) for i, html in enumerate(glance_parts(design))]
    cells = []
    for anchor, html in parts:
        text = f'<a id="{anchor}"></a>{html}' if anchor else str(html)
        output = nbformat.v4.new_output(
            "display_data", data={"text/html": text, "text/plain": anchors.get(anchor, "")}
        )
        cell = nbformat.v4.new_code_cell("", outputs=[output])
        if anchor:
            cell.metadata["dk_front"] = anchor
        cells.append(cell)
    return cells


def _paper(name: str) -> None:
    from .paged import paper

    try:
        paper(name)
    except ValueError as exc:
        raise ReportError(str(exc)) from None


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
    terminal: IO[str] | None = None,
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
        source = options.notebooks / ph.notebook
        bar = phase_bar(
            f"{ph.number} {ph.title}",
            selected.index(ph),
            terminal if options.progress else None,
        )
        nb = _execute(
            source,
            out / ph.notebook,
            declared_parameters(source, parameters),
            options.kernel,
            bar,
            engine,
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
    progress: dict[str, Any] | bool = False,
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
            progress_bar=progress,
            log_output=False,
            # The kernel starts in the notebook's folder. Not papermill's cwd=,
            # which chdirs the whole process and so races between the threads
            # that run notebooks side by side.
            resources={"metadata": {"path": str(source.parent)}},
            # Written once when done (or failed), not after every cell: rewriting
            # the whole notebook twice per cell was most of this process's time.
            request_save_on_cell_execute=False,
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
    titles = dict(FRONT)
    contents: list[dict[str, object]] = []
    for cell in front:
        copy = nbformat.from_dict(cell.copy())
        copy.metadata = nbformat.from_dict({**cell.get("metadata", {}), "dk_part": "front"})
        report.cells.append(copy)
        anchor = cell.get("metadata", {}).get("dk_front")
        if anchor in titles:
            title = titles[anchor]
            contents.append({"anchor": anchor, "title": title, "heading": title, "part": "front"})
    for ph, nb in executed:
        anchor = f"phase-{ph.number}"
        contents.append(
            {
                "anchor": anchor,
                "title": f"{ph.number}. {ph.title}",
                "heading": _first_heading(nb),
                "part": ph.number,
                "running": f"Phase {ph.number}: {ph.title}",
            }
        )
        first = True
        for cell in nb.cells:
            tags = set(cell.get("metadata", {}).get("tags", []))
            if tags & HIDDEN_TAGS:
                continue
            if cell.cell_type == "code" and not cell.get("outputs"):
                continue  # shows nothing, yet its box would force a page break in print
            copy = nbformat.from_dict(cell.copy())
            copy.metadata = nbformat.from_dict({**cell.get("metadata", {}), "dk_part": ph.number})
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


def _first_heading(nb: nbformat.NotebookNode) -> str:
    """The text of the notebook's first Markdown heading (its title), or ""."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return ""
