"""The aggregations shown on hand-written pages: open items, SOPs, lessons,
decisions and the conflict ledger. Each returns Markdown for the page `here`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from minutebook.model import labels
from minutebook.model.items import Item
from minutebook.model.vocabulary import CONFLICT_LEVELS, KINDS, LESSON_CATEGORIES
from minutebook.render.indexes import front
from minutebook.render.markup import as_of_note, counts, esc, esc_block, link, memo_rows, table
from minutebook.render.record_page import decision_anchor, decision_cell, item_state
from minutebook.render.site import named, owner_link, page_path
from minutebook.views import queries
from minutebook.views.view import View

GROUPS = {"department": labels.DEPARTMENT, "owner": labels.OWNER}


def item_rows(view: View, items: list[Item], here: str, link_owners: bool = True) -> list[list[str]]:
    people, departments = named(view)

    def key(i: Item) -> tuple:  # all the row shows
        return (i.id, i.anchor, i.text, i.noun, i.owner, i.department, i.due, i.status, i.record.title,
                i.record.path, i.owner in people, i.owner in departments, i.department in people,
                i.department in departments)

    return memo_rows(items, lambda i: _item_row(view, i, here, link_owners), key,
                     "items", here, link_owners, view.as_of)


def _item_row(view: View, i: Item, here: str, link_owners: bool) -> list[str]:
    target = page_path(i.record) + "#" + i.anchor
    # live pages link each owner to their own page; a frozen snapshot does not
    who = owner_link(i.owner, here, view) if link_owners else esc(i.owner)
    if i.department and i.department != i.owner:
        who += f"（{owner_link(i.department, here, view) if link_owners else esc(i.department)}）"
    return [
        link(esc(i.id or "—"), target, here), f"{esc(i.text)}（{esc(i.noun)}）", who,
        esc(i.due), item_state(view, i), link(esc(i.record.title), page_path(i.record), here),
    ]


# six columns: the content area between Material's sidebars holds no more readably
ITEM_HEADERS = labels.ITEM_HEADERS


def items_table(view: View, items: list[Item], here: str, empty: str, link_owners: bool = True) -> str:
    if not items:
        return f"{empty}\n"
    return table(ITEM_HEADERS, item_rows(view, items, here, link_owners), cards=2)


def open_items(view: View, here: str, group_by: str = "department", escalate_after: int | None = None) -> str:
    if group_by not in GROUPS:
        raise ValueError(f"open_items(group_by=...) must be one of {', '.join(GROUPS)}: {group_by!r}")
    as_of, cal = view.as_of, view.calendar
    threshold = view.registry.escalation_working_days if escalate_after is None else escalate_after
    items = queries.open_items(view.items)
    late = queries.most_late(items, as_of, cal)
    escalated = queries.escalated(items, as_of, cal, threshold)
    # a rolling window, not the calendar week: on a Friday, Monday's items still show
    last = as_of + dt.timedelta(days=queries.DUE_SOON_DAYS)
    soon = queries.by_due(queries.due_between(items, as_of, last))
    stuck = queries.by_due(queries.blocked(items))
    due_soon = f"未来{queries.DUE_SOON_DAYS}天到期"
    out = [as_of_note(as_of)]
    out.append(counts([labels.COUNTS["open"], labels.COUNTS["overdue"], due_soon, labels.BLOCKED,
                       labels.COUNTS["escalated"]], [
        str(len(items)), str(len(late)), str(len(soon)), str(len(stuck)), str(len(escalated)),
    ]))
    out.append(f"\n## 需升级\n\n逾期超过 {threshold} 个工作日的事项，请协调人升级处理。\n\n")
    out.append(items_table(view, escalated, here, "没有需要升级的事项。"))
    out.append("\n## 已逾期\n\n")
    out.append(items_table(view, late, here, "没有逾期事项。"))
    out.append(f"\n## {due_soon}\n\n{as_of.isoformat()} 至 {last.isoformat()} 到期的未关闭事项。\n\n")
    out.append(items_table(view, soon, here, f"未来{queries.DUE_SOON_DAYS}天没有到期事项。"))
    out.append(f"\n## {labels.BLOCKED}\n\n")
    out.append(items_table(view, stuck, here, f"没有{labels.BLOCKED}的事项。"))
    for by in (group_by, *(g for g in GROUPS if g != group_by)):  # the chosen grouping first
        out.append(f"\n## 按{GROUPS[by]}\n\n")
        out.append(grouped(view, items, by, here))
    return "".join(out)


def grouped(view: View, items: list[Item], group_by: str, here: str, link_owners: bool = True) -> str:
    """Open items in one table per department or owner (registry order for departments)."""
    groups: dict[str, list[Item]] = defaultdict(list)
    for i in items:
        groups[getattr(i, group_by) or "未指定"].append(i)
    order = list(view.registry.departments) if group_by == "department" else sorted(groups)
    order += sorted(g for g in groups if g not in order)
    out = []
    for name in order:
        if name not in groups:
            continue
        members = queries.by_due(groups[name])
        n_late = sum(i.is_overdue(view.as_of) for i in members)
        title = owner_link(name, here, view) if link_owners else esc(name)
        out.append(f"### {title}（{len(members)} 项，逾期 {n_late} 项）\n\n")
        out.append(table(ITEM_HEADERS, item_rows(view, members, here, link_owners), cards=2))
        out.append("\n")
    return "".join(out) if out else "没有未关闭的事项。\n"


def sops(view: View, here: str) -> str:
    out = [as_of_note(view.as_of)]
    records = sorted((r for r in view.records if r.kind == "sop"), key=lambda r: r.meta.get("process", ""))
    if not records:
        return out[0] + "还没有流程SOP。\n"
    stale = [r for r in records if queries.sop_is_stale(r, view.as_of)]
    rows = []
    for r in records:
        due = queries.next_review(r)
        flag = '<span class="mb-status mb-overdue">待评审</span>' if r in stale else '<span class="mb-status mb-status-done">有效</span>'
        total = sum(s.get("limit_days", 0) for s in r.meta.get("steps") or ())
        rows.append([link(esc(r.meta.get("process") or r.title), page_path(r), here), esc(r.meta.get("version")),
                     esc(r.meta.get("owner_department")), str(len(r.meta.get("steps") or ())), f"{total} 个工作日",
                     esc(r.meta.get("reviewed")), esc(due), flag])
    out.append(table(["流程", "版本", "归口部门", "步骤数", "总时限", "最近评审", "下次评审", "状态"], rows, cards=1))
    for r in records:
        out.append(f"\n## {esc(r.meta.get('process') or r.title)}\n\n")
        if r in stale:
            out.append(f'<p class="mb-stale">该流程已超过评审日期（应于 {esc(queries.next_review(r))} 前评审）。</p>\n\n')
        steps = r.meta.get("steps") or ()
        out.append(table(["序号", "步骤", "执行部门", "时限（工作日）", "交付物"], [
            [str(n), esc(s.get("step")), esc(s.get("department")), esc(s.get("limit_days")), esc(s.get("deliverable"))]
            for n, s in enumerate(steps, 1)
        ], cards=2))
    return "".join(out)


def lessons(view: View, here: str) -> str:
    all_lessons = queries.lessons(view.records, view.items)
    out = [as_of_note(view.as_of)]
    if not all_lessons:
        return out[0] + "还没有复盘记录。\n"
    by_cat: dict[str, list] = defaultdict(list)
    for lesson in all_lessons:
        by_cat[lesson.lesson.get("category", "")].append(lesson)
    for cat in [*LESSON_CATEGORIES, *sorted(set(by_cat) - set(LESSON_CATEGORIES))]:
        if cat not in by_cat:
            continue
        out.append(f"\n## {esc(LESSON_CATEGORIES.get(cat, cat))}\n\n")
        rows = []
        for lesson in by_cat[cat]:
            data = lesson.lesson
            sop = view.record(data["sop"]) if data.get("sop") else None
            rows.append([
                esc(data.get("lesson")), esc(data.get("improvement")), esc(data.get("owner")),
                item_state(view, lesson.item) if lesson.item else "",
                link(esc(sop.title), page_path(sop), here) if sop else esc(data.get("sop")),
                link(esc(lesson.record.title), page_path(lesson.record), here),
            ])
        out.append(table(["经验教训", "改进措施", "责任人", "状态", "修订的SOP", "来源复盘"], rows, cards=1))
    return "".join(out)


def decision_page(year: int) -> str:
    """The decision log of one year: a generated page, listed by the log (`decisions`)."""
    return f"decisions/{year}.md"


def decisions(view: View, here: str) -> str:
    """The decision log: the decisions of the last RECENT_DAYS days, and how many each
    year has, each year's own page linked. (All of them on one page were 10 MB at 10,000
    records, too much for a phone, and a busy year alone is several MB.)"""
    found = view.decisions()
    out = [as_of_note(view.as_of)]
    if not found:
        return out[0] + "还没有决策记录。\n"
    since = view.as_of - dt.timedelta(days=queries.RECENT_DAYS)
    recent = [d for d in found if d.date > since]
    out.append(f"\n## 最近 {queries.RECENT_DAYS} 天\n\n")
    out.append(_decision_table(view, recent, here) if recent else f"最近 {queries.RECENT_DAYS} 天没有新的决策。\n")
    by_year = _by_year(found)
    out.append("\n## 按年份\n\n")
    out.append(table(["年份", "决策数"], [[link(f"{y} 年", decision_page(y), here), str(len(by_year[y]))]
                                       for y in by_year]))
    return "".join(out)


def decision_pages(view: View, only: set[str] | None = None) -> dict[str, str]:
    """docs-relative path -> Markdown of each year's decision log (of those in `only`, if
    given: the preview rebuilds the ones an edit changed)."""
    out = {}
    for year, found in _by_year(view.decisions()).items():
        here = decision_page(year)
        if only is not None and here not in only:
            continue
        out[here] = "\n".join([front(f"{year} 年的决策"), f"# {year} 年的决策\n", as_of_note(view.as_of),
                               f"共 {len(found)} 条决策，按会议日期从新到旧。\n",
                               _decision_table(view, found, here)])
    return out


def _by_year(found: list) -> dict[int, list]:
    """The decisions by the year of their meeting, newest year first (each newest first)."""
    by_year: dict[int, list] = defaultdict(list)
    for d in found:
        by_year[d.date.year].append(d)
    return dict(sorted(by_year.items(), reverse=True))


def _decision_table(view: View, found: list, here: str) -> str:
    def key(d) -> tuple:  # all the row shows: the decision, its meeting, what replaced it
        current = view.decision(d.id) if d.id else None  # what decision_cell reads
        new = current.superseded_by if current is not None else None
        return d.date, d.text, d.id, d.topic, d.record.title, d.record.path, new and new.id, new and new.record.path

    def make(d) -> list[str]:
        return [esc(d.date), decision_cell(view, d.id, esc_block(d.text), here) if d.id else esc_block(d.text),
                esc(d.topic),
                link(esc(d.record.title), page_path(d.record) + (f"#{decision_anchor(d.id)}" if d.id else ""), here)]

    return table(["日期", "决策", "议题", "会议"], memo_rows(found, make, key, "decisions", here), cards=2)


def conflicts(view: View, here: str) -> str:
    states = [s for r in view.records if (s := queries.conflict_state(r, view.as_of, view.calendar))]
    states.sort(key=lambda s: (s.record.meta["raised"], s.record.path), reverse=True)
    out = [as_of_note(view.as_of)]
    if not states:
        return out[0] + "冲突台账为空。\n"
    summary = []
    for level, label in CONFLICT_LEVELS.items():
        mine = [s for s in states if s.record.meta["level"] == level]
        ok = sum(s.within_sla for s in mine)
        limit = mine[0].limit if mine else None
        summary.append([esc(label), f"{limit} 个工作日" if limit else "—", str(len(mine)), str(ok),
                        str(len(mine) - ok)])
    out.append(table(["级别", "时限", "总数", "时限内", "超时"], summary))
    out.append("\n")
    rows = []
    for s in states:
        m = s.record.meta
        badge_class = "mb-status-done" if s.within_sla else "mb-overdue"
        rows.append([
            esc(m["raised"]), link(esc(s.record.title), page_path(s.record), here),
            esc(CONFLICT_LEVELS[m["level"]]), "、".join(esc(d) for d in m.get("departments") or ()),
            esc(m.get("resolver")), esc(m.get("resolved")) or "—", f"{s.taken} / {s.limit}",
            f'<span class="mb-status {badge_class}">{s.label}</span>',
        ])
    out.append(table(["提出日期", "冲突", "级别", "涉及部门", "协调人", "解决日期", "用时 / 时限（工作日）", "状态"], rows, cards=2))
    return "".join(out)


__all__ = ["open_items", "sops", "lessons", "decisions", "conflicts", "KINDS"]
