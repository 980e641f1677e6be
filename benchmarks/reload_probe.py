"""What the preview server pays after one edit: `reload` of a loaded repository, told the
edited file, and re-stating every file; each against the full load, in one process.
Run as a script by the benchmark; prints JSON. The record is put back as it was.

    python benchmarks/reload_probe.py ROOT RECORD [EDITS]
"""

import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

from checks.engine import load_repository, reload


def main(root: str, record: str, edits: int = 3) -> int:
    as_of = dt.date.fromisoformat(os.environ.get("MINUTEBOOK_TODAY", "2026-11-20"))
    path = Path(root, record)
    original = path.read_bytes()
    t = time.perf_counter()
    repo = load_repository(Path(root), as_of)
    out = {"load_s": time.perf_counter() - t, "told_s": [], "restat_s": [], "cpu_s": []}
    try:
        for n in range(edits):
            for how in ("told_s", "restat_s"):
                path.write_bytes(original + f"\n基准测试：第 {n + 1} 次编辑（{how}）。\n".encode())
                t, cpu = time.perf_counter(), time.process_time()
                repo = reload(repo, [path] if how == "told_s" else None)
                out[how].append(time.perf_counter() - t)
                if how == "told_s":  # the process's own CPU time: what a busy machine does not inflate
                    out["cpu_s"].append(time.process_time() - cpu)
    finally:
        path.write_bytes(original)
    kept = sum(1 for r in repo.records if r.path != record)
    print(json.dumps({"load_s": round(out["load_s"], 4), "records": len(repo.records), "kept": kept,
                      "reload_s": round(statistics.median(out["told_s"]), 4),
                      "reload_restat_s": round(statistics.median(out["restat_s"]), 4),
                      "reload_cpu_s": round(statistics.median(out["cpu_s"]), 4),
                      "reload_all_s": [round(x, 4) for x in out["told_s"]]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2], *(int(a) for a in sys.argv[3:])))
