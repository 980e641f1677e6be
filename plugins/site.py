"""The View of the build in progress, set by the records plugin and read by the macros."""

from __future__ import annotations

from minutebook.base.i18n import _
from minutebook.views.view import View

_current: View | None = None


def set_current(view: View | None) -> None:
    global _current
    _current = view


def current() -> View:
    if _current is None:
        raise RuntimeError(_("the minutebook plugin must be listed before macros in mkdocs.yml"))
    return _current
