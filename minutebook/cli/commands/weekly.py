"""`minutebook weekly [--as-of DATE] [--audience A]`: write the week's open-items snapshot.

The page goes to docs/weekly/<ISO year>-W<week>.md for the ISO week of the reference
date, built from the audience's view (internal by default) and compared with the newest
earlier snapshot of the same audience in the same folder. Writing the same week again
from the same records gives the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from checks.diagnostics import ERROR
from minutebook.cli import options


def add_arguments(p) -> None:
    options.add_as_of(p, "; the snapshot is for its ISO week")
    options.add_audience(p)
    options.add_root(p)
    p.add_argument("--dir", metavar="DIR",
                   help="folder of the snapshots (default: docs/weekly under the repository root)")


def run(args) -> int:
    from minutebook.base.fsutil import write_atomic
    from minutebook.render import weekly as weekly_page  # lazy: the renderer pulls in the site model
    from minutebook.reports import weekly
    from minutebook.views.view import View

    as_of = options.as_of(args)
    root = options.root(args)
    view = View.load(root, as_of, args.audience)
    errors = [d for d in view.repo.diagnostics if d.severity == ERROR]
    if errors:
        for d in errors:
            print(d.format(), file=sys.stderr)
        print(f"minutebook weekly: {len(errors)} error(s) in the records (listed above); "
              "run `minutebook check` and fix them first", file=sys.stderr)
        return 1
    folder = Path(args.dir) if args.dir else weekly.default_folder(root)
    year, week = weekly.week_of(as_of)
    before = weekly.previous(folder, year, week, view.audience)
    report = weekly.build(view, before)
    data = weekly_page.render(report).encode("utf-8")
    target = folder / weekly.week_file(year, week)
    unchanged = target.is_file() and target.read_bytes() == data
    if not unchanged:
        write_atomic(target, data)
    counts = report.counts()
    since = f"compared with {before.name}" if before else "no earlier snapshot"
    print(f"minutebook weekly: {'unchanged' if unchanged else 'wrote'} {_shown(target)} "
          f"({report.name}, as of {as_of}, audience {view.audience}): {counts['open']} open, "
          f"{counts['overdue']} overdue, {counts['escalated']} escalated; {since}")
    return 0


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
