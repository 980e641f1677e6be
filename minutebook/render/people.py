"""Each person's and each department's own page: their items, live, and their records.

`people/<name>.md` and `departments/<name>.md` (served at people/<name>/ and
departments/<name>/): the open items with the overdue first, what is due in the next
seven days (rolling, so a Friday still shows Monday's items), the blocked ones, what
was closed recently, the records they own, and the calendar feed to subscribe to.
Built from the audience's View like every page: a restricted record's items never
appear on another audience's page. A public site has pages only for the people and
departments its own items or records name, as its feeds do.
"""

from __future__ import annotations

import datetime as dt
import html
import json

from minutebook.model import labels
from minutebook.model.items import Item
from minutebook.model.record import Record
from minutebook.model.vocabulary import KINDS
from minutebook.render.aggregates import items_table
from minutebook.render.markup import as_of_note, counts, esc, link, table
from minutebook.render.site import department_page, named, page_path, person_page
from minutebook.views import queries
from minutebook.views.view import View


def _front(title: str, person: bool) -> str:
    # the page is what search finds for the name (snapshots are never indexed): only its
    # title is indexed, with the name's search word for a person (the theme's name_only),
    # never its item tables, so no item is indexed twice
    search = {"name_only": True, "filters": {}, "people": [title] if person else []}
    meta = {"title": html.escape(title), "pagefind": search}
    return "---\n" + json.dumps(meta, ensure_ascii=True) + "\n---\n"


def _feed(kind: str, name: str, here: str) -> str:
    """The subscription line: the feed files published beside the site (exports/)."""
    stem = f"exports/{kind}/{name}"
    # pages are served as folders (people/<name>/): two levels below the site root
    up = "../" * (here.count("/") + 1)
    links = "、".join(f'<a href="{html.escape(up + stem + ext, quote=True)}">{label}</a>'
                      for ext, label in ((".events.ics", "日程版日历"), (".ics", "待办版日历"), (".csv", "表格")))
    return f"订阅我的日历：{links}（地址说明见“日历订阅”指南）。\n\n"


def _records_table(records: list[Record], here: str) -> str:
    rows = [[esc(r.date), link(esc(r.title), page_path(r), here), esc(KINDS.get(r.kind, r.kind))]
            for r in sorted(records, key=lambda r: (r.date, r.path), reverse=True)]
    return table(["日期", "标题", labels.KIND], rows) if rows else "没有记录。\n"


def _closed_recently(items: list[Item], as_of: dt.date) -> list[Item]:
    first = as_of - dt.timedelta(days=queries.RECENT_DAYS)
    return sorted((i for i in items if not i.is_open and (day := queries.closed_on(i)) and first <= day <= as_of),
                  key=lambda i: (queries.closed_on(i), i.id or ""), reverse=True)


def _page(view: View, title: str, here: str, items: list[Item], records: list[Record], intro: str,
          feed: str) -> str:
    as_of, cal = view.as_of, view.calendar
    open_ = queries.open_items(items)
    late = queries.most_late(open_, as_of, cal)
    rest = queries.by_due([i for i in open_ if not i.is_overdue(as_of)])
    soon = queries.by_due(queries.due_between(open_, as_of, as_of + dt.timedelta(days=queries.DUE_SOON_DAYS)))
    stuck = queries.by_due(queries.blocked(open_))
    closed = _closed_recently(items, as_of)
    out = [_front(title, here.startswith("people/")), f"# {esc(title)}\n", as_of_note(as_of), intro, feed]
    out.append(counts([labels.COUNTS["open"], labels.COUNTS["overdue"], f"未来{queries.DUE_SOON_DAYS}天到期", labels.BLOCKED,
                       f"近{queries.RECENT_DAYS}天关闭"],
                      [str(len(open_)), str(len(late)), str(len(soon)), str(len(stuck)), str(len(closed))]))
    out.append("\n## 未关闭事项\n\n已逾期的排在前面，逾期越久越靠前。\n\n")
    out.append(items_table(view, late + rest, here, "没有未关闭的事项。"))
    out.append(f"\n## 未来 {queries.DUE_SOON_DAYS} 天到期\n\n{as_of.isoformat()} 至 "
               f"{(as_of + dt.timedelta(days=queries.DUE_SOON_DAYS)).isoformat()} 到期的未关闭事项。\n\n")
    out.append(items_table(view, soon, here, f"未来 {queries.DUE_SOON_DAYS} 天没有到期事项。"))
    out.append(f"\n## {labels.BLOCKED}\n\n")
    out.append(items_table(view, stuck, here, f"没有{labels.BLOCKED}的事项。"))
    out.append(f"\n## 最近关闭\n\n近 {queries.RECENT_DAYS} 天内完成或取消的事项。\n\n")
    out.append(items_table(view, closed, here, "最近没有关闭的事项。"))
    out.append("\n## 负责的记录\n\n")
    out.append(_records_table(records, here))
    return "".join(out)


def pages(view: View, only: set[str] | None = None) -> dict[str, str]:
    """docs-relative path -> Markdown of every person's and department's page (of those
    in `only`, if given)."""
    registry = view.registry
    by_owner: dict[str, list[Item]] = {}
    by_dept: dict[str, list[Item]] = {}
    for item in view.items:
        if item.owner:
            by_owner.setdefault(item.owner, []).append(item)
        if item.department:
            by_dept.setdefault(item.department, []).append(item)
    owned: dict[str, list[Record]] = {}
    for r in view.records:
        if r.meta.get("owner"):
            owned.setdefault(r.meta["owner"], []).append(r)
    people, departments = named(view)
    out: dict[str, str] = {}
    for name in sorted(people):
        here = person_page(name)
        if only is not None and here not in only:
            continue
        dept = registry.people[name].department
        intro = (f"所属部门：{link(esc(dept), department_page(dept), here)}。\n\n"
                 if dept in departments else "")
        out[here] = _page(view, name, here, by_owner.get(name, []), owned.get(name, []), intro,
                          _feed("owner", name, here))
    for name in sorted(departments):
        here = department_page(name)
        if only is not None and here not in only:
            continue
        members = [p for p, person in registry.people.items() if person.department == name and p in people]
        intro = ("成员：" + "、".join(link(esc(p), person_page(p), here) for p in members)
                 + "。\n\n") if members else ""
        out[here] = _page(view, name, here, by_dept.get(name, []), owned.get(name, []), intro,
                          _feed("department", name, here))
    return out


__all__ = ["pages"]
