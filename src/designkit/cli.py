"""The ``designkit`` command: thin wrappers over io, schema and the exporter.

Bad input never shows a traceback: every DesignKitError becomes one line per
problem on stderr, naming the file, and exit status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import DesignKitError, DesignValidationError

if TYPE_CHECKING:
    from .model import Design

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    if args.run not in (_report, _lab):
        # pydantic looks for plugins among every installed package's entry points
        # when it builds the model (a fifth of `designkit validate` on a small
        # file); a command that runs in this process uses none. Commands that
        # start kernels leave the environment they pass on alone.
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        return int(args.run(args))
    except DesignKitError as exc:
        print(f"designkit: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("designkit: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="designkit",
        description="Design microservice architectures in Jupyter notebooks, phase by phase.",
    )
    parser.add_argument("--version", action="version", version=f"designkit {__version__}")
    sub = parser.add_subparsers(metavar="COMMAND")

    p = sub.add_parser("validate", help="check design files; exit 1 if any is invalid")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        metavar="N",
        help="refuse files larger than N bytes (default 10 MiB)",
    )
    p.set_defaults(run=_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of design files")
    p.add_argument("--out", type=Path, help="write to this file instead of stdout")
    p.set_defaults(run=_schema)

    p = sub.add_parser("new", help="start a design file")
    p.add_argument("name", help="short name of the design, e.g. 'shop'")
    p.add_argument(
        "--from",
        dest="example",
        metavar="EXAMPLE",
        help="start from a bundled example (ecommerce, banking, healthcare)",
    )
    p.add_argument("--out", type=Path, help="file to write (default: NAME.yaml)")
    p.set_defaults(run=_new)

    p = sub.add_parser("report", help="run every phase notebook on a design and export it")
    p.add_argument("design", type=Path)
    p.add_argument("--out", type=Path, required=True, help="folder for the report")
    p.add_argument("--phases", help="comma-separated phase numbers or names (default: all)")
    p.add_argument(
        "--formats",
        default="html,pdf",
        help="comma-separated: html, pdf (default: html,pdf; pdf needs Chromium)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="notebooks run at the same time (default: one per core, at most 4)",
    )
    p.add_argument(
        "--no-artifacts",
        action="store_true",
        help="do not write the generated deliverables to OUT/artifacts",
    )
    p.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    p.set_defaults(run=_report)

    p = sub.add_parser(
        "generate", help="write the design's deliverables (manifests, contracts, ...)"
    )
    p.add_argument("design", type=Path)
    p.add_argument("--out", type=Path, required=True, help="folder to write into")
    p.add_argument("--only", help="comma-separated generator kinds (default: all)")
    p.add_argument("--list", action="store_true", help="list the generators and exit")
    p.set_defaults(run=_generate)

    p = sub.add_parser("lab", help="open the phase notebooks on a design in JupyterLab")
    p.add_argument(
        "design", type=Path, nargs="?", help="design file (default: the e-commerce example)"
    )
    p.add_argument("--dir", type=Path, help="workshop folder (default: DESIGN-workshop/ beside it)")
    p.add_argument(
        "--refresh", action="store_true", help="replace notebooks already in the workshop folder"
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.set_defaults(run=_lab)

    p = sub.add_parser(
        "analyze",
        help="check a design for microservice anti-patterns",
        description="List anti-patterns in a design. Exit status: 0 when no finding is an "
        "error, 1 when any is (or the design file is invalid), 2 for an unknown rule or "
        "threshold.",
    )
    p.add_argument("design", type=Path)
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument("--rule", action="append", metavar="ID", help="run only this rule (repeatable)")
    p.add_argument(
        "--threshold",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a rule threshold, e.g. max_sync_hops=5 (repeatable)",
    )
    p.set_defaults(run=_analyze)

    p = sub.add_parser(
        "synth", help="write a synthetic design of any size (for benchmarks and scale tests)"
    )
    p.add_argument("--services", type=int, required=True, metavar="N", help="number of services")
    p.add_argument("--seed", type=int, default=0, help="the same seed gives the same design")
    p.add_argument("--out", type=Path, required=True, help="design file to write")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p.set_defaults(run=_synth)

    p = sub.add_parser("import", help="convert another tool's files into a design file")
    formats = p.add_subparsers(metavar="FORMAT")
    q = formats.add_parser(
        "servicecutter", help="Service Cutter's model (and user representations) JSON"
    )
    q.add_argument("model", type=Path, metavar="MODEL.json")
    q.add_argument("user", type=Path, nargs="?", metavar="USER_REPRESENTATIONS.json")
    q.add_argument("--out", type=Path, required=True, help="design file to write")
    q.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    q.set_defaults(run=_import_servicecutter)
    p.set_defaults(run=lambda _args, usage=p: usage.print_help() or 2)

    p = sub.add_parser(
        "decompose",
        help="suggest candidate services from coupling (Service Cutter's criteria)",
        description="Cluster the design's attributes into candidate services. Exit status 2 "
        "for an unknown criterion, priority or algorithm.",
    )
    p.add_argument("design", type=Path)
    p.add_argument("--json", action="store_true", help="print the decomposition as JSON")
    p.add_argument(
        "--algorithm", default=None, metavar="A", help="clustering (default greedy-modularity)"
    )
    p.add_argument("--services", type=int, default=None, metavar="N", help="number of services")
    p.add_argument("--seed", type=int, default=0, help="seed of randomised algorithms")
    p.add_argument(
        "--priority",
        action="append",
        default=[],
        metavar="CRITERION=LEVEL",
        help="e.g. semantic_proximity=XL; levels IGNORE XS S M L XL XXL (repeatable)",
    )
    p.set_defaults(run=_decompose)
    return parser


def _validate(args: argparse.Namespace) -> int:
    from .io import DEFAULT_MAX_BYTES, load

    status = 0
    for name in args.files:
        try:
            design = load(name, max_bytes=args.max_bytes or DEFAULT_MAX_BYTES)
        except DesignValidationError as exc:
            status = 1
            for line in str(exc).splitlines():
                print(line, file=sys.stderr)
        except DesignKitError as exc:
            status = 1
            print(exc, file=sys.stderr)
        else:
            if not args.quiet:
                print(f"{name}: ok ({_summary(design)})")
    return status


def _summary(design: object) -> str:
    from .model import Design

    assert isinstance(design, Design)
    parts = [
        (len(design.services), "service"),
        (len(design.contexts), "bounded context"),
        (len(design.stores), "store"),
        (len(design.topics), "topic"),
        (len(design.journeys), "journey"),
    ]
    return ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in parts)


def _schema(args: argparse.Namespace) -> int:
    from .schema import json_schema_text

    text = json_schema_text()
    if args.out:
        from .io.atomic import atomic_write

        atomic_write(args.out, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _new(args: argparse.Namespace) -> int:
    from .examples_index import example_path
    from .io import load, save
    from .model import Design, Metadata

    out = args.out or Path(f"{args.name}.yaml")
    if out.exists():
        print(f"designkit: {out}: exists; choose another --out or remove it", file=sys.stderr)
        return 1
    if args.example:
        try:
            design = load(example_path(args.example))
        except KeyError as exc:
            print(f"designkit: {exc.args[0]}", file=sys.stderr)
            return 1
        design._source = None  # a new file, not the example: no comments carried over
        old = design.metadata
        design.metadata = Metadata(name=args.name, domain=old.domain, description=old.description)
    else:
        design = Design(metadata=Metadata(name=args.name))
    save(design, out)
    print(f"wrote {out}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .export.report import ReportOptions, build_report

    options = ReportOptions(
        design=args.design,
        out=args.out,
        phases=args.phases.split(",") if args.phases else None,
        formats=args.formats.split(","),
        progress=not args.no_progress,
        artifacts=not args.no_artifacts,
    )
    if args.jobs:
        options.jobs = args.jobs
    result = build_report(options)
    for path in result.written:
        print(f"wrote {path}")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from .generate import GENERATORS, generate
    from .generate.write import write_documents
    from .io import load

    design = load(args.design)
    try:
        docs = generate(design, args.only.split(",") if args.only else None)
    except KeyError as exc:
        print(f"designkit: {exc.args[0]}", file=sys.stderr)
        return 2
    if args.list:
        for gen in GENERATORS.values():
            print(f"{gen.kind:<14} {gen.description}")
        return 0
    for path in write_documents(docs, args.out, args.design.name):
        print(f"wrote {path}")
    return 0


def _lab(args: argparse.Namespace) -> int:
    import importlib.util
    import subprocess

    from .examples_index import example_path
    from .export.workshop import prepare_workshop

    design = args.design or example_path("ecommerce")
    folder = args.dir or design.resolve().with_name(f"{design.stem}-workshop")
    if importlib.util.find_spec("jupyterlab") is None:
        print(
            "designkit: JupyterLab is not installed; install it with "
            "`pip install 'designkit[lab]'`",
            file=sys.stderr,
        )
        return 1
    for path in prepare_workshop(design, folder, refresh=args.refresh):
        print(f"wrote {path}")
    command = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={folder}"]
    if args.no_browser:
        command.append("--no-browser")
    return subprocess.call(command)


def _analyze(args: argparse.Namespace) -> int:
    import json

    from .analysis.antipatterns import AnalysisOptionError, analyze, summary
    from .io import load

    design = load(args.design)
    try:
        limits: dict[str, float] = {}
        for item in args.threshold:
            name, sep, value = item.partition("=")
            try:
                limits[name.strip()] = float(value)
            except ValueError:
                sep = ""
            if not sep:
                raise AnalysisOptionError(f"--threshold takes NAME=NUMBER; got {item!r}")
        findings = analyze(design, thresholds=limits, rules=args.rule)
    except AnalysisOptionError as exc:
        print(f"designkit: {exc}", file=sys.stderr)
        return 2
    counts = summary(findings)
    if args.json:
        report = {
            "design": design.metadata.name,
            "findings": [f.to_dict() for f in findings],
            "summary": counts,
            **_sizing_json(design),
        }
        print(json.dumps(report, indent=2))
    else:
        for finding in findings:
            print(finding)
        noun = "finding" if len(findings) == 1 else "findings"
        print(
            f"{design.metadata.name}: {len(findings)} {noun} ({counts['error']} error, "
            f"{counts['warning']} warning, {counts['info']} info)"
        )
    return 1 if counts["error"] else 0


def _sizing_json(design: Design) -> dict[str, Any]:
    """The "capacity", "slo" and (with the bundled price sheet) "cost" sections of --json."""
    from .analysis.capacity import capacity_plan
    from .analysis.cost import cost_report, default_price_sheet, load_price_sheet
    from .analysis.slos import slo_report

    plan, slo = capacity_plan(design), slo_report(design)
    sections: dict[str, Any] = {
        "capacity": {
            s.service: {
                "rate_rps": round(s.rate_rps, 6),
                "replicas": s.replicas,
                "hpa_min": s.hpa_min,
                "hpa_max": s.hpa_max,
                "cpu_request_m": s.cpu_request_m,
            }
            for s in plan.services.values()
        },
        "slo": {
            "journeys": {
                j.journey: {"composite": j.composite, "objective": j.objective, "meets": j.meets}
                for j in slo.journeys.values()
            },
            "slos": {
                b.slo: {
                    "objective": b.objective,
                    "budget_minutes": round(b.budget_minutes, 6),
                    "alerts": [
                        {
                            "severity": a.severity,
                            "long_window_s": a.long_window.total_seconds(),
                            "short_window_s": a.short_window.total_seconds(),
                            "burn_rate": a.burn_rate,
                            "error_ratio": a.error_ratio_threshold,
                        }
                        for a in b.alerts
                    ],
                }
                for b in slo.budgets
            },
        },
    }
    sheet = default_price_sheet()
    if sheet is not None:
        try:
            sections["cost"] = cost_report(design, load_price_sheet(sheet), plan=plan).to_dict()
        except DesignKitError as exc:  # e.g. a malformed memory_request: report, don't fail
            sections["cost"] = {"error": str(exc)}
    return sections


def _synth(args: argparse.Namespace) -> int:
    from .io import save
    from .synth import MIN_SERVICES, synthesize

    if args.services < MIN_SERVICES:
        print(f"designkit: --services must be at least {MIN_SERVICES}", file=sys.stderr)
        return 2
    if args.out.exists() and not args.force:
        print(f"designkit: {args.out}: exists; pass --force to overwrite it", file=sys.stderr)
        return 1
    design = synthesize(args.services, args.seed)
    save(design, args.out, overwrite=args.force)
    print(f"wrote {args.out} ({_summary(design)})")
    return 0


def _import_servicecutter(args: argparse.Namespace) -> int:
    from .io import save
    from .io.servicecutter import read_servicecutter

    if args.out.exists() and not args.force:
        print(f"designkit: {args.out}: exists; pass --force to overwrite it", file=sys.stderr)
        return 1
    imported = read_servicecutter(args.model, args.user)
    for warning in imported.warnings:
        print(f"designkit: warning: {warning}", file=sys.stderr)
    save(imported.design, args.out, overwrite=args.force)
    domain = imported.design.domain
    attributes = sum(len(e.attributes) for e in domain.entities)
    print(
        f"wrote {args.out} ({len(domain.entities)} entities, {attributes} nanoentities, "
        f"{len(domain.use_cases)} use cases)"
    )
    return 0


def _decompose(args: argparse.Namespace) -> int:
    import json

    from .analysis.decomposition import DEFAULT_ALGORITHM, DecompositionError, decompose
    from .io import load

    design = load(args.design)
    try:
        priorities: dict[str, str | float] = {}
        for item in args.priority:
            name, sep, level = item.partition("=")
            if not sep or not name.strip():
                raise DecompositionError(f"--priority takes CRITERION=LEVEL; got {item!r}")
            priorities[name.strip()] = level.strip()
        cut = decompose(
            design,
            priorities,
            algorithm=args.algorithm or DEFAULT_ALGORITHM,
            n=args.services,
            seed=args.seed,
        )
    except DecompositionError as exc:
        print(f"designkit: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"design": design.metadata.name, **cut.to_dict()}, indent=2))
        return 0
    from .render.decomposition import candidates

    with _wide_pandas():
        print(candidates(cut).drop(columns=["predefined"]).to_string())
    for note in cut.notes:
        print(f"note: {note}")
    scores = cut.scores
    print(
        f"{design.metadata.name}: {len(cut.candidates)} candidates ({cut.algorithm}), "
        f"modularity {scores['modularity']:.3f}, cohesion {scores['cohesion']:.3f}, "
        f"{int(scores['violations'])} constraint violations"
    )
    return 0


def _wide_pandas() -> Any:
    import pandas as pd

    return pd.option_context("display.width", 200, "display.max_colwidth", 60)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
