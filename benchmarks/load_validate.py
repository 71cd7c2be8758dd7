"""Time loading, saving and validating design files against the cost of parsing them.

For the bundled e-commerce example and for synthetic designs of each size
(written once by ``designkit synth --services N --seed 0 --out FILE``), one run
prints:

- floor: libyaml parsing the file (PyYAML's ``CSafeLoader``) plus
  ``Design.model_validate`` of what it read, in this process;
- ``designkit.load`` of the file;
- save after one board edit: ``designkit.edit.add_sticky`` on a freshly loaded
  design, then ``designkit.save`` (the first save after a load; what a facilitator
  waits for after adding a sticky), and a second edit (``move_sticky``) and save;
- ``designkit validate FILE`` as a whole process, against a process that only
  parses the file with libyaml (both new interpreters, bytecode cached);

then the ratios to the floors. The processes are also timed by the CPU time
they used (user + system, from ``getrusage``), which a loaded machine moves far
less than their wall time. The issue's goals: load <= 2x the floor, save
<= 3x, ``designkit validate`` <= 3x the process floor, at every size.

    python benchmarks/load_validate.py [--sizes 1000 10000] [--runs 3] [--no-example]
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from _common import Table, options, timed

import designkit.io as dio
from designkit import edit
from designkit.model import Design

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "examples" / "ecommerce.yaml"
NO_LIMIT = 1 << 40
"""max_bytes for every read: a 10,000-service file is larger than the default 10 MiB."""


def floor(path: Path) -> Design:
    """What designkit's load is held against: libyaml's parse and pydantic's validation."""
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh.read(), Loader=yaml.CSafeLoader)
    return Design.model_validate(data)


def edit_and_save(path: Path, design: Design) -> Design:
    """One sticky added on the board, then the save a click on Save makes."""
    changed = edit.add_sticky(design, "Bench Sticky", "domain-event", t=1.0)
    dio.save(changed, path)
    return changed


def move_and_save(path: Path, design: Design) -> Design:
    changed = edit.move_sticky(design, "Bench Sticky", t=2.0, lane=1)
    dio.save(changed, path)
    return changed


def _process(args: list[str], env: dict[str, str]) -> float:
    """Run a new interpreter; return the CPU seconds (user + system) it used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _process_times(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process."""
    wall, cpu = timed(partial(_process, args, env))
    return wall, cpu


def _median(times: list[float]) -> float:
    return statistics.median(times)


def measure(name: str, path: Path, runs: int, table: Table, env: dict[str, str]) -> dict[str, Any]:
    """Time every step on the design file at ``path``; return the medians (seconds)."""
    kb = round(path.stat().st_size / 1024)
    work = path.with_name(f"work-{path.name}")
    steps: dict[str, list[float]] = {k: [] for k in ("floor", "load", "save", "save2")}
    floor(path)  # untimed: builds pydantic's validator once, as any first use does
    for _ in range(runs):
        steps["floor"].append(timed(partial(floor, path))[0])
        seconds, design = timed(partial(dio.load, path, max_bytes=NO_LIMIT))
        steps["load"].append(seconds)
        shutil.copyfile(path, work)
        design = dio.load(work, max_bytes=NO_LIMIT)
        seconds, design = timed(partial(edit_and_save, work, design))
        steps["save"].append(seconds)
        seconds, design = timed(partial(move_and_save, work, design))
        steps["save2"].append(seconds)
    assert dio.load(work, max_bytes=NO_LIMIT) == design, "the saved design reads back changed"
    work.unlink()
    parse_only = [
        "-c",
        "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8').read(), "
        "Loader=yaml.CSafeLoader)",
        str(path),
    ]
    validate = ["-m", "designkit.cli", "validate", "-q", "--max-bytes", str(NO_LIMIT), str(path)]
    for command in (parse_only, validate):
        _process(command, env)  # warm-up: bytecode and file caches
    for key in ("process floor", "validate", "process floor cpu", "validate cpu"):
        steps[key] = []
    for _ in range(runs):  # alternated, so both meet the same load
        for key, command in (("process floor", parse_only), ("validate", validate)):
            wall, cpu = _process_times(command, env)
            steps[key].append(wall)
            steps[f"{key} cpu"].append(cpu)
    labels = {
        "floor": "floor: libyaml parse + Design.model_validate",
        "load": "designkit.load",
        "save": "add a sticky (designkit.edit) + designkit.save",
        "save2": "move it + save again",
        "process floor": "process floor: python -c 'parse with libyaml'",
        "validate": "designkit validate FILE (process)",
        "process floor cpu": "process floor, CPU time (user + system)",
        "validate cpu": "designkit validate FILE, CPU time (user + system)",
    }
    for key, label in labels.items():
        table.add(label, name, steps[key], yaml_kb=kb)
    return {key: _median(times) for key, times in steps.items()}


def ratios(found: dict[str, dict[str, Any]]) -> str:
    """The table of ratios to the floors, with the issue's goals."""
    header = ["design", "load / floor", "save / floor", "validate / process floor", "(CPU)"]
    rows = [
        [
            name,
            f"{m['load'] / m['floor']:.2f}x",
            f"{m['save'] / m['floor']:.2f}x",
            f"{m['validate'] / m['process floor']:.2f}x",
            f"{m['validate cpu'] / m['process floor cpu']:.2f}x",
        ]
        for name, m in found.items()
    ]
    rows.append(["goal", "<= 2x", "<= 3x", "<= 3x", "<= 3x"])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["ratios (medians)"]
    for row in [header, *rows]:
        cells = [
            row[0].ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)),
        ]
        lines.append("  " + "  ".join(cells))
    return "\n".join(lines)


def _synth(size: int, seed: int, out: Path, env: dict[str, str]) -> Path:
    path = out / f"synth-{size}-seed{seed}.yaml"
    if not path.exists():
        _process(
            ["-m", "designkit.cli", "synth", "--services", str(size), "--seed", str(seed),
             "--out", str(path)],
            env,
        )  # fmt: skip
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = options(__doc__, sizes=(1000, 10000), runs=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--no-example", action="store_true", help="only the synthetic designs, not e-commerce"
    )
    parser.add_argument(
        "--keep", metavar="DIR", help="write (and reuse) the synthetic files in DIR"
    )
    args = parser.parse_args(argv)

    table = Table("load/validate/save", key="design")
    found: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        folder = Path(args.keep) if args.keep else Path(tmp) / "synth"
        folder.mkdir(parents=True, exist_ok=True)
        cases: list[tuple[str, Callable[[], Path]]] = []
        if not args.no_example:
            cases.append(("e-commerce", lambda: EXAMPLE))
        for size in args.sizes:
            cases.append((f"synth {size:,}", partial(_synth, size, args.seed, folder, env)))
        for name, make in cases:
            source = make()
            local = Path(tmp) / source.name  # a copy: saves never touch the original
            shutil.copyfile(source, local)
            found[name] = measure(name, local, args.runs, table, env)
    print(table.render())
    print()
    print(ratios(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
