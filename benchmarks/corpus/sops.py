"""SOPs: the ones a company starts with and the revisions its retrospectives lead to."""

from __future__ import annotations

import datetime as dt

from .. import phrases
from .state import Corpus


def sop(c: Corpus, day: dt.date, process: str | None = None, depts: list[str] | None = None) -> str:
    r = c.rng
    process = process or r.choice(phrases.PROCESSES)
    version = c.sop_versions.get(process, 0) + 1
    c.sop_versions[process] = version
    owner_dept = (depts or [r.choice(list(phrases.DEPARTMENTS))])[0]
    pool = (depts or []) + r.sample(list(phrases.DEPARTMENTS), 2)
    steps = []
    for text, deliverable in phrases.SOP_STEPS[: r.randint(3, len(phrases.SOP_STEPS))]:
        steps.append({"step": text, "department": r.choice(pool), "limit_days": r.randint(1, 5),
                      "deliverable": deliverable})
    steps[0]["department"] = owner_dept
    used = list(dict.fromkeys(s["department"] for s in steps))
    meta = {"type": "sop", "title": f"{process}流程", "date": day, "departments": used,
            "owner": c.org.lead(owner_dept), "visibility": "public" if r.random() < 0.7 else "internal",
            "tags": ["SOP", process], "process": process, "owner_department": owner_dept, "steps": steps,
            "version": f"{1 + (version - 1) // 3}.{(version - 1) % 3}", "reviewed": day,
            "review_every": r.choice((3, 6, 6, 12, 12))}
    body = [("适用范围", [f"本流程适用于公司各部门的{process}事项，由{owner_dept}归口管理。"]),
            ("说明", ["各步骤时限按工作日计算，遇法定节假日顺延。超过时限未办结的，由归口部门提醒并报分管领导。"])]
    key = c.write("sop", day, f"sop-{len(c.sops) + 1:04d}-v{version}", meta, body)
    c.sops.append(key)
    return key
