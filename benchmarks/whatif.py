"""Time what a what-if slider move costs: traffic, capacity and SLOs recomputed.

Builds a synthetic 50-service design in code (a gateway in front of a tree of
services, each also calling a shared leaf tier, with topics, journeys through
gateway routes and SLOs on everything), then for each run changes one
journey's peak rate, as a slider would, and recomputes the three analyses.
Prints the median and spread; the target is well under 100 ms.

    python benchmarks/whatif.py [--services 50] [--runs 51] [--tables]

With ``--sizes`` it times several sizes and prints the benchmarks' common
table (with the log-log exponent); ``--synth`` then uses designs from
``designkit.synth`` moved through ``designkit.analysis.whatif.evaluate`` (a
traffic multiplier, as the phase 6 widget does: copy, then recompute):

    python benchmarks/whatif.py --sizes 50 500 [--runs 21] [--synth]
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from designkit.analysis.capacity import capacity_plan
from designkit.analysis.slos import slo_report
from designkit.analysis.traffic import service_traffic
from designkit.model import Design
from designkit.render import sizing_tables

SHARED_LEAVES = 4  # every service also reads from these (cache, config, ...)


def synthetic(count: int) -> Design:
    """A gateway, a ternary tree of ``count - 1 - SHARED_LEAVES`` services and shared leaves."""
    tree = [f"svc-{i:02d}" for i in range(count - 1 - SHARED_LEAVES)]
    leaves = [f"leaf-{i}" for i in range(SHARED_LEAVES)]
    services: list[dict[str, Any]] = [
        {
            "name": "gateway",
            "kind": "gateway",
            "profile": {"service_time_ms": 2, "workers_per_replica": 256, "availability": 0.9999},
            "dependencies": [{"target": name} for name in tree[:3]],
        }
    ]
    for i, name in enumerate(tree):
        children = [tree[c] for c in (3 * i + 3, 3 * i + 4, 3 * i + 5) if c < len(tree)]
        services.append(
            {
                "name": name,
                "profile": {
                    "service_time_ms": 5 + (i * 7) % 40,
                    "workers_per_replica": 16,
                    "availability": 0.9995,
                    "cpu_ms_per_request": 4,
                },
                "dependencies": [
                    *({"target": c, "calls_per_request": 1 + (i % 2)} for c in children),
                    {"target": leaves[i % SHARED_LEAVES], "hard": i % 3 != 0, "retries": 1},
                ],
                "publishes": [f"topic-{i % 10}"] if i % 2 == 0 else [],
            }
        )
    services += [{"name": leaf, "profile": {"service_time_ms": 2}} for leaf in leaves]
    topics = [
        {"name": f"topic-{t}", "consumers": [tree[(t * 5 + 7) % len(tree)]]} for t in range(10)
    ]
    routes = [{"name": f"r-{name}", "path": f"/{name}", "service": name} for name in tree[:3]]
    journeys = [
        {"name": f"j-{i}", "entry": "gateway", "route": f"r-{tree[i % 3]}", "peak_rps": 100 * i}
        for i in range(1, 10)
    ]
    slos = [
        slo
        for svc in services
        for slo in (
            {"name": f"{svc['name']}-up", "service": svc["name"], "objective": 0.999},
            {
                "name": f"{svc['name']}-fast",
                "service": svc["name"],
                "sli": "latency",
                "objective": 0.95,
                "percentile": 95,
                "threshold_ms": 250,
            },
        )
    ] + [{"name": f"{j['name']}-up", "journey": j["name"], "objective": 0.999} for j in journeys]
    return Design.model_validate(
        {
            "metadata": {"name": "synthetic"},
            "services": services,
            "topics": topics,
            "gateway": {"routes": routes},
            "journeys": journeys,
            "slos": slos,
        }
    )


def whatif(design: Design, peak_rps: float, tables: bool) -> None:
    """One slider move: a new design with another peak rate, then every analysis."""
    journeys = [design.journeys[0].model_copy(update={"peak_rps": peak_rps})]
    moved = design.model_copy(update={"journeys": journeys + design.journeys[1:]})
    traffic = service_traffic(moved)
    plan = capacity_plan(moved, traffic=traffic)
    slos = slo_report(moved)
    if tables:
        sizing_tables.traffic(traffic)
        sizing_tables.capacity(plan)
        sizing_tables.topics(plan)
        sizing_tables.journey_availability(slos)
        sizing_tables.latency_budget(slos)
        sizing_tables.slo_alerts(slos)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--runs", type=int, default=51)
    parser.add_argument("--tables", action="store_true", help="also build the DataFrames")
    parser.add_argument(
        "--sizes", type=int, nargs="+", metavar="N", help="time these sizes; print a table"
    )
    parser.add_argument(
        "--synth", action="store_true", help="with --sizes: designkit.synth designs, evaluate()"
    )
    args = parser.parse_args(argv)
    if args.sizes:
        return _sizes(args.sizes, args.runs, args.tables, args.synth)

    design = synthetic(args.services)
    traffic = service_traffic(design)
    print(
        f"{len(design.services)} services, {len(design.journeys)} journeys, "
        f"{len(design.topics)} topics, {len(design.slos)} SLOs, "
        f"{sum(len(s.requests) for s in traffic.services.values())} request paths"
    )
    whatif(design, 50.0, args.tables)  # warm-up
    times = []
    for run in range(args.runs):
        started = time.perf_counter()
        whatif(design, 50.0 + 10 * run, args.tables)
        times.append((time.perf_counter() - started) * 1000)
    what = "traffic + capacity + slos" + (" + tables" if args.tables else "")
    print(
        f"{what}: median {statistics.median(times):.1f} ms "
        f"(min {min(times):.1f}, max {max(times):.1f}) over {args.runs} runs"
    )
    return 0


def _sizes(sizes: list[int], runs: int, tables: bool, synth: bool) -> int:
    from functools import partial

    from _common import Table, timed

    from designkit.analysis.whatif import Scenario, evaluate
    from designkit.synth import synthesize

    table = Table("what-if")
    step = "evaluate (synth design)" if synth else "traffic + capacity + slos"
    for size in sizes:
        if synth:
            design = synthesize(size)
            evaluate(design)  # warm-up
            scenarios = [Scenario(traffic_multiplier=1 + n / 100) for n in range(runs)]
            times = [timed(partial(evaluate, design, s))[0] for s in scenarios]
        else:
            design = synthetic(size)
            whatif(design, 50.0, tables)  # warm-up
            times = [timed(partial(whatif, design, 50.0 + 10 * n, tables))[0] for n in range(runs)]
        name = step + (" + tables" if tables else "")
        table.add(name, size, times, journeys=len(design.journeys))
    print(table.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
