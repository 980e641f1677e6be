"""The coordination request a lead department sends before a kickoff meeting."""

from __future__ import annotations

import datetime as dt

from .. import phrases
from .front import front_matter
from .items import new_item
from .people import owner
from .state import Corpus, Project
from .text import fill, tasks


def request(c: Corpus, p: Project, day: dt.date, meeting: dt.date, title: str) -> None:
    r = c.rng
    lead = c.org.lead(p.lead_dept)
    problems = []
    for task, deliverable in tasks(c, p, r.randint(1, 3)):
        problems.append(new_item(c, p, "Q", day, {"problem": task, "owner": owner(c, p)}, r.randint(3, 15)))
        p.items[-1].deliverable = deliverable
    meta = front_matter(c, p, "request", f"{title}协调需求", day, lead, ["协调需求"])
    meta.update({
        "initiator": {"department": p.lead_dept, "person": lead},
        "participants": p.depts[1:] or p.depts,
        "meeting": meeting,
        "background": fill(c, p, r.choice(phrases.REQUEST_BACKGROUNDS)),
        "problems": problems,
        "expected": {"outcome": f"会上明确{title}的分工、时间表和责任人",
                     "due": c.cal.add(meeting, r.randint(1, 5))},
        "prior_contact": fill(c, p, r.choice(phrases.PRIOR_CONTACT)),
        "attachments": [fill(c, p, a) for a in r.sample(phrases.ATTACHMENTS, r.randint(0, 2))],
    })
    c.write("request", day, f"{p.spec['slug']}-{p.no:04d}-request", meta,
            [("需求说明", [fill(c, p, r.choice(phrases.REQUEST_BACKGROUNDS))])])
