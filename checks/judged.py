"""Each file's share of a check, kept so that `reload` re-reads and re-judges only what changed.

A file is known by its lstat figures when it was read (its stamp). A stamp is trusted
only for a file last modified more than RACY_NS ago: a file system's clock ticks
coarsely, so two writes of the same size within one tick would leave equal figures.

A record's per-record verdict depends on the record, the registry, the reference date
and the records it looked up by key (MB203 names another record). The lookups are
recorded, so the verdict is kept while every key still finds the same Record object.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass

from checks.context import Context
from checks.diagnostics import Diagnostic
from checks.idindex import RACY_NS
from checks.loader import load_file
from minutebook.model.paths import RECORDS_DIR
from minutebook.model.record import Record
from minutebook.model.registry import Registry
from minutebook.model.workdays import Calendar


@dataclass(slots=True, eq=False)
class File:
    stamp: tuple | None  # lstat figures from before it was read; None: never reused
    record: Record | None
    loaded: list[Diagnostic]  # from reading it: encoding, front-matter, YAML, text rules
    judged: list[Diagnostic] | None = None  # the per-record rules' findings
    looked: dict | None = None  # key -> the record found under it (None: absent); None: not known


@dataclass(slots=True, eq=False)
class Loaded:
    files: dict[str, File]  # path as listed -> its file, in the order of the check
    extra: list  # files given besides records/ (kept for the next reload)
    registry: Registry
    calendar: Calendar
    registry_stamp: tuple | None


def stamp_of(st: os.stat_result, now_ns: int) -> tuple | None:
    if now_ns - st.st_mtime_ns < RACY_NS:
        return None
    return st.st_mode, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def stamp(path, now_ns: int | None = None) -> tuple | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return stamp_of(st, time.time_ns() if now_ns is None else now_ns)


def registry_path(root) -> str:
    return os.path.join(root, RECORDS_DIR, "org.yml")


def read(path, root, now_ns: int) -> File:
    record, found, st = load_file(path, root)
    return File(stamp_of(st, now_ns) if st is not None else None, record, found)


def read_all(root, paths, read_already: dict[str, File] | None = None) -> dict[str, File]:
    """Each path read once (the first of several names for one file); `read_already`
    holds files read a moment ago, by the same path."""
    now = time.time_ns()
    files: dict[str, File] = {}
    seen: set[str] = set()
    known = read_already or {}
    for path in paths:
        key = os.fspath(path)
        resolved = os.path.abspath(key)
        if resolved in seen:
            continue
        seen.add(resolved)
        f = known.get(key)
        files[key] = f if f is not None else read(path, root, now)
    return files


def _marks(changed) -> list[str]:
    return [os.path.abspath(p) for p in changed]


def _touched(path: str, marks: list[str]) -> bool:
    """Whether `path` is one of the changed paths or lies in a changed folder."""
    full = os.path.abspath(path)
    return any(full == m or full.startswith(m + os.sep) for m in marks)


def _as_listed(root, marks: list[str]) -> tuple[set[str], tuple[str, ...]]:
    """The changed paths inside the repository, spelt as its listing spells paths (the
    root as given, then the path below it), and as folders: compared as text, with no
    lookup per file."""
    base = os.path.abspath(root)
    spelt = [os.fspath(root) if m == base else os.path.join(os.fspath(root), m[len(base) + 1:])
             for m in marks if m == base or m.startswith(base + os.sep)]
    return set(spelt), tuple(m + os.sep for m in spelt)


def _under(key: str, listed: tuple[set[str], tuple[str, ...]]) -> bool:
    exact, folders = listed
    return key in exact or key.startswith(folders)


def registry_changed(root, state: Loaded, changed) -> bool:
    path = registry_path(root)
    if changed is not None and not _touched(path, _marks(changed)):
        return False
    return state.registry_stamp is None or stamp(path) != state.registry_stamp


def refresh(root, state: Loaded, paths, changed) -> dict[str, File]:
    """The files of `paths`, reusing those of `state` whose stamp is unchanged (or, when
    `changed` is given, that it does not name)."""
    now = time.time_ns()
    marks = None if changed is None else _marks(changed)
    listed = None if marks is None else _as_listed(root, marks)
    extra = {os.fspath(p) for p in state.extra}
    before = state.files
    files: dict[str, File] = {}
    seen: set[str] = set()
    for path in paths:
        key = os.fspath(path)
        if extra:  # the listing names each file once: only an extra file can name one again
            resolved = os.path.abspath(key)
            if resolved in seen:
                continue
            seen.add(resolved)
        old = before.get(key)
        if marks is not None:
            touched = _touched(key, marks) if key in extra else _under(key, listed)
        if old is not None and (
                (marks is not None and not touched)
                or (old.stamp is not None and stamp(key, now) == old.stamp)):
            files[key] = old
        else:
            files[key] = read(path, root, now)
    return files


class Lookups(Mapping):
    """The records by key, noting which keys a rule looked up (iterating notes all)."""

    __slots__ = ("_records", "looked", "whole")

    def __init__(self, records: dict):
        self._records = records
        self.looked: dict = {}
        self.whole = False

    def get(self, key, default=None):
        found = self.looked[key] = self._records.get(key)
        return default if found is None else found

    def __getitem__(self, key):
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key):
        return self.get(key) is not None

    def __iter__(self):
        self.whole = True
        return iter(self._records)

    def __len__(self):
        self.whole = True
        return len(self._records)


def judge(f: File, registry: Registry, as_of, calendar: Calendar, by_key: dict, rules) -> File:
    """`f` with its per-record verdict: the one it has while still valid, else a new one."""
    looked = f.looked
    if f.judged is not None and looked is not None and all(by_key.get(k) is r for k, r in looked.items()):
        return f
    record = f.record
    seen = Lookups(by_key)
    ctx = Context(registry, as_of, calendar, seen)
    found = []
    for r in rules:
        for line, col, message in r.check(record, ctx):
            found.append(Diagnostic(record.path, line, col, r.code, message, r.severity))
    return File(f.stamp, record, f.loaded, found, None if seen.whole else seen.looked)
