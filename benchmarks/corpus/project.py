"""The life of one cross-department project: an optional coordination request, a kickoff
notice and meeting, a plan, progress meetings whose minutes move earlier items on, now
and then a progress record between meetings or a conflict, a retrospective and a revised
SOP. Nothing after REFERENCE_DATE."""

from __future__ import annotations

import datetime as dt

from minutebook.model.policy import LEAD_WORKING_DAYS

from .. import phrases
from .conflicts import conflict
from .dates import REFERENCE_DATE, workday
from .meetings import meeting_plan, minutes, notice
from .plans import plan
from .progress import progress
from .requests import request
from .retrospectives import retrospective
from .sops import sop
from .state import Corpus, Project
from .text import fill


def new_project(c: Corpus, no: int, start: dt.date) -> Project:
    """A project of a random theme starting on `start`, with its departments and context."""
    r = c.rng
    theme = r.choices(list(phrases.THEME_WEIGHTS), list(phrases.THEME_WEIGHTS.values()))[0]
    spec = phrases.THEMES[theme]
    others = r.sample(spec["departments"], r.randint(2, 5))
    if r.random() < 0.3 and "总经办" not in others:
        others.append("总经办")
    depts = [spec["lead"]] + others
    year = start.year
    ctx = {"product": r.choice(phrases.PRODUCTS), "ver": r.choice(phrases.VERSIONS),
           "customer": r.choice(phrases.CUSTOMERS), "issue": r.choice(phrases.ISSUES),
           "quarter": f"Q{(start.month - 1) // 3 + 1}", "year": year, "month": start.month,
           "amount": r.choice((60, 80, 100, 120, 150)), "process": r.choice(phrases.PROCESSES),
           "doc": r.choice(phrases.DOCS), "item": r.choice(phrases.BUDGET_ITEMS), "lead": spec["lead"],
           "deadline_text": f"{year}年{start.month}月底"}
    roll = r.random()
    visibility = "restricted" if roll < 0.04 else "public" if roll < 0.14 else "internal"
    p = Project(no, theme, depts, ctx, visibility, list(depts))
    p.ctx["project"] = fill(c, p, spec["project"])
    return p


def simulate(c: Corpus, no: int, start: dt.date, full: bool = False) -> None:
    """Write the records of project `no`; with `full`, one of every kind."""
    r = c.rng
    p = new_project(c, no, start)
    c.projects.append(p)
    spec = p.spec
    today = REFERENCE_DATE

    day = workday(c.cal, start)
    meetings = r.randint(3, 9) if not full else 4
    if full or r.random() < 0.5:
        sent = c.cal.add(day, -r.randint(LEAD_WORKING_DAYS, LEAD_WORKING_DAYS + 3))
        if sent <= today:
            request(c, p, sent, day, fill(c, p, spec["kickoff"]).removesuffix("会"))
    plan_key = None
    last = None
    for n in range(meetings):
        final = n == meetings - 1
        title = fill(c, p, spec["kickoff"] if n == 0 else spec["final"] if final else spec["progress"], n=n)
        tag = "kickoff" if n == 0 else "final" if final else f"progress-{n}"
        start_time, length = meeting_plan(c)
        notice_key = None
        if full or r.random() < (0.7 if n == 0 else 0.2):
            if c.cal.add(day, -LEAD_WORKING_DAYS) <= today:
                notice_key = notice(c, p, day, title, start_time, length, tag)
        if day >= today:
            return  # the meeting is still to come: its notice is all there is
        minutes(c, p, day, title, start_time, length, tag, notice_key, final)
        last = day
        if not final and (full and n == 1 or r.random() < 0.1):
            reported = c.cal.add(day, 1)  # between meetings: the next is 5 or more days later
            if reported < today:
                progress(c, p, reported, tag)
        if n == 0 and (full or r.random() < (0.75 if p.theme in ("launch", "process") else 0.45)):
            plan_day = c.cal.add(day, r.randint(1, 3))
            if plan_day >= today:
                return
            plan_key = plan(c, p, plan_day, p.ctx["project"])
        if not final and (full and n == 1 or r.random() < 0.05):
            raised = c.cal.add(day, r.randint(1, 3))
            if raised < today:
                conflict(c, p, raised)
        day = c.cal.add(day, r.randint(5, 15))
    retro_day = c.cal.add(last, r.randint(3, 10))
    if retro_day < today and (full or r.random() < 0.45):
        revised = None
        if full or r.random() < 0.3:
            revised = sop(c, c.cal.add(retro_day, -1), p.ctx["process"] if p.theme == "process" else None,
                          [p.lead_dept] + p.depts[1:3])
        elif c.sops and r.random() < 0.3:
            revised = r.choice(c.sops)
        retrospective(c, p, retro_day, plan_key, revised)
