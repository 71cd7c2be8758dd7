"""Shared helpers of the benchmark scripts: options, timing, tables, the log-log fit.

Each script is run as ``python benchmarks/<name>.py [--sizes N ...] [--runs N]``
(Python puts this folder on ``sys.path``, so ``import _common`` works) and
prints one table per measured step: size, median, min and max over the runs,
any extra columns, and the exponent of a least-squares fit of log(median
time) against log(size) when more than one size ran (1: linear, 2: quadratic).
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

__all__ = ["Table", "exponent", "lines_run", "options", "timed", "work_table"]


def options(doc: str | None, sizes: Sequence[int] | None, runs: int) -> argparse.ArgumentParser:
    """A parser with ``--sizes`` (unless ``sizes`` is None) and ``--runs``, with the script's
    defaults; add the script's own options, then parse."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    if sizes is not None:
        parser.add_argument(
            "--sizes",
            type=int,
            nargs="+",
            default=list(sizes),
            metavar="N",
            help=f"design sizes in services (default: {' '.join(map(str, sizes))})",
        )
    parser.add_argument(
        "--runs", type=int, default=runs, help=f"timed runs per size (default: {runs})"
    )
    return parser


def timed(fn: Callable[[], Any], collect: bool = True) -> tuple[float, Any]:
    """Seconds ``fn()`` took, and its result.

    By default a full garbage collection runs first, so garbage left by earlier
    runs is not billed to this one; pass ``collect=False`` for many short calls
    in a row (a full collection costs more than they do in a large heap).
    """
    if collect:
        gc.collect()
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def lines_run(fn: Callable[[], Any]) -> tuple[int, Any]:
    """Lines of designkit's own code that ``fn()`` runs (``sys.settrace``), and its result.

    Work as a count, not a time: the same on any machine and under any load, so
    its growth with the design's size shows an algorithm's complexity where
    timings on a shared machine are noisy. Time spent in libraries (ruamel.yaml,
    pydantic, networkx) is not counted, nor the tracing overhead (about 20 times).
    """
    import designkit

    root = str(Path(designkit.__file__).parent)
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if not frame.f_code.co_filename.startswith(root):
            return None
        if event == "line":
            count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        result = fn()
    finally:
        sys.settrace(previous)
    return count, result


def work_table(title: str, counts: dict[str, dict[int, int]]) -> str:
    """Lines run per step and size, with the log-log exponent of each step's growth.

    Examples
    --------
    >>> print(work_table("demo", {"sort": {10: 100, 100: 1000}}))
    demo: lines of designkit run (exponent: log-log fit of lines vs size)
      step  size  lines  exponent
      sort    10    100
      sort   100  1,000      1.00
    """
    header = ["step", "size", "lines", "exponent"]
    body = []
    for step, by_size in counts.items():
        slope = exponent(list(by_size), list(by_size.values()))
        for n, (size, lines) in enumerate(by_size.items()):
            last = n == len(by_size) - 1
            body.append([step, str(size), f"{lines:,}", f"{slope:.2f}" if last and slope else ""])
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    out = [f"{title}: lines of designkit run (exponent: log-log fit of lines vs size)"]
    for row in [header, *body]:
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        out.append("  " + "  ".join(cells).rstrip())
    return "\n".join(out)


def exponent(sizes: Sequence[float], times: Sequence[float]) -> float | None:
    """Slope of the least-squares line through (log size, log time); None below two sizes.

    Examples
    --------
    >>> round(exponent([10, 100, 1000], [1, 100, 10000]), 3)
    2.0
    >>> exponent([10], [1.0]) is None
    True
    """
    points = [
        (math.log(s), math.log(t)) for s, t in zip(sizes, times, strict=True) if s > 0 and t > 0
    ]
    if len({x for x, _ in points}) < 2:
        return None
    mx = statistics.fmean(x for x, _ in points)
    my = statistics.fmean(y for _, y in points)
    num = sum((x - mx) * (y - my) for x, y in points)
    den = sum((x - mx) ** 2 for x, _ in points)
    return num / den


