"""Who does what: owners of items, and the host, recorder and attendees of a meeting."""

from __future__ import annotations

from .state import Corpus, Project


def person(c: Corpus, dept: str, exclude=()) -> str:
    pool = [x for x in c.org.members[dept] if x not in exclude]
    return c.rng.choice(pool or c.org.members[dept])


def owner(c: Corpus, p: Project, exclude=()) -> str:
    dept = c.rng.choice(p.depts)
    if c.rng.random() < 0.08:
        return dept  # a department can own an item
    return person(c, dept, exclude)


def meeting_people(c: Corpus, p: Project) -> tuple[str, str, list[str]]:
    """(host, recorder, attendees) of a meeting of the project."""
    host = c.org.lead(p.lead_dept) if c.rng.random() < 0.6 else c.org.contact(p.lead_dept)
    recorder = person(c, p.lead_dept, exclude=(host,))
    attendees = []
    for dept in p.depts:
        for _ in range(c.rng.randint(1, 2)):
            name = person(c, dept, exclude=(host, recorder))
            if name not in attendees and name not in (host, recorder):
                attendees.append(name)
    return host, recorder, attendees
