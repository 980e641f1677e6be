"""Where pages live in the site: a record's page, a person's and a department's page."""

from __future__ import annotations

from minutebook.model.record import Record
from minutebook.render.markup import esc, link


def page_path(record: Record) -> str:
    """The docs-relative source path of a record's page: its path in the repository."""
    return record.path


PEOPLE, DEPARTMENTS = "people", "departments"
_UNSAFE = set('/\\:*?"<>|#%') | {"\n", "\r", "\t"}


def person_page(name: str) -> str:
    return f"{PEOPLE}/{name}.md"


def department_page(name: str) -> str:
    return f"{DEPARTMENTS}/{name}.md"


def has_page(name: str) -> bool:
    """Whether a name can be a page's file name (the feeds skip the same names)."""
    return bool(name) and not (set(name) & _UNSAFE) and not name.startswith(".")


def named(view) -> tuple[set[str], set[str]]:
    """(people, departments) that have their own page in this build: everyone in the
    registry, except on a public site, which names only who its items and records name."""
    cached = getattr(view, "_named", None)
    if cached is None:
        people, departments = set(view.registry.people), set(view.registry.departments)
        if view.audience == "public":
            people &= {i.owner for i in view.items} | {r.meta.get("owner") for r in view.records}
            departments &= ({i.department for i in view.items} | {r.meta.get("owner") for r in view.records}
                            | {d for r in view.records for d in r.meta.get("departments") or ()})
        cached = ({p for p in people if has_page(p)}, {d for d in departments if has_page(d)})
        view._named = cached
    return cached


def owner_link(name: str | None, here: str, view) -> str:
    """A person's or department's name, linked to their page when they have one in this build."""
    if not name:
        return ""
    people, departments = named(view)
    target = person_page(name) if name in people else department_page(name) if name in departments else None
    return link(esc(name), target, here) if target else esc(name)
