"""The site of the build in progress: one View of the repository, read once per
build and shared by the plugin, the macros and the index pages.

No MkDocs import: the CLI's pre-rendering uses the same objects.
"""

from __future__ import annotations

from checks.model import Record
from checks.view import View


def page_path(record: Record) -> str:
    """The docs-relative source path of a record's page: its path in the repository."""
    return record.path


Site = View  # the renderers call it the site

# The site of the build in progress, set by the records plugin, read by the macros.
_current: Site | None = None


def set_current(site: Site | None) -> None:
    global _current
    _current = site


def current() -> Site:
    if _current is None:
        raise RuntimeError("the minutebook plugin must be listed before macros in mkdocs.yml")
    return _current
