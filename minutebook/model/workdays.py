"""Working days, from the `holidays` package (China by default).

China moves weekend days to working days around its holidays (调休); `holidays`
knows them, so a Saturday make-up day counts as a working day here. The package is
imported on first use: most checks never need it, and pre-commit stays fast.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

ONE_DAY = dt.timedelta(days=1)


class Calendar:
    def __init__(self, country: str = "CN", subdivision: str | None = None):
        self.country = country
        self.subdivision = subdivision
        self._holidays = None

    @property
    def holidays(self):
        if self._holidays is None:
            import holidays  # lazy: ~0.1 s to import

            self._holidays = holidays.country_holidays(self.country, subdiv=self.subdivision)
        return self._holidays

    def is_working_day(self, day: dt.date) -> bool:
        return _is_working_day(self, day)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start)."""
        if end < start:
            return -self.between(end, start)
        count = 0
        day = start
        while day < end:  # never steps past `end`: 9999-12-31 + 1 day overflows
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count

    def add(self, start: dt.date, days: int) -> dt.date:
        """The working day `days` working days after `start` (before it, if negative)."""
        step = ONE_DAY if days >= 0 else -ONE_DAY
        day = start
        left = abs(days)
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day


@lru_cache(maxsize=65536)
def _is_working_day(calendar: Calendar, day: dt.date) -> bool:
    return calendar.holidays.is_working_day(day)
