"""A conflict between departments of a project, settled within its level's limit of
`minutebook.model.policy` (most of the time)."""

from __future__ import annotations

import datetime as dt

from minutebook.model.policy import CONFLICT_SLA_WORKING_DAYS
from minutebook.model.vocabulary import CONFLICT_LEVELS

from .. import phrases
from .dates import REFERENCE_DATE
from .front import front_matter
from .state import Corpus, Project
from .text import fill


def conflict(c: Corpus, p: Project, raised: dt.date) -> None:
    r = c.rng
    level = r.choices(("general", "moderate", "major"), (50, 35, 15))[0]
    limit = CONFLICT_SLA_WORKING_DAYS[level]
    depts = r.sample(p.depts, min(len(p.depts), r.randint(2, 3)))
    if level == "major" and "总经办" not in depts:
        depts.append("总经办")
    resolver = c.org.lead("总经办") if level == "major" else c.org.lead(p.lead_dept)
    meta = front_matter(c, p, "conflict", f"{p.ctx['project']}中的{CONFLICT_LEVELS[level]}",
                        raised, c.org.contact(p.lead_dept), ["冲突"], depts)
    meta.update({"level": level, "raised": raised, "resolver": resolver,
                 "description": fill(c, p, r.choice(phrases.CONFLICT_DESCRIPTIONS)),
                 "cause": fill(c, p, r.choice(phrases.CONFLICT_CAUSES))})
    fate = r.choices(("in-time", "late", "open"), (85, 8, 7))[0]
    resolved = c.cal.add(raised, r.randint(0, limit) if fate == "in-time" else limit + r.randint(1, 3))
    if fate != "open" and resolved <= REFERENCE_DATE:
        meta["resolved"] = resolved
        meta["resolution"] = fill(c, p, r.choice(phrases.CONFLICT_RESOLUTIONS))
    c.write("conflict", raised, f"{p.spec['slug']}-{p.no:04d}-conflict-{p.counters.get('C', 0)}", meta,
            [("经过", [fill(c, p, r.choice(phrases.CONFLICT_DESCRIPTIONS))])])
    p.counters["C"] = p.counters.get("C", 0) + 1
