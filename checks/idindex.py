"""The index of the ids each record touches, and the scan of records/ that says which of its
entries still hold.

The index lives in the user's cache (minutebook/base/cache.py), one entry per repository,
each file's ids beside its lstat figures; the full check writes it (checks/related.py). A
file whose figures differ from its entry's, or that has none, or that changed too recently
to be told apart by its figures, is stale: the index cannot vouch for its ids.

This module imports nothing of the rules or the loader, so that a forked child can scan
while its parent imports them (checks/prescan.py).
"""

from __future__ import annotations

import binascii
import itertools
import operator
import os
import stat
import struct
import time
from functools import cached_property

from minutebook.base import cache
from minutebook.model.paths import RECORDS_DIR, walk_names

INDEX_VERSION = 1
SEP = "\0"  # between the ids of one file in the index: one string loads faster than a tuple
FEW_IDS = 64  # up to this many ids, each is searched for in the index; beyond, every entry is compared
RACY_NS = 2_000_000_000  # FAT and some network file systems keep times to 2 s (see checks/judged.py)


def index_name(root) -> str:
    # a checksum names the entry (hashlib costs the one-file check 3 ms to import); the
    # entry holds the full path of its repository, so two that share a name never mix
    full = os.path.abspath(root)
    return f"ids{INDEX_VERSION}-{os.path.basename(full)[:40]}-{binascii.crc32(os.fsencode(full)):08x}"


# The index on disk is three flat values (marshal reads them at memory speed where a
# tuple per file took 25 ms at 10,000 files): the paths under records/ joined by NUL,
# their lstat figures packed in one bytes value, their ids joined by SOH (NUL within).
FIGURES = struct.Struct("<QQQqqq")  # mode, device, inode, size, mtime_ns, ctime_ns


def pack(figures: tuple | None) -> bytes | None:
    if figures is None:
        return None
    try:
        return FIGURES.pack(*figures)
    except struct.error:  # a figure out of range: never trusted
        return None


class Index:
    """The saved index as loaded: looked up by path, searched for ids in one string. What a
    reader does not use is not made (a scan needs the stamps, a check the ids)."""

    def __init__(self, joined_paths: str, stamps: bytes, ids: str):
        self.joined_paths, self.stamps, self.joined = joined_paths, stamps, ids
        self.paths = joined_paths.split("\0") if joined_paths else []

    @cached_property
    def ids(self) -> list[str]:
        return self.joined.split("\1") if self.paths else []

    @cached_property
    def stamp_list(self) -> list[bytes]:
        data, size = self.stamps, FIGURES.size
        return [data[at:at + size] for at in range(0, len(data), size)]

    @cached_property
    def stamp_of(self) -> dict[str, bytes]:
        return dict(zip(self.paths, self.stamp_list))

    def touching(self, ids: set[str]) -> set[str]:
        """The paths whose entry names one of `ids`: found in the joined string, then confirmed
        (a folder's many ids: each entry's ids compared with them, one pass over the index)."""
        if len(ids) > FEW_IDS or "" in ids:
            return {p for p, mine in zip(self.paths, self.ids) if mine and not ids.isdisjoint(mine.split(SEP))}
        joined = self.joined
        at_ = sorted(at for i in ids for at in _occurrences(joined, i))
        found: set[str] = set()
        n = previous = 0
        for at in at_:  # the entry of each occurrence: the separators before it, counted once over the string
            n += joined.count("\1", previous, at)
            previous = at
            start, end = joined.rfind("\1", 0, at) + 1, joined.find("\1", at)
            if not ids.isdisjoint(joined[start:end if end != -1 else len(joined)].split(SEP)):
                found.add(self.paths[n])
        return found

    def named(self, stems: set[str]) -> set[str]:
        """The paths whose file name is a stem of `stems` and .md: found in the joined paths
        (a folder's thousands of stems: each path's stem looked up, one pass over the index)."""
        if len(stems) > FEW_IDS:
            return {p for p in self.paths if p.endswith(".md") and p.rpartition("/")[2][:-3] in stems}
        text = "\0" + self.joined_paths + "\0"
        found: set[str] = set()
        for stem in stems:
            if not stem or "/" in stem or "\0" in stem:
                continue  # never a file's stem in the listing (".md" is hidden)
            needle = stem + ".md\0"
            for at in _occurrences(text, needle):
                if text[at - 1] in "\0/":
                    found.add(text[text.rfind("\0", 0, at) + 1:at + len(needle) - 1])
        return found

    def entries(self) -> dict[str, tuple[bytes, str]]:
        return dict(zip(self.paths, zip(self.stamp_list, self.ids)))


