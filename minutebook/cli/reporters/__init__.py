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

import importlib
from collections.abc import Callable, Iterator, Mapping

from minutebook.cli.reporters.report import Report


class _Formats(Mapping):
    """Each format's `render`, its module imported when asked for: the text a pre-commit
    run prints does not wait for SARIF's rule catalogue or GitLab's hashing."""

    NAMES = ("text", "json", "github", "gitlab", "sarif")

    def __getitem__(self, name: str) -> Callable[[Report], str]:
        if name not in self.NAMES:
            raise KeyError(name)
        return importlib.import_module(f"{__name__}.{name}").render

    def __iter__(self) -> Iterator[str]:
        return iter(self.NAMES)

    def __len__(self) -> int:
        return len(self.NAMES)


FORMATS: Mapping[str, Callable[[Report], str]] = _Formats()

__all__ = ["FORMATS", "Report"]
