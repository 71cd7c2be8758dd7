"""Time the full report of a design against its floor, measured in the same run.

The floor is what any notebook report must pay: one kernel start and run per
phase notebook (trivial notebooks through the same papermill path) plus one
Chromium print of a trivial page. Prints median and spread of several runs.

    python benchmarks/report.py [--design data/examples/ecommerce.yaml] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from designkit.export.pdf import print_pdf
from designkit.export.report import ReportOptions, build_report
from designkit.phases import PHASES, phase

ROOT = Path(__file__).resolve().parent.parent


def _report(design: Path, phases: list[str] | None, formats: list[str]) -> float:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        build_report(
            ReportOptions(
                design=design, out=Path(out), phases=phases, formats=formats, progress=False
            )
        )
        return time.perf_counter() - started


def _floor(count: int, formats: list[str], jobs: int) -> float:
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
        started = time.perf_counter()
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
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--design", type=Path, default=ROOT / "data/examples/ecommerce.yaml")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--phases", help="comma-separated phases (default: all)")
    parser.add_argument("--formats", default="html,pdf")
    args = parser.parse_args(argv)
    phases = args.phases.split(",") if args.phases else None
    formats = args.formats.split(",")
    count = len(phases) if phases else len(PHASES)
    if phases:
        [phase(p) for p in phases]  # fail early on a bad name
    report = [_report(args.design, phases, formats) for _ in range(args.runs)]
    jobs = ReportOptions(design=args.design, out=Path(".")).jobs
    floor = [_floor(count, formats, jobs) for _ in range(args.runs)]
    rows = [("report", report), (f"floor ({count} kernels, {jobs} at a time, + print)", floor)]
    print(f"{'what':<44} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, times in rows:
        print(f"{name:<44} {statistics.median(times):>9.2f} {min(times):>7.2f} {max(times):>7.2f}")
    ratio = statistics.median(report) / statistics.median(floor)
    print(f"{'ratio to floor':<44} {ratio:>9.2f}   (target <= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