EMPTY = Index("", b"", "")


def _occurrences(text: str, part: str):
    at = text.find(part)
    while at != -1:
        yield at
        at = text.find(part, at + 1)


def load_saved(root):
    """The index's entry in the cache as saved (plain data, what a child sends its parent)."""
    return cache.load(index_name(root))


def from_saved(root, saved) -> Index:
    """The index of `root` in a saved entry; an empty one when it is absent, damaged or foreign."""
    try:
        if saved["root"] == os.path.abspath(root):
            index = Index(saved["paths"], saved["stamps"], saved["ids"])
            count = saved["ids"].count("\1") + 1 if index.paths else 0
            if (count == len(index.paths) and isinstance(index.stamps, bytes)
                    and len(index.stamps) == FIGURES.size * len(index.paths)):
                return index
    except (TypeError, KeyError, AttributeError):
        pass
    return EMPTY


def load(root) -> Index:
    return from_saved(root, load_saved(root))


def save(root, files: dict[str, tuple[bytes, str]]) -> None:
    kept = [(p, stamp, ids) for p, (stamp, ids) in files.items()
            if "\0" not in p and "\1" not in ids]
    cache.save(index_name(root), {
        "root": os.path.abspath(root), "paths": "\0".join(p for p, _, _ in kept),
        "stamps": b"".join(stamp for _, stamp, _ in kept), "ids": "\1".join(ids for _, _, ids in kept)})


def listing(root) -> list[str]:
    """records/ as `discover` walks it: .md names only, as paths relative to records/."""
    top = os.path.join(os.fspath(root), RECORDS_DIR)
    return [p[len(top) + 1:].replace(os.sep, "/") for p in walk_names(top) if p.endswith(".md")]


_MODE = operator.attrgetter("st_mode")
_MTIME = operator.attrgetter("st_mtime_ns")
_FIGURES_OF = operator.attrgetter("st_mode", "st_dev", "st_ino", "st_size", "st_mtime_ns", "st_ctime_ns")


def scan(root, index: Index, now: int | None = None) -> tuple[list[str], list[str]]:
    """`listing(root)`, and those of its files that are stale in `index`. One lstat per entry
    (which also tells a folder named `x.md` from a file); the work per file is done by
    map() and friends, in C: at 10,000 records a Python loop costs what the kernel does."""
    now = time.time_ns() if now is None else now
    top = os.path.join(os.fspath(root), RECORDS_DIR) + "/"
    listed: list[str] = []
    stats: list[os.stat_result] = []
    folders = [""]  # below records/, each with its trailing "/"
    while folders:
        here = folders.pop()
        names, found = _entries(top + here)
        dirs = list(map(stat.S_ISDIR, map(_MODE, found)))
        folders += [here + name + "/" for name in itertools.compress(names, dirs)]
        records = [name[-3:] == ".md" and not d for name, d in zip(names, dirs)]
        listed += [here + name for name in itertools.compress(names, records)]
        stats += itertools.compress(found, records)
    young = map((now - RACY_NS).__lt__, map(_MTIME, stats))  # too recent for figures to tell edits apart
    changed = map(operator.ne, _packed(stats), map(index.stamp_of.get, listed))
    return listed, list(itertools.compress(listed, map(operator.or_, young, changed)))


def gone(index: Index, listed: list[str]) -> set[str]:
    """The files of `index` that are not in `listed`."""
    return set(index.paths).difference(listed)


def _entries(folder: str) -> tuple[list[str], list[os.stat_result]]:
    """The names in `folder` but hidden ones, and their lstat (those gone meanwhile left out)."""
    try:
        names = [name for name in os.listdir(folder) if name[0] != "."]
    except OSError:
        return [], []
    try:
        return names, list(map(os.lstat, [folder + name for name in names]))
    except OSError:  # one went away since the listing: each on its own
        found = [(name, _lstat(folder + name)) for name in names]
        return [n for n, st in found if st is not None], [st for _n, st in found if st is not None]


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def _packed(stats: list[os.stat_result]) -> list[bytes]:
    """Each file's figures as the index packs them (b"", equal to no entry, when out of range)."""
    try:
        return list(itertools.starmap(FIGURES.pack, map(_FIGURES_OF, stats)))
    except struct.error:
        return [pack(figures) or b"" for figures in map(_FIGURES_OF, stats)]
