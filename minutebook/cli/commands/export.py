"""`minutebook export ics|csv|json`: the open items one audience may read, as a
calendar, a spreadsheet or data; to stdout, or written atomically with -o."""

from __future__ import annotations

import sys
from pathlib import Path

from checks.diagnostics import ERROR
from minutebook.base.errors import UsageError
from minutebook.base.i18n import _, ngettext
from minutebook.cli import options
from minutebook.reports.exports import FORMATS, check_filters, render, rows, site_links


def add_arguments(p) -> None:
    p.add_argument("format", choices=FORMATS, help=_("ics (calendar), csv (Excel) or json"))
    p.add_argument("--owner", metavar="NAME", help=_("only the items of this person or department"))
    p.add_argument("--department", metavar="NAME", help=_("only the items of this department"))
    options.add_as_of(p)
    options.add_audience(p)
    p.add_argument("--events", action="store_true",
                   help=_("ics: all-day events on the due dates instead of to-dos "
                           "(for Outlook and calendars that ignore to-dos)"))
    p.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE (default: stdout)"))
    options.add_root(p)


def run(args) -> int:
    from minutebook.views.view import View

    if args.events and args.format != "ics":
        raise UsageError(_("--events applies to the ics format only"))
    as_of = options.as_of(args)
    root = options.root(args)
    view = View.load(root, as_of, args.audience)
    check_filters(view.registry, args.owner, args.department)
    errors = sum(d.severity == ERROR for d in view.repo.diagnostics)
    if errors:
        print(ngettext("minutebook export: warning: {count} error(s) in the records; run `minutebook check`",
                       "minutebook export: warning: {count} error(s) in the records; run `minutebook check`",
                       errors).format(count=errors), file=sys.stderr)
    picked = rows(view, site_links(root), args.owner, args.department)
    data = render(args.format, view, picked, args.owner, args.department, args.events)
    if args.output:
        from minutebook.base.fsutil import write_atomic

        write_atomic(Path(args.output), data)
        where = _(" to {path}").format(path=args.output)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        where = ""
    print(ngettext("minutebook export: {count} open item(s) for {audience} as of {as_of} as {format}{where}",
                   "minutebook export: {count} open item(s) for {audience} as of {as_of} as {format}{where}",
                   len(picked)).format(count=len(picked), audience=view.audience, as_of=as_of, format=args.format,
                                       where=where), file=sys.stderr)
    return 0
