"""Rules on dates and durations: lead times, time limits, due dates, reviews, SLAs."""

from __future__ import annotations

from checks.catalogue import WARNING, rule
from checks.examples import Example
from checks.rules.shape import describe
from minutebook.base.i18n import N_, _
from minutebook.model import policy
from minutebook.model.policy import minutes_between
from minutebook.model.schema import KINDS, item_lists
from minutebook.model.vocabulary import CONFLICT_LEVELS


def _meeting(record):
    """(start, end) datetimes of a notice's or minutes' meeting, when typed."""
    return policy.meeting_span(record.meta) if record.kind in ("notice", "minutes") else None


@rule("MB301", "due-before-meeting", example=Example(
    "minutes",
    bad="""\
actions:
  - id: W-03
    task: 发布说明
    owner: 李娜
    due: 2026-11-13
""",
    fix="""\
actions:
  - id: W-03
    task: 发布说明
    owner: 李娜
    due: 2026-11-20
""",
    note="The meeting was on 2026-11-16."))
def due_on_or_after_date(record, ctx):
    """Items are due on or after the record's date (the meeting, request or report day)."""
    kind = KINDS.get(record.kind or "")
    day = record.meta.get("date")
    if not kind or not day:
        return
    for name, spec, _unused in item_lists(kind):
        if name == "tasks":
            continue  # a plan's tasks are judged against their own start (MB406)
        for i, item in enumerate(record.meta.get(name) or ()):
            due = item.get(spec.due)
            if due and due < day:
                line, col = record.pos((name, i, spec.due))
                yield line, col, _("`{field}` {due} is before the record's date {date}").format(
                    field=describe((name, i, spec.due)), due=due, date=day)
    expected = record.meta.get("expected") or {}
    if expected.get("due") and expected["due"] < day:
        line, col = record.pos(("expected", "due"))
        yield line, col, _("`expected.due` {due} is before the request's date {date}").format(
            due=expected["due"], date=day)


@rule("MB302", "minutes-late", example=Example(
    "minutes", bad="published: 2026-11-18 09:00\n", fix="published: 2026-11-16 15:00\n",
    note="The meeting ended 2026-11-16 11:00."))
def minutes_published_within_24h(record, ctx):
    """Minutes are published within {publish_within_hours} hours of the meeting's end, and not before it."""
    meeting = _meeting(record)
    published = record.meta.get("published")
    if record.kind != "minutes" or not meeting or not published:
        return
    line, col = record.pos(("published",))
    if published < meeting[1]:
        yield line, col, _("`published` {published} is before the meeting ended ({end})").format(
            published=f"{published:%Y-%m-%d %H:%M}", end=f"{meeting[1]:%Y-%m-%d %H:%M}")
    elif published > policy.publish_deadline(meeting[1]):
        # whole hours and minutes: one minute late must not read "N hours … within N hours"
        hours, minutes = divmod(minutes_between(meeting[1], published), 60)
        yield line, col, _(
            "`published` {published} is {hours} h {minutes} min after the meeting ended; minutes are due "
            "within {limit} hours"
        ).format(published=f"{published:%Y-%m-%d %H:%M}", hours=hours, minutes=f"{minutes:02d}",
                 limit=policy.PUBLISH_WITHIN_HOURS)


def _short_lead(record, ctx, kind: str, sent: str, meeting: str):
    """(sent, meeting, working days between) of a `kind` record whose `sent` date is less
    than the lead time before its `meeting` date; None when it is not, or lacks either."""
    m = record.meta
    if record.kind != kind or not m.get(sent) or not m.get(meeting):
        return None
    days = ctx.calendar.between(m[sent], m[meeting])
    return None if policy.lead_time_ok(days) else (m[sent], m[meeting], days)


@rule("MB303", "notice-lead-time", example=Example(
    "notice", bad="issued: 2026-11-20\n", fix="issued: 2026-11-18\n",
    note="For a meeting on Monday 2026-11-23."))
def notice_two_working_days_ahead(record, ctx):
    """A notice is issued at least {lead_working_days} working days before the meeting."""
    late = _short_lead(record, ctx, "notice", sent="issued", meeting="date")
    if late:
        issued, day, days = late
        line, col = record.pos(("issued",))
        if issued > day:
            yield line, col, _("`issued` {issued} is after the meeting on {date}").format(issued=issued, date=day)
        else:
            yield line, col, _(
                "`issued` {issued} is {days} working day(s) before the meeting on {date}; "
                "notices go out at least {limit} working days ahead"
            ).format(issued=issued, days=days, date=day, limit=policy.LEAD_WORKING_DAYS)


@rule("MB304", "request-lead-time", example=Example(
    "request", bad="meeting: 2026-11-17\n", fix="meeting: 2026-11-18\n",
    note="The request is dated 2026-11-16."))
