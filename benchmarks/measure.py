"""Running one measured subprocess: wall time, CPU time and the peak memory of that
process alone (through benchmarks/spawn.py, a small wrapper that reaps the command
with os.wait4), and the rebuild time of `mkdocs serve` after one record is edited."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

SPAWN = Path(__file__).resolve().parent / "spawn.py"


class MeasureError(Exception):
    """A measured command failed or did not finish in time."""


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process (and the children it waited for)
    peak_mb: float  # its maximum resident set size
    returncode: int
    output: str  # stdout and stderr, interleaved


def run(cmd: list[str], cwd: Path, env: dict, timeout: float) -> Run:
    """Run `cmd` (its first element an absolute path) through the wrapper; its figures."""
    with tempfile.TemporaryDirectory(prefix="minutebook-measure-") as tmp:
        figures = Path(tmp) / "figures.json"
        with open(Path(tmp) / "output", "w+b") as out:
            proc = subprocess.Popen([sys.executable, "-S", str(SPAWN), str(figures), "--", *map(str, cmd)],
                                    cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_group(proc.pid)
                proc.wait()
                raise MeasureError(f"{' '.join(map(str, cmd))} did not finish within {timeout:.0f} s") from None
            out.seek(0)
            text = out.read().decode("utf-8", "replace")
        if proc.returncode != 0 or not figures.exists():
            raise MeasureError(f"the measuring wrapper failed ({proc.returncode}):\n{text[-2000:]}")
        f = json.loads(figures.read_text(encoding="utf-8"))
    return Run(f["wall"], f["cpu"], f["maxrss_kb"] / 1024, f["returncode"], text)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Rebuild:
    first_build: float  # seconds from start until the server answered
    rebuild: float  # seconds from the edit until the record's page was served with it
    built_in: float | None  # the build time the server itself logged for the rebuild
    listed: float | None = None  # from a title edit until the year's index showed it and the browsers reloaded


def serve_rebuild(mkdocs: str, root: Path, env: dict, record: Path, timeout: float, page: str,
                  year_page: str | None = None) -> Rebuild:
    """Start `mkdocs serve --livereload`, wait until it serves, append a line to `record`,
    and time from the edit until the record's page (`page`: its site path) is served with
    the new line, as an author waiting for the preview sees it. The record is put back as
    it was and the server stopped, whatever happens."""
    port = free_port()
    lines: queue.Queue = queue.Queue()
    proc = subprocess.Popen([mkdocs, "serve", "--livereload", "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True, text=True, encoding="utf-8", errors="replace")

    def read():
        for line in proc.stdout:
            lines.put((time.perf_counter(), line))
        lines.put((time.perf_counter(), None))

    threading.Thread(target=read, daemon=True).start()
    original = record.read_bytes()
    log: list[str] = []

    def wait_for(marker: str, deadline: float) -> tuple[float, str]:
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise MeasureError(f"mkdocs serve: no '{marker}' within the time limit; last lines:\n"
                                   + "".join(log[-15:]))
            try:
                at, line = lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise MeasureError("mkdocs serve stopped; last lines:\n" + "".join(log[-15:]))
            log.append(line)
            if "error happened during the rebuild" in line:
                raise MeasureError("mkdocs serve: the rebuild failed:\n" + "".join(log[-15:]))
            if marker in line:
                return at, line

    start = time.perf_counter()
    try:
        wait_for("Serving on", start + timeout)
        _wait_http(port, start + timeout)
        first = time.perf_counter() - start
        time.sleep(1.0)  # let the file watcher settle
        marker = "基准测试：编辑一条记录后重建。"
        seen = _edit_and_wait(proc, port, record, original + f"\n{marker}\n".encode("utf-8"), page, marker,
                              timeout, log)
        # what the server said about it (a quick rebuild or MkDocs' own), once it is done
        wait_for("Reloading browsers", time.perf_counter() + timeout)
        built_in = None
        for line in log:
            if "Documentation built in" in line or "preview:" in line:
                found = re.search(r"in ([0-9.]+) s", line)
                built_in = float(found[1]) if found else built_in
        # a title: every list of records shows it. Timed until the year's index page is
        # served with it and the server has told the browsers to reload, which it does
        # once every page the edit changes is written (the open items, the decision log,
        # the owners' pages: all of them, not only the one fetched)
        text = original.decode("utf-8")
        title = re.search(r"^title: *(.*)$", text, re.M)
        listed = None
        if year_page and title:
            renamed = "基准改名" + title[1].strip().strip("'\"")
            edited = text.replace(title[0], f"title: {renamed}", 1) + f"\n{marker}\n"
            before = time.perf_counter()
            listed = _edit_and_wait(proc, port, record, edited.encode("utf-8"), year_page, renamed, timeout, log)
            reloaded, _line = wait_for("Reloading browsers", time.perf_counter() + timeout)
            listed = max(listed, reloaded - before)
        return Rebuild(first, seen, built_in, listed)
    finally:
        _stop(proc)
        record.write_bytes(original)


def _edit_and_wait(proc, port: int, record: Path, data: bytes, page: str, marker: str, timeout: float,
                   log: list) -> float:
    """Write `data` to `record`; seconds until `page` is served holding `marker`."""
    edited = time.perf_counter()
    record.write_bytes(data)
    url = f"http://127.0.0.1:{port}/{urllib.parse.quote(page)}"
    while time.perf_counter() < edited + timeout:
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                if marker in resp.read().decode("utf-8", "replace"):
                    return time.perf_counter() - edited
        except OSError:
            pass
        if proc.poll() is not None:
            raise MeasureError("mkdocs serve stopped; last lines:\n" + "".join(log[-15:]))
        time.sleep(0.02)
    raise MeasureError(f"mkdocs serve: {page} did not show the edit within the time limit")


def _wait_http(port: int, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        if time.perf_counter() > deadline:
            raise MeasureError(f"mkdocs serve: nothing served on port {port}")
        time.sleep(0.2)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: mkdocs shuts down cleanly
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)
    except ProcessLookupError:
        pass
