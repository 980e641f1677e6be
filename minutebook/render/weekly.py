"""The weekly snapshot page (`docs/weekly/<year>-W<week>[.<audience>].md`) and the list of weeks.

Plain Markdown from a `checks.weekly.Report`; no MkDocs import, so `minutebook weekly`
writes the page without loading the site. Every value from a record goes through
`esc`, links to record pages are relative (like every generated page), and nothing
depends on the clock: the same report gives the same bytes.
"""

from __future__ import annotations

import json
import posixpath
import re

from minutebook.model import labels
from minutebook.model.items import Item
from minutebook.model.vocabulary import VISIBILITIES
from minutebook.render import aggregates
from minutebook.render.markup import as_of_note, counts, esc, link, status_badge, table
from minutebook.render.record_page import item_state
from minutebook.render.site import page_path
from minutebook.reports import weekly

_COUNT_LABELS = labels.COUNTS
assert tuple(_COUNT_LABELS) == weekly.COUNTS


def page_path_of(year: int, week: int, audience: str = weekly.INTERNAL) -> str:
    """The docs-relative path of a week's page for an audience, in docs/weekly/."""
    return f"{weekly.WEEKLY_DIR}/{weekly.week_file(year, week, audience)}"


def title(year: int, week: int) -> str:
    monday, sunday = weekly.week_range(year, week)
    return f"第{week}周待办周报（{monday.isoformat()} 至 {sunday.isoformat()}）"


def _week_label(year: int, week: int) -> str:
    return f"{year}年第{week}周"


def _count(value) -> str:
    return "—" if value is None else str(value)


def _item_link(item: Item, here: str) -> str:
    return link(esc(item.id or "—"), page_path(item.record) + "#" + item.anchor, here)


def _source(item: Item, here: str) -> str:
    return link(esc(item.record.title), page_path(item.record), here)


def _items(report: weekly.Report, items: list[Item], here: str, empty: str) -> str:
    return aggregates.items_table(report.view, items, here, empty, link_owners=False)  # a frozen page


def _front_matter(report: weekly.Report) -> str:
    # the title is our own text; the state is ASCII JSON (see checks.weekly.state_json)
    return ("---\n"
            f"title: {json.dumps(title(report.year, report.week), ensure_ascii=False)}\n"
            "render_macros: false\n"
            f"{weekly.STATE_KEY}: {weekly.state_json(report.state())}\n"
            "---\n")


def _audience_label(audience: str) -> str:
    return esc(VISIBILITIES.get(audience, audience))


def _delta(report: weekly.Report, here: str) -> str:
    d = report.delta
    out = ["\n## 与上期相比\n\n"]
    if d is None:
        out.append("没有更早的周报：本期是第一期，不计算变化。\n")
        return "".join(out)
    before = d.previous
    beside = posixpath.join(posixpath.dirname(here), before.path.name)  # it is read from this page's folder
    out.append(f"与上期周报{link(esc(_week_label(before.year, before.week)), beside, here)}"
               f"（数据截至 {before.as_of.isoformat()}）相比：新增 {len(d.new)} 项，"
               f"关闭 {len(d.closed)} 项，延期 {len(d.slipped)} 项。\n")
    out.append("\n### 新增事项\n\n上期周报中没有、本期未关闭的事项。\n\n")
    out.append(_items(report, d.new, here, "没有新增事项。"))
    out.append("\n### 已关闭事项\n\n上期周报中未关闭、本期已完成或取消的事项。\n\n")
    if d.closed:
        rows = []
        for entry, item in d.closed:
            if item is None:  # its record is gone, or no longer readable by this audience
                rows.append([esc(entry.id or entry.key), "", "", "", esc(entry.due), "已不在记录中", ""])
            else:
                rows.append([_item_link(item, here), esc(item.text), esc(item.owner), esc(item.department),
                             esc(entry.due), status_badge(item.status), _source(item, here)])
        out.append(table([labels.ID, labels.ITEM, labels.OWNER, labels.DEPARTMENT, "上期" + labels.DUE, labels.STATUS,
                          labels.SOURCE], rows, cards=2))
    else:
        out.append("没有关闭的事项。\n")
    out.append("\n### 延期事项\n\n截止日期比上期周报推后的未关闭事项。\n\n")
    if d.slipped:
        cal = report.view.calendar
        out.append(table([labels.ID, labels.ITEM, labels.OWNER, "上期" + labels.DUE, "现" + labels.DUE, "顺延（工作日）",
                          labels.STATUS, labels.SOURCE], [[
            _item_link(item, here), esc(item.text), esc(item.owner), esc(entry.due), esc(item.due),
            str(cal.between(entry.due, item.due)), item_state(report.view, item), _source(item, here),
        ] for entry, item in d.slipped], cards=2))
    else:
        out.append("没有延期的事项。\n")
    return "".join(out)


