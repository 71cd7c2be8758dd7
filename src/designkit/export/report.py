"""Run every phase notebook against a design and export the report.

The notebooks are executed with papermill (the design file is their
``design_path`` parameter), kept as executed notebooks, and joined into one
report rendered by the designkit nbconvert exporter.

The kernel helper (:mod:`designkit.export.kernels`) is started before anything
else: its imports and warm-up are what the first kernels wait for, and this
process's own imports (nbformat, papermill, nbconvert) run beside them. So this
module imports those lazily.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .. import __version__
from ..errors import DesignKitError
from ..phases import PHASES, Phase, phase

if TYPE_CHECKING:
    import nbformat

    from ..model import Design
    from .kernels import KernelForker

_log = logging.getLogger(__name__)

__all__ = [
    "NOTEBOOKS",
    "ReportError",
    "ReportOptions",
    "ReportResult",
    "build_report",
    "combine",
]

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
"""The phase notebooks shipped with designkit."""

HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "widget", "remove"})
"""Cells with these tags are left out of the report (widgets need a live kernel)."""


def __getattr__(name: str) -> Any:
    # render_html (of .document) was imported from here; imported on first use (nbformat).
    if name == "render_html":
        from .document import render_html

        return render_html
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    with contextlib.ExitStack() as helper:
        # First: the kernels wait for the helpers' imports, not for this process's.
        forkers = _forkers(options, design_path, selected)
        helpers = list({id(f): f for f in forkers.values()}.values())
        for forker in helpers:
            helper.callback(forker.close)
        from ..io import load
        from .document import write_document
        from .runlog import quiet_run

        design = load(options.design)  # refuse an invalid design before running or writing
        out = options.out
        (out / "notebooks").mkdir(parents=True, exist_ok=True)
        result = ReportResult()
        log = out / "report.log"
        with quiet_run(log) as terminal:
            for forker in helpers:
                forker.relay_stderr()  # the helper's and its kernels' chatter into the log
            # While the helper gets ready and the kernels run: what the steps after the
            # notebooks import, and the front pages (they need the design only).
            background = ThreadPoolExecutor(1)
            helper.callback(background.shutdown, wait=False)
            front = background.submit(_prepare, design)
            begun = time.time()
            artifacts: list[Future[list[Path]]] = []

            def write_artifacts() -> None:
                # What the phases did not write, while the phases that write none still run.
                if options.artifacts:
                    artifacts.append(background.submit(_write_artifacts, design, options, begun))

            executed = _run_all(
                selected, options, design_path, result, terminal, forkers, write_artifacts
            )
            for forker in helpers:
                if forker.ready_after is not None:
                    step = "kernel helper ready" + (" (validators)" if forker.validates else "")
                    result.seconds[step] = forker.ready_after
            helper.close()  # the helpers' work is done: stop them before writing the document
            if options.artifacts:
                started = time.perf_counter()
                result.written += artifacts[0].result() if artifacts else []
                result.seconds["artifacts"] = time.perf_counter() - started  # its wait
            meta = _metadata(design, options.design)
            report = combine(executed, meta, front=front.result())
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


def _prepare(design: Design) -> list[nbformat.NotebookNode]:
    """Import :data:`AFTER_NOTEBOOKS`; the front cells of ``design``."""
    import importlib

    for name in AFTER_NOTEBOOKS:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    return _front_cells(design)


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
    import nbformat

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


LONGEST_FIRST = (6, 5, 4, 2, 7, 1, 0, 3, 8)
"""Phase numbers, longest notebook first: the order the notebooks are started in.

