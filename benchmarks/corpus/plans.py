"""The collaboration plan a kickoff meeting leads to: roles, ordered tasks, a goal."""

from __future__ import annotations

import datetime as dt

from .. import phrases
from .front import front_matter
from .items import new_item
from .people import person
from .state import Corpus, Project
from .text import fill, tasks

TASK_FIELDS = ("id", "task", "owner", "department", "start", "due", "deliverable", "depends_on", "status")


def plan(c: Corpus, p: Project, day: dt.date, title: str) -> str:
    r = c.rng
    roles = []
    for dept in p.depts:
        role = "lead" if dept == p.lead_dept else "supervise" if dept == "总经办" else "assist"
        duty = phrases.DUTIES[role] if role != "assist" else r.choice(phrases.DUTIES["assist"])
        roles.append({"department": dept, "role": role, "contact": c.org.contact(dept), "duty": duty})
    planned: list[dict] = []
    for text, deliverable in tasks(c, p, r.randint(4, 9)):
        deps = r.sample(planned, min(len(planned), r.choice((0, 1, 1, 2)))) if planned else []
        start = c.cal.add(max([t["due"] for t in deps], default=day), r.randint(1, 4))
        dept = r.choice(p.depts)
        status = r.choices(("open", "in-progress"), (80, 20))[0]
        task = new_item(c, p, "T", start, {"task": text, "owner": person(c, dept), "department": dept,
                                           "start": start}, r.randint(2, 12), status)
        p.items[-1].declared = day  # declared by the plan, whatever its start
        p.items[-1].deliverable = deliverable
        if r.random() < 0.8:
            task["deliverable"] = deliverable
        if deps:
            task["depends_on"] = [d["id"] for d in deps]
        # field order as people write it: id, task, owner, department, start, due …
        planned.append({k: task[k] for k in TASK_FIELDS if k in task})
    deadline = c.cal.add(max(t["due"] for t in planned), r.randint(1, 10))
    p.ctx["deadline_text"] = f"{deadline.year}年{deadline.month}月{deadline.day}日"
    statement, metric, target = (fill(c, p, x) for x in p.spec["goal"])
    meta = front_matter(c, p, "plan", f"{title}协作计划书", day, c.org.lead(p.lead_dept), ["协作计划"])
    meta.update({"goal": {"statement": statement, "metric": metric, "target": target, "deadline": deadline},
                 "scenario": p.spec["scenario"], "roles": roles, "tasks": planned,
                 "cadence": "每两周一次进度会（30至60分钟），重大问题随时召开专题会",
                 "risks": [fill(c, p, s) for s in r.sample(phrases.BODY["risk"][1][p.theme], 2)]})
    text = [("计划说明", [f"本计划书落实启动会的决定，把会上的行动项拆成可以跟踪的任务。"
                      f"{p.lead_dept}为主导部门，{c.org.contact(p.lead_dept)}担任日常接口人。"]),
            ("进度跟踪与升级", ["各任务负责人每周五下班前在协作系统更新状态；"
                         f"{phrases.LATE_FOR_ESCALATION}的任务提交总经办督办。"])]
    return c.write("plan", day, f"{p.spec['slug']}-{p.no:04d}-plan", meta, text)
