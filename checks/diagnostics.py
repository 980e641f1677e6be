"""What a check reports: a diagnostic at `path:line:col` with a rule code, and how a
terminal shows it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.base.i18n import _

# C0/C1 controls (tab and newline excepted), zero-width and bidi formatting characters,
# the soft hyphen (invisible, yet it splits a word for search and copy-paste) and the
# tag characters U+E0000–E007F (invisible text that a reader never sees)
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff"
    "\U000e0000-\U000e007f]"
)


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # relative to the repository root, with forward slashes
    line: int  # 1-based
    col: int  # 1-based
    code: str
    message: str
    severity: str = ERROR

    def format(self) -> str:
        prefix = _("warning: ") if self.severity == WARNING else ""
        return f"{self.path}:{self.line}:{self.col}: {self.code} {prefix}{self.message}"

    def as_json(self) -> dict:
        return {
            "path": self.path, "line": self.line, "col": self.col,
            "code": self.code, "severity": self.severity, "message": self.message,
        }


def printable(line: str) -> str:
    """One line a terminal shows as written: invisible and bidi characters quoted from a
    record are spelt \\uXXXX (a U+202E would reorder the line), newlines \\n."""
    line = INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF
                          else f"\\U{ord(m.group()):08x}", line)
    return line.replace("\n", "\\n")
