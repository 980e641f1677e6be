"""Which records can change the verdict on a few files, found without parsing them all.

Every rule that looks beyond one record relates records through item ids (declared,
updated, decided, superseded) or record keys (a file's name, a reference to it). So a
file is judged with the records that touch one of its ids or bear one of the keys it
names, and the verdict equals the full check's (tests/test_engine.py holds them equal).

The ids each record touches are kept in the user's cache (minutebook/base/cache.py),
one entry per repository, each file's ids beside its lstat figures; the full check
writes it. A file whose figures differ from its entry's, or that has none, is searched
as bytes for the ids instead (a superset: a mention is not yet a relation), and parsed
into the index when few are stale. Nothing is ever written inside the repository.
"""

from __future__ import annotations

import binascii
import bisect
import itertools
import os
import re
import struct
import time

from checks.judged import RACY_NS, File, read, stamp_of
from checks.loader import load_file
from checks.rules.ids import item_ids
from minutebook.base import cache
from minutebook.model import fields
from minutebook.model.paths import RECORDS_DIR
from minutebook.model.schema import KINDS, RECORD_REF

INDEX_VERSION = 1
SEP = "\0"  # between the ids of one file in the index: one string loads faster than a tuple
PARSE_STALE = 64  # stale files parsed into the index in one check; more are searched as bytes
GIT_GREP_FROM = 2000  # stale files from which git grep is asked rather than reading each
FEW_IDS = 64  # up to this many ids, each is searched for in the index; beyond, every entry is compared


def touched_ids(record) -> set[str]:
    """The item ids a record declares or names (updates, decisions, superseded decisions)."""
    meta = record.meta
    ids = {i for i, _ in item_ids(record)}
    ids.update(u["ref"] for u in meta.get("updates") or () if u.get("ref"))
    for topic in meta.get("topics") or ():  # decisions replaced by id (MB214)
        ids.update(x for x in (topic.get("decision_id"), *(topic.get("supersedes") or ())) if x)
    return ids


def named_keys(record) -> set[str]:
    """The record keys a record names: its own, and its references to others."""
    keys = {record.key}
    if KINDS.get(record.kind or ""):
        # the typed leaves of the loader's one walk (placeholders left out)
        keys.update(node.value.strip() for _f, node, type_, _p in fields.walk(record).leaves
                    if type_ is RECORD_REF and node.value)
    return keys


def _index_name(root) -> str:
    # a checksum names the entry (hashlib costs the one-file check 3 ms to import); the
    # entry holds the full path of its repository, so two that share a name never mix
    full = os.path.abspath(root)
    return f"ids{INDEX_VERSION}-{os.path.basename(full)[:40]}-{binascii.crc32(os.fsencode(full)):08x}"


# The index on disk is three flat values (marshal reads them at memory speed where a
# tuple per file took 25 ms at 10,000 files): the paths under records/ joined by NUL,
# their lstat figures packed in one bytes value, their ids joined by SOH (NUL within).
_FIGURES = struct.Struct("<QQQqqq")  # mode, device, inode, size, mtime_ns, ctime_ns


def _pack(figures: tuple | None) -> bytes | None:
    if figures is None:
        return None
    try:
        return _FIGURES.pack(*figures)
    except struct.error:  # a figure out of range: never trusted
        return None


class _Index:
    """The saved index as loaded: looked up by path, searched for ids in one string."""

    def __init__(self, paths: list[str], stamps: bytes, ids: str):
        self.paths, self.stamps, self.joined = paths, stamps, ids
        self.ids = ids.split("\1") if paths else []
        self.at = dict(zip(paths, range(len(paths))))

    def stamp(self, n: int) -> bytes:
        size = _FIGURES.size
        return self.stamps[n * size:(n + 1) * size]

    def touching(self, ids: set[str]) -> set[str]:
        """The paths whose entry names one of `ids`: found in the joined string, then confirmed
        (a folder's many ids: each entry's ids compared with them, one pass over the index)."""
        if len(ids) > FEW_IDS:
            return {p for p, mine in zip(self.paths, self.ids) if mine and not ids.isdisjoint(mine.split(SEP))}
        starts = list(itertools.accumulate((len(x) + 1 for x in self.ids), initial=0))
        found: set[int] = set()
        for i in ids:
            at = self.joined.find(i)
            while at != -1:
                found.add(bisect.bisect_right(starts, at) - 1)
                at = self.joined.find(i, at + 1)
        return {self.paths[n] for n in found if not ids.isdisjoint(self.ids[n].split(SEP))}

    def entries(self) -> dict[str, tuple[bytes, str]]:
        return {p: (self.stamp(n), self.ids[n]) for n, p in enumerate(self.paths)}


def _load_index(root) -> _Index:
    saved = cache.load(_index_name(root))
    try:
        if saved["root"] == os.path.abspath(root):
            paths = saved["paths"].split("\0") if saved["paths"] else []
            index = _Index(paths, saved["stamps"], saved["ids"])
            if len(index.ids) == len(paths) and len(index.stamps) == _FIGURES.size * len(paths):
                return index
    except (TypeError, KeyError, AttributeError):
        pass
    return _Index([], b"", "")


def _save_index(root, files: dict[str, tuple[bytes, str]]) -> None:
    kept = [(p, stamp, ids) for p, (stamp, ids) in files.items()
            if "\0" not in p and "\1" not in ids]
    cache.save(_index_name(root), {
        "root": os.path.abspath(root), "paths": "\0".join(p for p, _, _ in kept),
        "stamps": b"".join(stamp for _, stamp, _ in kept), "ids": "\1".join(ids for _, _, ids in kept)})


