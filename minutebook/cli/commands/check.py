"""`minutebook check [PATH...]`: judge records; never writes into the repository (only its
index of ids and the holidays, in the user's cache: minutebook/base/cache.py)."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from checks.diagnostics import printable
from checks.engine import check
from minutebook.base.errors import UsageError
from minutebook.base.i18n import _, ngettext
from minutebook.cli import options
from minutebook.cli.reporters import FORMATS, Report
from minutebook.model.paths import RECORDS_DIR, walk


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help=_("record files or folders (default: all of {folder})").format(folder=f"{RECORDS_DIR}/"))
    p.add_argument("--format", choices=tuple(FORMATS), default="text",
                   help=_("output format: text (default), json, github (workflow commands: annotations), "
                          "gitlab (Code Quality report), sarif (SARIF 2.1.0, for code scanning)"))
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
            raise UsageError(_("no such file or folder: {path}").format(path=printable(raw)))
        elif p.is_dir():
            if os.path.realpath(p) in (records, os.path.realpath(root)):
                return None  # all the records: the full check, each record read once
            out.extend(walk(p))
        elif p.name == "org.yml":
            return None  # the registry changed: every record may be affected
        else:
            out.append(p)
    return out


def version() -> str | None:
    from importlib import metadata  # lazy: 20-40 ms, and only SARIF names the version

    try:
        return metadata.version("minutebook")
    except metadata.PackageNotFoundError:
        return None


def rules_url(root: Path) -> str | None:
    """The rules reference on the site, when the site's address is known."""
    from minutebook.authoring.reference_docs import RULES_PAGE  # lazy: only SARIF links the rules
    from minutebook.reports.exports.links import site_links

    links = site_links(root)
    return links.page(RULES_PAGE.removeprefix("docs/")) if links.absolute else None


def run(args) -> int:
    as_of = options.as_of(args)
    root = options.root(args)
    paths = expand(args.paths, root)
    report = Report(tuple(check(root, as_of, paths, getattr(args, "prescan", None))), as_of)
    if args.format == "sarif":  # the one format that names the tool's version and the rules' page
        report = replace(report, version=version(), rules_url=rules_url(root))
    sys.stdout.write(FORMATS[args.format](report))
    files = len({d.path for d in report.diagnostics})
    values = {"errors": ngettext("{count} error(s)", "{count} error(s)", report.errors).format(count=report.errors),
              "warnings": ngettext("{count} warning(s)", "{count} warning(s)", report.warnings).format(
                  count=report.warnings),
              "files": ngettext("{count} file(s)", "{count} file(s)", files).format(count=files), "as_of": as_of}
    if paths is None:
        summary = _("minutebook check: {errors}, {warnings} in {files}; checked all records as of {as_of}").format(
            **values)
    else:
        summary = _("minutebook check: {errors}, {warnings} in {files}; checked {checked} as of {as_of}").format(
            checked=ngettext("{count} file(s)", "{count} file(s)", len(paths)).format(count=len(paths)), **values)
    print(summary, file=sys.stderr)
    return 1 if report.errors else 0
