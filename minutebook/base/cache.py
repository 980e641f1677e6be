"""A per-user cache, outside every repository, of what is slow to work out and cheap to
validate (the holidays of a year, the ids each record file touches).

Never a source of truth: every reader checks an entry against what it stands for and
works it out again when in doubt. A cache that cannot be read or written is no cache:
nothing fails, and nothing is ever written inside a repository. The folder is
$MINUTEBOOK_CACHE_DIR, else $XDG_CACHE_HOME/minutebook, else ~/.cache/minutebook;
MINUTEBOOK_CACHE=off turns it off.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path

from minutebook.base import fsutil

VERSION = 1  # part of every entry's name: a new layout never reads an old one


def folder() -> str | None:
    if os.environ.get("MINUTEBOOK_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    explicit = os.environ.get("MINUTEBOOK_CACHE_DIR")
    if explicit:
        return os.path.abspath(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(os.path.abspath(base), "minutebook")


def _path(name: str) -> str | None:
    where = folder()
    return None if where is None else os.path.join(where, f"{name}.v{VERSION}")


def load(name: str):
    """The value saved under `name`, or None (absent, unreadable, corrupt)."""
    path = _path(name)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            return marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def save(name: str, value) -> None:
    """Save `value` (plain data: marshal's types) under `name`, atomically; errors ignored."""
    path = _path(name)
    if path is None or _in_a_repository(os.path.dirname(path)):
        return
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        # readers see the old entry or the new one, never half; a lost entry is worked out again
        fsutil.write_atomic(Path(path), marshal.dumps(value), durable=False)
    except (OSError, ValueError, fsutil.RecordProtected):
        pass


def _in_a_repository(folder: str) -> bool:
    """Whether `folder` lies in a minutebook repository (one holding records/org.yml):
    a cache pointed into one is never written, whatever the settings say."""
    here = os.path.realpath(folder)
    while True:
        if os.path.isfile(os.path.join(here, "records", "org.yml")):
            return True
        parent = os.path.dirname(here)
        if parent == here:
            return False
        here = parent
