"""Time reading and writing synthetic designs: validation, YAML text out, YAML text in.

For each size, a design from ``designkit.synth`` is

- validated from plain data (``Design.model_validate``: types and cross-references),
- written as YAML text (``designkit.io.dumps``),
- read back from that text (``designkit.io.loads``: parse, migrate, validate;
  the parsed document is kept, not copied, for comment-preserving saves).

YAML dominates (pure-Python ruamel.yaml parses and writes about 150 KB/s), so
the default sizes stop at 300; pass ``--sizes 100 1000 5000 --runs 1`` for the
issue's sizes (minutes), or ``--validate-only`` to time validation alone at
large sizes.

    python benchmarks/load_validate.py [--sizes 100 300] [--runs 3] [--validate-only]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from _common import Table, options, timed

import designkit.io as dio
from designkit.model import Design
from designkit.synth import design_data, synthesize


def main(argv: Sequence[str] | None = None) -> int:
    parser = options(__doc__, sizes=(100, 300), runs=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--validate-only", action="store_true", help="skip the YAML steps (dumps, loads)"
    )
    args = parser.parse_args(argv)

    table = Table("load/validate")
    for size in args.sizes:
        data = design_data(size, args.seed)
        design = synthesize(size, args.seed)
        validate: list[float] = []
        dumps: list[float] = []
        loads: list[float] = []
        text = ""
        for _ in range(args.runs):
            validate.append(timed(partial(Design.model_validate, data))[0])
            if not args.validate_only:
                seconds, text = timed(partial(dio.dumps, design))
                dumps.append(seconds)
                seconds, loaded = timed(partial(dio.loads, text))
                loads.append(seconds)
                assert loaded == design, "a synthetic design changed on a save and load"
        table.add("validate (Design.model_validate)", size, validate)
        if not args.validate_only:
            kb = round(len(text.encode("utf-8")) / 1024)
            table.add("dumps (YAML text out)", size, dumps, yaml_kb=kb)
            table.add("loads (YAML text in)", size, loads, yaml_kb=kb)
            both = [a + b for a, b in zip(dumps, loads, strict=True)]
            table.add("dumps + loads", size, both, yaml_kb=kb)
    print(table.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
