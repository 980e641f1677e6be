"""Progress between meetings: an item's owner reports it done in a progress record of
its own, a working day after the meeting (by the department's lead when a department
owns the item, so that MB213 lets it through)."""

from __future__ import annotations

import datetime as dt

from .. import phrases
from .front import front_matter
from .state import Corpus, Project
from .text import fill


def progress(c: Corpus, p: Project, day: dt.date, tag: str) -> None:
    """On `day`, close the project's first open item whose owner is known, if any."""
    item = next((i for i in p.items if i.owner and i.movable_on(day)), None)
    if item is None:
        return
    if item.owner in c.org.members:  # a department owns it: its lead reports
        dept, by = item.owner, c.org.lead(item.owner)
    else:
        dept, by = c.org.people[item.owner][0], item.owner
    note = fill(c, p, c.rng.choice(phrases.UPDATE_NOTES["done"]), deliverable=item.deliverable or "结果")
    meta = front_matter(c, p, "progress", f"进度更新：{item.id}", day, by, ["进度更新"], depts=[dept])
    meta.update({"by": by, "updates": [{"ref": item.id, "status": "done", "note": note}]})
    c.write("progress", day, f"{p.spec['slug']}-{p.no:04d}-{tag}-progress", meta, [("进展说明", [note])])
    item.status, item.changed = "done", day
