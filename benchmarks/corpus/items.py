"""Items (actions, tasks, problems, pending questions, improvements) and the updates by
which later minutes move them on."""

from __future__ import annotations

import datetime as dt

from .. import phrases
from .people import owner
from .state import CLOSED, Corpus, Item, Project
from .text import fill


def new_item(c: Corpus, p: Project, letter: str, day: dt.date, fields: dict, lead_days: int,
             status: str | None = None) -> dict:
    """An item declared on `day`, due `lead_days` working days later, as its record lists it."""
    r = c.rng
    due = c.cal.add(day, lead_days)
    status = status or r.choices(("open", "in-progress", "done"), (85, 11, 4))[0]
    item_id = p.next_id(letter)
    p.items.append(Item(item_id, day, due, status, owner=fields.get("owner", "")))
    out = {"id": item_id, **fields, "due": due}
    if status != "open" or r.random() < 0.3:
        out["status"] = status
    return out


def updates(c: Corpus, p: Project, day: dt.date, final: bool) -> list[dict]:
    """Move on earlier open items of the project: most late ones close, some slip."""
    r = c.rng
    out = []
    # the project's own items, and the improvements its lead department promised in
    # earlier retrospectives (a department's next project checks on them)
    pool = p.items + c.improvements.get(p.lead_dept, [])
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
            item.due = c.cal.add(day, r.randint(5, 15))
            item.status = "in-progress"
            update.update(status="in-progress", due=item.due)
        else:
            item.status = fate
            update["status"] = fate
            if fate == "blocked" and r.random() < 0.5:
                item.due = c.cal.add(day, r.randint(5, 15))
                update["due"] = item.due
        if r.random() < 0.03 and fate not in CLOSED:
            update["owner"] = item.owner = owner(c, p)
        update["note"] = fill(c, p, r.choice(phrases.UPDATE_NOTES[fate]), deliverable=item.deliverable or "结果")
        out.append(update)
    return out
