"""The ``designkit`` command: thin wrappers over io, schema and the exporter.

Bad input never shows a traceback: every DesignKitError becomes one line per
problem on stderr, naming the file, and exit status 1.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import DesignKitError, DesignValidationError

if TYPE_CHECKING:
    from .model import Design

__all__ = ["main", "run"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(argv[0] if argv and argv[0] in _COMMANDS else None)
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    if args.run not in (_report, _lab):
        # Commands that start kernels leave the environment they pass on alone.
        _without_pydantic_plugins()
    try:
        return int(args.run(args))
    except DesignKitError as exc:
        print(f"designkit: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("designkit: interrupted", file=sys.stderr)
        return 130


_COMMANDS = (
    "validate",
    "schema",
    "new",
    "report",
    "generate",
    "lab",
    "analyze",
    "synth",
    "import",
    "decompose",
)
"""The commands, as the parser lists them."""


def _without_pydantic_plugins() -> None:
    """Run this process's commands without pydantic plugins, and without looking for them.

    pydantic looks for plugins among every installed package's entry points
    when it builds a model (a fifth of ``designkit validate`` on a small file);
    a command that runs in this process uses none, so they are turned off
    (``PYDANTIC_DISABLE_PLUGINS``, unless the caller set it). With all of them
    off, pydantic's loader returns none without reading anything, but importing
    it still imports ``importlib.metadata`` (and ``email``, ``zipfile``, ...):
    about 14 ms, 5% of ``designkit validate`` on the e-commerce example. So
    its one function is provided here as it then behaves, and the module is
    imported only if something asks it for more.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    name = "pydantic.plugin._loader"
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] not in ("__all__", "1", "true"):
        return
    if name in sys.modules:
        return
    import types

    loader = types.ModuleType(name)

    def get_plugins() -> tuple[()]:
        return ()

    def __getattr__(attr: str) -> Any:  # anything else: the real module, imported now
        if attr.startswith("__"):  # the import system asks for __path__
            raise AttributeError(attr)
        del sys.modules[name]
        import importlib

        return getattr(importlib.import_module(name), attr)

    loader.get_plugins = get_plugins  # type: ignore[attr-defined]
    loader.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules[name] = loader


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only``, the parser of that one command alone.

    Each argument added builds a help formatter (it checks the metavar), so
    building every command's arguments costs a few ms of every run; a run of
    one command needs only its own.
    """
    parser = argparse.ArgumentParser(
        prog="designkit",
        description="Design microservice architectures in Jupyter notebooks, phase by phase.",
    )
    parser.add_argument("--version", action="version", version=f"designkit {__version__}")
    sub = parser.add_subparsers(metavar="COMMAND")

    if only in (None, "validate"):
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

    if only in (None, "schema"):
        p = sub.add_parser("schema", help="print the JSON Schema of design files")
        p.add_argument("--out", type=Path, help="write to this file instead of stdout")
        p.set_defaults(run=_schema)

    if only in (None, "new"):
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

    if only in (None, "report"):
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
        p.add_argument(
            "--paper",
            default="a4",
            choices=("a4", "letter"),
            help="page size of the PDF (default: a4)",
        )
        p.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
        p.set_defaults(run=_report)

    if only in (None, "generate"):
        p = sub.add_parser(
            "generate",
            help="write the design's deliverables (manifests, contracts, ...)",
            usage="designkit generate DESIGN --out DIR [--only NAMES] | designkit generate --list",
        )
        p.add_argument("design", type=Path, nargs="?", help="design file (not needed with --list)")
        p.add_argument("--out", type=Path, help="folder to write into (required unless --list)")
        p.add_argument(
            "--only",
            help="comma-separated generators, e.g. kubernetes,istio,kong (default: all; "
            "--list names them)",
        )
        p.add_argument(
            "--list",
            action="store_true",
            help="list the generators and the names they take, and exit",
        )
        p.set_defaults(run=_generate)

    if only in (None, "lab"):
        p = sub.add_parser("lab", help="open the phase notebooks on a design in JupyterLab")
        p.add_argument(
            "design", type=Path, nargs="?", help="design file (default: the e-commerce example)"
        )
        p.add_argument(
            "--dir", type=Path, help="workshop folder (default: STEM-workshop/ beside the design)"
        )
        p.add_argument(
            "--refresh",
            action="store_true",
            help="replace notebooks already in the workshop folder",
        )
        p.add_argument("--no-browser", action="store_true", help="do not open a browser")
        p.add_argument("--port", type=int, default=None, help="port of the JupyterLab server")
        p.add_argument(
            "--ip", default=None, help="address to listen on (0.0.0.0: reachable from the room)"
        )
        p.set_defaults(run=_lab)

    if only in (None, "analyze"):
        p = sub.add_parser(
            "analyze",
            help="check a design against every registered rule (anti-patterns, security, DR, ...)",
            description="List the problems the registered rules find in a design. Exit status: 0 "
            "when no finding is an error (accepted findings do not count), 1 when any is (or the "
            "design file is invalid), 2 for an unknown rule, family, phase or threshold.",
        )
        p.add_argument("design", type=Path, nargs="?", help="design file (not needed with --list)")
        p.add_argument(
            "--list",
            action="store_true",
            help="list the rules (id, family, phase, severity, source)",
        )
        p.add_argument(
            "--format",
            choices=("text", "json", "sarif"),
            default=None,
            help="output format (default: text); sarif is SARIF 2.1.0 for code scanning",
        )
        p.add_argument("--json", action="store_true", help="same as --format json")
        p.add_argument(
            "--rule", action="append", metavar="ID", help="run only this rule (repeatable)"
        )
        p.add_argument(
            "--family",
            action="append",
            metavar="NAME",
            help="run only the rules of this family, e.g. security (repeatable)",
        )
        p.add_argument(
            "--phase",
            action="append",
            type=int,
            metavar="N",
            help="run only the rules of this workshop phase, 0-7 (repeatable)",
        )
        p.add_argument(
            "--threshold",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="override a rule threshold, e.g. max_sync_hops=5 (repeatable)",
        )
        p.set_defaults(run=_analyze)

    if only in (None, "synth"):
        p = sub.add_parser(
            "synth", help="write a synthetic design of any size (for benchmarks and scale tests)"
        )
        p.add_argument(
            "--services", type=int, required=True, metavar="N", help="number of services"
        )
        p.add_argument("--seed", type=int, default=0, help="the same seed gives the same design")
        p.add_argument("--out", type=Path, required=True, help="design file to write")
        p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
        p.set_defaults(run=_synth)

    if only in (None, "import"):
        p = sub.add_parser(
            "import",
            help="start a design from a running system's files "
            "(compose, Kubernetes, contracts, ...)",
            description="Import deployment files, contracts and models into a design file. Each "
            "PATH (a file or a folder) is detected by content: docker-compose, Kubernetes "
            "manifests (also kustomize build / helm template output), OpenAPI, AsyncAPI, "
            ".proto, Context Mapper .cml, Service Cutter JSON. When --out exists the import is "
            "merged into it, keeping your values. `designkit import servicecutter MODEL.json "
            "[USER.json] --out F` reads Service Cutter files as before.",
        )
        p.add_argument("paths", nargs="*", metavar="PATH")
        p.add_argument(
            "--out", type=Path, help="design file to write, or to merge into if it exists"
        )
        p.add_argument("--kind", help="read every PATH as this kind instead of detecting it")
        p.add_argument(
            "--prefer",
            choices=("user", "import"),
            default="user",
            help="on a conflict with --out, keep your value (default) or take the import's",
        )
        p.add_argument("--name", help="the design's name (default: the --out file's stem)")
        p.add_argument("--force", action="store_true", help="replace --out instead of merging")
        p.set_defaults(run=_import, usage=p)

    if only in (None, "decompose"):
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
    # Importing pydantic and the model, building its validator and reading a
    # file allocate a few hundred thousand objects, all of them kept: the
    # cyclic garbage collector would walk them about a hundred times over and
    # find nothing (5% of `designkit validate` on the e-commerce example). What
    # a file leaves behind is freed by reference counting when it is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _validate_files(args)
    finally:
        if collecting:
            gc.enable()


def _validate_files(args: argparse.Namespace) -> int:
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
    from .model import Metadata

    name, default_out = _new_name(args.name)
    out = args.out or default_out
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
        design.metadata = Metadata(name=name, domain=old.domain, description=old.description)
    else:
        # A guided file (prompts, and a comment on the phase that fills each
        # section), validated before it is written.
        from .io import loads
        from .io.atomic import atomic_write
        from .io.starter import starter_text

        text = starter_text(name)
        loads(text, str(out))
        atomic_write(out, text.encode("utf-8"))
        print(f"wrote {out}")
        return 0
    save(design, out)
    print(f"wrote {out}")
    return 0


def _new_name(given: str) -> tuple[str, Path]:
    """The design's name and default file for ``designkit new NAME``.

    NAME may be a path: the name is the file's stem, never the folders.

    >>> _new_name("drafts/x/shop")
    ('shop', PosixPath('drafts/x/shop.yaml'))
    >>> _new_name("designs/shop.yaml")
    ('shop', PosixPath('designs/shop.yaml'))
    """
    path = Path(given)
    if path.suffix.lower() in {".yaml", ".yml"}:
        return path.stem, path
    return path.name, path.with_name(f"{path.name}.yaml")


def _report(args: argparse.Namespace) -> int:
    from .export.report import ReportOptions, build_report

    options = ReportOptions(
        design=args.design,
        out=args.out,
        phases=args.phases.split(",") if args.phases else None,
        formats=args.formats.split(","),
        progress=not args.no_progress,
        artifacts=not args.no_artifacts,
        paper=args.paper,
    )
    if args.jobs:
        options.jobs = args.jobs
    result = build_report(options)
    folders: dict[Path, int] = {}
    for path in result.written:
        if path.parent.name == "notebooks" or "artifacts" in path.relative_to(args.out).parts:
            top = args.out / path.relative_to(args.out).parts[0]
            folders[top] = folders.get(top, 0) + 1
        else:
            print(f"wrote {path}")
    for folder, count in folders.items():
        print(f"wrote {folder}/ ({count} files)")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from .generate import UnknownGeneratorError, generate, generators, resolve
    from .generate.write import write_documents

    if args.list:
        for gen in generators().values():
            aliases = f" (also: {', '.join(gen.aliases)})" if gen.aliases else ""
            print(f"{gen.kind:<14} {gen.description}{aliases}")
        return 0
    if args.design is None or args.out is None:
        print("designkit generate: a DESIGN and --out DIR are needed (or --list)", file=sys.stderr)
        return 2
    try:
        kinds = resolve(args.only.split(",")) if args.only else None
    except UnknownGeneratorError as exc:
        print(f"designkit: {exc}", file=sys.stderr)
        return 2
    from .io import load

    design = load(args.design)
    docs = generate(design, kinds)
    for path in write_documents(docs, args.out, args.design.name):
        print(f"wrote {path}")
    return 0


def _lab(args: argparse.Namespace) -> int:
    import importlib.util
    import subprocess

    from .examples_index import example_path
    from .export.workshop import lab_command, prepare_workshop, workshop_design

    if importlib.util.find_spec("jupyterlab") is None:
        print(
            "designkit: JupyterLab is not installed; run `make setup` (or "
            "`pip install designkit`, which installs it)",
            file=sys.stderr,
        )
        return 1
    design, copied = workshop_design(args.design or example_path("ecommerce"), Path.cwd())
    if copied:
        print(
            f"{args.design or 'the e-commerce example'} is a bundled example; the workshop "
            f"edits a copy: {design}"
        )
    folder = args.dir or design.resolve().with_name(f"{design.stem}-workshop")
    for path in prepare_workshop(design, folder, refresh=args.refresh):
        print(f"wrote {path}")
    print(f"workshop folder: {folder}")
    return subprocess.call(
        lab_command(folder, browser=not args.no_browser, port=args.port, ip=args.ip)
    )


def _analyze(args: argparse.Namespace) -> int:
    import json

    from .analysis.antipatterns import AnalysisOptionError, analyze, summary
    from .analysis.antipatterns.registry import select

    fmt = args.format or ("json" if args.json else "text")
    try:
        chosen = list(select(args.rule, family=args.family, phase=args.phase))
        if args.list:
            return _list_rules(chosen, fmt)
        if args.design is None:
            print("designkit analyze: a design file is needed (or --list)", file=sys.stderr)
            return 2
        limits = _thresholds(args.threshold)
    except AnalysisOptionError as exc:
        print(f"designkit: {exc}", file=sys.stderr)
        return 2
    from .io import load

    design = load(args.design)
    try:
        findings = analyze(design, thresholds=limits, rules=[r.id for r in chosen])
    except AnalysisOptionError as exc:
        print(f"designkit: {exc}", file=sys.stderr)
        return 2
    counts = summary(findings)
    accepted = sum(f.accepted is not None for f in findings)
    if fmt == "json":
        report = {
            "design": design.metadata.name,
            "findings": [f.to_dict() for f in findings],
            "summary": counts,
            **_sizing_json(design),
        }
        print(json.dumps(report, indent=2))
    elif fmt == "sarif":
        print(json.dumps(_sarif(design, args.design, findings, chosen), indent=2))
    else:
        for finding in findings:
            print(finding)
        noun = "finding" if len(findings) - accepted == 1 else "findings"
        print(
            f"{design.metadata.name}: {len(findings) - accepted} {noun} ({counts['error']} "
            f"error, {counts['warning']} warning, {counts['info']} info)"
            + (f", {accepted} accepted" if accepted else "")
        )
    return 1 if counts["error"] else 0


def _thresholds(items: list[str]) -> dict[str, float]:
    from .analysis.antipatterns import AnalysisOptionError

    limits: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            limits[name.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise AnalysisOptionError(f"--threshold takes NAME=NUMBER; got {item!r}")
    return limits


def _list_rules(chosen: list[Any], fmt: str) -> int:
    import json

    if fmt == "json":
        print(json.dumps([rule.to_dict() for rule in chosen], indent=2))
        return 0
    for rule in chosen:
        print(f"{rule.id}  [{rule.family}, phase {rule.phase}, {rule.severity}]  {rule.title}")
        for source in rule.catalog:
            print(f"    {source}")
    print(f"{len(chosen)} rules")
    return 0


def _sarif(design: Design, path: Path, findings: list[Any], chosen: list[Any]) -> dict[str, Any]:
    from . import __version__
    from .analysis.antipatterns.sarif import sarif_log
    from .io import line_of

    uri = path.as_posix() if not path.is_absolute() else path.as_uri()
    return sarif_log(findings, chosen, uri, lambda where: line_of(design, where), __version__)


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
                "cpu_request_m": s.resources.cpu_request_m,
                "cpu_limit_m": s.resources.cpu_limit_m,
                "memory_request_mib": s.resources.memory_request_mib,
                "memory_limit_mib": s.resources.memory_limit_mib,
                "cpu_basis": s.resources.cpu_basis,
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


def _import(args: argparse.Namespace) -> int:
    paths = list(args.paths)
    if not paths or args.out is None:
        args.usage.print_help()
        return 2
    if paths[0] == "servicecutter" and not Path(paths[0]).exists():
        if len(paths) not in (2, 3):
            print("designkit: import servicecutter takes MODEL.json [USER.json]", file=sys.stderr)
            return 2
        user = Path(paths[2]) if len(paths) == 3 else None
        ns = argparse.Namespace(model=Path(paths[1]), user=user, out=args.out, force=args.force)
        return _import_servicecutter(ns)
    from .io import load, save
    from .io.importers import KINDS, import_paths, merge_designs

    if args.kind and args.kind not in KINDS:
        print(f"designkit: --kind {args.kind!r}: choose one of {', '.join(KINDS)}", file=sys.stderr)
        return 2
    imported = import_paths(paths, kind=args.kind, name=args.name or _design_name(args.out))
    for name, kind in imported.kinds.items():
        print(f"read {name} ({kind})")
    for note in imported.notes:
        print(f"designkit: note: {note}", file=sys.stderr)
    design = imported.design
    if args.out.exists() and not args.force:
        design, conflicts = merge_designs(load(args.out), design, prefer=args.prefer)
        for conflict in conflicts:
            print(f"designkit: conflict: {conflict}", file=sys.stderr)
        save(design)
        verb = "merged into"
    else:
        save(design, args.out, overwrite=args.force)
        verb = "wrote"
    questions = sum(1 for q in design.open_questions if q.status == "open")
    print(f"{verb} {args.out} ({_summary(design)}; {questions} open questions)")
    return 0


def _design_name(out: Path) -> str:
    import re

    slug = re.sub(r"[^a-z0-9-]+", "-", out.stem.lower()).strip("-")
    return slug or "imported"


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


def run() -> None:
    """The ``designkit`` console script: :func:`main`, then exit with its status.

    Python's shutdown ends with a garbage collection over every object still
    alive; after a command that is pydantic, the model and whatever it read
    (6% of ``designkit validate`` on the e-commerce example). Nothing the
    process leaves needs it: files are closed as they are written and freed
    objects are released by reference counting. So the collector is told to
    leave the survivors alone (``gc.freeze``) before the interpreter exits.
    """
    status = main()
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()
