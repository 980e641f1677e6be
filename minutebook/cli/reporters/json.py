"""`--format json`: the findings as data, for programs; values are kept as they are."""

from __future__ import annotations

import json

from minutebook.cli.reporters.report import Report


def render(report: Report) -> str:
    return json.dumps({
        "as_of": report.as_of.isoformat(),
        "errors": report.errors,
        "warnings": report.warnings,
        "diagnostics": [d.as_json() for d in report.diagnostics],
    }, ensure_ascii=False, indent=2) + "\n"
