"""Time decomposition from coupling on synthetic domains of 200 to 10,000 nanoentities.

Each size is a synthetic domain built directly (not through ``synthesize``, whose
domains are one entity per service): bounded contexts of about eight entities,
aggregates of one to three entities, use cases inside a context and, one in
four, across two; owner groups per context, access groups over two contexts,
a few separated zones and predefined services, and random characteristics on
one attribute in five. Steps: ``score`` (``Coupling(design)``: inputs and every
criterion's pair scores), ``cut`` (weigh, glue, cluster, explain) and ``total``
(``decompose(design)``). Each size's result is checked to be the same twice.

``--compare`` prints instead the comparison of the clustering algorithms that
docs/decomposition.md reports: on Service Cutter's samples (when a
../shared/fixtures folder sits beside the repository), the three examples and
a 2,000-nanoentity synthetic domain: modularity, hard-constraint violations, runtime, distinct
cuts over five seeds (and the mean adjusted Rand index against seed 0), and
whether five shuffled orderings of the design give the same cut.

    python benchmarks/decomposition.py [--sizes 200 2000 10000] [--runs 3] [--compare]
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from functools import partial
from math import comb
from pathlib import Path
from typing import Any

from _common import Table, options, timed

from designkit.analysis.decomposition import ALGORITHMS, DEFAULT_ALGORITHM, Coupling, decompose
from designkit.model import Design

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ("low", "normal", "high")


def synthetic(nanoentities: int, seed: int = 0) -> Design:
    """A domain of about ``nanoentities`` attributes; the same seed gives the same design."""
    rng = random.Random(seed)
    entities: list[dict[str, Any]] = []
    contexts: list[list[dict[str, Any]]] = []
    count = 0
    while count < nanoentities:
        c = len(contexts)
        members: list[dict[str, Any]] = []
        for e in range(rng.randint(6, 10)):
            attrs = [{"name": f"a{k}"} for k in range(rng.randint(3, 6))]
            for a in attrs:
                if rng.random() < 0.2:
                    key = rng.choice(("content_volatility", "availability_criticality"))
                    a[key] = rng.choice(LEVELS)
            entity = {"name": f"C{c}E{e}", "context": f"ctx-{c}", "attributes": attrs}
            members.append(entity)
            count += len(attrs)
        for k, entity in enumerate(members):  # aggregates of one to three entities
            if k % 3 == 0:
                root = entity["name"]
            entity["aggregate"] = root
            if k:
                entity["relations"] = [{"target": members[k - 1]["name"]}]
        contexts.append(members)
        entities.extend(members)

    def fields(entity: dict[str, Any], k: int) -> list[str]:
        names = [f"{entity['name']}.{a['name']}" for a in entity["attributes"]]
        return rng.sample(names, min(k, len(names)))

    use_cases = []
    for c, members in enumerate(contexts):
        for entity in members:
            other = rng.choice(members)
            if rng.random() < 0.25 and len(contexts) > 1:
                other = rng.choice(
                    contexts[(c + rng.randint(1, len(contexts) - 1)) % len(contexts)]
                )
            use_cases.append(
                {
                    "name": f"Change {entity['name']}",
                    "writes": fields(entity, 3),
                    "reads": fields(other, 2),
                    "latency_critical": rng.random() < 0.2,
                    "frequency_per_day": rng.choice((100.0, 10_000.0, 2_000_000.0)),
                }
            )
    owners = [
        {"name": f"team {c}", "members": [e["name"] for e in m[: len(m) // 2]]}
        for c, m in enumerate(contexts)
    ]
    access = [
        {"name": f"role {c}", "members": fields(m[0], 2) + fields(contexts[c - 1][1], 2)}
        for c, m in enumerate(contexts)
        if c % 2
    ]
    zones = [
        {"name": f"zone {c}", "members": fields(m[-1], 1)}
        for c, m in enumerate(contexts)
        if c % 20 == 5
    ]
    predefined = [
        {"name": f"legacy {c}", "members": [m[3]["name"], m[4]["name"], m[5]["name"]]}
        for c, m in enumerate(contexts)
        if c % 50 == 7
    ]
    return Design.model_validate(
        {
            "metadata": {"name": f"decomposition-{nanoentities}-{seed}"},
            "contexts": [{"name": f"ctx-{c}"} for c in range(len(contexts))],
            "domain": {
                "entities": entities,
                "use_cases": use_cases,
                "shared_owner_groups": owners,
                "security_access_groups": access,
                "separated_security_zones": zones,
                "predefined_services": predefined,
            },
        }
    )


def shuffled(design: Design, seed: int) -> Design:
    """The same design with entities, attributes, use cases and their lists reordered."""
    rng = random.Random(seed)
    data = design.model_dump(mode="json", exclude_defaults=True)
    domain = data.get("domain", {})
    for key in ("entities", "use_cases", "shared_owner_groups", "security_access_groups"):
        rng.shuffle(domain.get(key, []))
    for entity in domain.get("entities", []):
        rng.shuffle(entity.get("attributes", []))
    for uc in domain.get("use_cases", []):
        rng.shuffle(uc.get("reads", []))
        rng.shuffle(uc.get("writes", []))
    rng.shuffle(data.get("event_storming", {}).get("stickies", []))
    return Design.model_validate(data)


def rand_index(a: Sequence[str], b: Sequence[str]) -> float:
    """Adjusted Rand index of two labelings (1: the same partition).

    Examples
    --------
    >>> rand_index(["x", "x", "y"], ["p", "p", "q"])
    1.0
    """
    pairs: dict[tuple[str, str], int] = {}
    for x, y in zip(a, b, strict=True):
        pairs[x, y] = pairs.get((x, y), 0) + 1
    rows: dict[str, int] = {}
    cols: dict[str, int] = {}
    for (x, y), k in pairs.items():
        rows[x] = rows.get(x, 0) + k
        cols[y] = cols.get(y, 0) + k
    index = sum(comb(k, 2) for k in pairs.values())
    sa, sb = sum(comb(k, 2) for k in rows.values()), sum(comb(k, 2) for k in cols.values())
    expected = sa * sb / comb(len(a), 2) if len(a) > 1 else 0.0
    top = (sa + sb) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def _labels(design: Design, cut: Any) -> list[str]:
    assigned = cut.assignment()
    return [assigned[n] for n in sorted(assigned)]


def cases() -> list[tuple[str, Design]]:
    """The designs the algorithms are compared on."""
    import designkit

    found: list[tuple[str, Design]] = []
    shared = ROOT.parent / "shared" / "fixtures" / "servicecutter"
    if shared.is_dir():
        from designkit.io.servicecutter import read_servicecutter

        for base in ("booking", "ddd"):
            model, user = (
                shared / f"{base}_1_model.json",
                shared / f"{base}_2_user_representations.json",
            )
            found.append((f"sc-{base}", read_servicecutter(model, user).design))
    for name in ("ecommerce", "banking", "healthcare"):
        found.append((name, designkit.load(ROOT / "data" / "examples" / f"{name}.yaml")))
    found.append(("synthetic-2000", synthetic(2000)))
    return found


def compare(runs: int) -> Table:
    """The algorithm comparison table of docs/decomposition.md."""
    table = Table("decomposition algorithms", key="case")
    for name, design in cases():
        coupling = Coupling(design)
        blocks = len(coupling.scores.inputs.names)
        for algorithm in ALGORITHMS:
            if algorithm == "girvan-newman" and blocks > 1000:
                continue
            times = [
                timed(partial(coupling.decompose, algorithm=algorithm))[0] for _ in range(runs)
            ]
            cut = coupling.decompose(algorithm=algorithm)
            by_seed = [
                _labels(design, coupling.decompose(algorithm=algorithm, seed=s)) for s in range(5)
            ]
            orders = {
                tuple(_labels(design, decompose(shuffled(design, s), algorithm=algorithm)))
                for s in range(5)
            }
            table.add(
                algorithm,
                name,
                times,
                candidates=len(cut.candidates),
                modularity=f"{cut.scores['modularity']:.3f}",
                violations=int(cut.scores["violations"]),
                seed_cuts=len({tuple(x) for x in by_seed}),
                seed_ari=f"{statistics.fmean(rand_index(by_seed[0], x) for x in by_seed[1:]):.3f}",
                orderings="same" if len(orders) == 1 and tuple(by_seed[0]) in orders else "DIFFER",
            )
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = options(__doc__, sizes=(200, 2000, 10000), runs=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--algorithm", default=DEFAULT_ALGORITHM, choices=sorted(ALGORITHMS))
    parser.add_argument("--compare", action="store_true", help="compare the algorithms instead")
    args = parser.parse_args(argv)
    if args.compare:
        print(compare(args.runs).render())
        return 0

    table = Table(f"decomposition ({args.algorithm}); size = nanoentities")
    for size in args.sizes:
        design = synthetic(size, args.seed)
        n = sum(len(e.attributes) for e in design.domain.entities)
        scored = [timed(partial(Coupling, design)) for _ in range(args.runs)]
        coupling = scored[0][1]
        table.add("score", n, [s for s, _ in scored], tied_pairs=len(coupling.scores.tied()))
        cut = partial(coupling.decompose, algorithm=args.algorithm)
        cuts = [timed(cut) for _ in range(args.runs)]
        result = cuts[0][1]
        same = all(c.to_dict() == result.to_dict() for _, c in cuts)
        table.add(
            "cut",
            n,
            [s for s, _ in cuts],
            candidates=len(result.candidates),
            modularity=f"{result.scores['modularity']:.3f}",
            deterministic="yes" if same else "NO",
        )
        whole = [
            timed(partial(decompose, design, algorithm=args.algorithm)) for _ in range(args.runs)
        ]
        table.add("total", n, [s for s, _ in whole])
    print(table.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
