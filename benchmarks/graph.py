"""Time drawing the dependency graph and the context map of synthetic designs.

For each size: ``dependency_graph(design)`` (sync calls and topic links) and the
pure-Python ``render.svg.layered_svg`` coloured by context, as before; then the
phase-1 graphs, each flat (one node per service) and folded (one node per
bounded context):

- ``interactive``: ``render.interactive.dependency_html`` (the vis-network page
  in its iframe): time, page and iframe size;
- ``static``: ``render.static.dependency_svg`` with Graphviz (the layout engine
  it chose, or why it fell back) and with the pure-Python fallback (dot hidden):
  time and SVG size;
- the context map, static (Graphviz) and interactive.

    python benchmarks/graph.py [--sizes 50 500 5000] [--runs 3] [--dot-timeout 60]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

from _common import Table, options, timed

from designkit.analysis.graph import dependency_graph
from designkit.model import Design
from designkit.render import interactive, static
from designkit.render.svg import layered_svg
from designkit.synth import synthesize


@contextmanager
def _without_dot() -> Iterator[None]:
    found = static.find_dot
    static.find_dot = lambda: None
    try:
        yield
    finally:
        static.find_dot = found


def _kb(text: str) -> int:
    return round(len(text.encode("utf-8")) / 1024)


def _how(svg: str) -> str:
    """The renderer an SVG's <desc> names: dot, neato, sfdp, or why it fell back."""
    desc = re.search(r"<desc>Drawn (with Graphviz (\w+)|without Graphviz \(([^)]*)\))", svg)
    if not desc:
        return "?"
    return desc.group(2) or "fallback: " + desc.group(3).replace("Graphviz dot ", "dot ")


def _measure(runs: int, fn: Callable[[], Any]) -> tuple[list[float], Any]:
    """Seconds of each run, and the first run's result."""
    results = [timed(fn) for _ in range(runs)]
    return [seconds for seconds, _ in results], results[0][1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = options(__doc__, sizes=(50, 500, 5000), runs=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--dot-timeout",
        type=float,
        default=60.0,
        help="seconds Graphviz may take before the fallback draws (default: 60)",
    )
    args = parser.parse_args(argv)

    table = Table("graph")
    # Once per process: pyvis's import (it imports IPython) and reading vis-network.
    tiny = synthesize(min(args.sizes), args.seed)
    seconds, _ = timed(lambda: interactive.dependency_html(tiny)._repr_html_())
    table.add("interactive, first call (imports pyvis)", min(args.sizes), [seconds])
    for size in args.sizes:
        design = synthesize(size, args.seed)
        build = [timed(partial(dependency_graph, design)) for _ in range(args.runs)]
        graph = build[0][1]
        shape = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
        table.add("dependency_graph", size, [s for s, _ in build], **shape)
        draw = [timed(partial(layered_svg, graph, group="context")) for _ in range(args.runs)]
        kb = round(len(draw[0][1].encode("utf-8")) / 1024)
        table.add("layered_svg", size, [s for s, _ in draw], **shape, svg_kb=kb)
        _phase1(table, design, size, args.runs, args.dot_timeout)
    print(table.render())
    return 0


def _phase1(table: Table, design: Design, size: int, runs: int, dot_timeout: float) -> None:
    for folded in (False, True):
        view = "folded" if folded else "flat"

        def iframe(folded: bool = folded) -> str:
            return interactive.dependency_html(design, collapse=folded)._repr_html_()

        seconds, html = _measure(runs, iframe)
        page = interactive.dependency_html(design, collapse=folded).page
        table.add(f"interactive ({view})", size, seconds, page_kb=_kb(page), iframe_kb=_kb(html))
        draw = partial(static.dependency_svg, design, collapse=folded, timeout=dot_timeout)
        seconds, svg = _measure(runs, draw)
        table.add(f"static, Graphviz ({view})", size, seconds, how=_how(svg), svg_kb=_kb(svg))
        with _without_dot():
            seconds, svg = _measure(runs, draw)
        table.add(f"static, fallback ({view})", size, seconds, svg_kb=_kb(svg))
    seconds, svg = _measure(runs, partial(static.context_map_svg, design, timeout=dot_timeout))
    table.add("context map, static", size, seconds, how=_how(svg), svg_kb=_kb(svg))
    seconds, html = _measure(runs, lambda: interactive.context_map_html(design)._repr_html_())
    table.add("context map, interactive", size, seconds, iframe_kb=_kb(html))


if __name__ == "__main__":
    raise SystemExit(main())
