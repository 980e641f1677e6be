"""`minutebook index SITE_DIR`: build the Pagefind search index of a built site.

Every MkDocs build of the project does this already (the minutebook plugin, or the hook
that `minutebook render` writes); this command is for a site built by another generator
from `minutebook render`'s pages. It indexes what SITE_DIR holds, so run it on the
folder built for one audience: the index then holds only what that audience may read.
Only pages whose article carries `data-pagefind-body` (the theme's `main.html`) are indexed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from minutebook.base.errors import UsageError
from minutebook.base.i18n import _, ngettext


def add_arguments(p) -> None:
    p.add_argument("site_dir", metavar="SITE_DIR", help=_("the built site (its pagefind/ folder is replaced)"))
    p.add_argument("--part-pages", type=int, default=None, metavar="N",
                   help=_("pages per index part (default: {default}; fewer pages, less memory, more requests)").format(
                       default=1500))


def run(args) -> int:
    from minutebook.render import search_index

    site = Path(args.site_dir)
    if not site.is_dir():
        raise UsageError(_("no such folder: {path}").format(path=site))
    part = args.part_pages or search_index.PART_PAGES
    if part < 1:
        raise UsageError(_("--part-pages must be at least 1"))
    try:
        stats = search_index.index_site(site, part_pages=part)
    except RuntimeError as exc:
        print(_("minutebook index: {problem}").format(problem=exc), file=sys.stderr)
        return 1
    print(ngettext("minutebook index: {count} page(s) indexed into {parts} of {site} in {seconds} s",
                   "minutebook index: {count} page(s) indexed into {parts} of {site} in {seconds} s",
                   len(stats["pages"])).format(count=len(stats["pages"]), parts=", ".join(stats["parts"]),
                                               site=site, seconds=stats["seconds"]), file=sys.stderr)
    return 0
