"""Run one command and write its own figures (wall time, CPU time, peak memory) to a
JSON file: the measuring wrapper of benchmarks/measure.py.

    python -S benchmarks/spawn.py OUT.json -- /abs/path/cmd ARG...

A child's peak resident memory (ru_maxrss) includes what its parent held when it was
spawned, so a command started straight from the benchmark runner, whose heap holds a
generated repository, would be charged for it. This wrapper is a small process of its
own (started with -S, a few MB), so the figures are those of the command alone.

ru_maxrss is one process's peak, and a build runs Pagefind's indexer beside MkDocs: the
wrapper also samples the resident memory of the whole process tree every 50 ms, and
reports the larger of the two as the peak (`tree_peak_kb` for the tree alone).
"""

import json
import os
import sys
import threading
import time


def _tree_rss_kb(root: int) -> int:
    """Resident memory of `root` and all its descendants, from /proc (0 off Linux)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return 0
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
        rss[int(name)] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def main() -> int:
    out, sep, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    if sep != "--" or not cmd:
        print("usage: spawn.py OUT.json -- CMD [ARG...]", file=sys.stderr)
        return 2
    start = time.perf_counter()
    pid = os.posix_spawn(cmd[0], cmd, os.environ)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss_kb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    code = os.waitstatus_to_exitcode(status)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                   "maxrss_kb": max(usage.ru_maxrss, peak[0]), "tree_peak_kb": peak[0], "returncode": code}, fh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
