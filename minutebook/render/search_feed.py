"""The build's search index, made in a process of its own that the build feeds pages.

    IndexerProcess(site_dir).add_prepared(rel, prepared) … .finish() -> dict

Why a process and not the indexer's threads in the build's own: the build's thread gives
up the GIL at every page it writes and at every body nh3 sanitises, and gets it back only
once the thread holding it lets go, after up to a switch interval (5 ms) when that thread
is busy. The indexer's threads were busy (encoding each page for Pagefind, reading its
answers, writing the parts), so at 10,000 records the sanitiser, 0.6 s of work, took
8–10 s of the build, and the build's thread is the one every page waits for. Here the
indexer's Python runs on the other processor, and the build's thread meets no other
thread at all.

The pipe, build to indexer: per page a JSON line `[rel, people, n]` and then the page's
n bytes of UTF-8; then the line `end` to write the index, or `cancel` to stop (no Pagefind
process left behind). Input that ends without either is a build that died: nothing is
written. Indexer to build: one JSON line, `{"stats": …}` or `{"error": …}`.
The indexing itself is `search_index.Indexer`, the same as `minutebook index` runs in line.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

from minutebook.base.fsutil import scratch_file
from minutebook.base.i18n import _
from minutebook.render.search_index import PART_PAGES, Indexer, prepare

_CANCEL = b"cancel\n"
_END = b"end\n"
NICENESS = 10


def command(site_dir: Path, part_pages: int = PART_PAGES) -> tuple[list[str], dict]:
    """(argv, environment) of the indexing child for `site_dir`."""
    env = dict(os.environ)
    # the child imports this package from where the build did, installed or not
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return [sys.executable, "-m", "minutebook.render.search_feed", str(site_dir), str(part_pages)], env


class IndexerProcess:
    """`search_index.Indexer`'s interface, the indexing done by a child process."""

    def __init__(self, site_dir: Path, *, part_pages: int = PART_PAGES):
        argv, env = command(site_dir, part_pages)
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.closed = False  # the child stopped reading: its answer says why
        self.answer: dict | None = None

    def add(self, rel: Path | str, text: str) -> None:
        """A built page (`rel` relative to the site folder, its whole HTML)."""
        self.add_prepared(rel, prepare(text))

    def add_prepared(self, rel: Path | str, prepared: tuple[list[str], str] | None) -> None:
        """A page as `prepare` or `record_page_html` gave it (None: not searchable)."""
        if prepared is None or self.closed:
            return
        people, page = prepared
        data = page.encode("utf-8")
        header = json.dumps([Path(rel).as_posix(), people, len(data)], ensure_ascii=False)
        self._send(header.encode("utf-8") + b"\n" + data)

    def finish(self) -> dict:
        """Write the index; the pages indexed, the parts, the people and the seconds."""
        answer = self._end(_END)
        if "stats" not in answer:
            raise RuntimeError(answer.get("error") or _("the search indexer exited"))
        return answer["stats"]

    def cancel(self) -> None:
        """The build failed: stop, and leave no indexing process behind."""
        self._end(_CANCEL)

    def _send(self, data: bytes) -> None:
        try:
            self.proc.stdin.write(data)
        except (BrokenPipeError, ValueError):  # the child has ended (ValueError: closed here)
            self.closed = True

    def _end(self, last: bytes) -> dict:
        if self.answer is not None:  # ended already (a cancel after a failed finish)
            return self.answer
        self._send(last)
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        self.closed = True
        out = self.proc.stdout.read()
        self.proc.stdout.close()
        self.proc.wait()
        try:
            self.answer = json.loads(out.decode("utf-8").strip().splitlines()[-1])
        except (ValueError, IndexError):
            self.answer = {"error": _("the search indexer exited with status {code}").format(code=self.proc.returncode)}
        return self.answer


def _answer(what: dict) -> None:
    sys.stdout.write(json.dumps(what, ensure_ascii=False) + "\n")
    sys.stdout.flush()


class _Cancelled(Exception):
    pass


class _Spool:
    """The build's pages, taken as fast as it sends them and kept in an unlinked file
    beside the site until Pagefind is ready for them. The build makes a record page in
    about 2 ms of its first phase and Pagefind indexes one in about 3.5: with a short
    queue, the build stood waiting for Pagefind a third of that phase (10 s at 10,000
    records), and held in memory the backlog would be 150 MB. On disk it costs neither;
    Pagefind goes on with it while the build renders its templates."""

    def __init__(self, source, folder: Path):
        self.file = scratch_file(folder, ".mb-search-spool.")
        self.lock = threading.Lock()  # one file object, written at its end and read anywhere
        self.pages: queue.Queue = queue.Queue()  # (rel, people, offset, n), then None or the error
        self.cancelled = False
        self.thread = threading.Thread(target=self._intake, args=(source,), name="search-intake", daemon=True)
        self.thread.start()

    def _intake(self, source) -> None:
        try:
            while True:
                header = source.readline()
                if header == _END:
                    break
                if header == _CANCEL or not header:  # not header: the build died
                    self.cancelled = True  # now, not after the pages waiting in the spool
                    break
                rel, people, n = json.loads(header)
                data = source.read(n)
                if len(data) != n:
                    raise RuntimeError(_("the search indexer was given a page cut short: {rel}").format(rel=rel))
                with self.lock:
                    offset = self.file.seek(0, os.SEEK_END)
                    self.file.write(data)
                self.pages.put((rel, people, offset, n))
            self.pages.put(None)
        except BaseException as exc:
            self.pages.put(exc)

    def __iter__(self):
        while True:
            if self.cancelled:
                raise _Cancelled
            item = self.pages.get()
            if self.cancelled:
                raise _Cancelled
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            rel, people, offset, n = item
            with self.lock:
                self.file.seek(offset)
                data = self.file.read(n)
            yield rel, people, data

    def close(self) -> None:
        self.file.close()


def main(argv: list[str]) -> int:
    """The child: pages from standard input into an `Indexer`, its result to standard output."""
    site_dir, part_pages = Path(argv[0]), int(argv[1])
    if hasattr(os, "nice"):
        # Pagefind and this process at a lower priority (its processes inherit it): they
        # work from the spool, so the build's own thread, which every page waits for,
        # keeps a processor to itself while both are busy, and they take every cycle it
        # leaves (the templates after the record pages, the wait at the end)
        os.nice(NICENESS)
    indexer = spool = None
    try:
        indexer = Indexer(site_dir, part_pages=part_pages)
        spool = _Spool(sys.stdin.buffer, indexer.site_dir)
        for rel, people, data in spool:
            indexer.add_prepared(rel, (people, data.decode("utf-8")))
        _answer({"stats": indexer.finish()})
        return 0
    except BaseException as exc:  # reported to the build, which fails with it
        if indexer is not None:
            indexer.cancel()
        _answer({"error": "cancelled" if isinstance(exc, _Cancelled) else str(exc) or type(exc).__name__})
        return 1
    finally:
        if spool is not None:
            spool.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
