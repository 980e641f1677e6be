"""The front-matter fields every record of a project starts with."""

from __future__ import annotations

import datetime as dt

from .state import Corpus, Project
from .text import fill


def front_matter(c: Corpus, p: Project, kind: str, title: str, day: dt.date, owner: str, tags=(),
                 depts=None) -> dict:
    meta = {"type": kind, "title": title, "date": day, "departments": depts or p.depts, "owner": owner,
            "visibility": p.visibility}
    if p.visibility == "restricted":
        meta["audience"] = p.audience
    meta["tags"] = [fill(c, p, t) for t in p.spec["tags"]] + list(tags)
    return meta
