"""`minutebook render OUT_DIR`: pre-render every generated page to plain Markdown."""

from __future__ import annotations

import sys
from pathlib import Path

from checks.diagnostics import ERROR
from minutebook.base.errors import UsageError
from minutebook.base.i18n import _, ngettext
from minutebook.cli import options


def add_arguments(p) -> None:
    p.add_argument("out", metavar="OUT_DIR", help=_("folder to write (docs/ and mkdocs.yml inside it)"))
    # render's --help keeps the wording it had before the options were shared
    options.add_as_of(p, help=_("reference date (default: $MINUTEBOOK_TODAY, else today)"))
    options.add_audience(p, metavar=None,
                         help=_("public, internal (default: $MINUTEBOOK_AUDIENCE, else internal) or a department"))
    options.add_root(p)
    p.add_argument("--config", default="mkdocs.yml", help=_("the site configuration, relative to the root"))


def run(args) -> int:
    from minutebook.render.prerender import prerender
    from minutebook.views.view import View

    root = options.root(args)
    out = Path(args.out).resolve()
    sources = [root.resolve() / "docs", root.resolve() / "records"]
    if out == root.resolve() or any(out == s or s in out.parents for s in sources):
        # under records/ the pages written would be read back as records
        raise UsageError(_("OUT_DIR must be a separate folder, not {path}").format(path=out))
    if not (root / args.config).is_file():
        raise UsageError(_("no {config} in {root}").format(config=args.config, root=root))
    view = View.load(root, options.as_of(args), args.audience)
    errors = [d for d in view.repo.diagnostics if d.severity == ERROR]
    if errors:
        for d in errors:
            print(d.format(), file=sys.stderr)
        print(ngettext("minutebook render: {count} error(s) in the records; nothing written",
                       "minutebook render: {count} error(s) in the records; nothing written",
                       len(errors)).format(count=len(errors)), file=sys.stderr)
        return 1
    written = prerender(root, out, view, args.config)
    print(ngettext("minutebook render: {count} page(s) and files written to {path}",
                   "minutebook render: {count} page(s) and files written to {path}",
                   len(written)).format(count=len(written), path=out), file=sys.stderr)
    return 0
