"""Rules on dates and durations: lead times, time limits, due dates, reviews, SLAs."""

from __future__ import annotations

from checks.catalogue import WARNING, rule
from checks.rules.shape import describe
from minutebook.model import policy
from minutebook.model.policy import minutes_between
from minutebook.model.schema import KINDS, item_lists
from minutebook.model.vocabulary import CONFLICT_LEVELS


def _meeting(record):
    """(start, end) datetimes of a notice's or minutes' meeting, when typed."""
    return policy.meeting_span(record.meta) if record.kind in ("notice", "minutes") else None


@rule("MB301", "due-before-meeting")
def due_on_or_after_date(record, ctx):
    """Items are due on or after the record's date (the meeting, request or report day)."""
    kind = KINDS.get(record.kind or "")
    day = record.meta.get("date")
    if not kind or not day:
        return
    for name, spec, _ in item_lists(kind):
        if name == "tasks":
            continue  # a plan's tasks are judged against their own start (MB406)
        for i, item in enumerate(record.meta.get(name) or ()):
            due = item.get(spec.due)
            if due and due < day:
                line, col = record.pos((name, i, spec.due))
                yield line, col, f"`{describe((name, i, spec.due))}` {due} is before the record's date {day}"
    expected = record.meta.get("expected") or {}
    if expected.get("due") and expected["due"] < day:
        line, col = record.pos(("expected", "due"))
        yield line, col, f"`expected.due` {expected['due']} is before the request's date {day}"


@rule("MB302", "minutes-late")
def minutes_published_within_24h(record, ctx):
    """Minutes are published within {publish_within_hours} hours of the meeting's end, and not before it."""
    meeting = _meeting(record)
    published = record.meta.get("published")
    if record.kind != "minutes" or not meeting or not published:
        return
    line, col = record.pos(("published",))
    if published < meeting[1]:
        yield line, col, f"`published` {published:%Y-%m-%d %H:%M} is before the meeting ended ({meeting[1]:%Y-%m-%d %H:%M})"
    elif published > policy.publish_deadline(meeting[1]):
        # whole hours and minutes: one minute late must not read "N hours … within N hours"
        hours, minutes = divmod(minutes_between(meeting[1], published), 60)
        yield line, col, (
            f"`published` {published:%Y-%m-%d %H:%M} is {hours} h {minutes:02d} min after the meeting "
            f"ended; minutes are due within {policy.PUBLISH_WITHIN_HOURS} hours"
        )


@rule("MB303", "notice-lead-time")
def notice_two_working_days_ahead(record, ctx):
    """A notice is issued at least {lead_working_days} working days before the meeting."""
    m = record.meta
    if record.kind != "notice" or not m.get("issued") or not m.get("date"):
        return
    days = ctx.calendar.between(m["issued"], m["date"])
    if not policy.lead_time_ok(days):
        line, col = record.pos(("issued",))
        if m["issued"] > m["date"]:
            yield line, col, f"`issued` {m['issued']} is after the meeting on {m['date']}"
            return
        yield line, col, (
            f"`issued` {m['issued']} is {days} working day(s) before the meeting on {m['date']}; "
            f"notices go out at least {policy.LEAD_WORKING_DAYS} working days ahead"
        )


@rule("MB304", "request-lead-time")
def request_two_working_days_ahead(record, ctx):
    """A request is sent at least {lead_working_days} working days before the meeting it asks for."""
    m = record.meta
    if record.kind != "request" or not m.get("meeting") or not m.get("date"):
        return
    days = ctx.calendar.between(m["date"], m["meeting"])
    if not policy.lead_time_ok(days):
        line, col = record.pos(("meeting",))
        if m["meeting"] < m["date"]:
            yield line, col, f"`meeting` {m['meeting']} is before the request's date {m['date']}"
            return
        yield line, col, (
            f"`meeting` {m['meeting']} is {days} working day(s) after the request's date {m['date']}; "
            f"requests go out at least {policy.LEAD_WORKING_DAYS} working days ahead"
        )


@rule("MB305", "topic-too-long")
def agenda_topic_at_most_30_minutes(record, ctx):
    """Each agenda topic is given at most {max_topic_minutes} minutes."""
    if record.kind != "notice":
        return
    for i, topic in enumerate(record.meta.get("agenda") or ()):
        if policy.topic_too_long(topic.get("minutes", 0)):
            line, col = record.pos(("agenda", i, "minutes"))
            yield line, col, (
                f"`agenda[{i + 1}].minutes` is {topic['minutes']}; a topic gets at most {policy.MAX_TOPIC_MINUTES} minutes"
            )


