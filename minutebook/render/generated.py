"""The pages a build generates besides the record pages, as one list: the index pages,
each person's and department's page, and each year's decision log. The MkDocs plugin,
its preview and `minutebook render` all take them from here."""

from __future__ import annotations

from minutebook.render import aggregates, indexes, people
from minutebook.views.view import View


def pages(view: View, only: set[str] | None = None) -> dict[str, str]:
    """docs-relative path -> Markdown of every generated page (of those in `only`, if given)."""
    return {**indexes.pages(view, only), **people.pages(view, only), **aggregates.decision_pages(view, only)}


def in_nav(path: str) -> bool:
    """Whether the generated page is in the navigation: the index of records alone (the
    others are reached through it, the people's pages and the decision log)."""
    return path == indexes.INDEX
