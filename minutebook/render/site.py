"""Where a record's page lives in the site."""

from __future__ import annotations

from minutebook.model.record import Record


def page_path(record: Record) -> str:
    """The docs-relative source path of a record's page: its path in the repository."""
    return record.path
