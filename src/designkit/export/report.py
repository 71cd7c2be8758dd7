"""Run every phase notebook against a design and export the report.

The notebooks are executed with papermill (the design file is their
``design_path`` parameter), kept as executed notebooks, and joined into one
report rendered by the designkit nbconvert exporter.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import __version__
from ..errors import DesignKitError
from ..io import load
from ..phases import PHASES, Phase, phase

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
    progress: bool = True
    kernel: str = "python3"
    notebooks: Path = NOTEBOOKS


@dataclass
class ReportResult:
    """What a report run wrote, and how long each phase took."""

    written: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def build_report(options: ReportOptions) -> ReportResult:
    """Validate the design, execute the phase notebooks, write notebooks and report.html."""
    design_path = options.design.resolve()
    design = load(options.design)  # refuse an invalid design before running anything
    selected = _select(options.phases)
    out = options.out
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    result = ReportResult()
    executed: list[tuple[Phase, nbformat.NotebookNode]] = []
    bar = _progress(len(selected), options.progress)
    try:
        for ph in selected:
            bar.set_description(f"{ph.number:02d} {ph.title[:36]}")
            target = out / "notebooks" / ph.notebook
            started = time.perf_counter()
            nb = _execute(options.notebooks / ph.notebook, target, design_path, options.kernel)
            result.seconds[ph.notebook] = time.perf_counter() - started
            result.written.append(target)
            executed.append((ph, nb))
            bar.update(1)
    finally:
        bar.close()
    report = combine(
        executed,
        {
            "name": design.metadata.name,
            "title": design.metadata.title or design.metadata.name,
            "domain": design.metadata.domain or "",
            "version": design.metadata.version,
            "authors": ", ".join(design.metadata.authors),
            "description": design.metadata.description,
            "source": options.design.name,
            "date": dt.date.today().isoformat(),
            "designkit_version": __version__,
        },
    )
    html_path = out / "report.html"
    html_path.write_text(render_html(report), encoding="utf-8")
    result.written.append(html_path)
    return result


def _select(keys: Sequence[str] | None) -> list[Phase]:
    if not keys:
        return list(PHASES)
    try:
        chosen = {phase(k.strip()).number for k in keys if k.strip()}
    except KeyError as exc:
        raise ReportError(str(exc.args[0])) from None
    return [p for p in PHASES if p.number in chosen]


def _execute(source: Path, target: Path, design: Path, kernel: str) -> nbformat.NotebookNode:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(source),
            str(target),
            parameters={"design_path": str(design)},
            kernel_name=kernel,
            progress_bar=False,
            cwd=str(source.parent),
            log_output=False,
        )
    except PapermillExecutionError as exc:
        raise ReportError(
            f"{source.name}: cell {exc.cell_index} (execution {exc.exec_count}) failed: "
            f"{exc.ename}: {exc.evalue}; the partly run notebook is {target}"
        ) from None


def combine(
    executed: Sequence[tuple[Phase, nbformat.NotebookNode]], meta: dict[str, str]
) -> nbformat.NotebookNode:
    """One notebook of every phase's visible cells, with report metadata; inputs untouched."""
    report = nbformat.v4.new_notebook()
    contents = []
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