def _groups(report: weekly.Report, attr: str, here: str) -> str:
    return "\n" + aggregates.grouped(report.view, report.open, attr, here, link_owners=False)


def render(report: weekly.Report, here: str | None = None) -> str:
    """The Markdown of one week's snapshot page, front-matter included, for the
    docs-relative path `here` (default: its name in docs/weekly/)."""
    here = here or page_path_of(report.year, report.week, report.audience)
    monday, sunday = report.bounds
    next_monday, next_sunday = report.next_week
    n = report.counts()
    out = [_front_matter(report), "\n", f"# {title(report.year, report.week)}\n\n", as_of_note(report.as_of)]
    out.append(f"\n本页是{_audience_label(report.audience)}读者的周报快照，在参考日期生成，"
               f"之后不再随记录变化。\n\n")
    out.append(counts([_COUNT_LABELS[k] for k in weekly.COUNTS], [_count(n[k]) for k in weekly.COUNTS]))
    out.append(f"\n## 需升级\n\n逾期超过 {report.threshold} 个工作日的事项，请协调人升级处理。\n\n")
    out.append(_items(report, report.escalated, here, "没有需要升级的事项。"))
    out.append("\n## 已逾期\n\n按逾期工作日从多到少排列。\n\n")
    out.append(_items(report, report.overdue, here, "没有逾期事项。"))
    out.append(f"\n## 本周到期\n\n{report.as_of.isoformat()} 至 {sunday.isoformat()} 到期的未关闭事项。\n\n")
    out.append(_items(report, report.due_this_week, here, "本周没有到期事项。"))
    out.append(f"\n## 下周到期\n\n{next_monday.isoformat()} 至 {next_sunday.isoformat()} 到期的未关闭事项。\n\n")
    out.append(_items(report, report.due_next_week, here, "下周没有到期事项。"))
    out.append(f"\n## {labels.BLOCKED}\n\n")
    out.append(_items(report, report.blocked, here, f"没有{labels.BLOCKED}的事项。"))
    out.append(_delta(report, here))
    out.append("\n## 按部门\n")
    out.append(_groups(report, "department", here))
    out.append(f"\n## 按{labels.OWNER}\n")
    out.append(_groups(report, "owner", here))
    return "".join(out)


def index(snapshots: list[weekly.Snapshot], here: str, folder: str = weekly.WEEKLY_DIR) -> str:
    """The list of weeks, newest first, with each week's counts; `snapshots` are the
    files of the docs-relative `folder`."""
    if not snapshots:
        return "还没有周报。\n"
    # the trend, week by week; what else a week holds (需升级, 阻塞, 下周到期 …) is on its
    # own page: seven columns fit the content column of a desktop, and a card on a phone
    shown = ("open", "overdue", "new", "closed", "slipped")
    rows = []
    for s in snapshots:
        monday, sunday = weekly.week_range(s.year, s.week)
        rows.append([link(esc(_week_label(s.year, s.week)), f"{folder}/{s.path.name}", here)
                     + f"<br>{monday:%m-%d} 至 {sunday:%m-%d}", esc(s.as_of)]
                    + [_count(s.counts.get(k)) for k in shown])
    return table(["周次", "数据截至"] + [_COUNT_LABELS[k] for k in shown], rows, cards=1)


_RECORD_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s#]+\.md)(#[^)\s]*)?\)")


def unlink_missing(markdown: str, here: str, record_pages: set[str]) -> str:
    """A frozen snapshot's links to record pages this build lacks, as plain text.

    A snapshot outlives the records it names: one may be deleted, or be unreadable by
    the audience of this build. Its link text stays; the link would be broken."""

    def keep_or_unlink(m: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(here), m.group(2)))
        if not target.startswith("records/") or target in record_pages:
            return m.group(0)
        return m.group(1)

    return _RECORD_LINK.sub(keep_or_unlink, markdown)
