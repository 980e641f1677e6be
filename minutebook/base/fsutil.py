"""Files, touched safely: written without ever losing one, read only when plain.

Every command that writes goes through these: the bytes go to a temporary file in
the same folder, are flushed to disk, and replace the target in one rename, so an
interrupted write leaves the old file whole. `create` refuses to replace anything;
`write_atomic` refuses to replace a record. `read_plain` is how a record is read: a
symbolic link, FIFO or device is refused without opening what it points to.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from minutebook.base.i18n import N_, _


class FileExists(Exception):
    pass


class NotPlainFile(Exception):
    """A path that is not a plain file: the reason says what it is instead."""


_KINDS = ((stat.S_ISLNK, N_("a symbolic link")), (stat.S_ISFIFO, N_("a FIFO (named pipe)")),
          (stat.S_ISSOCK, N_("a socket")), (stat.S_ISCHR, N_("a character device")), (stat.S_ISBLK, N_("a block device")),
          (stat.S_ISDIR, N_("a folder")))


def _what(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), N_("not a plain file"))


def not_plain(path) -> str | None:
    """What `path` is when it is not a plain file (N_("a symbolic link") …), without following it."""
    mode = os.lstat(path).st_mode
    return None if stat.S_ISREG(mode) else _what(mode)


def read_plain(path, limit: int) -> bytes:
    """At most `limit` bytes of a plain file; NotPlainFile for anything else.

    The path itself is never followed (lstat, then O_NOFOLLOW), a FIFO never blocks
    the reader (O_NONBLOCK) and a device is never opened."""
    return read_plain_stat(path, limit)[0]


def read_plain_stat(path, limit: int) -> tuple[bytes, os.stat_result]:
    """`read_plain`, with the lstat taken before reading (what a later stat is compared with)."""
    st = os.lstat(path)
    mode = st.st_mode
    if not stat.S_ISREG(mode):
        raise NotPlainFile(_what(mode))
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since lstat
            raise NotPlainFile(N_("a symbolic link")) from None
        raise
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if not stat.S_ISREG(mode):  # replaced since lstat
            raise NotPlainFile(_what(mode))
        return fh.read(limit), st


class RecordProtected(FileExists):
    """A write that would replace a record, or the registry, in place."""


def _refuse_records(path: Path) -> None:
    # a file inside a records/ folder that holds org.yml is a record (or the registry):
    # commands write their output elsewhere and create new records only with `create`
    target = Path(path).resolve()
    if not target.is_file():
        return
    for parent in target.parents:
        if parent.name == "records" and (parent / "org.yml").is_file():
            raise RecordProtected(_("{path} is a file under {folder}, and no command replaces a record; "
                                    "write the output somewhere else").format(path=path, folder=parent))


def _mode(path: Path) -> int:
    """The replaced file's permissions, else what a plain open() would give (0666 less umask).

    mkstemp makes 0600 files: a generated page or feed must stay readable by the web server."""
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    umask = os.umask(0)  # read only by setting it: set it back at once
    os.umask(umask)
    return umask


def _write_temp(path: Path, data: bytes, durable: bool = True) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # lazy, as below: reading records (the checks) never needs it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _mode(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def write_atomic(path: Path, data: bytes | str, durable: bool = True) -> None:
    """Replace `path` with `data` in one step (readers see the old or the new file).

    `durable=False` skips flushing to disk, for build artefacts that a crash would
    only make the build write again (the rename still makes the replacement atomic).
    RecordProtected, and nothing written, when `path` is an existing record."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    _refuse_records(path)
    tmp = _write_temp(path, data, durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _outside_records(path: Path) -> Path:
    """`path` resolved; RecordProtected when it is or lies in a records/ folder."""
    target = Path(path).resolve()
    for folder in (target, *target.parents):
        if folder.name == "records" and (folder / "org.yml").is_file():
            raise RecordProtected(_("{path} is under {folder}: no command deletes records").format(path=path, folder=folder))
    return target


def remove_tree(path: Path) -> None:
    """Delete a generated folder (a build's stale output, e.g. an old search index).

    RecordProtected, and nothing deleted, when it is or holds a records/ folder, or lies in one."""
    target = _outside_records(path)
    if any(p.name == "org.yml" for p in target.rglob("org.yml")):
        raise RecordProtected(_("{path} holds a records registry (org.yml): no command deletes records").format(path=path))
    import shutil

    shutil.rmtree(target)


def replace_tree(path: Path, files) -> None:
    """Replace the generated folder `path` with one holding `files` ((relative path, bytes)
    pairs), in one step: they are written into a new folder beside it, which is renamed
    into place once every file is there. Readers see the old folder or the new one, and a
    failed write leaves the old one. (A temporary file and a rename per file cost a build
    thousands of each for a search index part.) The relative paths must stay inside.

    RecordProtected, and nothing written, when `path` is or lies in a records/ folder."""
    import shutil
    import tempfile

    target = _outside_records(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp's 0700 would hide the folder from the web server
        made = {tmp}
        for rel, data in files:
            dest = tmp / rel
            if dest.parent not in made:
                dest.parent.mkdir(parents=True, exist_ok=True)
                made.add(dest.parent)
            with open(dest, "xb") as fh:  # a fresh folder: nothing to replace, no link to follow
                fh.write(data)
        if target.exists():  # (resolved: a link is followed, as remove_tree follows it)
            remove_tree(target)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def scratch_file(folder: Path, prefix: str):
    """A temporary file without a name in `folder` (an open binary file, gone once closed
    or the process ends), for what is too big to keep in memory for a while.

    RecordProtected when `folder` is or lies in a records/ folder."""
    import tempfile

    return tempfile.TemporaryFile(dir=_outside_records(folder), prefix=prefix)


def remove_file(path: Path) -> None:
    """Delete a generated file (a page of a record that is gone); nothing if it is gone.

    RecordProtected, and nothing deleted, when it is a record or the registry."""
    _refuse_records(path)
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def create(path: Path, data: bytes | str) -> None:
    """Write a new file; FileExists if anything is already at `path`."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = _write_temp(path, data)
    try:
        os.link(tmp, path)  # fails if path exists, even if created a moment ago
    except FileExistsError:
        raise FileExists(str(path)) from None
    finally:
        os.unlink(tmp)
