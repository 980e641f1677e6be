"""Meetings: the notice before one and the minutes after it, within the limits of
`minutebook.model.policy` (topic and meeting lengths, lead time, publishing deadline)."""

from __future__ import annotations

import datetime as dt
import random

from minutebook.model.policy import (
    LEAD_WORKING_DAYS,
    MAX_MEETING_MINUTES,
    MAX_TOPIC_MINUTES,
    PUBLISH_WITHIN_HOURS,
    meeting_too_long,
)

from .. import phrases
from .front import front_matter
from .items import new_item, updates
from .people import meeting_people, owner, person
from .state import Corpus, Project
from .text import body, fill, pick, tasks

START_TIMES = ("09:00", "09:30", "10:00", "10:30", "14:00", "14:30", "15:00", "16:00")
# planned lengths: quarter hours from half an hour up to the longest a meeting may run,
# an hour twice as often as the others
_QUARTER_HOURS = range(30, MAX_MEETING_MINUTES + 1, 15)
MEETING_LENGTHS = tuple(sorted([*_QUARTER_HOURS, *(m for m in _QUARTER_HOURS if m == 60)]))


def meeting_plan(c: Corpus) -> tuple[dt.time, int]:
    """When a meeting starts and how many minutes it is planned for."""
    start = c.rng.choice(START_TIMES)
    return dt.time(int(start[:2]), int(start[3:])), c.rng.choice(MEETING_LENGTHS)


