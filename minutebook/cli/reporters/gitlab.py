"""`--format gitlab`: a GitLab Code Quality report, the JSON array of issues that a job
publishes with `artifacts: reports: codequality:`; GitLab shows it on the merge request.

Each issue has the fields GitLab requires: `description` (the code and the message, spelt
as the text format spells it: the widget is read by a person), `check_name` (the rule
code), `fingerprint`, `severity` and `location` (`path`, `lines.begin`).

Severity: an error is `major`, a warning `minor`. GitLab ranks info < minor < major <
critical < blocker; errors rank above warnings, as in ESLint's and most linters' reports.
`critical` and `blocker` are left to findings about security or a broken build: an error
here is a record to correct, and what refuses the merge request is the failing job, not
the report.

Fingerprint: the SHA-256 of the path, code, line, column and message (with the number of
earlier identical findings, should one repeat), so the same finding has the same
fingerprint on every run (GitLab compares the source and target branches by it) and no
two issues of one report share one.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from checks.diagnostics import ERROR, WARNING, Diagnostic, printable
from minutebook.cli.reporters.report import Report

SEVERITY = {ERROR: "major", WARNING: "minor"}


def fingerprint(d: Diagnostic, repeat: int = 0) -> str:
    parts = [d.path, d.code, str(d.line), str(d.col), d.message] + ([str(repeat)] if repeat else [])
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def issues(report: Report) -> list[dict]:
    seen: Counter = Counter()
    out = []
    for d in report.diagnostics:
        key = (d.path, d.code, d.line, d.col, d.message)
        out.append({
            "description": printable(f"{d.code} {d.message}"),
            "check_name": d.code,
            "fingerprint": fingerprint(d, seen[key]),
            "severity": SEVERITY.get(d.severity, "major"),
            "location": {"path": d.path, "lines": {"begin": d.line}},
        })
        seen[key] += 1
    return out


def render(report: Report) -> str:
    return json.dumps(issues(report), ensure_ascii=False, indent=2) + "\n"
