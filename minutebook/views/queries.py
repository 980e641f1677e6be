"""Plain queries over records and items, shared by the site, the CLI and the metrics.

Every date-relative answer takes the reference date explicitly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minutebook.model import policy
from minutebook.model.items import Item
from minutebook.model.record import Record
from minutebook.model.vocabulary import CLOSED_STATUSES
from minutebook.model.workdays import Calendar


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the ISO week containing `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def open_items(items: list[Item]) -> list[Item]:
    return [i for i in items if i.is_open]


def overdue(items: list[Item], as_of: dt.date) -> list[Item]:
    return [i for i in items if i.is_overdue(as_of)]


def due_between(items: list[Item], first: dt.date, last: dt.date) -> list[Item]:
    """Open items due in [first, last]."""
    return [i for i in items if i.is_open and i.due and first <= i.due <= last]


DUE_SOON_DAYS = 7  # "due soon" on the live pages: the next seven days, whatever the weekday
RECENT_DAYS = 30  # "recent" on the live pages: items closed, decisions made in the last thirty days


def due_this_week(items: list[Item], as_of: dt.date) -> list[Item]:
    """Open items due from the reference date to the end of its week."""
    return due_between(items, as_of, week_bounds(as_of)[1])


def blocked(items: list[Item]) -> list[Item]:
    return [i for i in items if i.status == "blocked"]


def most_late(items: list[Item], as_of: dt.date, calendar: Calendar) -> list[Item]:
    """Overdue items, the latest first (working days late, then due date, id, place)."""
    return sorted(overdue(items, as_of),
                  key=lambda i: (-i.days_late(as_of, calendar), i.due, i.id or "", i.record.path, i.index))


def escalated(items: list[Item], as_of: dt.date, calendar: Calendar, threshold: int) -> list[Item]:
    """Overdue items more than `threshold` working days late, the latest first."""
    return [i for i in most_late(items, as_of, calendar) if policy.is_escalated(i.days_late(as_of, calendar), threshold)]


def by_due(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.due or dt.date.max, i.id or "", i.record.path, i.index))


@dataclass
class Decision:
    record: Record
    date: dt.date
    text: str
    topic: str = ""
    id: str = ""  # a topic's `decision_id`
    supersedes: tuple = ()
    superseded_by: "Decision | None" = None  # the later decision that replaced this one


def decisions(records: list[Record]) -> list[Decision]:
    """Decisions of all minutes, newest meeting first; each replaced one knows its successor."""
    out: list[Decision] = []
    for r in records:
        if r.kind != "minutes":
            continue
        date = r.date  # (a property: worked out once per record, not per decision)
        for text in r.meta.get("decisions") or ():
            out.append(Decision(r, date, text))
        for topic in r.meta.get("topics") or ():
            if topic.get("decision"):
                out.append(Decision(r, date, topic["decision"], topic.get("title", ""),
                                    topic.get("decision_id", ""), tuple(topic.get("supersedes") or ())))
    by_id = {d.id: d for d in out if d.id}
    for d in sorted(out, key=lambda d: (d.date, d.record.path)):  # the latest replacement wins
        for old in d.supersedes:
            if old in by_id and by_id[old] is not d:
                by_id[old].superseded_by = d
    return sorted(out, key=lambda d: (d.date, d.record.path), reverse=True)


@dataclass
class Lesson:
    record: Record
    index: int
    lesson: dict
    item: Item | None  # the improvement as a tracked item, when it has one


def lessons(records: list[Record], items: list[Item]) -> list[Lesson]:
    tracked = {(id(i.record), i.index): i for i in items if i.list_name == "lessons"}
    out = []
    for r in sorted(records, key=lambda r: (r.date, r.path), reverse=True):
        if r.kind != "retrospective":
            continue
        for n, lesson in enumerate(r.meta.get("lessons") or ()):
            out.append(Lesson(r, n, lesson, tracked.get((id(r), n))))
    return out


def next_review(record: Record) -> dt.date | None:
    return policy.next_review(record.meta)


def sop_is_stale(record: Record, as_of: dt.date) -> bool:
    return policy.review_overdue(record.meta, as_of)


@dataclass
class ConflictState:
    record: Record
    limit: int  # working days allowed
    taken: int  # working days from raised to resolved (or to the reference date)
    outcome: str  # policy.WITHIN, LATE or PENDING
    resolved: bool  # resolved on or before the reference date

    @property
    def within_sla(self) -> bool:
        return self.outcome != policy.LATE

    @property
    def label(self) -> str:
        if self.resolved:
            return "按时解决" if self.within_sla else "超时解决"
        return "处理中" if self.within_sla else "已超时"


def conflict_state(record: Record, as_of: dt.date, calendar: Calendar) -> ConflictState | None:
    m = record.meta
    if record.kind != "conflict" or not m.get("raised") or m.get("level") not in policy.CONFLICT_SLA_WORKING_DAYS:
        return None
    limit, taken, outcome = policy.conflict_outcome(m["level"], m["raised"], m.get("resolved"), as_of, calendar)
    return ConflictState(record, limit, taken, outcome, bool(m.get("resolved") and m["resolved"] <= as_of))


def closed_on(item: Item) -> dt.date | None:
    """The day a closed item was last closed (its `done_on` when given); None while open."""
    if item.is_open:
        return None
    day = item.record.date if item.first_status in CLOSED_STATUSES else None
    for change in item.history:
        if change.status in CLOSED_STATUSES and change.previous_status not in CLOSED_STATUSES:
            day = change.effective_date
    return day
