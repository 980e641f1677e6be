"""The reference date every date-relative answer is computed against."""

from __future__ import annotations

import datetime as dt
import os
import re

from minutebook.base.errors import UsageError
from minutebook.base.i18n import _
from minutebook.model import workdays


def reference_date(as_of: str | dt.date | None = None) -> dt.date:
    """`as_of` if given, else MINUTEBOOK_TODAY, else today; within the calendar's range."""
    if isinstance(as_of, dt.date):
        return as_of
    value = as_of or os.environ.get("MINUTEBOOK_TODAY")
    if not value:
        return dt.date.today()
    source = "--as-of" if as_of else "MINUTEBOOK_TODAY"
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError  # fromisoformat would also take 20261120 and week dates
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(_("{source} must be a date written YYYY-MM-DD: '{value}'").format(
            source=source, value=value)) from None
    # a week, a month or a year around it must stay computable: the range records may use
    if not workdays.in_range(day):
        raise UsageError(_("{source} must be within {range}: '{value}'").format(
            source=source, range=workdays.range_text(), value=value))
    return day
