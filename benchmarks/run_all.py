"""Run every benchmark script with small settings and print all their tables.

Each script runs in its own interpreter (so one's imports and garbage do not
bill another). ``--quick`` uses tiny sizes, to check the scripts work rather
than to measure; ``--full`` runs each script with its own, larger defaults.
The report benchmark (``report.py``: every phase notebook, kernels and
Chromium) is slow and only runs with ``--report``.

    python benchmarks/run_all.py [--quick | --full] [--only NAME ...] [--report]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent

SMALL: dict[str, list[str]] = {
    "import_time": ["--runs", "3"],
    "load_validate": ["--sizes", "100", "300", "--runs", "1"],
    "analysis": ["--sizes", "100", "1000", "--runs", "3", "--rules"],
    "whatif": ["--sizes", "50", "500", "--runs", "11"],
    "generate": ["--sizes", "100", "1000", "--runs", "1"],
    "graph": ["--sizes", "50", "500", "5000", "--runs", "3"],
    "decomposition": ["--sizes", "200", "2000", "--runs", "3"],
    "import_manifests": ["--sizes", "100", "500", "--runs", "3"],
    "phase_documents": ["--runs", "3"],
}
"""Each script and the arguments of a run that takes seconds, not minutes."""

QUICK: dict[str, list[str]] = {
    "import_time": ["--runs", "1", "--cached-only", "--quick"],
    "load_validate": ["--sizes", "10", "20", "--runs", "1"],
    "analysis": ["--sizes", "10", "20", "--runs", "1"],
    "whatif": ["--sizes", "10", "20", "--runs", "1"],
    "generate": ["--sizes", "10", "--runs", "1"],
    "graph": ["--sizes", "10", "20", "--runs", "1"],
    "decomposition": ["--sizes", "50", "100", "--runs", "1"],
    "import_manifests": ["--sizes", "10", "--runs", "1"],
    "phase_documents": ["--sizes", "10", "--runs", "1", "--phases", "05"],
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="tiny sizes: check, do not measure")
    size.add_argument("--full", action="store_true", help="each script's own defaults")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=sorted(SMALL))
    parser.add_argument("--report", action="store_true", help="also run report.py (slow)")
    args = parser.parse_args(argv)

    plan = QUICK if args.quick else SMALL
    names = args.only or list(plan)
    runs = [(name, [] if args.full else plan[name]) for name in names]
    if args.report:
        runs.append(("report", []))
    status = 0
    for name, extra in runs:
        command = [sys.executable, str(HERE / f"{name}.py"), *extra]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=HERE.parent)
        took = time.perf_counter() - started
        print(f"=== {name}.py {' '.join(extra)}  ({took:.1f} s)".rstrip())
        print(done.stdout.rstrip())
        if done.returncode:
            status = 1
            print(done.stderr.rstrip(), file=sys.stderr)
            print(f"{name}.py failed with exit status {done.returncode}")
        print()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
