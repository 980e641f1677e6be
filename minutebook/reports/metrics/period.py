"""The period measured, its months, and the period before it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minutebook.model.policy import add_months

PERIOD_MONTHS = 12


@dataclass(frozen=True)
class Period:
    since: dt.date
    until: dt.date

    def __contains__(self, day) -> bool:
        return day is not None and self.since <= day <= self.until

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def previous(self) -> "Period":
        until = self.since - dt.timedelta(days=1)
        return Period(until - dt.timedelta(days=self.days - 1), until)

    def months(self) -> list["Period"]:
        """Each calendar month the period touches, cut to the period."""
        out = []
        first = self.since.replace(day=1)
        while first <= self.until:
            nxt = add_months(first, 1)
            out.append(Period(max(first, self.since), min(nxt - dt.timedelta(days=1), self.until)))
            first = nxt
        return out

    @property
    def month(self) -> str:
        return f"{self.since:%Y-%m}"


def default_since(as_of: dt.date) -> dt.date:
    """First day of the month PERIOD_MONTHS - 1 months before the reference date's month."""
    return add_months(as_of.replace(day=1), -(PERIOD_MONTHS - 1))
