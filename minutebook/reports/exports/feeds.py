"""One feed by its format's name, and the set of feeds the site publishes."""

from __future__ import annotations

import re
from pathlib import Path

from minutebook.reports.exports.csv_table import to_csv
from minutebook.reports.exports.ics import timezone_of, to_ics
from minutebook.reports.exports.json_doc import to_json
from minutebook.reports.exports.links import Links
from minutebook.reports.exports.rows import Row, feed_name, rows

FORMATS = ("ics", "csv", "json")
EXPORTS_DIR = "exports"
_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]|^\.|^$")


def render(fmt: str, view, picked: list[Row], owner: str | None = None,
           department: str | None = None, events: bool = False, memo: dict | None = None) -> bytes:
    """One feed of `picked` (rows of `view`) in format `fmt`."""
    if fmt == "ics":
        return to_ics(picked, view.as_of, view.calendar, timezone_of(view.registry),
                      feed_name(owner, department), events=events, memo=memo)
    if fmt == "csv":
        return to_csv(picked)
    if fmt == "json":
        return to_json(picked, view.as_of, view.audience)
    raise ValueError(f"unknown export format {fmt!r}")


def feed_paths(stem: str) -> dict[str, tuple[str, bool]]:
    """File name -> (format, events) of the feeds published for one selection."""
    return {f"{stem}.ics": ("ics", False), f"{stem}.events.ics": ("ics", True),
            f"{stem}.csv": ("csv", False), f"{stem}.json": ("json", False)}


def write_feeds(view, site_dir: Path, links: Links) -> list[Path]:
    """Publish the feeds of the site under `site_dir`/exports/: all items, one set per
    department and one per person of the registry (also when empty, so a subscribed
    address never disappears). A public site names only the departments and people
    its own items name: the file names would otherwise publish the whole registry.
    Names that cannot be a file name are skipped."""
    from minutebook.base.fsutil import write_atomic
    from minutebook.views.visibility import PUBLIC

    departments, people = set(view.registry.departments), set(view.registry.people)
    if view.audience == PUBLIC:
        departments &= {i.department for i in view.items}
        people &= {i.owner for i in view.items}
    base = Path(site_dir) / EXPORTS_DIR
    selections: list[tuple[Path, str | None, str | None]] = [(base / "all", None, None)]
    selections += [(base / "department" / d, None, d) for d in sorted(departments)
                   if not _UNSAFE_NAME.search(d)]
    selections += [(base / "owner" / p, p, None) for p in sorted(people)
                   if not _UNSAFE_NAME.search(p)]
    written: list[Path] = []
    memo: dict = {}
    for stem, owner, department in selections:
        picked = rows(view, links, owner, department)
        for name, (fmt, events) in feed_paths(stem.name).items():
            path = stem.parent / name
            # a build artefact: replaced in one step, not flushed to disk one by one
            write_atomic(path, render(fmt, view, picked, owner, department, events, memo), durable=False)
            written.append(path)
    return written
