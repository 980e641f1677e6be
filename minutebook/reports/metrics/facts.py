"""What the metrics count, gathered once from the records: closings, meetings,
notices, conflicts, open items and stale SOPs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from minutebook.model import items as items_mod
from minutebook.model import policy
from minutebook.model.items import Item
from minutebook.model.policy import CONFLICT_SLA_WORKING_DAYS
from minutebook.model.record import Record
from minutebook.model.workdays import Calendar
from minutebook.views.queries import sop_is_stale


@dataclass(frozen=True)
class Closing:
    item: Item
    date: dt.date  # closing date
    due: dt.date  # due date in force just before closing
    slip: int  # working days after due (0 when on time)

    @property
    def on_time(self) -> bool:
        return self.date <= self.due


@dataclass(frozen=True)
class Meeting:
    record: Record
    date: dt.date
    minutes: int
    published_in_time: bool


@dataclass(frozen=True)
class Notice:
    record: Record
    date: dt.date
    lead: int  # working days from issued to the meeting
    topics: int
    overruns: int

    @property
    def lead_ok(self) -> bool:
        return policy.lead_time_ok(self.lead)


@dataclass(frozen=True)
class Conflict:
    record: Record
    level: str
    raised: dt.date
    taken: int  # working days to resolution, or to the reference date when open
    outcome: str  # WITHIN, LATE or PENDING


@dataclass(frozen=True)
class OpenItem:
    item: Item
    age: int  # working days from its record's date to the reference date
    overdue: bool


def closing_of(item: Item, calendar: Calendar) -> Closing | None:
    """When and against which due date a done item was closed; None otherwise."""
    if item.status != "done":
        return None
    date = due = None
    if item.first_status == "done":
        date, due = item.record.date, item.first_due
    for change in item.history:
        if change.status == "done" and change.previous_status != "done":
            date, due = change.effective_date, change.previous_due
    if date is None or due is None:
        return None
    return Closing(item, date, due, max(0, calendar.between(due, date)) if date > due else 0)


def _meeting_of(record: Record) -> Meeting | None:
    m = record.meta
    if not (m.get("date") and m.get("start") and m.get("end")):
        return None
    start, end = policy.meeting_span(m)
    if end <= start:
        return None  # MB309 refuses it; a meeting of no length says nothing
    return Meeting(record, m["date"], policy.minutes_between(start, end), policy.published_in_time(end, m.get("published")))


def _notice_of(record: Record, calendar: Calendar) -> Notice | None:
    m = record.meta
    if not (m.get("date") and m.get("issued")):
        return None
    topics = [t for t in m.get("agenda") or () if isinstance(t.get("minutes"), int)]
    return Notice(record, m["date"], calendar.between(m["issued"], m["date"]), len(topics),
                  sum(policy.topic_too_long(t["minutes"]) for t in topics))


def _conflict_of(record: Record, as_of: dt.date, calendar: Calendar) -> Conflict | None:
    m = record.meta
    level = m.get("level")
    if not m.get("raised") or level not in CONFLICT_SLA_WORKING_DAYS:
        return None
    _limit, taken, outcome = policy.conflict_outcome(level, m["raised"], m.get("resolved"), as_of, calendar)
    return Conflict(record, level, m["raised"], taken, outcome)


@dataclass
class Facts:
    """What the metrics count, gathered once from the records up to the reference date."""

    as_of: dt.date
    closings: list[Closing] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    open_items: list[OpenItem] = field(default_factory=list)
    sops: list[Record] = field(default_factory=list)  # stale SOPs

    @classmethod
    def gather(cls, records: list[Record], registry, as_of: dt.date, calendar: Calendar,
               every_record: list[Record] | None = None) -> "Facts":
        """Facts of the readable `records`; updates from `every_record` (the whole
        repository) apply to their items as they do in the View, effect only."""
        records = [r for r in records if r.date is not None and r.date <= as_of]
        readable = {id(r) for r in records}
        source = [r for r in (every_record or records) if r.date is not None and r.date <= as_of]
        facts = cls(as_of)
        for item in items_mod.collect(source, registry):
            if id(item.record) not in readable:
                continue
            if item.is_open:
                facts.open_items.append(OpenItem(item, max(0, calendar.between(item.record.date, as_of)),
                                                 item.is_overdue(as_of)))
            elif (c := closing_of(item, calendar)) is not None:
                facts.closings.append(c)
        for r in records:
            if r.kind == "minutes" and (meeting := _meeting_of(r)):
                facts.meetings.append(meeting)
            elif r.kind == "notice" and (notice := _notice_of(r, calendar)):
                facts.notices.append(notice)
            elif r.kind == "conflict" and (conflict := _conflict_of(r, as_of, calendar)):
                facts.conflicts.append(conflict)
            elif r.kind == "sop" and sop_is_stale(r, as_of):
                facts.sops.append(r)
        return facts

    def of_department(self, dept: str) -> "Facts":
        def listed(record):
            return dept in (record.meta.get("departments") or ())

        return Facts(
            self.as_of,
            [c for c in self.closings if c.item.department == dept],
            [m for m in self.meetings if listed(m.record)],
            [n for n in self.notices if listed(n.record)],
            [c for c in self.conflicts if listed(c.record)],
            [o for o in self.open_items if o.item.department == dept],
            [s for s in self.sops if s.meta.get("owner_department") == dept],
        )
