"""Which records can change the verdict on a few files, found without parsing them all.

Every rule that looks beyond one record relates records through item ids (declared,
updated, decided, superseded) or record keys (a file's name, a reference to it). So a
file is judged with the records that touch one of its ids or bear one of the keys it
names, and the verdict equals the full check's (tests/test_engine.py holds them equal).

The ids each record touches are kept in the user's cache (checks/idindex.py); the full
check writes it. A file the index cannot vouch for (stale) is searched as bytes for the
ids instead (a superset: a mention is not yet a relation), and parsed into the index
when few are stale. Nothing is ever written inside the repository.
"""

from __future__ import annotations

import os
import re
import time

from checks import idindex
from checks.judged import File, read, stamp_of
from checks.loader import load_file
from checks.rules.ids import item_ids
from minutebook.model import fields
from minutebook.model.paths import RECORDS_DIR
from minutebook.model.schema import KINDS, RECORD_REF

PARSE_STALE = 64  # stale files parsed into the index in one check; more are searched as bytes
GIT_GREP_FROM = 2000  # stale files from which git grep is asked rather than reading each


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


def _entry(ids: set[str], figures: tuple | None) -> tuple[bytes, str] | None:
    stamp = idindex.pack(figures)
    if stamp is None or any("\0" in i or "\1" in i for i in ids):
        return None  # racy, or an id the layout cannot hold: searched as bytes each time
    return stamp, idindex.SEP.join(sorted(ids))


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
    idindex.save(root, files)


def related(root, paths: list, prescan=None) -> tuple[list[str], dict[str, File]]:
    """`paths` and every record that shares an item id or a record key with them, as
    paths under `root` (those inside records/ written as the full check lists them),
    and the files of `paths` as read (so that the check does not read them again).
    `prescan` (checks/prescan.py) may hold the scan of records/ already made."""
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
    index, gone, stale = _scanned(root, prescan, bool(ids), now)
    # of the listing of records/: the indexed files still there, and the stale ones (new ones among them)
    named = index.named(keys).union(rel for rel in stale if rel.rpartition("/")[2][:-3] in keys)
    named.difference_update(gone, taken)
    chosen += [top + "/" + rel for rel in named]
    if not ids:
        return chosen, read_already
    done = taken.union(named)
    stale = [rel for rel in stale if rel not in done]
    # an indexed file that touches the ids, still there and unchanged since it was indexed
    hits = index.touching(ids).difference(done, stale, gone)
    chosen += [top + "/" + rel for rel in hits]
    if stale:
        entries = index.entries()
        for rel in stale:
            entries.pop(rel, None)
        before = len(entries)
        chosen += _search_stale(root, top, stale, ids, entries, now, read_already)
        if len(entries) != before:  # stale files parsed: their entries are new (the rest is checked anyway)
            idindex.save(root, entries)
    return chosen, read_already


def _scanned(root, prescan, with_ids: bool, now: int) -> tuple[idindex.Index, set[str], list[str]]:
    """The index, its files no longer listed in records/, and the listed files it cannot vouch
    for (stale): the prescan's when it has them for this root, else scanned here (without a
    stat per file, and so with every file stale, when there are no ids to look up)."""
    found = prescan.take(root) if prescan is not None else None
    if found is not None:
        return found
    if not with_ids:
        return idindex.EMPTY, set(), idindex.listing(root)
    index = idindex.load(root)
    listed, stale = idindex.scan(root, index, now)
    return index, idindex.gone(index, listed), stale


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
