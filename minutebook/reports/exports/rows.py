"""The open items a feed shows, in the order it shows them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minutebook.base.errors import UsageError
from minutebook.base.i18n import _
from minutebook.model.items import Item
from minutebook.model.registry import Registry
from minutebook.model.vocabulary import STATUSES
from minutebook.reports.exports.links import Links

# UIDs: `<id>@minutebook` for to-dos, another domain for the all-day events, so the
# two feeds never share a UID (ids may contain dots, so no suffix could be unique).
UID_DOMAIN = "minutebook"
EVENT_UID_DOMAIN = "events.minutebook"


@dataclass(frozen=True)
class Row:
    """One open item as the feeds show it."""

    item: Item
    uid_base: str  # the item id, or record key + list + position
    overdue: bool
    days_late: int
    url: str

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.item.status, self.item.status)

    def uid(self, events: bool = False) -> str:
        return f"{self.uid_base}@{EVENT_UID_DOMAIN if events else UID_DOMAIN}"


def uid_base(item: Item) -> str:
    """Stable across runs and edits: the id; else where the item is declared."""
    return item.id or f"{item.record.key}-{item.list_name}-{item.index + 1}"


def check_filters(registry: Registry, owner: str | None, department: str | None) -> None:
    """UsageError, with a "did you mean", for a name the registry does not know."""
    if owner is not None and not (registry.is_person(owner) or registry.is_department(owner)):
        raise UsageError(_("--owner must be a person or a department of records/org.yml: '{value}'").format(
            value=owner) + _hint(registry.suggest(owner)))
    if department is not None and not registry.is_department(department):
        raise UsageError(_("--department must be a department of records/org.yml: '{value}'").format(
            value=department) + _hint(registry.suggest(department, people=False)))


def _hint(suggestion: str | None) -> str:
    return _("; did you mean '{value}'?").format(value=suggestion) if suggestion else ""


def _order(item: Item):
    return (item.due or dt.date.max, item.id or "", item.record.path, item.list_name, item.index)


def rows(view, links: Links, owner: str | None = None, department: str | None = None) -> list[Row]:
    """The view's open items (of `owner` / `department` when given), ordered by due date."""
    picked = [
        i for i in view.items
        if i.is_open
        and (owner is None or i.owner == owner)
        and (department is None or i.department == department)
    ]
    as_of, calendar = view.as_of, view.calendar
    return [
        Row(i, uid_base(i), i.is_overdue(as_of), i.days_late(as_of, calendar), links.item(i))
        for i in sorted(picked, key=_order)
    ]


def feed_name(owner: str | None = None, department: str | None = None) -> str:
    """The calendar's display name, in Chinese: 待办事项 · 研发部."""
    parts = ["待办事项"] + [p for p in (department, owner) if p]
    return " · ".join(parts)
