"""Time the generated-documents cells of phases 02 and 04-07 in a warm process.

Each phase notebook runs the same cells on its own generators' documents:
``generate(design, kinds)``, ``artifacts.documents_table``, ``artifacts.preview``,
``validate_documents`` + ``artifacts.validation_summary`` and ``write_artifacts``
(into a new folder each run, then ``write_artifacts again`` into the same one,
as a second report of an unchanged design does).
This script runs those cells the way a report kernel does: one warm-up pass
first (imports, validator schemas and models, as the kernel helper preloads
them), then ``--runs`` timed passes, each on freshly generated documents (a
kernel generates its documents once). Rows are the phase and the cell; the
case is the e-commerce example, or ``synth N`` with ``--sizes N``. Besides the
wall clock, ``cpu ms`` is the median CPU time of this process and the
processes it waited for (``promtool``, ``node`` for Mermaid): on a shared
machine it moves less with the load than the wall clock.

    python benchmarks/phase_documents.py [--sizes 100] [--runs 3] [--phases 04 05 06]
"""

from __future__ import annotations

import gc
import os
import statistics
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _common import Table, options, timed

import designkit
from designkit.examples_index import example_path
from designkit.export.artifacts import write_artifacts
from designkit.generate import generate
from designkit.render import artifacts
from designkit.synth import synthesize
from designkit.validators import validate_documents

PHASES: dict[str, list[str]] = {
    "02": ["kong", "istio"],
    "04": ["openapi", "asyncapi", "schemas", "contract_docs"],
    "05": ["kubernetes", "cicd"],
    "06": ["prometheus", "grafana", "openslo"],
    "07": ["chaos_mesh", "runbooks", "adr"],
}
"""Each phase notebook's ``generate(design, [...])`` kinds."""


def _cells(design: Any, kinds: list[str], out: Path) -> list[tuple[str, Callable[[], Any]]]:
    docs: list[Any] = []
    folder: list[Path] = []
    runs = [0]

    def gen() -> None:
        docs[:] = generate(design, kinds)
        runs[0] += 1
        folder[:] = [out / f"run{runs[0]}"]

    return [
        ("generate", gen),
        ("documents_table", lambda: artifacts.documents_table(docs)),
        ("preview", lambda: artifacts.preview(docs, "the design", limit=4)),
        ("validate_documents", lambda: artifacts.validation_summary(validate_documents(docs))),
        ("write_artifacts", lambda: write_artifacts(docs, folder[0], "design.yaml")),
        ("write_artifacts again", lambda: write_artifacts(docs, folder[0], "design.yaml")),
    ]


def _ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:.1f}"


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main(argv: Sequence[str] | None = None) -> int:
    parser = options(__doc__, sizes=None, runs=3)
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[],
        metavar="N",
        help="synthetic designs of N services instead of the e-commerce example",
    )
    parser.add_argument("--phases", nargs="+", choices=sorted(PHASES), default=sorted(PHASES))
    args = parser.parse_args(argv)
    cases = [(f"synth {n}", synthesize(n, 0)) for n in args.sizes] or [
        ("e-commerce", designkit.load(example_path("ecommerce")))
    ]
    table = Table("phase document cells (warm process, fresh documents each run)", key="case")
    with tempfile.TemporaryDirectory() as tmp:
        for case, design in cases:
            for phase in args.phases:
                cells = _cells(design, PHASES[phase], Path(tmp) / phase)
                for _, fn in cells:  # warm-up: imports, validator schemas, first compiles
                    fn()
                times: dict[str, list[float]] = {name: [] for name, _ in cells}
                cpu: dict[str, list[float]] = {name: [] for name, _ in cells}
                for _ in range(args.runs):
                    for name, fn in cells:
                        gc.collect()  # before the clocks start: not billed to the cell
                        started = _cpu()
                        times[name].append(timed(fn, collect=False)[0])
                        cpu[name].append(_cpu() - started)
                for name, seconds in times.items():
                    table.add(f"{phase} {name}", case, seconds, cpu_ms=_ms(cpu[name]))
                table.add(
                    f"{phase} all cells",
                    case,
                    [sum(run) for run in zip(*times.values(), strict=True)],
                    cpu_ms=_ms([sum(run) for run in zip(*cpu.values(), strict=True)]),
                )
    print(table.render(compact=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
