"""The retrospective that closes a project: lessons (some with an improvement to track),
results against targets, highlights and shortcomings."""

from __future__ import annotations

import datetime as dt

from .. import phrases
from .front import front_matter
from .items import new_item
from .people import owner
from .state import Corpus, Project
from .text import body, fill


def retrospective(c: Corpus, p: Project, day: dt.date, plan: str | None, sop: str | None) -> None:
    r = c.rng
    lessons = []
    for text, category, improvement in r.sample(phrases.LESSONS, r.randint(2, 4)):
        lesson = {"lesson": text, "category": category}
        if improvement:
            status = r.choices(("open", "in-progress", "done"), (50, 30, 20))[0]
            lesson = new_item(c, p, "L", day, {"lesson": text, "category": category, "improvement": improvement,
                                               "owner": owner(c, p)}, r.randint(5, 30), status)
            c.improvements.setdefault(p.lead_dept, []).append(p.items[-1])
            if sop and r.random() < 0.5:
                lesson["sop"] = sop
                sop = None
        lessons.append(lesson)
    results = []
    for metric, target, actual in r.sample(phrases.RESULT_METRICS, r.randint(2, 4)):
        results.append({"metric": metric, "target": fill(c, p, target), "actual": fill(c, p, actual)})
    meta = front_matter(c, p, "retrospective", f"{p.ctx['project']}复盘报告", day, c.org.lead(p.lead_dept),
                        ["复盘", "经验教训"])
    if plan:
        meta["plan"] = plan
    meta.update({"highlights": [fill(c, p, h) for h in r.sample(phrases.HIGHLIGHTS, 2)],
                 "shortcomings": [fill(c, p, s) for s in r.sample(phrases.SHORTCOMINGS, 2)],
                 "lessons": lessons, "results": results})
    c.write("retrospective", day, f"{p.spec['slug']}-{p.no:04d}-retrospective", meta,
            body(c, p, ["reflection", "next"], minutes=60, absent_note=""))