@rule("MB306", "meeting-too-long")
def notice_meeting_at_most_90_minutes(record, ctx):
    """A meeting is planned to end after it starts and to last at most {max_meeting_minutes} minutes."""
    meeting = _meeting(record)
    if record.kind != "notice" or not meeting:
        return
    length = minutes_between(*meeting)
    line, col = record.pos(("end",))
    if length <= 0:
        yield line, col, f"`end` {record.meta['end']:%H:%M} is not after `start` {record.meta['start']:%H:%M}"
    elif policy.meeting_too_long(length):
        yield line, col, f"the meeting lasts {length} minutes; meetings last at most {policy.MAX_MEETING_MINUTES}"


@rule("MB307", "rsvp-after-meeting")
def rsvp_before_meeting(record, ctx):
    """A notice's reply-by time (`rsvp_by`) is before the meeting starts."""
    meeting = _meeting(record)
    rsvp = record.meta.get("rsvp_by")
    if record.kind == "notice" and meeting and rsvp and rsvp >= meeting[0]:
        line, col = record.pos(("rsvp_by",))
        yield line, col, f"`rsvp_by` {rsvp:%Y-%m-%d %H:%M} is not before the meeting starts ({meeting[0]:%Y-%m-%d %H:%M})"


@rule("MB308", "agenda-overbooked", severity=WARNING)
def agenda_fits_meeting(record, ctx):
    """The agenda's minutes add up to no more than the meeting's length."""
    meeting = _meeting(record)
    if record.kind != "notice" or not meeting:
        return
    total = sum(t.get("minutes", 0) for t in record.meta.get("agenda") or ())
    length = minutes_between(*meeting)
    if length > 0 and total > length:
        line, col = record.pos(("agenda",))
        yield line, col, f"the agenda adds up to {total} minutes but the meeting lasts {length}"


@rule("MB309", "meeting-ran-long", severity=WARNING)
def minutes_meeting_length(record, ctx):
    """Minutes record a meeting that ended after it started, flagged when it ran over {max_meeting_minutes} minutes."""
    meeting = _meeting(record)
    if record.kind != "minutes" or not meeting:
        return
    length = minutes_between(*meeting)
    line, col = record.pos(("end",))
    if length <= 0:
        yield line, col, f"`end` {record.meta['end']:%H:%M} is not after `start` {record.meta['start']:%H:%M}"
    elif policy.meeting_too_long(length):
        yield line, col, f"the meeting ran {length} minutes, over the {policy.MAX_MEETING_MINUTES}-minute limit"


@rule("MB310", "sop-review-due", severity=WARNING)
def sop_past_review(record, ctx):
    """An SOP is reviewed every `review_every` months; one past its review date is flagged."""
    m = record.meta
    if record.kind != "sop" or not m.get("reviewed") or not m.get("review_every"):
        return
    due = policy.next_review(m)  # None after the year 9999: never due
    if due and due < ctx.as_of:
        line, col = record.pos(("reviewed",))
        yield line, col, f"SOP review was due on {due} (reviewed {m['reviewed']}, every {m['review_every']} months)"


@rule("MB311", "conflict-sla", severity=WARNING)
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
    label = f"a {m['level']} conflict ({CONFLICT_LEVELS[m['level']]})"
    if m.get("resolved") and m["resolved"] <= ctx.as_of:
        line, col = record.pos(("resolved",))
        yield line, col, f"resolved {taken} working days after it was raised; {label} is resolved within {limit}"
    else:
        line, col = record.pos(("raised",))
        yield line, col, (
            f"unresolved {taken} working days after it was raised (as of {ctx.as_of}); "
            f"{label} is resolved within {limit}"
        )


@rule("MB312", "resolved-before-raised")
def conflict_dates_in_order(record, ctx):
    """A conflict is resolved on or after the day it was raised, and has a resolution once resolved."""
    m = record.meta
    if record.kind != "conflict":
        return
    if m.get("resolved") and m.get("raised") and m["resolved"] < m["raised"]:
        line, col = record.pos(("resolved",))
        yield line, col, f"`resolved` {m['resolved']} is before `raised` {m['raised']}"
    if m.get("resolved") and not m.get("resolution"):
        line, col = record.pos(("resolved",))
        yield line, col, "a resolved conflict needs `resolution`: how it was resolved"

