"""Time ``designkit import`` on a synthetic manifest set against its floor, in the same run.

The manifest set is what designkit's own Kubernetes generator writes for a
synthetic design of N services (one folder per service: Deployment, Service,
ConfigMap with the dependencies' addresses, HPA, PDB, ...), plus one
PostgreSQL StatefulSet per fifth service for the stores. The floor is the
least any import must pay: reading the same files and parsing every YAML
document (PyYAML's C loader, no line numbers). The import is then timed as a
whole (detect, parse with lines, read, assemble, validate) and per step.

    python benchmarks/import_manifests.py [--sizes 100 500] [--runs 3]
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import yaml
from _common import Table, options, timed

from designkit.generate import generate
from designkit.generate.write import write_documents
from designkit.io.importers import import_paths
from designkit.io.importers.assemble import assemble
from designkit.io.importers.sources import read_all, sources
from designkit.synth import synthesize

_STORE = """apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: {name}-db, namespace: bench}}
spec:
  replicas: 1
  serviceName: {name}-db
  selector: {{matchLabels: {{app: {name}-db}}}}
  template:
    metadata: {{labels: {{app: {name}-db}}}}
    spec:
      containers:
        - {{name: postgres, image: "postgres:16", env: [{{name: POSTGRES_DB, value: {name}}}]}}
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: {name}-db-client, namespace: bench}}
data: {{DATABASE_URL: "postgres://{name}-db:5432/{name}"}}
"""


def manifests(size: int, folder: Path, seed: int = 0) -> int:
    """Write the manifest set of ``size`` services under ``folder``; return the file count."""
    design = synthesize(size, seed)
    write_documents(generate(design, ["kubernetes"]), folder, "bench.yaml")
    for svc in design.services[::5]:
        (folder / "kubernetes" / "base" / svc.name / "store.yaml").write_text(
            _STORE.format(name=svc.name)
        )
    return sum(1 for _ in folder.rglob("*.yaml"))


def floor(folder: Path) -> int:
    """Read every file and parse its YAML documents: what any import pays."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    count = 0
    for path in sorted(folder.rglob("*.yaml")):
        count += sum(1 for _ in yaml.load_all(path.read_text(), Loader=loader))
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = options(__doc__, sizes=(100, 500), runs=3)
    args = parser.parse_args(argv)
    table = Table("import of Kubernetes manifests")
    ratios: dict[int, float] = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            files = manifests(size, folder)
            target = [str(folder / "kubernetes")]
            base = [timed(partial(floor, folder)) for _ in range(args.runs)]
            whole = [timed(partial(import_paths, target)) for _ in range(args.runs)]
            parse = [timed(partial(sources, target)) for _ in range(args.runs)]
            items = parse[0][1][0]
            read = [timed(partial(read_all, items)) for _ in range(args.runs)]
            found = read[0][1]
            glue = [timed(partial(assemble, found)) for _ in range(args.runs)]
            services = len(whole[0][1].design.services)
            table.add("floor: read + parse YAML (C)", size, [s for s, _ in base], files=files)
            table.add("import (whole)", size, [s for s, _ in whole], services=services)
            table.add("  detect + parse with lines", size, [s for s, _ in parse])
            table.add("  read objects", size, [s for s, _ in read])
            table.add("  assemble", size, [s for s, _ in glue])
            ratios[size] = statistics.median(s for s, _ in whole) / statistics.median(
                s for s, _ in base
            )
    print(table.render())
    for size, ratio in ratios.items():
        print(f"ratio of import to floor at {size} services: {ratio:.2f}   (target <= 3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
