"""The ``designkit`` command: thin wrappers over io, schema and the exporter.

Bad input never shows a traceback: every DesignKitError becomes one line per
problem on stderr, naming the file, and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import DesignKitError, DesignValidationError

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
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
    p.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    p.set_defaults(run=_report)
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
        progress=not args.no_progress,
    )
    result = build_report(options)
    for path in result.written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