@dataclass
class _Step:
    rows: list[tuple[int | str, list[float], dict[str, Any]]] = field(default_factory=list)


class Table:
    """Timings per step and size, printed as one table per step.

    Examples
    --------
    >>> t = Table("demo")
    >>> t.add("sort", 10, [0.001, 0.002, 0.003], items=10)
    >>> t.add("sort", 100, [0.010, 0.020, 0.030], items=100)
    >>> print(t.render())  # doctest: +NORMALIZE_WHITESPACE
    demo: sort
      size  median ms  min ms  max ms  runs  items
        10        2.0     1.0     3.0     3     10
       100       20.0    10.0    30.0     3    100
      log-log exponent of median time vs size: 1.00
    """

    def __init__(self, title: str, key: str = "size") -> None:
        self.title = title
        self.key = key
        """Header of the first column: the size, or what was measured when rows are cases."""
        self.steps: dict[str, _Step] = {}

    def add(self, step: str, size: int | str, seconds: Sequence[float], **extra: Any) -> None:
        """Record the run times (seconds) of ``step`` at ``size`` (or a case), with extras."""
        self.steps.setdefault(step, _Step()).rows.append((size, list(seconds), extra))

    def medians(self, step: str) -> dict[int | str, float]:
        """Median seconds of ``step`` by size."""
        return {size: statistics.median(t) for size, t, _ in self.steps[step].rows}

    def render(self, compact: bool = False) -> str:
        """Every step's table, in the order the steps were first added.

        ``compact`` puts every step in one table, a row per step and size, with
        the log-log exponent on each step's last row (for many small steps).
        """
        if compact:
            return self._compact()
        return "\n\n".join(self._render(name, step) for name, step in self.steps.items())

    def _compact(self) -> str:
        extras = list(
            dict.fromkeys(k for s in self.steps.values() for _, _, extra in s.rows for k in extra)
        )
        header = ["step", self.key, "median ms", "min ms", "max ms", "runs", *extras, "exponent"]
        body = []
        for name, step in self.steps.items():
            slope = exponent(
                [size for size, _, _ in step.rows if isinstance(size, int)],
                [statistics.median(t) for size, t, _ in step.rows if isinstance(size, int)],
            )
            for n, (size, times, extra) in enumerate(step.rows):
                last = n == len(step.rows) - 1
                body.append(
                    [
                        name if n == 0 else "",
                        str(size),
                        _ms(statistics.median(times)),
                        _ms(min(times)),
                        _ms(max(times)),
                        str(len(times)),
                        *(_cell(extra.get(k, "")) for k in extras),
                        f"{slope:.2f}" if last and slope is not None else "",
                    ]
                )
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        lines = [f"{self.title} (exponent: log-log fit of median time vs size)"]
        for row in [header, *body]:
            cells = [
                row[0].ljust(widths[0]),
                *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)),
            ]
            lines.append("  " + "  ".join(cells).rstrip())
        return "\n".join(lines)

    def _render(self, name: str, step: _Step) -> str:
        extras = list(dict.fromkeys(k for _, _, extra in step.rows for k in extra))
        header = [self.key, "median ms", "min ms", "max ms", "runs", *extras]
        body = [
            [
                str(size),
                _ms(statistics.median(times)),
                _ms(min(times)),
                _ms(max(times)),
                str(len(times)),
                *(_cell(extra.get(k, "")) for k in extras),
            ]
            for size, times, extra in step.rows
        ]
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        lines = [f"{self.title}: {name}"]
        for row in [header, *body]:
            first = (
                row[0].ljust(widths[0])
                if isinstance(step.rows[0][0], str)
                else row[0].rjust(widths[0])
            )
            lines.append(
                "  "
                + "  ".join(
                    [first, *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]
                )
            )
        sizes = [size for size, _, _ in step.rows if isinstance(size, int)]
        slope = None
        if len(sizes) == len(step.rows):
            slope = exponent(sizes, [statistics.median(t) for _, t, _ in step.rows])
        if slope is not None:
            lines.append(f"  log-log exponent of median time vs size: {slope:.2f}")
        return "\n".join(lines)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)
