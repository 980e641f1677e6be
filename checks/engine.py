"""Load a repository of records and run the rules: the one way through.

`load_repository` is what both `minutebook check` and the site build call: every
record is read once, by the one loader, and judged by the same rules.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from checks import (
    judged,
    rules,  # noqa: F401  (registers the rules)
)
from checks.catalogue import severity, stage
from checks.context import Context
from checks.diagnostics import ERROR, Diagnostic
from checks.judged import Loaded
from checks.loader import load_path, relpath, shown_path
from checks.registry import load_registry
from minutebook.model.paths import RECORDS_DIR, discover
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
    return _judge(root, as_of, [*discover(root), *extra], list(extra))


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
    with _no_gc():
        paths = [*discover(root), *state.extra]
        files = judged.refresh(root, state, paths, changed)
        return _verdict(root, as_of, state.registry, state.calendar, judged.Loaded(
            files, state.extra, state.registry, state.calendar, state.registry_stamp))


@contextmanager
def _no_gc():
    # Records are trees without reference cycles, so the cyclic collector finds nothing
    # to free; left on, it rescans the growing heap and doubles the time of a large check.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _judge(root: Path, as_of: dt.date, paths: list[Path], extra: list[Path] = ()) -> Repository:
    """Load `paths` once each and run every rule over them."""
    with _no_gc():
        registry_stamp = judged.stamp(judged.registry_path(root))
        registry = load_registry(root)
        settings = registry.settings.get("calendar") or {}
        calendar = Calendar(settings.get("country", "CN"), settings.get("subdivision"))
        files = judged.read_all(root, paths)
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
    # a key, not the dataclass's own ordering: the same order, compared in C
    repo.diagnostics = sorted(set(found), key=_order)
    return repo


def _order(d: Diagnostic) -> tuple:
    return d.path, d.line, d.col, d.code, d.message, d.severity


def check(root: Path, as_of: dt.date, paths: list[Path] | None = None) -> list[Diagnostic]:
    """Diagnostics for `paths` (all records when None), judged against the whole repository.

    Checking a few files (what pre-commit does) does not parse the whole repository:
    every rule that looks beyond one record relates records through item ids or record
    keys, so only the records that mention the files' ids or keys can change the
    verdict. Those are found by a byte search and parsed with the files; the result
    equals the full check's findings for those files (a test holds the two equal).
    """
    if paths is None:
        return load_repository(root, as_of).diagnostics
    wanted = {shown_path(relpath(p, root)) for p in paths}
    # in discovery order, so messages that list other places list them as the full check does
    repo = _judge(root, as_of, sorted(_related(root, paths), key=str))
    return [d for d in repo.diagnostics if d.path in wanted]


def _related(root: Path, paths: list[Path]) -> list[Path]:
    """`paths` and every record that shares an item id or a record key with them."""
    from minutebook.base import gitfiles
    from minutebook.model import fields
    from minutebook.model.schema import KINDS, RECORD_REF, item_lists

    # plain strings: 10,000 Path objects cost more than the rest of a one-file check
    base = str(root)
    listed = gitfiles.record_files(root, RECORDS_DIR)
    everything = [str(p) for p in discover(root)] if listed is None else [os.path.join(base, p) for p in listed]
    by_key: dict[str, list[str]] = {}
    for p in everything:
        by_key.setdefault(os.path.basename(p)[:-3], []).append(p)
    ids: set[str] = set()
    keys: set[str] = set()
    for path in paths:
        record, _ = load_path(path, root)
        if record is None:
            continue
        keys.add(record.key)
        kind = KINDS.get(record.kind or "")
        for name, spec, _ in item_lists(kind) if kind else ():
            ids.update(i[spec.id] for i in record.meta.get(name) or () if i.get(spec.id))
        ids.update(u["ref"] for u in record.meta.get("updates") or () if u.get("ref"))
        for topic in record.meta.get("topics") or ():  # decisions replaced by id (MB214)
            ids.update(x for x in (topic.get("decision_id"), *(topic.get("supersedes") or ())) if x)
        if kind:
            for f, _k, value, p in fields.present(record.tree, kind.obj):
                for node, type_, _p in fields.scalars(value, f.type, p):
                    if type_ is RECORD_REF and node.value:
                        keys.add(node.value.strip())
    related = list(paths)
    for key in keys:
        related.extend(Path(p) for p in by_key.get(key, ()) if os.path.exists(p))
    if ids:
        tokens = [i.encode() for i in sorted(ids)]
        pattern = re.compile(rb"(?<![\w.-])(?:" + b"|".join(map(re.escape, tokens)) + rb")(?![\w.-])")
        chosen = {os.path.abspath(p) for p in related}
        hits = gitfiles.files_mentioning(root, RECORDS_DIR, sorted(ids))
        candidates = everything if hits is None else [os.path.join(base, p) for p in hits]
        for p in candidates:
            if os.path.abspath(p) in chosen:
                continue
            try:
                with open(p, "rb") as fh:
                    data = fh.read()
            except FileNotFoundError:
                continue  # listed by git's index, deleted since: not a record any more
            except OSError:
                related.append(Path(p))  # let the loader report it
                continue
            # a plain substring test first (memchr speed); the regex only confirms a hit
            if any(t in data for t in tokens) and pattern.search(data):
                related.append(Path(p))
    return related



__all__ = ["Repository", "load_repository", "reload", "check", "severity"]
