"""Time drawing the dependency graph of synthetic designs as a layered SVG.

Builds ``dependency_graph(design)`` (sync calls and topic links) and draws it
with ``render.svg.layered_svg`` coloured by bounded context, as the design at
a glance does. Reports the time of each and the size of the SVG.

    python benchmarks/graph.py [--sizes 50 500 5000] [--runs 3]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from _common import Table, options, timed

from designkit.analysis.graph import dependency_graph
from designkit.render.svg import layered_svg
from designkit.synth import synthesize


def main(argv: Sequence[str] | None = None) -> int:
    parser = options(__doc__, sizes=(50, 500, 5000), runs=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    table = Table("graph")
    for size in args.sizes:
        design = synthesize(size, args.seed)
        build = [timed(partial(dependency_graph, design)) for _ in range(args.runs)]
        graph = build[0][1]
        shape = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
        table.add("dependency_graph", size, [s for s, _ in build], **shape)
        draw = [timed(partial(layered_svg, graph, group="context")) for _ in range(args.runs)]
        kb = round(len(draw[0][1].encode("utf-8")) / 1024)
        table.add("layered_svg", size, [s for s, _ in draw], **shape, svg_kb=kb)
    print(table.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
