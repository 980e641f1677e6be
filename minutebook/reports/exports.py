"""Open items as feeds: iCalendar (ICS), CSV for Excel, and JSON.

Pure functions over a View (so visibility holds): `rows` picks and orders the open
items, `to_ics` / `to_csv` / `to_json` turn them into bytes. `minutebook export`
prints or writes one feed; the records plugin calls `write_feeds` after a build to
publish all of them under the site's exports/ folder.

Every feed is reproducible byte for byte from the same records and reference date:
nothing reads the clock (DTSTAMP is the reference date), and the order is fixed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from minutebook.base.errors import UsageError
from minutebook.model.items import Item
from minutebook.model.registry import Registry
from minutebook.model.vocabulary import STATUSES
from minutebook.model.workdays import Calendar

FORMATS = ("ics", "csv", "json")
SITE_URL_ENV = "MINUTEBOOK_SITE_URL"

# UIDs: `<id>@minutebook` for to-dos, another domain for the all-day events, so the
# two feeds never share a UID (ids may contain dots, so no suffix could be unique).
UID_DOMAIN = "minutebook"
EVENT_UID_DOMAIN = "events.minutebook"

# The reminder fires at 09:00, local time of this zone, on the working day before
# the due date. Overridable with `settings: calendar: timezone:` in records/org.yml.
DEFAULT_TIMEZONE = "Asia/Shanghai"
ALARM_TIME = dt.time(9, 0)

ICS_STATUS = {"open": "NEEDS-ACTION", "in-progress": "IN-PROCESS", "blocked": "NEEDS-ACTION"}
OVERDUE_LABEL = "已逾期"

CSV_HEADER = ["编号", "事项", "类型", "责任人", "部门", "截止日期", "状态", "是否逾期",
              "逾期工作日", "来源记录", "链接"]


# ----------------------------------------------------------------- links


@dataclass(frozen=True)
class Links:
    """Where a record's page is on the site: absolute when the site URL is known,
    else relative to the site root."""

    base: str | None = None
    directory_urls: bool = True

    @property
    def absolute(self) -> bool:
        return bool(self.base)

    def page(self, record_path: str, anchor: str = "") -> str:
        stem = record_path[:-3] if record_path.endswith(".md") else record_path
        path = quote(stem + ("/" if self.directory_urls else ".html"))
        url = f"{self.base.rstrip('/')}/{path}" if self.base else path
        return f"{url}#{quote(anchor)}" if anchor else url

    def item(self, item: Item) -> str:
        return self.page(item.record.path, item.anchor)

    def root(self, path: str = "") -> str | None:
        """An absolute URL of a site page (`path` relative to the root), if known."""
        return f"{self.base.rstrip('/')}/{quote(path)}" if self.base else None


def _mkdocs_config(root: Path) -> dict:
    """mkdocs.yml read without MkDocs: unknown tags (`!!python/...`) become None, and
    `!ENV` is resolved as MkDocs does (names tried in order, the last item of a
    sequence being the default)."""
    import yaml  # lazy: only exports need it

    class Loader(yaml.SafeLoader):
        pass

    def env(loader, node):
        if isinstance(node, yaml.ScalarNode):
            names, default = [loader.construct_scalar(node)], None
        else:
            values = loader.construct_sequence(node)
            names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
        for name in names:
            if isinstance(name, str) and os.environ.get(name):
                return os.environ[name]
        return default

    Loader.add_constructor("!ENV", env)
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def site_links(root: Path) -> Links:
    """MINUTEBOOK_SITE_URL, else `site_url` of mkdocs.yml, else relative links."""
    config = _mkdocs_config(root)
    base = os.environ.get(SITE_URL_ENV) or config.get("site_url")
    directory_urls = config.get("use_directory_urls", True) is not False
    return Links(base if isinstance(base, str) and base.strip() else None, directory_urls)


# ----------------------------------------------------------------- rows


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
        raise UsageError(f"--owner must be a person or a department of records/org.yml: "
                         f"'{owner}'{_hint(registry.suggest(owner))}")
    if department is not None and not registry.is_department(department):
        raise UsageError(f"--department must be a department of records/org.yml: "
                         f"'{department}'{_hint(registry.suggest(department, people=False))}")


def _hint(suggestion: str | None) -> str:
    return f"; did you mean '{suggestion}'?" if suggestion else ""


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


# ----------------------------------------------------------------- ICS


def timezone_of(registry: Registry):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = ((registry.settings.get("calendar") or {}).get("timezone")) or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"settings.calendar.timezone of records/org.yml is not a time zone: '{name}'") from None


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
        f"{i.noun} · 状态：{row.status_label}",
        f"责任人：{i.owner or '—'}" + (f"（{i.department}）" if i.department and i.department != i.owner else ""),
        f"截止日期：{i.due.isoformat() if i.due else '—'}",
    ]
    if row.overdue:
        lines.append(f"已逾期 {row.days_late} 个工作日")
    lines.append(f"来源记录：{i.record.title}（{i.record.path}）")
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


# ----------------------------------------------------------------- CSV


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _cell(value) -> str:
    """Text as Excel will not evaluate it: a leading = + - @ would start a formula
    (CSV injection), so such a cell gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def to_csv(rows_: list[Row]) -> bytes:
    """UTF-8 with a BOM and CRLF line ends, so Excel opens the Chinese text as such."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows_:
        i = row.item
        writer.writerow([
            _cell(i.id or ""), _cell(i.text), _cell(i.noun), _cell(i.owner), _cell(i.department),
            i.due.isoformat() if i.due else "", _cell(row.status_label),
            "是" if row.overdue else "否", str(row.days_late), _cell(i.record.title), _cell(row.url),
        ])
    return buf.getvalue().encode("utf-8-sig")


# ----------------------------------------------------------------- JSON


def as_json(row: Row) -> dict:
    i = row.item
    return {
        "id": i.id,
        "uid": row.uid(),
        "text": i.text,
        "kind": i.list_name,
        "kind_label": i.noun,
        "owner": i.owner,
        "department": i.department,
        "due": i.due.isoformat() if i.due else None,
        "status": i.status,
        "status_label": row.status_label,
        "overdue": row.overdue,
        "days_late": row.days_late,
        "record": {"path": i.record.path, "key": i.record.key, "kind": i.record.kind,
                   "title": i.record.title},
        "url": row.url,
    }


def to_json(rows_: list[Row], as_of: dt.date, audience: str) -> bytes:
    data = {"as_of": as_of.isoformat(), "audience": audience, "items": [as_json(r) for r in rows_]}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ----------------------------------------------------------------- one feed, all feeds


def render(fmt: str, view, picked: list[Row], owner: str | None = None,
           department: str | None = None, events: bool = False, memo: dict | None = None) -> bytes:
    """One feed of `picked` (rows of `view`) in format `fmt`."""
    if fmt == "ics":
        return to_ics(picked, view.as_of, view.calendar, timezone_of(view.registry),
                      feed_name(owner, department), events=events, memo=memo)
    if fmt == "csv":
        return to_csv(picked)
    if fmt == "json":
        return to_json(picked, view.as_of, view.audience)
    raise ValueError(f"unknown export format {fmt!r}")


EXPORTS_DIR = "exports"
_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]|^\.|^$")


def feed_paths(stem: str) -> dict[str, tuple[str, bool]]:
    """File name -> (format, events) of the feeds published for one selection."""
    return {f"{stem}.ics": ("ics", False), f"{stem}.events.ics": ("ics", True),
            f"{stem}.csv": ("csv", False), f"{stem}.json": ("json", False)}


def write_feeds(view, site_dir: Path, links: Links) -> list[Path]:
    """Publish the feeds of the site under `site_dir`/exports/: all items, one set per
    department and one per person of the registry (also when empty, so a subscribed
    address never disappears). A public site names only the departments and people
    its own items name: the file names would otherwise publish the whole registry.
    Names that cannot be a file name are skipped."""
    from minutebook.base.fsutil import write_atomic
    from minutebook.views.visibility import PUBLIC

    departments, people = set(view.registry.departments), set(view.registry.people)
    if view.audience == PUBLIC:
        departments &= {i.department for i in view.items}
        people &= {i.owner for i in view.items}
    base = Path(site_dir) / EXPORTS_DIR
    selections: list[tuple[Path, str | None, str | None]] = [(base / "all", None, None)]
    selections += [(base / "department" / d, None, d) for d in sorted(departments)
                   if not _UNSAFE_NAME.search(d)]
    selections += [(base / "owner" / p, p, None) for p in sorted(people)
                   if not _UNSAFE_NAME.search(p)]
    written: list[Path] = []
    memo: dict = {}
    for stem, owner, department in selections:
        picked = rows(view, links, owner, department)
        for name, (fmt, events) in feed_paths(stem.name).items():
            path = stem.parent / name
            # a build artefact: replaced in one step, not flushed to disk one by one
            write_atomic(path, render(fmt, view, picked, owner, department, events, memo), durable=False)
            written.append(path)
    return written
