"""`minutebook check [PATH...]`: judge records; never writes anything."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from checks.diagnostics import ERROR, WARNING, printable
from checks.engine import check
from minutebook.base.errors import UsageError
from minutebook.cli import options
from minutebook.model.paths import RECORDS_DIR, walk


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help=f"record files or folders (default: all of {RECORDS_DIR}/)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    options.add_as_of(p)
    options.add_root(p)


def expand(paths: list[str], root: Path) -> list[Path] | None:
    """Files to judge, or None for the whole repository."""
    if not paths:
        return None
    records = os.path.realpath(root / RECORDS_DIR)
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.is_absolute():
            p = Path.cwd() / p
        if p.is_symlink():
            out.append(p)  # the loader says what it is; a link is never followed
        elif not p.exists():
            raise UsageError(f"no such file or folder: {printable(raw)}")
        elif p.is_dir():
            if os.path.realpath(p) in (records, os.path.realpath(root)):
                return None  # all the records: the full check, each record read once
            out.extend(walk(p))
        elif p.name == "org.yml":
            return None  # the registry changed: every record may be affected
        else:
            out.append(p)
    return out


def run(args) -> int:
    as_of = options.as_of(args)
    root = options.root(args)
    paths = expand(args.paths, root)
    diagnostics = check(root, as_of, paths)
    errors = sum(d.severity == ERROR for d in diagnostics)
    warnings = sum(d.severity == WARNING for d in diagnostics)
    if args.format == "json":
        json.dump({
            "as_of": as_of.isoformat(),
            "errors": errors,
            "warnings": warnings,
            "diagnostics": [d.as_json() for d in diagnostics],
        }, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for d in diagnostics:
            print(printable(d.format()))
    files = len({d.path for d in diagnostics})
    scope = "all records" if paths is None else f"{len(paths)} file(s)"
    print(f"minutebook check: {errors} error(s), {warnings} warning(s) in {files} file(s); "
          f"checked {scope} as of {as_of}", file=sys.stderr)
    return 1 if errors else 0
