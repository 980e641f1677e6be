"""The scan of records/ for a check of a few files, made by a child process meanwhile.

`minutebook check FILE` (what pre-commit runs) spends its time on two things that do
not wait for each other: importing the rules and parsing FILE, in Python, and listing
records/ with an lstat of every record to see which entries of the index of ids still
hold (checks/idindex.py), in the kernel: at 10,000 records that is 25 ms whatever
Python does, and threads would only fight over the interpreter. So, where there is
os.fork, the command reads the index and forks a child as it starts (`start`); the child
runs the very `idindex.scan` the check would run, against that index (the same object
in both processes: no other version of it can slip in between), and sends the few
files that differ from it through a pipe (gone ones, stale ones); the check takes them
when it needs them (`take`).

The verdict never depends on the child: no fork, a child that fails, dies, sends
anything but a whole answer, answers about another root or takes longer than
TIMEOUT_S, and the check scans in-process as it would without one. `close` reaps the
child in every case (killing it first when it is not done), so none is left behind.
"""

from __future__ import annotations

import marshal
import os
import select
import time

from checks import idindex

ANSWER = "minutebook-prescan-2"  # the first item of every answer: a child of another layout is not understood
TIMEOUT_S = 30.0  # a child this slow is not waited for (the check then scans itself)


class Prescan:
    """A child scanning records/ of `root` (an absolute path) against `index`, answering on `fd`."""

    def __init__(self, root: str, index: idindex.Index, pid: int, fd: int):
        self.root, self.index, self.pid, self.fd = root, index, pid, fd

    def take(self, root) -> tuple[idindex.Index, set[str], list[str]] | None:
        """(the index, its files gone from records/, the stale files) as the child found them
        for `root`, or None: the child is of another root, failed, or was taken or closed already."""
        if self.pid is None or os.path.abspath(root) != self.root:
            return None
        try:
            data = self._read()
        finally:
            self.close()
        found = _answer(data, self.root)
        return None if found is None else (self.index, set(found[0]), found[1])

    def close(self) -> None:
        """Stop waiting: the pipe closed, the child killed if still running, and reaped."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.pid is not None:
            pid, self.pid = self.pid, None
            try:
                if os.waitpid(pid, os.WNOHANG)[0] == 0:  # still running (not reaped: the pid is still its own)
                    import signal  # only now: a check that took the answer never needs it

                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            except ChildProcessError:  # reaped by someone else already
                pass

    def _read(self) -> bytes | None:
        chunks = []
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return None
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _answer(data: bytes | None, root: str) -> tuple | None:
    """The answer in `data` when it is whole and about `root` (a child that died midway sent a part)."""
    try:
        tag, scanned, gone, stale = marshal.loads(data)
    except (TypeError, ValueError, EOFError):
        return None
    if tag != ANSWER or scanned != root or not isinstance(gone, str) or not isinstance(stale, str):
        return None
    return _split(gone), _split(stale)


def _split(joined: str) -> list[str]:
    return joined.split("\0") if joined else []


def start(root) -> Prescan | None:
    """A child scanning records/ of `root`, or None where there is no fork, no second
    processor to run it on (it would only take turns with its parent), or it fails."""
    if not hasattr(os, "fork") or _processors() < 2:
        return None
    root = os.path.abspath(root)
    index = idindex.load(root)
    try:
        r, w = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return None
    if pid == 0:  # the child: never returns
        try:
            os.close(r)
            _child(root, index, w)
        finally:
            os._exit(1)
    os.close(w)
    return Prescan(root, index, pid, r)


def _processors() -> int:
    try:
        return len(os.sched_getaffinity(0))  # those this process may run on (Linux)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _child(root: str, index: idindex.Index, w: int) -> None:
    code = 1
    try:
        os.closerange(0, 3)  # not the parent's terminal or pipes: a reader of those never waits for this child
        listed, stale = idindex.scan(root, index)
        gone = idindex.gone(index, listed)
        data = memoryview(marshal.dumps((ANSWER, root, "\0".join(gone), "\0".join(stale))))
        while data:
            data = data[os.write(w, data):]
        code = 0
    except BaseException:  # noqa: BLE001  (whatever it is, the parent scans itself)
        pass
    finally:
        os._exit(code)
