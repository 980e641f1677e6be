"""`--format text`: one line a finding, `path:line:col: CODE message`, as a terminal shows it."""

from __future__ import annotations

from checks.diagnostics import printable
from minutebook.cli.reporters.report import Report


def render(report: Report) -> str:
    return "".join(printable(d.format()) + "\n" for d in report.diagnostics)
