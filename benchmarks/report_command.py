"""The command both `python -m benchmarks.chart` and `python -m benchmarks.report` are:
one benchmark report (JSON) in, its rendering on standard output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable


def run(module: str, render: Callable[[dict], str], argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(f"usage: python -m {module} REPORT.json", file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as fh:
        sys.stdout.write(render(json.load(fh)))
    return 0
