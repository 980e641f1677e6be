"""The commitments a change alters, as a pull-request comment in Chinese."""

from __future__ import annotations

from minutebook.model import labels
from minutebook.model.vocabulary import STATUSES
from minutebook.render.markup import esc, table
from minutebook.reports.diffing import CATEGORIES, NO_CHANGE, Difference

_HEADINGS = {
    "added": "新增事项", "closed": "已关闭", "reopened": "重新打开", "reassigned": "更换" + labels.OWNER,
    "redated": "调整" + labels.DUE, "removed": "已移除",
}


def markdown(differences: list[Difference], base_label: str, head_label: str) -> str:
    """A table per category, for a pull-request comment (staff read it in Chinese)."""
    if not differences:
        return f"**事项变更**：没有事项承诺发生变化（{NO_CHANGE}）。\n"

    def status(s: str) -> str:
        return esc(STATUSES.get(s, s))

    out = ["### 事项变更\n\n",
           f"对比 {esc(base_label)} 与 {esc(head_label)}："
           + "，".join(f"{_HEADINGS[c]} {n} 项" for c in CATEGORIES
                       if (n := sum(d.category == c for d in differences)))
           + "。\n"]
    for category in CATEGORIES:
        mine = [d for d in differences if d.category == category]
        if not mine:
            continue
        out.append(f"\n#### {_HEADINGS[category]}（{len(mine)}）\n\n")
        rows = []
        for d in mine:
            i, b, h = d.item, d.before, d.after
            where = esc(d.where) if d.where else "（无权查看的记录）"
            first = [esc(i.id or d.key), esc(i.text)]
            if category in ("added", "removed"):
                rows.append(first + [esc(i.owner), esc(i.due), status(i.status), where])
            elif category in ("closed", "reopened"):
                rows.append(first + [esc(h.owner), f"{status(b.status)} → {status(h.status)}", where])
            elif category == "reassigned":
                rows.append(first + [esc(b.owner), esc(h.owner), where])
            else:
                slip = f"{d.slip:+d}" if d.slip is not None else "—"
                rows.append(first + [esc(b.due), esc(h.due), slip, where])
        headers = {
            "added": [labels.OWNER, labels.DUE, labels.STATUS, labels.RECORD],
            "removed": [labels.OWNER, labels.DUE, labels.STATUS, "原" + labels.RECORD],
            "closed": [labels.OWNER, labels.STATUS, labels.RECORD],
            "reopened": [labels.OWNER, labels.STATUS, labels.RECORD],
            "reassigned": ["原" + labels.OWNER, "新" + labels.OWNER, labels.RECORD],
            "redated": ["原" + labels.DUE, "新" + labels.DUE, "变化（工作日）", labels.RECORD],
        }[category]
        headers = [labels.ID, labels.ITEM, *headers]
        out.append(table(headers, rows))
    return "".join(out)
