"""Where a repository keeps its records: the root, the records folder, the record files."""

from __future__ import annotations

import os
from pathlib import Path

from minutebook.base.errors import UsageError
from minutebook.base.i18n import _

RECORDS_DIR = "records"


def find_root(start: Path | None = None) -> Path:
    """The nearest directory, from `start` upwards, that holds records/org.yml."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / RECORDS_DIR / "org.yml").is_file():
            return candidate
    raise UsageError(_("no {registry} found in {folder} or above; run from a minutebook repository").format(
        registry=f"{RECORDS_DIR}/org.yml", folder=here))


def discover(root: Path) -> list[Path]:
    """Every entry under records/ that is a record or claims to be one, in a stable order.

    Nothing is skipped silently: files of any name (the loader refuses those not
    ending in '.md'), symbolic links to files or folders (refused, never followed),
    FIFOs and devices (refused, never opened). Left out are only the registry
    (records/org.yml) and hidden files such as .gitkeep."""
    return [Path(f) for f in discover_names(root)]


def discover_names(root) -> list[str]:
    """`discover` as plain strings (10,000 Path objects cost what a reload costs)."""
    return walk_names(os.path.join(root, RECORDS_DIR), registry=True)


def walk(folder, registry: bool = False) -> list[Path]:
    """The entries below `folder` as `discover` sees them (`registry`: it is records/)."""
    return [Path(f) for f in walk_names(folder, registry)]


def walk_names(folder, registry: bool = False) -> list[str]:
    found: list[str] = []
    # os.scandir: the entry types come with the listing, no stat per file, which
    # pre-commit feels at 10,000 records; links to folders are listed, not followed
    stack = [os.fspath(folder)]
    top = stack[0]
    while stack:
        here = stack.pop()
        try:
            entries = list(os.scandir(here))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or (registry and here == top and entry.name == "org.yml"):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            else:
                found.append(entry.path)
    return sorted(found)


def site_url(page: str, directory_urls: bool = True) -> str:
    """Where a docs-relative Markdown page is on the site, from its root, as MkDocs puts
    it (not yet quoted): `a/b.md` -> `a/b/`, `a/index.md` -> `a/`, `index.md` -> `./`;
    `a/b.html` without directory URLs."""
    stem = page[:-3] if page.endswith(".md") else page
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")] or "./"
    return stem + "/"
