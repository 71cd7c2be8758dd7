"""Time cold starts: ``import designkit`` and its layers, and the CLI validating an example.

Every run is a fresh interpreter (``subprocess``), so nothing is cached in
memory; the file cache is warm after an untimed first run. The times include
the interpreter's own start, shown in the first row so it can be subtracted;
``importtime ms`` is the import's own share as ``python -X importtime``
reports it (top-level entries of the package, cumulative).

Two settings: with compiled bytecode cached (what an installed package gets,
kept in a temporary ``PYTHONPYCACHEPREFIX`` so the checkout and the venv are
not touched), and the environment as inherited: where it sets
``PYTHONDONTWRITEBYTECODE=1`` and nothing was compiled at install time (as in
some sandboxes), every module outside the standard library is compiled from
source on every start.

    python benchmarks/import_time.py [--runs 5] [--cached-only] [--quick]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from _common import Table, options, timed

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "examples" / "ecommerce.yaml"

CASES: dict[str, list[str]] = {
    "python -c pass (interpreter start)": ["-c", "pass"],
    "import designkit": ["-c", "import designkit"],
    "import designkit.model": ["-c", "import designkit.model"],
    "import designkit.io": ["-c", "import designkit.io"],
    "import designkit.analysis.antipatterns": ["-c", "import designkit.analysis.antipatterns"],
    "designkit validate ecommerce.yaml": ["-m", "designkit.cli", "validate", str(EXAMPLE)],
}


def _cached_env(cache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=ROOT, env=env
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return done


def importtime_ms(module: str, env: dict[str, str]) -> float | None:
    """The cumulative import time of ``module`` that ``python -X importtime`` reports."""
    stderr = _run(["-X", "importtime", "-c", f"import {module}"], env).stderr
    top = module.split(".")[0]
    total = 0.0
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)$", line)
        if match and len(match.group(2)) == 1 and match.group(3).split(".")[0] == top:
            total += int(match.group(1)) / 1000
    return total or None


def main(argv: Sequence[str] | None = None) -> int:
    parser = options(__doc__, sizes=None, runs=5)
    parser.add_argument(
        "--cached-only", action="store_true", help="skip the runs in the inherited environment"
    )
    parser.add_argument(
        "--quick", action="store_true", help="only the interpreter and `import designkit`"
    )
    args = parser.parse_args(argv)
    cases = dict(list(CASES.items())[:2]) if args.quick else CASES

    table = Table("import time", key="what (each run a new interpreter)")
    with tempfile.TemporaryDirectory() as cached:
        settings = {"bytecode cached": _cached_env(cached)}
        if not args.cached_only:
            flag = os.environ.get("PYTHONDONTWRITEBYTECODE", "unset")
            settings[f"inherited environment (PYTHONDONTWRITEBYTECODE={flag})"] = dict(os.environ)
        for setting, env in settings.items():
            for name, command in cases.items():
                _run(command, env)  # warm-up: writes the bytecode cache, warms the file cache
                times = [timed(partial(_run, command, env))[0] for _ in range(args.runs)]
                extra = {}
                if name.startswith("import "):
                    own = importtime_ms(name.removeprefix("import "), env)
                    extra["importtime ms"] = round(own, 1) if own is not None else ""
                table.add(setting, name, times, **extra)
    print(table.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
