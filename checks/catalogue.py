"""The catalogue of rule codes: one entry per code, with its one-line statement.

Rule functions register themselves with `@rule`; the loader's refusals (encoding,
front-matter shape, YAML) are declared with `declare` since the loader raises them
itself. Either way each code comes with a failing example and its fix, written
beside it (`example=`, see checks/examples.py). The CLI, the docs and the tests all
read `RULES`.

A rule function yields `(line, col, message)`. Its stage says what it is given:
- "text": (lines of the normalised file) before parsing;
- "record": (record, context) for each record that parsed;
- "repository": (records, context) once, across all records; it yields
  `(record, line, col, message)` since its findings may land in any file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from checks.diagnostics import ERROR, WARNING
from checks.examples import Example
from minutebook.base.i18n import _
from minutebook.model.policy import say


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    stage: str  # "load", "text", "record" or "repository"
    severity: str
    doc: str
    check: Callable | None = None
    example: Example | None = None  # its failing example and the fix
    source: str = ""  # the statement as written, English, with its {names}
    values: tuple = ()  # (name, value) filled into the statement besides the policy's numbers

    @property
    def statement(self) -> str:
        """The one-line statement in the current language (`doc` is the English one)."""
        return _fill(_(self.source), self.values) if self.source else self.doc


RULES: dict[str, Rule] = {}


def _fill(text: str, values: tuple) -> str:
    # translated first, then filled: the policy's numbers, then the declaration's own values
    text = say(text)
    for name, value in values:
        text = text.replace("{" + name + "}", str(value))
    return text


def _add(r: Rule) -> None:
    if r.code in RULES:
        raise RuntimeError(f"rule code {r.code} declared twice")
    RULES[r.code] = r


def rule(code: str, name: str, stage: str = "record", severity: str = ERROR, example: Example | None = None):
    def register(fn: Callable) -> Callable:
        # the statement may name policy numbers as {names}: filled in from the policy
        source = (fn.__doc__ or "").strip().splitlines()[0]
        _add(Rule(code, name, stage, severity, say(source), fn, example, source))
        return fn

    return register


def declare(code: str, name: str, doc: str, severity: str = ERROR, example: Example | None = None,
            **values) -> None:
    """A code the loader reports; `doc` may name policy numbers and `values` as {names}."""
    filled = tuple(values.items())
    _add(Rule(code, name, "load", severity, _fill(doc, filled), example=example, source=doc, values=filled))


def severity(code: str) -> str:
    r = RULES.get(code)
    return r.severity if r else ERROR


def stage(name: str) -> list[Rule]:
    return [r for r in RULES.values() if r.stage == name and r.check is not None]


__all__ = ["RULES", "Rule", "rule", "declare", "severity", "stage", "ERROR", "WARNING"]
