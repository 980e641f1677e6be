"""Every closed vocabulary of the records, declared once with its Chinese label.

The schema, the checks, the site and the generated docs all read these mappings;
nothing else spells the values out.
"""

KINDS = {
    "notice": "会议通知",
    "minutes": "会议纪要",
    "request": "沟通协调需求单",
    "plan": "协作计划书",
    "retrospective": "复盘报告",
    "sop": "流程SOP",
    "conflict": "冲突台账",
    "progress": "进度更新",
}

STATUSES = {
    "open": "未开始",
    "in-progress": "进行中",
    "blocked": "阻塞",
    "done": "已完成",
    "cancelled": "已取消",
}
CLOSED_STATUSES = frozenset({"done", "cancelled"})
# Words authors type for a status, mapped to the status they mean (for "did you mean").
STATUS_SYNONYMS = {
    "todo": "open", "new": "open", "not-started": "open",
    "doing": "in-progress", "ongoing": "in-progress", "wip": "in-progress", "in progress": "in-progress",
    "started": "in-progress", "stuck": "blocked", "waiting": "blocked",
    "closed": "done", "finished": "done", "complete": "done", "completed": "done", "resolved": "done",
    "canceled": "cancelled", "dropped": "cancelled",
}
# Overdue is computed from `due` and the reference date, never typed as a status.
OVERDUE_WORDS = frozenset({"overdue", "late", "delayed", "滞后", "逾期", "延期"})

VISIBILITIES = {
    "public": "公开",
    "internal": "内部",
    "restricted": "受限",
}

CONFLICT_LEVELS = {
    "general": "一般冲突",
    "moderate": "中度冲突",
    "major": "重大冲突",
}

PLAN_SCENARIOS = {
    "project": "项目推进",
    "process": "流程优化",
    "problem": "问题攻坚",
    "resource": "资源协调",
}

PLAN_ROLES = {
    "lead": "主导",
    "assist": "协助",
    "supervise": "监督",
}

LESSON_CATEGORIES = {
    "communication": "沟通",
    "process": "流程",
    "resource": "资源",
    "quality": "质量",
    "schedule": "进度",
    "tooling": "工具",
}
