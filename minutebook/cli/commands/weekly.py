"""`minutebook weekly [--as-of DATE] [--audience A]`: write the week's open-items snapshot.

The page goes to docs/weekly/<ISO year>-W<week>.md for the ISO week of the reference
date and the internal audience (the default), docs/weekly/<ISO year>-W<week>.<slug>.md
for another (`reports.weekly.audience_slug`), built from the audience's view and
compared with the newest earlier snapshot of the same audience in the same folder.
Writing the same week again from the same records gives the same bytes; a run for one
audience never touches another audience's file.

It writes only inside the repository's docs/weekly (`--dir` may name a folder in it):
a folder elsewhere, or a docs/weekly that a symbolic link leads out of the repository,
is a usage error and nothing is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from checks.diagnostics import ERROR
from minutebook.base.errors import UsageError
from minutebook.base.i18n import _, ngettext
from minutebook.cli import options


def add_arguments(p) -> None:
    options.add_as_of(p, _("; the snapshot is for its ISO week"))
    options.add_audience(p)
    options.add_root(p)
    p.add_argument("--dir", metavar="DIR",
                   help=_("folder of the snapshots: docs/weekly under the repository root (the default) "
                           "or a folder inside it"))


def run(args) -> int:
    from minutebook.base.fsutil import write_atomic
    from minutebook.render import weekly as weekly_page  # lazy: the renderer pulls in the site model
    from minutebook.reports import weekly
    from minutebook.views.view import View

    as_of = options.as_of(args)
    root = options.root(args)
    folder, here_folder = snapshot_folder(root, Path(args.dir) if args.dir else None)
    view = View.load(root, as_of, args.audience)
    errors = [d for d in view.repo.diagnostics if d.severity == ERROR]
    if errors:
        for d in errors:
            print(d.format(), file=sys.stderr)
        print(ngettext("minutebook weekly: {count} error(s) in the records (listed above); "
                       "run `minutebook check` and fix them first",
                       "minutebook weekly: {count} error(s) in the records (listed above); "
                       "run `minutebook check` and fix them first", len(errors)).format(count=len(errors)),
              file=sys.stderr)
        return 1
    year, week = weekly.week_of(as_of)
    before = weekly.previous(folder, year, week, view.audience)
    report = weekly.build(view, before)
    name = weekly.week_file(year, week, view.audience)
    data = weekly_page.render(report, f"{here_folder}/{name}").encode("utf-8")
    target = folder / name
    unchanged = target.is_file() and target.read_bytes() == data
    if not unchanged:
        write_atomic(target, data)
    counts = report.counts()
    since = _("compared with {name}").format(name=before.name) if before else _("no earlier snapshot")
    done = (_("minutebook weekly: unchanged {path} ({name}, as of {as_of}, audience {audience}): {open} open, "
              "{overdue} overdue, {escalated} escalated; {since}") if unchanged else
            _("minutebook weekly: wrote {path} ({name}, as of {as_of}, audience {audience}): {open} open, "
              "{overdue} overdue, {escalated} escalated; {since}"))
    print(done.format(path=_shown(target), name=report.name, as_of=as_of, audience=view.audience,
                      open=counts["open"], overdue=counts["overdue"], escalated=counts["escalated"], since=since))
    return 0


def snapshot_folder(root: Path, asked: Path | None) -> tuple[Path, str]:
    """The folder to write in, resolved, and its docs-relative path (for the page's links).

    UsageError unless it is the repository's docs/weekly or a folder inside it once every
    symbolic link is followed, and that docs/weekly itself lies inside the repository."""
    from minutebook.reports import weekly

    repo = root.resolve()
    snapshots = weekly.default_folder(root).resolve()
    if snapshots != repo and repo not in snapshots.parents:
        raise UsageError(_("{folder} leads outside the repository ({target}): a symbolic link in its path? "
                           "snapshots are written only inside the repository").format(
            folder=weekly.default_folder(root), target=snapshots))
    folder = snapshots if asked is None else asked.resolve()
    if folder != snapshots and snapshots not in folder.parents:
        raise UsageError(_("--dir must be {folder} or a folder inside it, not {asked}: snapshots are written "
                           "only there").format(folder=weekly.default_folder(root), asked=asked))
    if folder.exists() and not folder.is_dir():
        raise UsageError(_("--dir {asked} is not a folder").format(asked=asked))
    rel = folder.relative_to(snapshots).as_posix()
    return folder, weekly.WEEKLY_DIR + ("" if rel == "." else f"/{rel}")


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
