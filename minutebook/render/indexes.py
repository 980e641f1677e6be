"""Index pages: records by kind, by year and by department, with counts.

Records never enter the global navigation (Material renders the whole nav into every
page); these pages, the tags page and search are how readers reach them. Each index
lists each record once, so the site grows linearly with the records.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict

from minutebook.model.record import Record
from minutebook.model.vocabulary import KINDS
from minutebook.render.markup import as_of_note, esc, link, memo_rows, table
from minutebook.render.site import page_path
from minutebook.views.view import View

INDEX = "records/index.md"


def kind_page(kind: str) -> str:
    return f"records/{kind}/index.md"


def year_page(year: int) -> str:
    return f"records/year/{year}.md"


def department_page(dept: str) -> str:
    return f"records/department/{dept}.md"


def _newest_first(records):
    return sorted(records, key=lambda r: (r.date, r.path), reverse=True)


def _listing(records: list[Record], here: str, show_kind: bool = True) -> str:
    headers = ["日期", "标题"] + (["类型"] if show_kind else []) + ["部门", "负责人"]

    def make(r: Record) -> list[str]:
        row = [esc(r.date), link(esc(r.title), page_path(r), here)]
        if show_kind:
            row.append(esc(KINDS[r.kind]))
        return row + ["、".join(esc(d) for d in r.meta.get("departments") or ()), esc(r.meta.get("owner"))]

    def key(r: Record) -> tuple:  # all the row shows
        return r.date, r.title, r.path, r.kind, tuple(r.meta.get("departments") or ()), r.meta.get("owner")

    return table(headers, memo_rows(_newest_first(records), make, key, "listing", here, show_kind))


def front(title: str) -> str:
    # index pages repeat what the record pages say: keep them out of the search index
    meta = {"title": html.escape(title), "search": {"exclude": True}}
    return "---\n" + json.dumps(meta, ensure_ascii=True) + "\n---\n"


def pages(view: View, only: set[str] | None = None) -> dict[str, str]:
    """docs-relative path -> Markdown of every index page (of those in `only`, if given:
    the preview rebuilds the ones an edit changed)."""
    by_kind: dict[str, list[Record]] = defaultdict(list)
    by_year: dict[int, list[Record]] = defaultdict(list)
    by_dept: dict[str, list[Record]] = defaultdict(list)
    for r in view.records:
        by_kind[r.kind].append(r)
        by_year[r.date.year].append(r)
        for d in r.meta.get("departments") or ():
            by_dept[d].append(r)
    out: dict[str, str] = {}

    if only is None or INDEX in only:
        summary = [front("记录索引"), "# 记录索引\n", as_of_note(view.as_of),
                   f"共 {len(view.records)} 条记录。\n", "## 按类型\n"]
        summary.append(table(["类型", "数量"], [
            [link(esc(label), kind_page(k), INDEX), str(len(by_kind[k]))]
            for k, label in KINDS.items() if by_kind.get(k)
        ]))
        summary.append("\n## 按年份\n")
        summary.append(table(["年份", "数量"], [
            [link(str(y), year_page(y), INDEX), str(len(by_year[y]))] for y in sorted(by_year, reverse=True)
        ]))
        summary.append("\n## 按部门\n")
        summary.append(table(["部门", "数量"], [
            [link(esc(d), department_page(d), INDEX), str(len(by_dept[d]))]
            for d in list(view.registry.departments) if by_dept.get(d)
        ]))
        out[INDEX] = "\n".join(summary)

    for k, records in by_kind.items():
        here = kind_page(k)
        if only is not None and here not in only:
            continue
        parts = [front(KINDS[k]), f"# {KINDS[k]}\n", f"共 {len(records)} 条。\n"]
        years = sorted({r.date.year for r in records}, reverse=True)
        for y in years:
            parts.append(f"## {y} 年\n")
            parts.append(_listing([r for r in records if r.date.year == y], here, show_kind=False))
        out[here] = "\n".join(parts)
    for y, records in by_year.items():
        here = year_page(y)
        if only is not None and here not in only:
            continue
        out[here] = "\n".join([front(f"{y} 年"), f"# {y} 年的记录\n", f"共 {len(records)} 条。\n",
                               _listing(records, here)])
    for d, records in by_dept.items():
        here = department_page(d)
        if only is not None and here not in only:
            continue
        out[here] = "\n".join([front(d), f"# {esc(d)}\n", f"共 {len(records)} 条。\n",
                               _listing(records, here)])
    return out
