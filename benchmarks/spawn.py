"""Run one command and write its own figures (wall time, CPU time, peak memory) to a
JSON file: the measuring wrapper of benchmarks/measure.py.

    python -S benchmarks/spawn.py OUT.json -- /abs/path/cmd ARG...

A child's peak resident memory (ru_maxrss) includes what its parent held when it was
spawned, so a command started straight from the benchmark runner, whose heap holds a
generated repository, would be charged for it. This wrapper is a small process of its
own (started with -S, a few MB), so the figures are those of the command alone.
"""

import json
import os
import sys
import time


def main() -> int:
    out, sep, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    if sep != "--" or not cmd:
        print("usage: spawn.py OUT.json -- CMD [ARG...]", file=sys.stderr)
        return 2
    start = time.perf_counter()
    pid = os.posix_spawn(cmd[0], cmd, os.environ)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss,
                   "returncode": code}, fh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
