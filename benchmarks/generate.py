"""Time the generators on synthetic designs: every registered kind, then all together.

Runs whatever generators are registered when the script runs (the registry
grows as generators are added), one table per kind plus the whole
``generate(design)``, with the number of documents each produced. With
``--work``, each kind's work is also counted as the lines of designkit it runs
(a measure of complexity that the machine's load does not blur; slow).

    python benchmarks/generate.py [--sizes 100 1000] [--runs 3] [--only KIND ...] [--work]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from _common import Table, lines_run, options, timed, work_table

from designkit.generate import generate, generators
from designkit.synth import synthesize


def main(argv: Sequence[str] | None = None) -> int:
    parser = options(__doc__, sizes=(100, 1000), runs=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="+", metavar="KIND", help="time only these kinds")
    parser.add_argument(
        "--work", action="store_true", help="also count the lines of designkit each kind runs"
    )
    args = parser.parse_args(argv)
    work: dict[str, dict[int, int]] = {}

    kinds = args.only or list(generators())
    table = Table("generate")
    for size in args.sizes:
        design = synthesize(size, args.seed)
        for kind in kinds:
            runs = [timed(partial(generate, design, [kind])) for _ in range(args.runs)]
            table.add(kind, size, [s for s, _ in runs], documents=len(runs[0][1]))
            if args.work:
                work.setdefault(kind, {})[size] = lines_run(partial(generate, design, [kind]))[0]
        runs = [timed(partial(generate, design, kinds)) for _ in range(args.runs)]
        table.add("all (generate(design))", size, [s for s, _ in runs], documents=len(runs[0][1]))
    print(f"generators: {', '.join(kinds)}\n")
    print(table.render(compact=True))
    if work:
        print()
        print(work_table("generate", work))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
