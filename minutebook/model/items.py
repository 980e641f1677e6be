"""Trackable items across records: actions, pending questions, request problems,
plan tasks and lesson improvements, each with its latest state after later updates.

A later record moves an item on with `updates: [{ref, status, note, due, owner}]`.
Updates apply in the order of their records' dates (then meeting start, then path),
so the newest wins everywhere: record pages, open items, exports and metrics.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from minutebook.model.record import Record
from minutebook.model.registry import Registry
from minutebook.model.schema import KINDS, item_lists
from minutebook.model.vocabulary import CLOSED_STATUSES
from minutebook.model.workdays import Calendar


@dataclass(slots=True)
class Change:
    """One update of an item by a later record."""

    record: Record
    index: int  # position in that record's `updates`
    date: dt.date
    status: str
    previous_status: str
    note: str = ""
    due: dt.date | None = None  # new due date, when re-dated
    previous_due: dt.date | None = None
    owner: str | None = None  # new owner, when reassigned
    previous_owner: str | None = None
    # made by a record the audience may not read: its effect shows, nothing of it else
    hidden: bool = False
    done_on: dt.date | None = None  # when the work was finished, if before the record's date

    @property
    def effective_date(self) -> dt.date:
        """The day the change took effect: `done_on` when given, else the record's date."""
        return self.done_on or self.date

    @property
    def slipped(self) -> bool:
        return bool(self.due and self.previous_due and self.due > self.previous_due)

    def slip_days(self, calendar: Calendar) -> int | None:
        """Working days the due date moved (later: positive), or None when not re-dated."""
        if not (self.due and self.previous_due) or self.due == self.previous_due:
            return None
        return calendar.between(self.previous_due, self.due)


@dataclass(slots=True)  # 22,000 of them at 10,000 records, made again at every reload
class Item:
    id: str | None
    list_name: str  # the field it is declared in: actions, pending, tasks …
    noun: str  # its Chinese noun: 行动项, 未决事项 …
    text: str
    owner: str | None
    department: str | None
    due: dt.date | None
    status: str
    record: Record
    index: int
    deliverable: str = ""
    history: list[Change] = field(default_factory=list)
    first_due: dt.date | None = None
    first_owner: str | None = None
    first_status: str = "open"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def anchor(self) -> str:
        """The HTML id of the item's row on its record page."""
        return f"item-{self.id}" if self.id else f"item-{self.list_name}-{self.index + 1}"

    def is_overdue(self, as_of: dt.date) -> bool:
        return self.is_open and self.due is not None and self.due < as_of

    def days_late(self, as_of: dt.date, calendar: Calendar) -> int:
        """Working days past due (0 when not overdue)."""
        if not self.is_overdue(as_of):
            return 0
        return calendar.between(self.due, as_of)


def _update_order(record: Record):
    start = record.meta.get("start")
    return (record.meta.get("date") or dt.date.min, start or dt.time.min, record.path)


def collect(records: list[Record], registry: Registry, only: set[str] | None = None) -> list[Item]:
    """Every trackable item of the records, with updates applied in record order
    (`only`: just the items with these ids, for the checks, which judge updated ones)."""
    items: list[Item] = []
    by_id: dict[str, Item] = {}
    lists_of = {k: tuple(item_lists(kind)) for k, kind in KINDS.items()}  # the kinds' fields, walked once
    department_of = registry.department_of
    for record in records:
        lists = lists_of.get(record.kind or "")
        if not lists:
            continue
        meta = record.meta
        for name, spec, _ in lists:
            for i, raw in enumerate(meta.get(name) or ()):
                if spec.only_if and not raw.get(spec.only_if):
                    continue
                item_id = raw.get(spec.id)
                if only is not None and item_id not in only:
                    continue
                owner = raw.get(spec.owner)
                dept = raw.get("department") or (department_of(owner) if owner else None)
                status = raw.get(spec.status, "open") if spec.status else "open"
                due = raw.get(spec.due)
                item = Item(item_id, name, spec.noun, raw.get(spec.text, ""), owner, dept, due, status, record, i,
                            raw.get("deliverable", ""), [], due, owner, status)
                items.append(item)
                if item_id and item_id not in by_id:
                    by_id[item_id] = item
    for record in sorted(records, key=_update_order):
        for i, update in enumerate(record.meta.get("updates") or ()):
            item = by_id.get(update.get("ref"))
            if item is None or item.record is record or "status" not in update:
                continue
            change = Change(
                record=record, index=i, date=record.meta.get("date"), status=update["status"],
                previous_status=item.status, note=update.get("note", ""),
                due=update.get("due"), previous_due=item.due,
                owner=update.get("owner"), previous_owner=item.owner,
                done_on=update.get("done_on"),
            )
            item.history.append(change)
            item.status = change.status
            if change.due:
                item.due = change.due
            if change.owner:
                item.owner = change.owner
                item.department = registry.department_of(change.owner) or item.department
    return items


def by_id(items: list[Item]) -> dict[str, Item]:
    return {i.id: i for i in items if i.id}
