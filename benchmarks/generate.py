"""A generator of realistic synthetic repositories, for the benchmarks.

`generate(root, n_records, seed)` writes records/org.yml (12 departments, 80 people
with Chinese names) and exactly `n_records` records of every kind, copies the
project's mkdocs.yml and docs/ beside them, and returns a summary. The records come
from simulated cross-department projects (launches, budgets, complaints, reviews,
process work) spread over 2024-01 … 2026-11: an optional coordination request, a
kickoff notice and meeting, a plan, progress meetings whose minutes move earlier
items on (`updates`), now and then a conflict, a retrospective and a revised SOP.
What is still open on the reference date 2026-11-20 is open, late ones are overdue.

Every rule of `minutebook check` holds by construction (working-day lead times from
the same `holidays` CN calendar, and the publishing deadline, topic and meeting lengths
of `minutebook.model.policy`; acyclic ordered plan dependencies, one lead, unique ids, updates
after the items they move); warnings (a meeting that ran long, a stale SOP, a late
conflict) occur at realistic rates. The same seed gives the same bytes.

    python -m benchmarks.generate DIR --records 2000 [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from minutebook.model.policy import CONFLICT_SLA_WORKING_DAYS
from minutebook.model.vocabulary import CONFLICT_LEVELS
from minutebook.model.workdays import Calendar

from . import emit
from . import phrases as W

REFERENCE_DATE = dt.date(2026, 11, 20)
FIRST_DAY = dt.date(2024, 1, 2)
CLOSED = ("done", "cancelled")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class _Full(Exception):
    """The requested number of records is written."""


# ---------------------------------------------------------------- the registry


@dataclass
class Org:
    people: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (department, e-mail)
    members: dict[str, list[str]] = field(default_factory=dict)  # department -> people, lead first

    def lead(self, dept: str) -> str:
        return self.members[dept][0]

    def contact(self, dept: str) -> str:
        return self.members[dept][1]

    def yaml(self) -> str:
        out = ["# Registry of departments and people (synthetic, for the benchmarks).",
               "settings:", "  calendar:", "    country: CN", "  escalation_working_days: 3", "",
               "departments:"]
        for dept, people in self.members.items():
            contacts = people[1:3] if len(people) > 3 else people[1:2]
            out += [f"  {dept}:", f"    lead: {people[0]}", f"    contacts: [{', '.join(contacts)}]"]
        out += ["", "people:"]
        for name, (dept, email) in self.people.items():
            out.append(f"  {name}: {{department: {dept}, email: {email}}}")
        return "\n".join(out) + "\n"


def make_org(rng: random.Random) -> Org:
    org = Org()
    emails: set[str] = set()
    for dept, size in W.DEPARTMENTS.items():
        org.members[dept] = []
        while len(org.members[dept]) < size:
            surname, s_py = rng.choice(W.SURNAMES)
            given = rng.sample(W.GIVEN, rng.choice((1, 2, 2)))
            name = surname + "".join(g for g, _ in given)
            if name in org.people:
                continue
            email = f"{''.join(p for _, p in given)}.{s_py}"
            k = 2
            while email in emails:
                email, k = f"{''.join(p for _, p in given)}.{s_py}{k}", k + 1
            emails.add(email)
            org.people[name] = (dept, f"{email}@example.com")
            org.members[dept].append(name)
    return org


# ---------------------------------------------------------------- projects


@dataclass
class Item:
    id: str
    declared: dt.date
    due: dt.date
    status: str
    deliverable: str = ""
    changed: dt.date | None = None  # the date of its latest update

    def movable_on(self, day: dt.date) -> bool:
        # projects are simulated one after another, not in date order: an item shared
        # between projects (an improvement) is only moved on after its latest update
        return self.status not in CLOSED and self.declared < day and (self.changed or self.declared) < day


@dataclass
class Project:
    no: int
    theme: str
    depts: list[str]
    ctx: dict
    visibility: str
    audience: list[str]
    items: list[Item] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    @property
    def spec(self) -> dict:
        return W.THEMES[self.theme]

    @property
    def lead_dept(self) -> str:
        return self.depts[0]

    def next_id(self, letter: str) -> str:
        self.counters[letter] = self.counters.get(letter, 0) + 1
        return f"{self.spec['code']}{self.no:04d}-{letter}{self.counters[letter]:02d}"


class Writer:
    def __init__(self, n_records: int, seed: int):
        self.rng = random.Random(seed)
        self.cal = Calendar("CN")
        self.org = make_org(self.rng)
        self.limit = n_records
        self.files: dict[str, str] = {}  # repository-relative path -> text
        self.kinds: dict[str, int] = {}
        self.sops: list[str] = []  # keys of SOP records written so far
        self.sop_versions: dict[str, int] = {}
        self.projects: list[Project] = []
        self.improvements: dict[str, list[Item]] = {}  # lead department -> lesson improvements

    # ------------------------------------------------------------ helpers

    def workday(self, day: dt.date) -> dt.date:
        while not self.cal.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def fill(self, p: Project, template: str, **extra) -> str:
        """The template with the project's context, fresh numbers and a department of the project."""
        r = self.rng
        n = r.randint(2, 12)
        pct = r.randint(55, 98)
        values = dict(p.ctx, n=n, n2=max(1, n // 2), pct=pct, pct2=min(100, pct + r.randint(-8, 8)),
                      dept=r.choice(p.depts), dept2=r.choice(p.depts[1:] or p.depts),
                      module=r.choice(W.MODULES), amount2=p.ctx["amount"] + r.randint(-15, 20))
        values.update(extra)
        return template.format(**values)

    def person(self, dept: str, exclude=()) -> str:
        pool = [x for x in self.org.members[dept] if x not in exclude]
        return self.rng.choice(pool or self.org.members[dept])

    def owner(self, p: Project, exclude=()) -> str:
        dept = self.rng.choice(p.depts)
        if self.rng.random() < 0.08:
            return dept  # a department can own an item
        return self.person(dept, exclude)

    def common(self, p: Project, kind: str, title: str, day: dt.date, owner: str, tags=(), depts=None) -> dict:
        meta = {"type": kind, "title": title, "date": day, "departments": depts or p.depts, "owner": owner,
                "visibility": p.visibility}
        if p.visibility == "restricted":
            meta["audience"] = p.audience
        meta["tags"] = [self.fill(p, t) for t in p.spec["tags"]] + list(tags)
        return meta

    def write(self, kind: str, day: dt.date, key: str, meta: dict, body) -> str:
        if len(self.files) >= self.limit:
            raise _Full
        path = f"records/{kind}/{day.year}/{day.isoformat()}-{key}.md"
        self.files[path] = emit.record(meta, body)
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        return f"{day.isoformat()}-{key}"

    def tasks(self, p: Project, k: int) -> list[tuple[str, str]]:
        """`k` different tasks of the project's theme, with their deliverables."""
        chosen = self.rng.sample(W.TASKS[p.theme], min(k, len(W.TASKS[p.theme])))
        return [(self.fill(p, t), self.fill(p, d)) for t, d in chosen]

    def pick(self, p: Project, table: dict, k: int = 1) -> list[str]:
        pool = table[p.theme] + table.get("common", [])
        return [self.fill(p, x) for x in self.rng.sample(pool, min(k, len(pool)))]

    def body(self, p: Project, sections: list[str], **extra) -> list[tuple[str, list[str]]]:
        out = []
        for name in sections:
            heading, sentences = W.BODY[name]
            if isinstance(sentences, dict):
                sentences = sentences[p.theme]
            chosen = self.rng.sample(sentences, min(len(sentences), self.rng.randint(2, 3)))
            text = "".join(self.fill(p, s, **extra) for s in chosen)
            out.append((heading, [text]))
        return out

    def agenda_split(self, length: int) -> list[int]:
        k = self.rng.randint(-(-length // 30), max(-(-length // 30), min(4, length // 15)))
        parts = [length // k] * k
        for i in range(length - sum(parts)):
            parts[i % k] += 1
        if self.rng.random() < 0.3 and parts[-1] > 10:
            parts[-1] -= 5  # five minutes left for any other business
        return parts

    # ------------------------------------------------------------ kinds

    def sop(self, day: dt.date, process: str | None = None, depts: list[str] | None = None) -> str:
        r = self.rng
        process = process or r.choice(W.PROCESSES)
        version = self.sop_versions.get(process, 0) + 1
        self.sop_versions[process] = version
        owner_dept = (depts or [r.choice(list(W.DEPARTMENTS))])[0]
        pool = (depts or []) + r.sample(list(W.DEPARTMENTS), 2)
        steps = []
        for text, deliverable in W.SOP_STEPS[: r.randint(3, len(W.SOP_STEPS))]:
            steps.append({"step": text, "department": r.choice(pool), "limit_days": r.randint(1, 5),
                          "deliverable": deliverable})
        steps[0]["department"] = owner_dept
        used = list(dict.fromkeys(s["department"] for s in steps))
        meta = {"type": "sop", "title": f"{process}流程", "date": day, "departments": used,
                "owner": self.org.lead(owner_dept), "visibility": "public" if r.random() < 0.7 else "internal",
                "tags": ["SOP", process], "process": process, "owner_department": owner_dept, "steps": steps,
                "version": f"{1 + (version - 1) // 3}.{(version - 1) % 3}", "reviewed": day,
                "review_every": r.choice((3, 6, 6, 12, 12))}
        body = [("适用范围", [f"本流程适用于公司各部门的{process}事项，由{owner_dept}归口管理。"]),
                ("说明", ["各步骤时限按工作日计算，遇法定节假日顺延。超过时限未办结的，由归口部门提醒并报分管领导。"])]
        key = self.write("sop", day, f"sop-{len(self.sops) + 1:04d}-v{version}", meta, body)
        self.sops.append(key)
        return key

    def request(self, p: Project, day: dt.date, meeting: dt.date, title: str) -> None:
        r = self.rng
        lead = self.org.lead(p.lead_dept)
        problems = []
        for task, deliverable in self.tasks(p, r.randint(1, 3)):
            problems.append(self.item(p, "Q", day, {"problem": task, "owner": self.owner(p)}, r.randint(3, 15)))
            p.items[-1].deliverable = deliverable
        meta = self.common(p, "request", f"{title}协调需求", day, lead, ["协调需求"])
        meta.update({
            "initiator": {"department": p.lead_dept, "person": lead},
            "participants": p.depts[1:] or p.depts,
            "meeting": meeting,
            "background": self.fill(p, r.choice(W.REQUEST_BACKGROUNDS)),
            "problems": problems,
            "expected": {"outcome": f"会上明确{title}的分工、时间表和责任人",
                         "due": self.cal.add(meeting, r.randint(1, 5))},
            "prior_contact": self.fill(p, r.choice(W.PRIOR_CONTACT)),
            "attachments": [self.fill(p, a) for a in r.sample(W.ATTACHMENTS, r.randint(0, 2))],
        })
        self.write("request", day, f"{p.spec['slug']}-{p.no:04d}-request", meta,
                   [("需求说明", [self.fill(p, r.choice(W.REQUEST_BACKGROUNDS))])])

    def item(self, p: Project, letter: str, day: dt.date, fields: dict, lead_days: int,
             status: str | None = None) -> dict:
        r = self.rng
        due = self.cal.add(day, lead_days)
        status = status or r.choices(("open", "in-progress", "done"), (85, 11, 4))[0]
        item_id = p.next_id(letter)
        p.items.append(Item(item_id, day, due, status))
        out = {"id": item_id, **fields, "due": due}
        if status != "open" or r.random() < 0.3:
            out["status"] = status
        return out

    def meeting_plan(self) -> tuple[dt.time, int]:
        r = self.rng
        start = r.choice(("09:00", "09:30", "10:00", "10:30", "14:00", "14:30", "15:00", "16:00"))
        return dt.time(int(start[:2]), int(start[3:])), r.choice((30, 45, 60, 60, 75, 90))

    def people_of_meeting(self, p: Project):
        host = self.org.lead(p.lead_dept) if self.rng.random() < 0.6 else self.org.contact(p.lead_dept)
        recorder = self.person(p.lead_dept, exclude=(host,))
        attendees = []
        for dept in p.depts:
            for _ in range(self.rng.randint(1, 2)):
                name = self.person(dept, exclude=(host, recorder))
                if name not in attendees and name not in (host, recorder):
                    attendees.append(name)
        return host, recorder, attendees

    def notice(self, p: Project, day: dt.date, title: str, start: dt.time, length: int, tag: str) -> str:
        r = self.rng
        host, recorder, attendees = self.people_of_meeting(p)
        issued = self.cal.add(day, -r.choice((2, 2, 3, 3, 4, 5)))
        split = self.agenda_split(length)
        agenda = [{"topic": task.replace("完成", "", 1), "owner": r.choice(attendees + [host]), "minutes": m}
                  for (task, _), m in zip(self.tasks(p, len(split)), split)]
        end = (dt.datetime.combine(day, start) + dt.timedelta(minutes=length)).time()
        meta = self.common(p, "notice", f"{title}会议通知", day, host, ["会议通知"])
        meta.update({"issued": issued, "start": start, "end": end, "location": r.choice(W.ROOMS)})
        if r.random() < 0.5:
            meta["online"] = f"企业会议室 {r.randint(100, 999)}-{day:%Y-%m%d}"
        meta.update({"host": host, "recorder": recorder, "attendees": attendees, "agenda": agenda,
                     "materials": [self.fill(p, m) for m in r.sample(W.MATERIALS, r.randint(1, 3))],
                     "rsvp_by": dt.datetime.combine(self.cal.add(day, -1), dt.time(r.choice((12, 17)), 0))})
        body = [("会议背景", [self.fill(p, r.choice(W.REQUEST_BACKGROUNDS))]),
                ("会前要求", ["请各部门在会前阅读背景材料，并带上本部门的进展和问题。",
                          f"请在{self.cal.add(day, -1):%m月%d日}前确认出席。"])]
        return self.write("notice", day, f"{p.spec['slug']}-{p.no:04d}-{tag}-notice", meta, body)

    def minutes(self, p: Project, day: dt.date, title: str, start: dt.time, length: int, tag: str,
                notice: str | None, final: bool) -> None:
        r = self.rng
        host, recorder, attendees = self.people_of_meeting(p)
        actual = max(20, length + r.choices((0, -15, 10, 15), (70, 15, 13, 2))[0])
        if actual > 90 and r.random() < 0.6:
            actual = 90  # most meetings are stopped at the limit; the others run long (a warning)
        begin = dt.datetime.combine(day, start)
        end = begin + dt.timedelta(minutes=actual)
        published = end + dt.timedelta(minutes=r.randint(30, 23 * 60))
        topics = []
        for task, _ in self.tasks(p, r.randint(2, 4)):
            topics.append({"title": task.replace("完成", "", 1), "presenter": r.choice(attendees),
                           "summary": self.pick(p, W.SUMMARIES)[0],
                           "decision": self.pick(p, W.DECISIONS)[0] if r.random() < 0.7 else None})
        meta = self.common(p, "minutes", title, day, host, ["会议纪要"])
        meta.update({"start": start, "end": end.time(), "location": r.choice(W.ROOMS),
                     "host": host, "recorder": recorder, "attendees": attendees})
        absent_note = "全员出席。"
        if r.random() < 0.25:
            dept = r.choice(p.depts)
            missing = self.person(dept, exclude=attendees + [host, recorder])
            if missing not in attendees and missing not in (host, recorder):
                meta["absent"] = [{"person": missing, "sync_by": r.choice(attendees)}]
                absent_note = f"{missing}请假，会后由{meta['absent'][0]['sync_by']}同步会议内容。"
        if notice:
            meta["notice"] = notice
        meta.update({
            "published": published, "topics": topics,
            "decisions": self.pick(p, W.DECISIONS, r.randint(1, 3)),
            "disputes": self.pick(p, W.DISPUTES) if r.random() < 0.3 else [],
        })
        if r.random() < 0.2:
            meta["pending"] = [self.item(p, "P", day, {"question": self.pick(p, W.PENDING)[0],
                                                       "owner": self.owner(p)}, r.randint(3, 10))]
        updates = self.updates(p, day, final)
        actions = []
        for task, deliverable in self.tasks(p, 0 if final and r.random() < 0.75 else r.randint(1, 5)):
            fields = {"task": task, "owner": self.owner(p, (host,))}
            if r.random() < 0.7:
                fields["deliverable"] = deliverable
            actions.append(self.item(p, "A", day, fields, r.randint(3, 25)))
            p.items[-1].deliverable = deliverable
        meta["actions"] = actions
        meta["updates"] = updates
        sections = ["situation", "progress"] + (["risk"] if r.random() < 0.6 else []) + ["next"]
        if final and r.random() < 0.5:
            sections.append("reflection")
        self.write("minutes", day, f"{p.spec['slug']}-{p.no:04d}-{tag}", meta,
                   self.body(p, sections, minutes=actual, absent_note=absent_note))

    def updates(self, p: Project, day: dt.date, final: bool) -> list[dict]:
        """Move on earlier open items of the project: most late ones close, some slip."""
        r = self.rng
        out = []
        # the project's own items, and the improvements its lead department promised in
        # earlier retrospectives (a department's next project checks on them)
        pool = p.items + self.improvements.get(p.lead_dept, [])
        candidates = sorted((i for i in pool if i.movable_on(day)),
                            key=lambda i: (i.due, i.id))
        late = [i for i in candidates if i.due <= day]
        chosen = candidates if final else late[:12] + candidates[len(late):len(late) + r.randint(0, 3)]
        for item in chosen:
            if final:
                fate = r.choices(("done", "cancelled", "in-progress", None), (88, 6, 2, 4))[0]
            elif item.due <= day:
                fate = r.choices(("done", "redated", "blocked", "cancelled", None), (66, 15, 6, 3, 10))[0]
            else:
                fate = r.choices(("in-progress", "done", None), (35, 10, 55))[0]
            if fate is None or (fate == "in-progress" and item.status == "in-progress"):
                continue
            update = {"ref": item.id}
            item.changed = day
            if fate == "redated":
                item.due = self.cal.add(day, r.randint(5, 15))
                item.status = "in-progress"
                update.update(status="in-progress", due=item.due)
            else:
                item.status = fate
                update["status"] = fate
                if fate == "blocked" and r.random() < 0.5:
                    item.due = self.cal.add(day, r.randint(5, 15))
                    update["due"] = item.due
            if r.random() < 0.03 and fate not in CLOSED:
                update["owner"] = self.owner(p)
            update["note"] = self.fill(p, r.choice(W.UPDATE_NOTES[fate]), deliverable=item.deliverable or "结果")
            out.append(update)
        return out

    def plan(self, p: Project, day: dt.date, title: str) -> str:
        r = self.rng
        roles = []
        for dept in p.depts:
            role = "lead" if dept == p.lead_dept else "supervise" if dept == "总经办" else "assist"
            duty = W.DUTIES[role] if role != "assist" else r.choice(W.DUTIES["assist"])
            roles.append({"department": dept, "role": role, "contact": self.org.contact(dept), "duty": duty})
        tasks: list[dict] = []
        for text, deliverable in self.tasks(p, r.randint(4, 9)):
            deps = r.sample(tasks, min(len(tasks), r.choice((0, 1, 1, 2)))) if tasks else []
            start = self.cal.add(max([t["due"] for t in deps], default=day), r.randint(1, 4))
            dept = r.choice(p.depts)
            status = r.choices(("open", "in-progress"), (80, 20))[0]
            task = self.item(p, "T", start, {"task": text, "owner": self.person(dept), "department": dept,
                                             "start": start}, r.randint(2, 12), status)
            p.items[-1].declared = day  # declared by the plan, whatever its start
            p.items[-1].deliverable = deliverable
            if r.random() < 0.8:
                task["deliverable"] = deliverable
            if deps:
                task["depends_on"] = [d["id"] for d in deps]
            # field order as people write it: id, task, owner, department, start, due …
            tasks.append({k: task[k] for k in ("id", "task", "owner", "department", "start", "due",
                                               "deliverable", "depends_on", "status") if k in task})
        deadline = self.cal.add(max(t["due"] for t in tasks), r.randint(1, 10))
        p.ctx["deadline_text"] = f"{deadline.year}年{deadline.month}月{deadline.day}日"
        statement, metric, target = (self.fill(p, x) for x in p.spec["goal"])
        meta = self.common(p, "plan", f"{title}协作计划书", day, self.org.lead(p.lead_dept), ["协作计划"])
        meta.update({"goal": {"statement": statement, "metric": metric, "target": target, "deadline": deadline},
                     "scenario": p.spec["scenario"], "roles": roles, "tasks": tasks,
                     "cadence": "每两周一次进度会（30至60分钟），重大问题随时召开专题会",
                     "risks": [self.fill(p, s) for s in r.sample(W.BODY["risk"][1][p.theme], 2)]})
        body = [("计划说明", [f"本计划书落实启动会的决定，把会上的行动项拆成可以跟踪的任务。"
                          f"{p.lead_dept}为主导部门，{self.org.contact(p.lead_dept)}担任日常接口人。"]),
                ("进度跟踪与升级", ["各任务负责人每周五下班前在协作系统更新状态；滞后超过3个工作日的任务提交总经办督办。"])]
        return self.write("plan", day, f"{p.spec['slug']}-{p.no:04d}-plan", meta, body)

    def conflict(self, p: Project, raised: dt.date) -> None:
        r = self.rng
        level = r.choices(("general", "moderate", "major"), (50, 35, 15))[0]
        limit = CONFLICT_SLA_WORKING_DAYS[level]
        depts = r.sample(p.depts, min(len(p.depts), r.randint(2, 3)))
        if level == "major" and "总经办" not in depts:
            depts.append("总经办")
        resolver = self.org.lead("总经办") if level == "major" else self.org.lead(p.lead_dept)
        meta = self.common(p, "conflict", f"{p.ctx['project']}中的{CONFLICT_LEVELS[level]}",
                           raised, self.org.contact(p.lead_dept), ["冲突"], depts)
        meta.update({"level": level, "raised": raised, "resolver": resolver,
                     "description": self.fill(p, r.choice(W.CONFLICT_DESCRIPTIONS)),
                     "cause": self.fill(p, r.choice(W.CONFLICT_CAUSES))})
        fate = r.choices(("in-time", "late", "open"), (85, 8, 7))[0]
        resolved = self.cal.add(raised, r.randint(0, limit) if fate == "in-time" else limit + r.randint(1, 3))
        if fate != "open" and resolved <= REFERENCE_DATE:
            meta["resolved"] = resolved
            meta["resolution"] = self.fill(p, r.choice(W.CONFLICT_RESOLUTIONS))
        self.write("conflict", raised, f"{p.spec['slug']}-{p.no:04d}-conflict-{p.counters.get('C', 0)}", meta,
                   [("经过", [self.fill(p, r.choice(W.CONFLICT_DESCRIPTIONS))])])
        p.counters["C"] = p.counters.get("C", 0) + 1

    def retrospective(self, p: Project, day: dt.date, plan: str | None, sop: str | None) -> None:
        r = self.rng
        lessons = []
        for text, category, improvement in r.sample(W.LESSONS, r.randint(2, 4)):
            lesson = {"lesson": text, "category": category}
            if improvement:
                status = r.choices(("open", "in-progress", "done"), (50, 30, 20))[0]
                lesson = self.item(p, "L", day, {"lesson": text, "category": category, "improvement": improvement,
                                                 "owner": self.owner(p)}, r.randint(5, 30), status)
                self.improvements.setdefault(p.lead_dept, []).append(p.items[-1])
                if sop and r.random() < 0.5:
                    lesson["sop"] = sop
                    sop = None
            lessons.append(lesson)
        results = []
        for metric, target, actual in r.sample(W.RESULT_METRICS, r.randint(2, 4)):
            results.append({"metric": metric, "target": self.fill(p, target), "actual": self.fill(p, actual)})
        meta = self.common(p, "retrospective", f"{p.ctx['project']}复盘报告", day, self.org.lead(p.lead_dept),
                           ["复盘", "经验教训"])
        if plan:
            meta["plan"] = plan
        meta.update({"highlights": [self.fill(p, h) for h in r.sample(W.HIGHLIGHTS, 2)],
                     "shortcomings": [self.fill(p, s) for s in r.sample(W.SHORTCOMINGS, 2)],
                     "lessons": lessons, "results": results})
        self.write("retrospective", day, f"{p.spec['slug']}-{p.no:04d}-retrospective", meta,
                   self.body(p, ["reflection", "next"], minutes=60, absent_note=""))

    # ------------------------------------------------------------ one project

    def project(self, no: int, start: dt.date, full: bool = False) -> None:
        r = self.rng
        theme = r.choices(list(W.THEME_WEIGHTS), list(W.THEME_WEIGHTS.values()))[0]
        spec = W.THEMES[theme]
        others = r.sample(spec["departments"], r.randint(2, 5))
        if r.random() < 0.3 and "总经办" not in others:
            others.append("总经办")
        depts = [spec["lead"]] + others
        year = start.year
        ctx = {"product": r.choice(W.PRODUCTS), "ver": r.choice(W.VERSIONS), "customer": r.choice(W.CUSTOMERS),
               "issue": r.choice(W.ISSUES), "quarter": f"Q{(start.month - 1) // 3 + 1}", "year": year,
               "month": start.month, "amount": r.choice((60, 80, 100, 120, 150)), "process": r.choice(W.PROCESSES),
               "doc": r.choice(W.DOCS), "item": r.choice(W.BUDGET_ITEMS), "lead": spec["lead"],
               "deadline_text": f"{year}年{start.month}月底"}
        roll = r.random()
        visibility = "restricted" if roll < 0.04 else "public" if roll < 0.14 else "internal"
        p = Project(no, theme, depts, ctx, visibility, list(depts))
        p.ctx["project"] = self.fill(p, spec["project"])
        self.projects.append(p)
        today = REFERENCE_DATE

        day = self.workday(start)
        meetings = r.randint(3, 9) if not full else 4
        if full or r.random() < 0.5:
            sent = self.cal.add(day, -r.randint(2, 5))
            if sent <= today:
                self.request(p, sent, day, self.fill(p, spec["kickoff"]).removesuffix("会"))
        plan_key = None
        last = None
        for n in range(meetings):
            final = n == meetings - 1
            title = self.fill(p, spec["kickoff"] if n == 0 else spec["final"] if final else spec["progress"], n=n)
            tag = "kickoff" if n == 0 else "final" if final else f"progress-{n}"
            start_time, length = self.meeting_plan()
            notice = None
            if full or r.random() < (0.7 if n == 0 else 0.2):
                if self.cal.add(day, -2) <= today:
                    notice = self.notice(p, day, title, start_time, length, tag)
            if day >= today:
                return  # the meeting is still to come: its notice is all there is
            self.minutes(p, day, title, start_time, length, tag, notice, final)
            last = day
            if n == 0 and (full or r.random() < (0.75 if theme in ("launch", "process") else 0.45)):
                plan_day = self.cal.add(day, r.randint(1, 3))
                if plan_day >= today:
                    return
                plan_key = self.plan(p, plan_day, p.ctx["project"])
            if not final and (full and n == 1 or r.random() < 0.05):
                raised = self.cal.add(day, r.randint(1, 3))
                if raised < today:
                    self.conflict(p, raised)
            day = self.cal.add(day, r.randint(5, 15))
        retro_day = self.cal.add(last, r.randint(3, 10))
        if retro_day < today and (full or r.random() < 0.45):
            sop = None
            if full or r.random() < 0.3:
                sop = self.sop(self.cal.add(retro_day, -1), p.ctx["process"] if theme == "process" else None,
                               [p.lead_dept] + p.depts[1:3])
            elif self.sops and r.random() < 0.3:
                sop = r.choice(self.sops)
            self.retrospective(p, retro_day, plan_key, sop)


def generate(root: Path, n_records: int, seed: int, git: bool = False) -> dict:
    """Write a repository of `n_records` records under `root`; a summary of what was written.
    With `git`, the repository is also a git repository with everything committed, as a
    real one is (the one-file check, what pre-commit runs, lists and searches through git)."""
    root = Path(root)
    if (root / "records").exists():
        raise FileExistsError(f"{root / 'records'} exists; the generator writes only into a new folder")
    w = Writer(n_records, seed)
    span = (REFERENCE_DATE - FIRST_DAY).days
    try:
        for i in range(max(1, n_records // 80)):  # the SOPs a company starts with
            w.sop(w.workday(FIRST_DAY + dt.timedelta(days=i * 90 // max(1, n_records // 80))))
        no = 1
        while len(w.files) < n_records:
            if no == 1:  # one project with every kind, done well before the reference date
                start = dt.date(2025, 3, 3)
            elif no == 2:  # and one still running, so even a small repository has work in hand
                start = REFERENCE_DATE - dt.timedelta(days=40)
            else:
                # a growing company: the density of new projects rises linearly over the years
                start = FIRST_DAY + dt.timedelta(days=int((span - 14) * math.sqrt(w.rng.random())))
            w.project(no, start, full=no == 1)
            no += 1
    except _Full:
        pass
    _write_new(root / "records" / "org.yml", w.org.yaml())
    for rel, text in w.files.items():
        _write_new(root / rel, text)
    copy_site(root)
    if git:
        commit_all(root)
    return summary(w)


def commit_all(root: Path) -> None:
    import os
    import subprocess

    who = {"GIT_AUTHOR_NAME": "minutebook benchmarks", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_AUTHOR_DATE": "2026-11-20T18:00:00+08:00"}
    env = dict(os.environ, **who, **{k.replace("AUTHOR", "COMMITTER"): v for k, v in who.items()})
    for cmd in (["init", "-q"], ["add", "-A"],
                ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "Synthetic records for the benchmarks"]):
        subprocess.run(["git", *cmd], cwd=root, env=env, check=True, capture_output=True)


def _write_new(path: Path, text: str) -> None:
    # a fresh folder of generated files: "x" refuses to replace anything, no fsync needed
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def copy_site(root: Path, project: Path = PROJECT_ROOT) -> None:
    """mkdocs.yml and the docs folder of the project (and a theme override folder and
    hooks, if any), so that the project's own site builds over the generated records."""
    from minutebook.base import mkdocs_config

    cfg = mkdocs_config.load(project / "mkdocs.yml")
    shutil.copyfile(project / "mkdocs.yml", root / "mkdocs.yml")
    folders = [cfg.get("docs_dir", "docs")]
    theme = cfg.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        folders.append(theme["custom_dir"])
    for hook in cfg.get("hooks") or ():
        if isinstance(hook, str):
            (root / hook).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project / hook, root / hook)
    for folder in folders:
        if (project / folder).is_dir():
            shutil.copytree(project / folder, root / folder, dirs_exist_ok=True,
                            ignore=_snapshots_of(project / folder))


def _snapshots_of(docs: Path):
    """An ignore function for copytree: the weekly snapshots are data about the project's
    own records (their links point into them), not part of the site's structure."""
    from minutebook.reports.weekly import is_snapshot_uri

    def ignore(folder: str, names: list[str]) -> list[str]:
        rel = Path(folder).resolve().relative_to(docs.resolve()).as_posix()
        return [n for n in names if is_snapshot_uri(n if rel == "." else f"{rel}/{n}")]

    return ignore


def summary(w: Writer) -> dict:
    items = [i for p in w.projects for i in p.items]
    mix = {"done": 0, "cancelled": 0, "overdue": 0, "open": 0}
    for i in items:
        if i.status in CLOSED:
            mix[i.status] += 1
        elif i.due < REFERENCE_DATE:
            mix["overdue"] += 1
        else:
            mix["open"] += 1
    dates = sorted(p.rsplit("/", 1)[1][:10] for p in w.files)
    return {"records": len(w.files), "kinds": dict(sorted(w.kinds.items(), key=lambda kv: -kv[1])),
            "people": len(w.org.people), "departments": len(w.org.members), "projects": len(w.projects),
            "items": mix, "first": dates[0] if dates else None, "last": dates[-1] if dates else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0])
    ap.add_argument("root", help="a new folder to write the repository into")
    ap.add_argument("--records", type=int, default=2000, help="how many records (default 2000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--git", action="store_true", help="make it a git repository, everything committed")
    args = ap.parse_args(argv)
    if args.records < 1:
        ap.error("--records must be at least 1")
    try:
        info = generate(Path(args.root), args.records, args.seed, args.git)
    except FileExistsError as exc:
        print(f"benchmarks.generate: error: {exc}", file=sys.stderr)
        return 2
    json.dump(info, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