def agenda_split(c: Corpus, length: int) -> list[int]:
    """The minutes of each agenda topic of a meeting of `length` minutes."""
    fewest = -(-length // MAX_TOPIC_MINUTES)  # enough topics that none runs over the limit
    k = c.rng.randint(fewest, max(fewest, min(4, length // 15)))
    parts = [length // k] * k
    for i in range(length - sum(parts)):
        parts[i % k] += 1
    if c.rng.random() < 0.3 and parts[-1] > 10:
        parts[-1] -= 5  # five minutes left for any other business
    return parts


def notice(c: Corpus, p: Project, day: dt.date, title: str, start: dt.time, length: int, tag: str) -> str:
    r = c.rng
    host, recorder, attendees = meeting_people(c, p)
    issued = c.cal.add(day, -(LEAD_WORKING_DAYS + r.choice((0, 0, 1, 1, 2, 3))))
    split = agenda_split(c, length)
    agenda = [{"topic": task.replace("完成", "", 1), "owner": r.choice(attendees + [host]), "minutes": m}
              for (task, _), m in zip(tasks(c, p, len(split)), split)]
    end = (dt.datetime.combine(day, start) + dt.timedelta(minutes=length)).time()
    meta = front_matter(c, p, "notice", f"{title}会议通知", day, host, ["会议通知"])
    meta.update({"issued": issued, "start": start, "end": end, "location": r.choice(phrases.ROOMS)})
    if r.random() < 0.5:
        meta["online"] = f"企业会议室 {r.randint(100, 999)}-{day:%Y-%m%d}"
    meta.update({"host": host, "recorder": recorder, "attendees": attendees, "agenda": agenda,
                 "materials": [fill(c, p, m) for m in r.sample(phrases.MATERIALS, r.randint(1, 3))],
                 "rsvp_by": dt.datetime.combine(c.cal.add(day, -1), dt.time(r.choice((12, 17)), 0))})
    text = [("会议背景", [fill(c, p, r.choice(phrases.REQUEST_BACKGROUNDS))]),
            ("会前要求", ["请各部门在会前阅读背景材料，并带上本部门的进展和问题。",
                      f"请在{c.cal.add(day, -1):%m月%d日}前确认出席。"])]
    return c.write("notice", day, f"{p.spec['slug']}-{p.no:04d}-{tag}-notice", meta, text)


def heavy_topics(c: Corpus, p: Project, day: dt.date, attendees: list[str]) -> list[dict]:
    """Four more topics with a long discussion each, as in the heaviest sample minutes.

    Drawn from a random source of their own (seeded by the project and the day), so the
    default corpus keeps its bytes and a heavy one differs only by these topics."""
    r = random.Random(f"{p.no}-{day.isoformat()}")
    summaries = phrases.SUMMARIES[p.theme] + phrases.SUMMARIES.get("common", [])
    decisions = phrases.DECISIONS[p.theme] + phrases.DECISIONS.get("common", [])
    out = []
    for _ in range(4):
        summary = "".join(r.choice(summaries) for _ in range(4))
        out.append({"title": fill(c, p, r.choice(summaries))[:12].rstrip("，。"), "presenter": r.choice(attendees),
                    "summary": fill(c, p, summary), "decision": fill(c, p, r.choice(decisions))})
    return out


def minutes(c: Corpus, p: Project, day: dt.date, title: str, start: dt.time, length: int, tag: str,
            notice_key: str | None, final: bool) -> None:
    r = c.rng
    host, recorder, attendees = meeting_people(c, p)
    actual = max(20, length + r.choices((0, -15, 10, 15), (70, 15, 13, 2))[0])
    if meeting_too_long(actual) and r.random() < 0.6:
        actual = MAX_MEETING_MINUTES  # most meetings are stopped at the limit; the others run long (a warning)
    begin = dt.datetime.combine(day, start)
    end = begin + dt.timedelta(minutes=actual)
    # published at least half an hour after the end and an hour before the deadline
    published = end + dt.timedelta(minutes=r.randint(30, (PUBLISH_WITHIN_HOURS - 1) * 60))
    topics = []
    for task, _ in tasks(c, p, r.randint(2, 4)):
        topics.append({"title": task.replace("完成", "", 1), "presenter": r.choice(attendees),
                       "summary": pick(c, p, phrases.SUMMARIES)[0],
                       "decision": pick(c, p, phrases.DECISIONS)[0] if r.random() < 0.7 else None})
    if c.heavy:
        topics += heavy_topics(c, p, day, attendees)
    meta = front_matter(c, p, "minutes", title, day, host, ["会议纪要"])
    meta.update({"start": start, "end": end.time(), "location": r.choice(phrases.ROOMS),
                 "host": host, "recorder": recorder, "attendees": attendees})
    absent_note = "全员出席。"
    if r.random() < 0.25:
        dept = r.choice(p.depts)
        missing = person(c, dept, exclude=attendees + [host, recorder])
        if missing not in attendees and missing not in (host, recorder):
            meta["absent"] = [{"person": missing, "sync_by": r.choice(attendees)}]
            absent_note = f"{missing}请假，会后由{meta['absent'][0]['sync_by']}同步会议内容。"
    if notice_key:
        meta["notice"] = notice_key
    meta.update({
        "published": published, "topics": topics,
        "decisions": pick(c, p, phrases.DECISIONS, r.randint(1, 3)),
        "disputes": pick(c, p, phrases.DISPUTES) if r.random() < 0.3 else [],
    })
    if r.random() < 0.2:
        meta["pending"] = [new_item(c, p, "P", day, {"question": pick(c, p, phrases.PENDING)[0],
                                                     "owner": owner(c, p)}, r.randint(3, 10))]
    moved = updates(c, p, day, final)
    actions = []
    for task, deliverable in tasks(c, p, 0 if final and r.random() < 0.75 else r.randint(1, 5)):
        fields = {"task": task, "owner": owner(c, p, (host,))}
        if r.random() < 0.7:
            fields["deliverable"] = deliverable
        actions.append(new_item(c, p, "A", day, fields, r.randint(3, 25)))
        p.items[-1].deliverable = deliverable
    meta["actions"] = actions
    meta["updates"] = moved
    sections = ["situation", "progress"] + (["risk"] if r.random() < 0.6 else []) + ["next"]
    if final and r.random() < 0.5:
        sections.append("reflection")
    c.write("minutes", day, f"{p.spec['slug']}-{p.no:04d}-{tag}", meta,
            body(c, p, sections, minutes=actual, absent_note=absent_note))
