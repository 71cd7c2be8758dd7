"""Time the analyses of synthetic designs: anti-pattern rules, traffic, capacity and SLOs.

For each size, a design from ``designkit.synth.synthesize`` is checked with
every anti-pattern rule (``analyze``), then sized as the phase 6 notebook does:
traffic propagated from the journeys, the capacity plan, the SLO report. The
last table adds them up per run (the issue's target: under 1 s at 1,000
services). With ``--rules``, the slowest rules at the largest size are listed.
With ``--work``, each step's work is also counted as the lines of designkit it
runs, a measure of complexity that the machine's load does not blur (slow: the
count traces every line).

    python benchmarks/analysis.py [--sizes 100 1000 5000] [--runs 3] [--rules] [--work]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from _common import Table, lines_run, options, timed, work_table

from designkit.analysis.antipatterns import analyze, rules
from designkit.analysis.capacity import capacity_plan
from designkit.analysis.checklist import checklist
from designkit.analysis.slos import slo_report
from designkit.analysis.traffic import service_traffic
from designkit.synth import synthesize


def main(argv: Sequence[str] | None = None) -> int:
    parser = options(__doc__, sizes=(100, 1000, 5000), runs=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--rules", action="store_true", help="also time each rule at the largest size"
    )
    parser.add_argument(
        "--work", action="store_true", help="also count the lines of designkit each step runs"
    )
    args = parser.parse_args(argv)
    work: dict[str, dict[int, int]] = {}

    table = Table("analysis")
    for size in args.sizes:
        design = synthesize(size, args.seed)
        steps: dict[str, list[float]] = {}
        for _ in range(args.runs):
            seconds, findings = timed(partial(analyze, design))
            steps.setdefault("analyze (all rules)", []).append(seconds)
            seconds, traffic = timed(partial(service_traffic, design))
            steps.setdefault("traffic", []).append(seconds)
            seconds, _ = timed(partial(capacity_plan, design, traffic=traffic))
            steps.setdefault("capacity", []).append(seconds)
            seconds, _ = timed(partial(slo_report, design))
            steps.setdefault("slos", []).append(seconds)
        sizing = [
            sum(ts) for ts in zip(steps["traffic"], steps["capacity"], steps["slos"], strict=True)
        ]
        total = [a + s for a, s in zip(steps["analyze (all rules)"], sizing, strict=True)]
        extra = {"journeys": len(design.journeys), "findings": len(findings)}
        for name, seconds_list in steps.items():
            table.add(name, size, seconds_list, **extra)
        table.add("sizing (traffic + capacity + slos)", size, sizing, **extra)
        table.add("analysis + sizing", size, total, **extra)
        if args.work:
            for name, step in (
                ("analyze (all rules)", partial(analyze, design)),
                ("traffic", partial(service_traffic, design)),
                ("capacity", partial(capacity_plan, design, traffic=traffic)),
                ("slos", partial(slo_report, design)),
                ("checklist", partial(checklist, design)),
            ):
                work.setdefault(name, {})[size] = lines_run(step)[0]
    print(table.render())
    if work:
        print()
        print(work_table("analysis", work))

    if args.rules:
        design = synthesize(max(args.sizes), args.seed)
        timings = []
        for rule in rules():
            seconds, _ = timed(partial(analyze, design, rules=[rule.id]), collect=False)
            timings.append((seconds, rule.id))
        print(f"\nslowest rules at {len(design.services)} services:")
        for seconds, rule_id in sorted(timings, reverse=True)[:5]:
            print(f"  {seconds * 1000:10.1f} ms  {rule_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