Seconds of the cells of the e-commerce report, two runs on a loaded 2-core
machine (forked kernels, two at a time): 06 10.0/15.7, 05 7.8/8.9, 04 5.6/7.4,
02 1.0/3.7, 07 1.2/2.7, 01 1.2/2.0, 00 0.6/0.7, 03 0.3/0.4, 08 0.2/0.3. The
longest first, so no long notebook starts last while the other core idles;
a phase not listed runs after these, in phase order.
"""


def _order(
    selected: Sequence[Phase], forkers: Mapping[int, KernelForker] | None = None
) -> list[Phase]:
    """``selected`` in the order they are started.

    Longest first (:data:`LONGEST_FIRST`); with ``forkers``, the phases whose
    helper has less to prepare (no validators to warm up) before the others,
    so they run while the other helper still gets ready.
    """
    rank = {number: i for i, number in enumerate(LONGEST_FIRST)}

    def waits(p: Phase) -> bool:
        forker = (forkers or {}).get(p.number)
        return forker is not None and forker.validates

    return sorted(selected, key=lambda p: (waits(p), rank.get(p.number, len(rank)), p.number))


def _run_all(
    selected: list[Phase],
    options: ReportOptions,
    design: Path,
    result: ReportResult,
    terminal: IO[str] | None = None,
    forkers: Mapping[int, KernelForker] | None = None,
    writers_done: Callable[[], object] | None = None,
) -> list[tuple[Phase, nbformat.NotebookNode]]:
    """Execute the phase notebooks, ``options.jobs`` at a time (they are independent).

    A phase in ``forkers`` runs in a kernel that helper forks. They start in
    the order of :func:`_order`. After a failure no later phase
    starts; earlier ones still run, so the error raised is the one of the
    earliest failing phase, as if they had run one by one. ``writers_done`` is
    called once every phase that writes artifacts (declares ``artifacts_dir``)
    has run without error, while the others may still run.
    """
    from concurrent.futures import FIRST_COMPLETED, wait

    from .runlog import declared_parameters, phase_bar

    out = options.out / "notebooks"
    done: dict[int, nbformat.NotebookNode] = {}
    failures: dict[int, ReportError] = {}

    # Phases that generate deliverables write them under artifacts/ themselves
    # (and show what the validators said); "" tells them not to write.
    parameters = {
        "design_path": str(design),
        "artifacts_dir": str((options.out / "artifacts").resolve()) if options.artifacts else "",
    }
    engines: dict[int, dict[str, object]] = {}
    if forkers:
        from .kernels import forking_manager

        managers = {id(f): forking_manager(f) for f in forkers.values()}
        engines = {n: {"kernel_manager_class": managers[id(f)]} for n, f in forkers.items()}

    def run(ph: Phase) -> nbformat.NotebookNode:
        started = time.perf_counter()
        source = options.notebooks / ph.notebook
        bar = phase_bar(
            f"{ph.number} {ph.title}",
            selected.index(ph),
            terminal if options.progress else None,
        )
        args = (source, out / ph.notebook, declared_parameters(source, parameters))
        forked = engines.get(ph.number)
        try:
            nb = _execute(*args, options.kernel, bar, forked)
        except RuntimeError as exc:  # the kernel died (nbclient's DeadKernelError is one)
            if not forked:
                raise
            # A forked kernel dies with its helper; a kernel started the usual way does not.
            _log.warning(
                "%s: the forked kernel died (%s); running it again in a kernel started "
                "the usual way",
                ph.notebook,
                exc,
            )
            nb = _execute(*args, options.kernel, bar, None)
        result.seconds[ph.notebook] = time.perf_counter() - started
        return nb

    writers = {
        p.number
        for p in selected
        if "artifacts_dir" in declared_parameters(options.notebooks / p.notebook, parameters)
    }
    pending = _order(selected, forkers)
    jobs = max(1, options.jobs)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        running: dict[Future[nbformat.NotebookNode], Phase] = {}
        while pending or running:
            if writers_done is not None and not failures and writers <= done.keys():
                writers_done()
                writers_done = None
            if failures:
                pending = [p for p in pending if p.number < min(failures)]
            while pending and len(running) < jobs:
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
    if writers_done is not None:  # the last phase to end wrote artifacts
        writers_done()
    for ph in selected:
        result.written.append(out / ph.notebook)
    return [(ph, done[ph.number]) for ph in selected]


def _forkers(
    options: ReportOptions, design: Path, selected: Sequence[Phase]
) -> dict[int, KernelForker]:
    """The kernel helper of each phase; empty to start kernels the usual way.

    Two helpers when both kinds are selected: one for the phases that validate
    deliverables (its validators' first use, seconds, is paid before its first
    fork) and one for the rest, ready as soon as it has imported their modules
    and loaded the design; the two get ready side by side, on two cores.
    """
    from .kernels import VALIDATORS_MODULE, KernelForker, can_fork, notebook_imports

    if not options.fork or not can_fork():
        return {}
    imports = {p.number: notebook_imports([options.notebooks / p.notebook]) for p in selected}
    groups: dict[bool, list[int]] = {}
    for number, modules in imports.items():
        groups.setdefault(VALIDATORS_MODULE in modules, []).append(number)
    forkers: dict[int, KernelForker] = {}
    for _validates, numbers in sorted(groups.items(), reverse=True):  # the longer one first
        modules = list(dict.fromkeys(m for n in numbers for m in imports[n]))
        forker = KernelForker(design, modules)
        forkers.update(dict.fromkeys(numbers, forker))
    return forkers


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
    import nbformat

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
