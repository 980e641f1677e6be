"""Open items as an iCalendar feed: one VTODO per item, or one all-day VEVENT."""

from __future__ import annotations

import datetime as dt

from minutebook.base.errors import UsageError
from minutebook.base.i18n import _
from minutebook.model import labels
from minutebook.model.registry import Registry
from minutebook.model.workdays import Calendar
from minutebook.reports.exports.rows import Row

# The reminder fires at 09:00, local time of this zone, on the working day before
# the due date. Overridable with `settings: calendar: timezone:` in records/org.yml.
DEFAULT_TIMEZONE = "Asia/Shanghai"
ALARM_TIME = dt.time(9, 0)

ICS_STATUS = {"open": "NEEDS-ACTION", "in-progress": "IN-PROCESS", "blocked": "NEEDS-ACTION"}
OVERDUE_LABEL = labels.COUNTS["overdue"]


def timezone_of(registry: Registry):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = ((registry.settings.get("calendar") or {}).get("timezone")) or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(_("settings.calendar.timezone of records/org.yml is not a time zone: '{value}'").format(
            value=name)) from None


def alarm_at(due: dt.date, calendar: Calendar, tz) -> dt.datetime:
    """09:00 local time on the working day before `due`, as a UTC instant.

    RFC 5545 (3.8.6.3) requires an absolute TRIGGER to be written in UTC, so the
    local 09:00 of `tz` is converted; a relative trigger would count calendar days
    from midnight of the due date, and could not skip weekends and holidays."""
    day = calendar.add(due, -1)
    return dt.datetime.combine(day, ALARM_TIME, tzinfo=tz).astimezone(dt.timezone.utc)


def _description(row: Row) -> str:
    i = row.item
    lines = [
        f"{i.noun} · {labels.STATUS}：{row.status_label}",
        f"{labels.OWNER}：{i.owner or '—'}" + (f"（{i.department}）" if i.department and i.department != i.owner else ""),
        f"{labels.DUE}：{i.due.isoformat() if i.due else '—'}",
    ]
    if row.overdue:
        lines.append(f"{OVERDUE_LABEL} {row.days_late} 个工作日")
    lines.append(f"{labels.SOURCE}：{i.record.title}（{i.record.path}）")
    lines.append(f"链接：{row.url}")
    return "\n".join(lines)


def _summary(row: Row) -> str:
    i = row.item
    text = " ".join(i.text.split())  # one line: calendars show the summary as a title
    owner = f"（{i.owner}）" if i.owner else ""
    return f"{i.id} {text}{owner}" if i.id else f"{text}{owner}"


def _categories(row: Row) -> list[str]:
    out = [row.item.noun, row.status_label]
    if row.item.department:
        out.append(row.item.department)
    if row.overdue:
        out.append(OVERDUE_LABEL)
    return out


def to_ics(rows_: list[Row], as_of: dt.date, calendar: Calendar, tz, name: str,
           events: bool = False, memo: dict | None = None) -> bytes:
    """A VCALENDAR with one VTODO per item (or, with `events`, one all-day VEVENT on
    the due date: Outlook and most calendar apps ignore VTODO in a subscription).

    `memo` keeps each item's serialised component between calls: the site publishes
    every item in several feeds (all, its department, its owner), and serialising is
    most of the cost."""
    import icalendar  # lazy: ~0.1 s

    cal = icalendar.Calendar()
    cal.add("prodid", "-//minutebook//open items//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", f"数据截至 {as_of.isoformat()}")
    # subscribed calendars re-read the feed hourly (RFC 7986, and Outlook's own property)
    cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    stamp = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    memo = {} if memo is None else memo
    parts = []
    for row in rows_:
        i = row.item
        if events and i.due is None:
            continue  # an event needs a day
        key = (row.uid(events), events)
        if key not in memo:
            memo[key] = _component(icalendar, row, events, stamp, as_of, calendar, tz).to_ical()
        parts.append(memo[key])
    head = cal.to_ical()  # the calendar's own lines, ending in END:VCALENDAR
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[:-len(end)] + b"".join(parts) + end


def _component(icalendar, row: Row, events: bool, stamp, as_of: dt.date, calendar: Calendar, tz):
    """The VTODO (or VEVENT) of one row, with its alarm."""
    i = row.item
    comp = icalendar.Event() if events else icalendar.Todo()
    comp.add("uid", row.uid(events))
    comp.add("dtstamp", stamp)
    comp.add("sequence", len(i.history))  # each later update is a new revision
    comp.add("summary", _summary(row))
    comp.add("description", _description(row))
    comp.add("categories", _categories(row))
    if row.url and "://" in row.url:
        comp.add("url", row.url)
    if events:
        comp.add("dtstart", i.due)
        comp.add("dtend", i.due + dt.timedelta(days=1))
        comp.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    else:
        if i.due:
            comp.add("due", i.due)
        comp.add("status", ICS_STATUS.get(i.status, "NEEDS-ACTION"))
    if i.due:
        trigger = alarm_at(i.due, calendar, tz)
        # an alarm already in the past would only fire on import: none for it
        if trigger.astimezone(tz).date() >= as_of:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{i.due.isoformat()} 截止：{_summary(row)}")
            alarm.add("trigger", trigger, parameters={"VALUE": "DATE-TIME"})
            comp.add_component(alarm)
    return comp
