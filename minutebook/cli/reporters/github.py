"""`--format github`: one GitHub Actions workflow command a finding,

    ::error file={path},line={line},col={col},title={code} {rule name}::{message}

(`::warning` for a warning), which the runner turns into an annotation on the file and
line of the pull request. Values are escaped as the Actions toolkit escapes them
(@actions/core, command.ts): `%`, CR and LF in the message; those and `:` and `,` in a
property. The message is first spelt as the text format spells it (invisible and bidi
characters as \\uXXXX, a newline as \\n): an annotation is read by a person.
"""

from __future__ import annotations

from checks.catalogue import RULES
from checks.diagnostics import WARNING, Diagnostic, printable
from minutebook.cli.reporters.report import Report


def escape_data(value: str) -> str:
    """A command's message, as the toolkit's `escapeData`."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A command's property value, as the toolkit's `escapeProperty`."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def title(d: Diagnostic) -> str:
    rule = RULES.get(d.code)
    return f"{d.code} {rule.name}" if rule else d.code


def command(d: Diagnostic) -> str:
    name = "warning" if d.severity == WARNING else "error"
    properties = {"file": d.path, "line": str(d.line), "col": str(d.col), "title": title(d)}
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name} {listed}::{escape_data(printable(d.message))}"


def render(report: Report) -> str:
    return "".join(command(d) + "\n" for d in report.diagnostics)
