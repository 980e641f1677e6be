"""What a check found, collected before anything is shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from checks.diagnostics import ERROR, WARNING, Diagnostic


@dataclass(frozen=True)
class Report:
    """The findings of one check and its reference date (a docstring of its own also spares
    the dataclass an inspect.signature at import)."""

    diagnostics: tuple[Diagnostic, ...]
    as_of: dt.date
    version: str | None = None  # minutebook's own, when installed
    rules_url: str | None = None  # the rules reference on the site, when its address is known

    @property
    def errors(self) -> int:
        return sum(d.severity == ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == WARNING for d in self.diagnostics)
