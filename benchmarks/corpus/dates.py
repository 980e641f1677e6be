"""The span of the synthetic records: they start on FIRST_DAY, and what is still open on
REFERENCE_DATE is open (late ones overdue)."""

from __future__ import annotations

import datetime as dt

from minutebook.model.workdays import Calendar

REFERENCE_DATE = dt.date(2026, 11, 20)
FIRST_DAY = dt.date(2024, 1, 2)


def workday(cal: Calendar, day: dt.date) -> dt.date:
    """`day`, or the first working day after it."""
    while not cal.is_working_day(day):
        day += dt.timedelta(days=1)
    return day