def request_two_working_days_ahead(record, ctx):
    """A request is sent at least {lead_working_days} working days before the meeting it asks for."""
    late = _short_lead(record, ctx, "request", sent="date", meeting="meeting")
    if late:
        day, meeting, days = late
        line, col = record.pos(("meeting",))
        if meeting < day:
            yield line, col, _("`meeting` {meeting} is before the request's date {date}").format(
                meeting=meeting, date=day)
        else:
            yield line, col, _(
                "`meeting` {meeting} is {days} working day(s) after the request's date {date}; "
                "requests go out at least {limit} working days ahead"
            ).format(meeting=meeting, days=days, date=day, limit=policy.LEAD_WORKING_DAYS)


@rule("MB305", "topic-too-long", example=Example(
    "notice",
    bad="""\
agenda:
  - topic: 上周行动项
    owner: 林晓
    minutes: 40
""",
    fix="""\
agenda:
  - topic: 上周行动项
    owner: 林晓
    minutes: 30
"""))
def agenda_topic_at_most_30_minutes(record, ctx):
    """Each agenda topic is given at most {max_topic_minutes} minutes."""
    if record.kind != "notice":
        return
    for i, topic in enumerate(record.meta.get("agenda") or ()):
        if policy.topic_too_long(topic.get("minutes", 0)):
            line, col = record.pos(("agenda", i, "minutes"))
            yield line, col, _("`{field}` is {minutes}; a topic gets at most {limit} minutes").format(
                field=f"agenda[{i + 1}].minutes", minutes=topic["minutes"], limit=policy.MAX_TOPIC_MINUTES)


def _wrong_end(record, kind: str, too_long: str):
    """The `end` of a `kind` record's meeting when it is not after the start, or when the
    meeting is too long; `too_long` says so, given the {length} and the policy's {limit}."""
    meeting = _meeting(record)
    if record.kind != kind or not meeting:
        return
    length = minutes_between(*meeting)
    line, col = record.pos(("end",))
    if length <= 0:
        yield line, col, _("`end` {end} is not after `start` {start}").format(
            end=f"{record.meta['end']:%H:%M}", start=f"{record.meta['start']:%H:%M}")
    elif policy.meeting_too_long(length):
        yield line, col, _(too_long).format(length=length, limit=policy.MAX_MEETING_MINUTES)


@rule("MB306", "meeting-too-long", example=Example(
    "notice", bad='end: "12:00"\n', fix='end: "11:30"\n', note="The meeting starts at 10:00."))
def notice_meeting_at_most_90_minutes(record, ctx):
    """A meeting is planned to end after it starts and to last at most {max_meeting_minutes} minutes."""
    yield from _wrong_end(record, "notice", N_("the meeting lasts {length} minutes; meetings last at most {limit}"))


@rule("MB307", "rsvp-after-meeting", example=Example(
    "notice", bad="rsvp_by: 2026-11-23 10:30\n", fix="rsvp_by: 2026-11-20 18:00\n",
    note="The meeting starts 2026-11-23 10:00."))
def rsvp_before_meeting(record, ctx):
    """A notice's reply-by time (`rsvp_by`) is before the meeting starts."""
    meeting = _meeting(record)
    rsvp = record.meta.get("rsvp_by")
    if record.kind == "notice" and meeting and rsvp and rsvp >= meeting[0]:
        line, col = record.pos(("rsvp_by",))
        yield line, col, _("`rsvp_by` {rsvp} is not before the meeting starts ({start})").format(
            rsvp=f"{rsvp:%Y-%m-%d %H:%M}", start=f"{meeting[0]:%Y-%m-%d %H:%M}")


# three topics, given their minutes by the examples of MB308
_AGENDA = """\
agenda:
  - topic: 上周行动项
    owner: 林晓
    minutes: {}
  - topic: 上线计划
    owner: 李娜
    minutes: {}
  - topic: 市场反馈
    owner: 郑雪
    minutes: {}
"""


@rule("MB308", "agenda-overbooked", severity=WARNING, example=Example(
    "notice", bad=_AGENDA.format(30, 30, 20), fix=_AGENDA.format(20, 25, 15),
    note="The meeting lasts 60 minutes (10:00–11:00)."))
def agenda_fits_meeting(record, ctx):
    """The agenda's minutes add up to no more than the meeting's length."""
    meeting = _meeting(record)
    if record.kind != "notice" or not meeting:
        return
    total = sum(t.get("minutes", 0) for t in record.meta.get("agenda") or ())
    length = minutes_between(*meeting)
    if length > 0 and total > length:
        line, col = record.pos(("agenda",))
        yield line, col, _("the agenda adds up to {total} minutes but the meeting lasts {length}").format(
            total=total, length=length)


@rule("MB309", "meeting-ran-long", severity=WARNING, example=Example(
    "minutes", bad='end: "12:00"\n', fix='end: "11:00"\n', note="The meeting started at 10:00."))
