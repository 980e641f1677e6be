"""Who may move an item on between meetings, in a progress record (MB213).

At a meeting the minutes speak for everyone present; a progress record speaks for its
author (`by`) alone, so only the people answerable for the item may write one: its
current owner (anyone of the department, when a department owns it), a lead or
contact of the owner's department, or the host of the meeting that recorded it.
"""

from __future__ import annotations

from dataclasses import dataclass

from minutebook.base.i18n import _
from minutebook.model.items import Item
from minutebook.model.registry import Registry


@dataclass(frozen=True)
class Answerable:
    """Who is answerable for an item while a given owner owns it."""

    owner: str | None  # a person, or None when a department (or nobody) owns it
    department: str | None  # the owner's department (the owner itself, when a department)
    whole_department: bool  # a department owns the item: any of its people may report
    leads: tuple[str, ...]  # the department's lead and contacts, in the registry's order
    host: str | None  # the host of the meeting that recorded the item
    hosted_at: str  # the path of that record

    def admits(self, person: str, registry: Registry) -> bool:
        if person in (self.owner, self.host, *self.leads):
            return True
        return self.whole_department and registry.department_of(person) == self.department

    def describe(self) -> str:
        """Who may, in words: "its owner 郑雪, a lead or contact of 市场部 (刘洋, 郑雪) or …"."""
        parts = []
        if self.whole_department:
            parts.append(_("the people of its owner {department}").format(department=self.department))
        elif self.owner:
            parts.append(_("its owner {owner}").format(owner=self.owner))
        if self.department and self.leads:
            parts.append(_("a lead or contact of {department} ({people})").format(
                department=self.department, people=", ".join(self.leads)))
        if self.host:
            parts.append(_("the host {host} of {path}").format(host=self.host, path=self.hosted_at))
        if not parts:
            return _("nobody in the registry")
        if len(parts) == 1:
            return parts[0]
        return _("{some} or {last}").format(some=_(", ").join(parts[:-1]), last=parts[-1])


def answerable(item: Item, owner: str | None, registry: Registry) -> Answerable:
    """Who is answerable for `item` while `owner` (its owner at that moment) owns it."""
    department = registry.department_of(owner) if owner else None
    entry = registry.departments.get(department) if department else None
    leads = tuple(dict.fromkeys([n for n in (entry.lead, *entry.contacts) if n])) if entry else ()
    host = item.record.meta.get("host")
    return Answerable(
        owner=owner if owner and registry.is_person(owner) else None,
        department=department,
        whole_department=bool(owner and registry.is_department(owner)),
        leads=leads,
        host=host if isinstance(host, str) and host else None,
        hosted_at=item.record.path,
    )
