"""Time the full report of a design against its floor, measured side by side in one run.

The floor is what any notebook report must pay: one kernel per phase notebook
(trivial notebooks run through papermill in this process, as many at a time as
the report runs) plus one Chromium print of a trivial page. Runs alternate
(report, floor, report, ...) so both see the same load. Each row gives the
wall-clock time and the CPU time of this process and every process it waited
for (kernels, the kernel helper and its kernels, Chromium): on a shared machine
the CPU time moves less with the other sessions' load than the wall clock.

    python benchmarks/report.py [--design data/examples/ecommerce.yaml] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from designkit.export.pdf import print_pdf
from designkit.export.report import ReportOptions, build_report
from designkit.phases import PHASES, phase

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.5
"""The report may take at most this many times the floor (issue 13)."""


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    waited = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + waited.ru_utime + waited.ru_stime


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of ``work()``."""
    cpu, started = _cpu(), time.perf_counter()
    work()
    return time.perf_counter() - started, _cpu() - cpu


def _report(design: Path, phases: list[str] | None, formats: list[str], fork: bool):
    def work() -> None:
        with tempfile.TemporaryDirectory() as out:
            options = ReportOptions(
                design=design,
                out=Path(out),
                phases=phases,
                formats=formats,
                progress=False,
                fork=fork,
            )
            steps.update(build_report(options).seconds)

    steps: dict[str, float] = {}
    return (*_timed(work), steps)


def _floor(count: int, formats: list[str], jobs: int) -> tuple[float, float]:
    import papermill

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "language": "python",
            "display_name": "Python 3",
        }
        nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
        source = folder / "trivial.ipynb"
        nbformat.write(nb, source)
        page = folder / "page.html"
        page.write_text("<!doctype html><title>t</title><p>floor</p>")

        def work() -> None:
            with ThreadPoolExecutor(max_workers=jobs) as pool:  # as the report runs them
                list(
                    pool.map(
                        lambda i: papermill.execute_notebook(
                            str(source),
                            str(folder / f"out{i}.ipynb"),
                            parameters={"x": 2},
                            progress_bar=False,
                            log_output=False,
                        ),
                        range(count),
                    )
                )
            if "pdf" in formats:
                print_pdf(page, folder / "page.pdf")

        return _timed(work)


def _load() -> str:
    """The 1-minute load average: the other work the machine did meanwhile."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "unknown"


def _row(name: str, runs: list[tuple[float, float]]) -> str:
    wall = [w for w, _ in runs]
    cpu = statistics.median(c for _, c in runs)
    return (
        f"{name:<46} {statistics.median(wall):>8.2f} {min(wall):>7.2f} {max(wall):>7.2f}"
        f" {cpu:>7.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--design", type=Path, default=ROOT / "data/examples/ecommerce.yaml")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--phases", help="comma-separated phases (default: all)")
    parser.add_argument("--formats", default="html,pdf")
    parser.add_argument(
        "--no-fork",
        action="store_true",
        help="start every kernel the usual way (ReportOptions.fork=False), for comparison",
    )
    parser.add_argument(
        "--both", action="store_true", help="also time the report without forked kernels"
    )
    args = parser.parse_args(argv)
    phases = args.phases.split(",") if args.phases else None
    formats = args.formats.split(",")
    count = len(phases) if phases else len(PHASES)
    if phases:
        [phase(p) for p in phases]  # fail early on a bad name
    jobs = ReportOptions(design=args.design, out=Path(".")).jobs
    load_before = _load()
    report: list[tuple[float, float]] = []
    unforked: list[tuple[float, float]] = []
    floor: list[tuple[float, float]] = []
    steps: list[dict[str, float]] = []
    for _ in range(args.runs):
        wall, cpu, seconds = _report(args.design, phases, formats, fork=not args.no_fork)
        report.append((wall, cpu))
        steps.append(seconds)
        if args.both:
            wall, cpu, _steps = _report(args.design, phases, formats, fork=False)
            unforked.append((wall, cpu))
        floor.append(_floor(count, formats, jobs))
    kind = "kernels started one by one" if args.no_fork else "kernels forked"
    print(f"load average (1 min) before {load_before}, after {_load()}; {os.cpu_count()} cores")
    print(f"{'what':<46} {'median s':>8} {'min s':>7} {'max s':>7} {'CPU s':>7}")
    print(_row(f"report ({kind})", report))
    if unforked:
        print(_row("report (kernels started one by one)", unforked))
    print(_row(f"floor ({count} kernels, {jobs} at a time, + print)", floor))
    wall_ratio = statistics.median(w for w, _ in report) / statistics.median(w for w, _ in floor)
    cpu_ratio = statistics.median(c for _, c in report) / statistics.median(c for _, c in floor)
    print(f"{'ratio to floor (wall)':<46} {wall_ratio:>8.2f}   (target <= {TARGET})")
    print(f"{'ratio to floor (CPU)':<46} {cpu_ratio:>8.2f}")
    print("report steps (median s; phases overlap):")
    for name in steps[0]:
        print(f"  {name:<44} {statistics.median(s[name] for s in steps):>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