def _entry(ids: set[str], figures: tuple | None) -> tuple[bytes, str] | None:
    stamp = _pack(figures)
    if stamp is None or any("\0" in i or "\1" in i for i in ids):
        return None  # racy, or an id the layout cannot hold: searched as bytes each time
    return stamp, SEP.join(sorted(ids))


def save_index(root, loaded) -> None:
    """After a full check: every file's ids, from the records it parsed (its `Loaded` state)."""
    base = os.path.join(os.fspath(root), RECORDS_DIR) + os.sep
    files: dict[str, tuple[bytes, str]] = {}
    for path, f in loaded.files.items():
        if not path.startswith(base) or not path.endswith(".md"):
            continue
        entry = _entry(touched_ids(f.record) if f.record is not None else set(), f.stamp)
        if entry is not None:
            files[path[len(base):].replace(os.sep, "/")] = entry
    _save_index(root, files)


def _listing(root) -> list[str]:
    """records/ as `discover` walks it: .md names only, as paths relative to records/."""
    top = os.path.join(os.fspath(root), RECORDS_DIR)
    found: list[str] = []
    stack = [""]
    while stack:
        here = stack.pop()
        try:
            entries = list(os.scandir(os.path.join(top, here) if here else top))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = here + "/" + name if here else name
            if entry.is_dir(follow_symlinks=False):
                stack.append(rel)
            elif name.endswith(".md"):
                found.append(rel)
    return found


def related(root, paths: list) -> tuple[list[str], dict[str, File]]:
    """`paths` and every record that shares an item id or a record key with them, as
    paths under `root` (those inside records/ written as the full check lists them),
    and the files of `paths` as read (so that the check does not read them again)."""
    ids: set[str] = set()
    keys: set[str] = set()
    now = time.time_ns()
    read_already: dict[str, File] = {}
    for path in paths:
        f = read_already[_as_listed(path, root)] = read(path, root, now)
        if f.record is not None:
            ids |= touched_ids(f.record)
            keys |= named_keys(f.record)
    top = os.path.join(os.fspath(root), RECORDS_DIR)
    chosen = [_as_listed(p, root) for p in paths]
    base = os.path.abspath(top) + os.sep
    taken = {a[len(base):].replace(os.sep, "/") for a in map(os.path.abspath, chosen) if a.startswith(base)}
    index = _load_index(root) if ids else _Index([], b"", "")
    hits = index.touching(ids) if ids else set()
    at, stamp, lstat = index.at, index.stamp, os.lstat
    stale: list[str] = []
    for rel in _listing(root):
        if rel in taken:
            continue
        full = top + "/" + rel
        if rel.rpartition("/")[2][:-3] in keys:
            chosen.append(full)
            continue
        if not ids:
            continue
        try:
            st = lstat(full)
        except OSError:
            continue  # gone since the listing
        n = at.get(rel)
        # the figures of judged.stamp_of, inlined: this loop runs once per record
        if n is None or now - st.st_mtime_ns < RACY_NS or stamp(n) != _pack(
                (st.st_mode, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)):
            stale.append(rel)
        elif rel in hits:
            chosen.append(full)
    if stale:
        entries = index.entries()
        for rel in stale:
            entries.pop(rel, None)
        before = len(entries)
        chosen += _search_stale(root, top, stale, ids, entries, now, read_already)
        if len(entries) != before:  # stale files parsed: their entries are new (the rest is checked anyway)
            _save_index(root, entries)
    return chosen, read_already


def _as_listed(path, root) -> str:
    """A path inside the repository spelt as the walk of records/ spells it (the order of
    the full check, which decides which of two clashing records comes first)."""
    full, base = os.path.abspath(path), os.path.abspath(root)
    if full.startswith(base + os.sep):
        return os.path.join(os.fspath(root), full[len(base) + 1:])
    return os.fspath(path)


def _search_stale(root, top: str, stale: list[str], ids: set[str], index: dict, now: int,
                  read_already: dict[str, File]) -> list[str]:
    """The stale files that touch `ids`: parsed (and indexed) when few, else searched as bytes.
    A parsed file that is related goes into `read_already`, so that it is not read twice."""
    if not stale:
        return []
    if len(stale) <= PARSE_STALE:
        out = []
        for rel in stale:
            full = top + "/" + rel
            record, loaded, st = load_file(full, root)
            figures = stamp_of(st, now) if st is not None else None
            if st is None:
                out.append(full)  # not readable as a record: the loader says why
                continue
            found = touched_ids(record) if record is not None else set()
            entry = _entry(found, figures)
            if entry is not None:
                index[rel] = entry
            if not ids.isdisjoint(found):
                out.append(full)
                read_already[full] = File(figures, record, loaded)
        return out
    tokens = [i.encode() for i in sorted(ids)]
    pattern = re.compile(rb"(?<![\w.-])(?:" + b"|".join(map(re.escape, tokens)) + rb")(?![\w.-])")
    candidates = stale
    if len(stale) >= GIT_GREP_FROM:
        from minutebook.base import gitfiles

        hits = gitfiles.files_mentioning(root, RECORDS_DIR, sorted(ids))
        if hits is not None:
            prefix = RECORDS_DIR + "/"
            hit = {h[len(prefix):] for h in hits if h.startswith(prefix)}
            candidates = [rel for rel in stale if rel in hit]
    out = []
    for rel in candidates:
        full = top + "/" + rel
        try:
            with open(full, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            continue
        except OSError:
            out.append(full)  # let the loader report it
            continue
        # a plain substring test first (memchr speed); the regex only confirms a hit
        if any(t in data for t in tokens) and pattern.search(data):
            out.append(full)
    return out
