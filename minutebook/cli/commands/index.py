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


def add_arguments(p) -> None:
    p.add_argument("site_dir", metavar="SITE_DIR", help="the built site (its pagefind/ folder is replaced)")
    p.add_argument("--part-pages", type=int, default=None, metavar="N",
                   help="pages per index part (default: 1500; fewer pages, less memory, more requests)")


def run(args) -> int:
    from minutebook.render import search_index

    site = Path(args.site_dir)
    if not site.is_dir():
        raise UsageError(f"no such folder: {site}")
    part = args.part_pages or search_index.PART_PAGES
    if part < 1:
        raise UsageError("--part-pages must be at least 1")
    try:
        stats = search_index.index_site(site, part_pages=part)
    except RuntimeError as exc:
        print(f"minutebook index: {exc}", file=sys.stderr)
        return 1
    print(f"minutebook index: {len(stats['pages'])} page(s) indexed into {', '.join(stats['parts'])} "
          f"of {site} in {stats['seconds']} s", file=sys.stderr)
    return 0
