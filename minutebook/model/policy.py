"""Every number the templates set, and the date arithmetic that applies it: once.

The rules (checks/rules/timing.py), the queries, the metrics, the weekly page and the
benchmark generator all call these functions, and the prose that states a number —
field descriptions, rule statements, the metrics page's 口径说明 — is formatted from
`PROSE`, so changing a constant here changes every place that says or applies it
(tests/test_policy.py holds that).

Sources: the meeting system (topics ≤ 30 min, meetings ≤ 90 min, notices two working
days ahead, minutes within 24 hours), the coordination guide (requests two working days
ahead) and the collaboration optimisation plan (conflicts settled within 1 / 3 / 5
working days by level, escalation of overdue items).
"""

from __future__ import annotations

import datetime as dt
import re

MAX_TOPIC_MINUTES = 30  # an agenda topic
MAX_MEETING_MINUTES = 90  # a meeting, start to end
LEAD_WORKING_DAYS = 2  # a notice before its meeting; a request before the meeting it asks for
PUBLISH_WITHIN_HOURS = 24  # minutes after the meeting's end
# working days from `raised` to `resolved`, per conflict level
CONFLICT_SLA_WORKING_DAYS = {"general": 1, "moderate": 3, "major": 5}
# working days past due before an open item is escalated (records/org.yml may override)
ESCALATION_WORKING_DAYS = 3


def prose() -> dict[str, object]:
    """The numbers by name, for `str.format` in descriptions and statements."""
    sla = CONFLICT_SLA_WORKING_DAYS
    return {
        "max_topic_minutes": MAX_TOPIC_MINUTES,
        "max_meeting_minutes": MAX_MEETING_MINUTES,
        "lead_working_days": LEAD_WORKING_DAYS,
        "publish_within_hours": PUBLISH_WITHIN_HOURS,
        "sla_general": sla["general"], "sla_moderate": sla["moderate"], "sla_major": sla["major"],
        "sla_days": " / ".join(str(sla[level]) for level in ("general", "moderate", "major")),
        "escalation_working_days": ESCALATION_WORKING_DAYS,
    }


# ---------------------------------------------------------------- meetings


def meeting_span(meta: dict) -> tuple[dt.datetime, dt.datetime] | None:
    """(start, end) of a notice's or minutes' meeting, when date, start and end are typed."""
    if meta.get("date") and meta.get("start") and meta.get("end"):
        return dt.datetime.combine(meta["date"], meta["start"]), dt.datetime.combine(meta["date"], meta["end"])
    return None


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    return int((end - start).total_seconds() // 60)


def meeting_too_long(minutes: int) -> bool:
    return minutes > MAX_MEETING_MINUTES


def topic_too_long(minutes: int) -> bool:
    return minutes > MAX_TOPIC_MINUTES


def publish_deadline(meeting_end: dt.datetime) -> dt.datetime:
    return meeting_end + dt.timedelta(hours=PUBLISH_WITHIN_HOURS)


def published_in_time(meeting_end: dt.datetime, published: dt.datetime | None) -> bool:
    """Published after the meeting ended and within the deadline."""
    return bool(published and meeting_end <= published <= publish_deadline(meeting_end))


def lead_time_ok(working_days: int) -> bool:
    """Whether a notice or request went out early enough."""
    return working_days >= LEAD_WORKING_DAYS


# ---------------------------------------------------------------- SOP reviews


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (ValueError past 9999)."""
    from calendar import monthrange  # lazy: calendar imports locale, which a check does not need

    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


def next_review(meta: dict) -> dt.date | None:
    """When an SOP is due for review: `reviewed` plus `review_every` months; None when
    either is missing or the date would fall after the year 9999."""
    if not (meta.get("reviewed") and meta.get("review_every")):
        return None
    try:
        return add_months(meta["reviewed"], meta["review_every"])
    except ValueError:
        return None


def review_overdue(meta: dict, as_of: dt.date) -> bool:
    due = next_review(meta)
    return bool(due and due < as_of)


# ---------------------------------------------------------------- conflicts

WITHIN, LATE, PENDING = "within", "late", "pending"


def conflict_outcome(level: str, raised: dt.date, resolved: dt.date | None, as_of: dt.date,
                     calendar) -> tuple[int, int, str]:
    """(limit, working days taken, outcome) of a conflict as of the reference date.

    A conflict resolved after the reference date is still open as of it: the days run
    to the reference date, and it is LATE once they pass the limit, else PENDING."""
    limit = CONFLICT_SLA_WORKING_DAYS[level]
    if resolved and resolved <= as_of:
        taken = max(0, calendar.between(raised, resolved))
        return limit, taken, WITHIN if taken <= limit else LATE
    taken = max(0, calendar.between(raised, as_of))
    return limit, taken, LATE if taken > limit else PENDING


# ---------------------------------------------------------------- escalation


def escalation_threshold(settings: dict) -> int:
    """Working days past due before escalation: the registry's setting, else the default."""
    return int(settings.get("escalation_working_days", ESCALATION_WORKING_DAYS))


def is_escalated(days_late: int, threshold: int) -> bool:
    return days_late > threshold


def say(text: str) -> str:
    """`text` with each `{name}` of `prose()` replaced by its number; other braces stay."""
    numbers = prose()
    return re.sub(r"\{(\w+)\}", lambda m: str(numbers[m.group(1)]) if m.group(1) in numbers else m.group(0), text)
