"""The Chinese labels of item tables, counts and badges, declared once.

Column labels come from the schema's own field labels (an action's `owner` is 责任人
there and in every table); what no field names — the item itself, its source record —
is declared here. Status labels are the vocabulary's. Every page, export and digest
reads these, so a label changed here changes everywhere.
"""

from __future__ import annotations

from minutebook.model.schema import ACTION, COMMON, UPDATE
from minutebook.model.vocabulary import STATUSES

_COMMON = {f.name: f.label for f in COMMON}

ID = ACTION.get("id").label  # 编号
ITEM = "事项"
OWNER = ACTION.get("owner").label  # 责任人
DUE = ACTION.get("due").label  # 截止日期
STATUS = ACTION.get("status").label  # 状态
DEPARTMENT = _COMMON["departments"]  # 部门
KIND = _COMMON["type"]  # 类型
SOURCE = "来源记录"
RECORD = "记录"

# the six columns of every open-items table
ITEM_HEADERS = [ID, ITEM, OWNER, DUE, STATUS, SOURCE]

# an update of an earlier item, as the schema labels its fields
UPDATE_REF = UPDATE.get("ref").label  # 事项编号
UPDATE_HEADERS = [UPDATE_REF, ITEM, *(UPDATE.get(n).label for n in ("status", "done_on", "due", "owner", "note"))]

BLOCKED = STATUSES["blocked"]

# the counts of the open-items page and the weekly page
COUNTS = {
    "open": "未关闭", "overdue": "已逾期", "escalated": "需升级", "due_this_week": "本周到期",
    "due_next_week": "下周到期", "blocked": BLOCKED, "new": "新增", "closed": "已关闭",
    "slipped": "延期",
}


def overdue_text(days: int) -> str:
    """How an overdue item is marked, in pages and in chat alike."""
    return f"逾期 {days} 个工作日"
