"""Who may read a record, and the view of the repository one audience gets.

An audience is `public`, `internal` (the default) or a department name, which adds
that department's restricted records. Everything a build or an export shows is
computed from `view()`, so what an audience may not read is absent from all of it.
It fails closed: a visibility that is not exactly one of the vocabulary's words is
readable by no one.
"""

from __future__ import annotations

import os

from minutebook.base.errors import UsageError
from minutebook.base.i18n import _
from minutebook.model.record import Record
from minutebook.model.registry import Registry
from minutebook.model.vocabulary import VISIBILITIES
from minutebook.model.yamlstrict import Scalar

PUBLIC, INTERNAL = "public", "internal"
ENV = "MINUTEBOOK_AUDIENCE"


def visibility(record: Record) -> str | None:
    """The record's visibility as typed, or None when it is anything unexpected."""
    node = record.tree.get("visibility")
    if node is None or (isinstance(node, Scalar) and node.value is None):
        return INTERNAL
    if isinstance(node, Scalar) and node.value.strip() in VISIBILITIES:
        return node.value.strip()
    return None


def can_read(record: Record, audience: str) -> bool:
    vis = visibility(record)
    if vis is None:
        return False
    if audience == PUBLIC:
        return vis == PUBLIC
    if vis in (PUBLIC, INTERNAL):
        return True
    # restricted: only the departments named in `audience`, never `internal` at large
    return audience != INTERNAL and audience in (record.meta.get("audience") or ())


def audience(registry: Registry, value: str | None = None) -> str:
    """The audience asked for (argument, else MINUTEBOOK_AUDIENCE, else internal)."""
    chosen = (value or os.environ.get(ENV) or INTERNAL).strip()
    if chosen in (PUBLIC, INTERNAL) or registry.is_department(chosen):
        return chosen
    source = "--audience" if value else ENV
    close = registry.suggest(chosen, people=False)
    hint = _("; did you mean '{value}'?").format(value=close) if close else ""
    raise UsageError(
        _("{source} must be public, internal or a department of records/org.yml: '{value}'").format(
            source=source, value=chosen) + hint
    )


def readable(records: list[Record], audience_: str) -> list[Record]:
    return [r for r in records if can_read(r, audience_)]
