"""Load a repository of records and run the rules: the one way through.

`load_repository` is what both `minutebook check` and the site build call: every
record is read once, by the one loader, and judged by the same rules.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from checks import (
    judged,
    related,
    rules,  # noqa: F401  (registers the rules)
)
from checks.catalogue import severity, stage
from checks.context import Context
from checks.diagnostics import ERROR, Diagnostic
from checks.judged import Loaded
from checks.loader import relpath, shown_path
from checks.registry import load_registry
from minutebook.model.paths import discover_names
from minutebook.model.record import Record
from minutebook.model.registry import Registry
from minutebook.model.workdays import Calendar


@dataclass
class Repository:
    root: Path
    registry: Registry
    as_of: dt.date
    calendar: Calendar
    records: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # what `reload` reuses: each file's stat, parse and verdict (see checks/judged.py)
    state: Loaded | None = field(default=None, repr=False, compare=False)
    # the items as the rules collected them, for the first view of the repository (View.of)
    collected: list | None = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    def by_key(self) -> dict[str, Record]:
        out: dict[str, Record] = {}
        for r in self.records:
            out.setdefault(r.key, r)
        return out


def load_repository(root: Path, as_of: dt.date, extra: list[Path] = ()) -> Repository:
    """Read every record under records/ (and `extra` files) and run all rules."""
    return _judge(root, as_of, [*discover_names(root), *extra], list(extra))


def reload(previous: Repository, changed: Iterable[Path] | None = None) -> Repository:
    """The repository as `load_repository` would read it now, re-reading only what changed.

    A file whose lstat (size, times, inode) is unchanged keeps its Record object and its
    per-record verdict, unless a record it looked up by key is another object now; the
    rules across records run again over all of them. `changed` names the files or folders
    that may have changed (a file watcher's events: edits, additions, deletions, both
    names of a rename); None re-stats every file. A changed registry reads everything."""
    state = previous.state
    root, as_of = previous.root, previous.as_of
    if state is None or judged.registry_changed(root, state, changed):
        return load_repository(root, as_of, state.extra if state else ())
    with _no_gc(freeze=False):  # a reload makes few objects: nothing to set aside
        paths = [*discover_names(root), *state.extra]
        files = judged.refresh(root, state, paths, changed)
        return _verdict(root, as_of, state.registry, state.calendar, judged.Loaded(
            files, state.extra, state.registry, state.calendar, state.registry_stamp))


@contextmanager
def _no_gc(freeze: bool = True):
    # Records are trees without reference cycles, so the cyclic collector finds nothing
    # to free; left on, it rescans the growing heap and doubles the time of a large check.
    # Re-enabled, its first pass would scan every object made meanwhile (a second at
    # 10,000 records): `freeze` sets them aside first (a load leaves no cyclic garbage).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()


def _judge(root: Path, as_of: dt.date, paths: list, extra: list[Path] = (), read_already=None) -> Repository:
    """Load `paths` once each and run every rule over them."""
    with _no_gc():
        registry_stamp = judged.stamp(judged.registry_path(root))
        registry = load_registry(root)
        settings = registry.settings.get("calendar") or {}
        calendar = Calendar(settings.get("country", "CN"), settings.get("subdivision"))
        files = judged.read_all(root, paths, read_already)
        return _verdict(root, as_of, registry, calendar,
                        judged.Loaded(files, list(extra), registry, calendar, registry_stamp))


def _verdict(root: Path, as_of: dt.date, registry: Registry, calendar: Calendar, loaded: judged.Loaded) -> Repository:
    """Judge the loaded files: per record (verdicts still valid are kept), then across records."""
    repo = Repository(root, registry, as_of, calendar, state=loaded)
    files = loaded.files
    repo.records = records = [f.record for f in files.values() if f.record is not None]
    by_key = repo.by_key()
    found: list[Diagnostic] = []
    per_record = stage("record")
    for path, f in files.items():
        found += f.loaded
        if f.record is not None:
            files[path] = f = judged.judge(f, registry, as_of, calendar, by_key, per_record)
            found += f.judged
    ctx = Context(registry, as_of, calendar, by_key)
    for r in stage("repository"):
        for record, line, col, message in r.check(records, ctx):
            found.append(Diagnostic(record.path, line, col, r.code, message, r.severity))
    repo.collected = ctx.items_made(records)
    # a key, not the dataclass's own ordering: the same order, compared in C
    repo.diagnostics = sorted(set(found), key=_order)
    return repo


def _order(d: Diagnostic) -> tuple:
    return d.path, d.line, d.col, d.code, d.message, d.severity


def check(root: Path, as_of: dt.date, paths: list[Path] | None = None, prescan=None) -> list[Diagnostic]:
    """Diagnostics for `paths` (all records when None), judged against the whole repository.

    Checking a few files (what pre-commit does) does not parse the whole repository:
    every rule that looks beyond one record relates records through item ids or record
    keys, so only the records that touch the files' ids or keys can change the verdict
    (checks/related.py finds them); the result equals the full check's findings for
    those files (a test holds the two equal). The full check leaves the ids it read in
    the user's cache for the next such check. `prescan` (checks/prescan.py) may hold the
    scan of records/ that finding them needs, made meanwhile by a child process.
    """
    if paths is None:
        repo = load_repository(root, as_of)
        related.save_index(root, repo.state)
        return repo.diagnostics
    wanted = {shown_path(relpath(p, root)) for p in paths}
    with _no_gc():  # finding the related records parses too
        chosen, read_already = related.related(root, paths, prescan)
        # in discovery order, so messages that list other places list them as the full check does
        repo = _judge(root, as_of, sorted(chosen), read_already=read_already)
    return [d for d in repo.diagnostics if d.path in wanted]


__all__ = ["Repository", "load_repository", "reload", "check", "severity"]