def minutes_meeting_length(record, ctx):
    """Minutes record a meeting that ended after it started, flagged when it ran over {max_meeting_minutes} minutes."""
    yield from _wrong_end(record, "minutes", N_("the meeting ran {length} minutes, over the {limit}-minute limit"))


@rule("MB310", "sop-review-due", severity=WARNING, example=Example(
    "sop", bad="reviewed: 2026-01-10\n", fix="reviewed: 2026-11-16\n",
    note="Reviewed every 6 months: the review was due 2026-07-10."))
def sop_past_review(record, ctx):
    """An SOP is reviewed every `review_every` months; one past its review date is flagged."""
    m = record.meta
    if record.kind != "sop" or not m.get("reviewed") or not m.get("review_every"):
        return
    due = policy.next_review(m)  # None after the year 9999: never due
    if due and due < ctx.as_of:
        line, col = record.pos(("reviewed",))
        yield line, col, _("SOP review was due on {due} (reviewed {reviewed}, every {months} months)").format(due=due, reviewed=m["reviewed"], months=m["review_every"])


@rule("MB311", "conflict-sla", severity=WARNING, example=Example(
    "conflict", bad="resolved: 2026-11-20\n", fix="resolved: 2026-11-19\n",
    note="A general conflict raised on 2026-11-18 is resolved within 1 working day."))
def conflict_within_sla(record, ctx):
    """A conflict is resolved within {sla_days} working days (general / moderate / major)."""
    m = record.meta
    if record.kind != "conflict" or not m.get("raised") or m.get("level") not in policy.CONFLICT_SLA_WORKING_DAYS:
        return
    if m.get("resolved") and m["resolved"] < m["raised"]:
        return  # MB312 reports it
    limit, taken, outcome = policy.conflict_outcome(m["level"], m["raised"], m.get("resolved"), ctx.as_of,
                                                    ctx.calendar)
    if outcome != policy.LATE:
        return
    values = {"taken": taken, "level": m["level"], "label": CONFLICT_LEVELS[m["level"]], "limit": limit}
    if m.get("resolved") and m["resolved"] <= ctx.as_of:
        line, col = record.pos(("resolved",))
        yield line, col, _("resolved {taken} working days after it was raised; a {level} conflict ({label}) is "
                           "resolved within {limit}").format(**values)
    else:
        line, col = record.pos(("raised",))
        yield line, col, _("unresolved {taken} working days after it was raised (as of {as_of}); a {level} "
                           "conflict ({label}) is resolved within {limit}").format(as_of=ctx.as_of, **values)


@rule("MB312", "resolved-before-raised", example=Example(
    "conflict", bad="resolved: 2026-11-17\n", fix="resolved: 2026-11-19\n",
    note="The conflict was raised on 2026-11-18."))
def conflict_dates_in_order(record, ctx):
    """A conflict is resolved on or after the day it was raised, and has a resolution once resolved."""
    m = record.meta
    if record.kind != "conflict":
        return
    if m.get("resolved") and m.get("raised") and m["resolved"] < m["raised"]:
        line, col = record.pos(("resolved",))
        yield line, col, _("`resolved` {resolved} is before `raised` {raised}").format(
            resolved=m["resolved"], raised=m["raised"])
    if m.get("resolved") and not m.get("resolution"):
        line, col = record.pos(("resolved",))
        yield line, col, _("a resolved conflict needs `resolution`: how it was resolved")



def _one_action(due: str) -> str:
    return f"actions:\n  - id: W-04\n    task: 上线检查\n    owner: 李娜\n    due: {due}\n"


@rule("MB313", "non-working-day", severity=WARNING, example=Example(
    "minutes", bad=_one_action("2026-11-21"), fix=_one_action("2026-11-20"), note="2026-11-21 is a Saturday."))
def on_working_days(record, ctx):
    """Meetings and due dates fall on working days: one on a holiday or a weekend is flagged, naming the day."""
    m = record.meta
    kind = KINDS.get(record.kind or "")
    if not kind:
        return
    places = []
    if record.kind in ("notice", "minutes") and m.get("date"):
        places.append((("date",), m["date"], _("the meeting")))
    if record.kind == "request" and m.get("meeting"):
        places.append((("meeting",), m["meeting"], _("the meeting asked for")))
    for name, spec, _unused in item_lists(kind):
        for i, item in enumerate(m.get(name) or ()):
            if item.get(spec.due):
                places.append(((name, i, spec.due), item[spec.due], f"`{describe((name, i, spec.due))}`"))
    if (m.get("expected") or {}).get("due"):
        places.append((("expected", "due"), m["expected"]["due"], "`expected.due`"))
    for path, day, what in places:
        name = ctx.calendar.day_off_name(day)
        if name:
            line, col = record.pos(path)
            yield line, col, _("{what} {date} falls on {day}, not a working day").format(what=what, date=day, day=name)
