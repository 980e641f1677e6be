"""How `minutebook check` shows what it found: one module per `--format`, each turning the
collected findings (a `Report`) into the text for standard output. Nothing here checks
anything or prints: the command checks, then hands the report to one of these.

- text: one line a finding, `path:line:col: CODE message`, as a terminal shows it;
- json: the findings as data, for programs;
- github: GitHub Actions workflow commands, one annotation a finding;
- gitlab: a GitLab Code Quality report;
- sarif: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF readers.
"""

from __future__ import annotations

from typing import Callable

from minutebook.cli.reporters import github, gitlab, json, sarif, text
from minutebook.cli.reporters.report import Report

FORMATS: dict[str, Callable[[Report], str]] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "sarif": sarif.render,
}

__all__ = ["FORMATS", "Report"]
