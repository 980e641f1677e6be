"""Markdown tables of a benchmark report, for docs/benchmarks.md: the figures per size,
the growth between sizes and the targets, written from the JSON so that nothing is
copied by hand.

    python -m benchmarks.report /tmp/bench.json
"""

from __future__ import annotations

from . import report_command
from .run import ROWS


def _cell(value, fmt: str) -> str:
    return "—" if value is None else fmt.format(value).replace("×", " ×")


def markdown(report: dict) -> str:
    runs = report["runs"]
    out = ["| measure | " + " | ".join(f"{r['records']:,} records" for r in runs) + " |",
           "|---|" + "---:|" * len(runs)]
    for key, label, fmt in ROWS[1:]:
        if all(r.get(key) is None for r in runs):
            continue  # not measured in this run (--only)
        label = label.strip()
        out.append(f"| {label} | " + " | ".join(_cell(r.get(key), fmt) for r in runs) + " |")
    for g in report["growth"]:
        out += ["", f"Growth from {g['from']:,} to {g['to']:,} records (×{g['records_factor']:g}; "
                    f"linear with 10 % slack: ≤ ×{g['limit']:g}):", "",
                "| check | parse floor | build | raw floor build | build peak memory |", "|---:|---:|---:|---:|---:|",
                "| " + " | ".join(f"×{g[k]:g}" if k in g else "—"
                                  for k in ("check", "parse_floor", "build", "floor_build", "build_peak_mb")) + " |"]
    out += ["", "| target | records | measured | |", "|---|---:|---:|---|"]
    for t in report["targets"]:
        out.append(f"| {t['target']} | {t['records']:,} | {t['measured']:g}{t['unit']} | "
                   f"{'met' if t['met'] else '**not met**'} |")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    return report_command.run("benchmarks.report", markdown, argv)


if __name__ == "__main__":
    raise SystemExit(main())
