"""Working days, from the `holidays` package (China by default), over a bounded range.

China moves weekend days to working days around its holidays (调休); `holidays`
knows them, so a Saturday make-up day counts as a working day here.

Every date a record may carry lies in [FIRST_DAY, LAST_DAY] (the check refuses the
others, MB104), and every command accepts exactly that range, so no arithmetic here
ever overflows `datetime.date`. Counting costs what the range costs to describe:
weekdays by arithmetic, then the holidays and make-up days of the years involved
found by bisection, not one step per day. The package is imported, and a year's
holidays computed, only when a count needs them: most checks never do.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
from importlib.util import find_spec

from minutebook.base import cache
from minutebook.base.i18n import _

FIRST_DAY = dt.date(1970, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)
ONE_DAY = dt.timedelta(days=1)
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def in_range(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def range_text() -> str:
    return _("{first} to {last}").format(first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())


def _weekdays_through(day: dt.date) -> int:
    """Monday-to-Friday days from a fixed Monday up to and including `day`."""
    n = (day - dt.date(1, 1, 1)).days + 1  # 0001-01-01 is a Monday
    weeks, rest = divmod(n, 7)
    return weeks * 5 + min(rest, 5)


class Calendar:
    def __init__(self, country: str = "CN", subdivision: str | None = None):
        self.country = country
        self.subdivision = subdivision
        self._holidays = None
        self._years: set[int] = set()
        self._off: list[dt.date] = []  # weekdays that are not working days, sorted
        self._on: list[dt.date] = []  # weekend days that are working days (调休), sorted
        self._off_set: set[dt.date] = set()
        self._on_set: set[dt.date] = set()
        self._weekend: set[int] = {5, 6}
        self._names = None  # the package's holidays named in Chinese, built when a year is worked out
        self._day_names: dict[dt.date, str] = {}  # of the loaded years
        self._cached: dict | None = None  # the user's cache of worked-out years

    @property
    def holidays(self):
        if self._holidays is None:
            import holidays  # lazy: ~0.1 s to import

            self._holidays = holidays.country_holidays(self.country, subdiv=self.subdivision)
        return self._holidays

    def _need(self, first: int, last: int) -> None:
        """Load the holidays and make-up days of the years first..last."""
        missing = [y for y in range(max(first, FIRST_DAY.year), min(last, LAST_DAY.year) + 1)
                   if y not in self._years]
        if not missing:
            return
        saved = self._saved()
        years = saved["years"]
        if any(not _well_formed(years.get(y)) for y in missing):
            for year in missing:
                if not _well_formed(years.get(year)):
                    years[year] = self._work_out(year)
            cache.save(self._cache_name(), saved)
        off, on = set(self._off_set), set(self._on_set)
        for year in missing:
            year_off, year_on, weekend, names = years[year]
            off.update(map(dt.date.fromordinal, year_off))
            on.update(map(dt.date.fromordinal, year_on))
            self._weekend = set(weekend)
            self._day_names.update((dt.date.fromordinal(d), n) for d, n in names.items())
            self._years.add(year)
        self._off_set, self._on_set = off, on
        self._off, self._on = sorted(off), sorted(on)

    # The `holidays` package takes ~0.1 s to import and a year to work out, what a one-file
    # check of a few dates feels most: the years' answers are kept in the user's cache,
    # keyed by the package's own files, so another version of it works them out again.

    def _cache_name(self) -> str:
        return f"holidays-{self.country}-{self.subdivision or ''}"

    def _saved(self) -> dict:
        if self._cached is None:
            stamp = _package_stamp()
            saved = cache.load(self._cache_name()) if stamp is not None else None
            if not isinstance(saved, dict) or saved.get("package") != stamp or not isinstance(saved.get("years"), dict):
                saved = {"package": stamp, "years": {}}
            self._cached = saved
        return self._cached

    def _work_out(self, year: int) -> tuple:
        """(days off on weekdays, weekend make-up workdays, weekend, Chinese names) of `year`."""
        h = self.holidays
        h.get(dt.date(year, 1, 1))  # expands the package's cache to the whole year
        weekend = tuple(sorted(getattr(h, "weekend", {5, 6})))
        on = {d for d in getattr(h, "weekend_workdays", ()) if d.year == year}
        off = {d for d in h if d.year == year and d.weekday() not in weekend and d not in on}
        names = self._names_of()
        names.get(dt.date(year, 1, 1))
        named = {d.toordinal(): n for d, n in names.items() if d.year == year}
        return tuple(sorted(d.toordinal() for d in off)), tuple(sorted(d.toordinal() for d in on)), weekend, named

    def _names_of(self):
        """The package's holidays named in Chinese, where it knows them."""
        if self._names is None:
            import holidays

            cls = holidays.country_holidays(self.country, subdiv=self.subdivision)
            language = "zh_CN" if "zh_CN" in getattr(cls, "supported_languages", ()) else None
            self._names = holidays.country_holidays(self.country, subdiv=self.subdivision, language=language)
        return self._names

    def day_off_name(self, day: dt.date) -> str | None:
        """Why `day` is not a working day, in Chinese (国庆节, 周六 …); None on a working day."""
        if self.is_working_day(day):
            return None
        return self._day_names.get(day) or WEEKDAYS[day.weekday()]

    def is_working_day(self, day: dt.date) -> bool:
        self._need(day.year, day.year)
        if day in self._on_set:
            return True
        return day.weekday() not in self._weekend and day not in self._off_set

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start)."""
        if end < start:
            return -self.between(end, start)
        self._need(start.year, end.year)
        if self._weekend != {5, 6}:
            # a country whose weekend is not Saturday and Sunday: count day by day (bounded range)
            return sum(self.is_working_day(start + dt.timedelta(days=n)) for n in range(1, (end - start).days + 1))
        weekdays = _weekdays_through(end) - _weekdays_through(start)

        def inside(days: list[dt.date]) -> int:  # days in (start, end]
            return bisect.bisect_right(days, end) - bisect.bisect_right(days, start)

        return weekdays - inside(self._off) + inside(self._on)

    def add(self, start: dt.date, days: int) -> dt.date:
        """The working day `days` working days after `start` (before it, if negative),
        clamped to the supported range: a horizon or an alarm at its edge stops there."""
        step = ONE_DAY if days >= 0 else -ONE_DAY
        edge = LAST_DAY if days >= 0 else FIRST_DAY
        day = start
        left = abs(days)
        while left and day != edge:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day


def _well_formed(entry) -> bool:
    """A cached year as `_work_out` writes it (a damaged cache is worked out again)."""
    return (isinstance(entry, tuple) and len(entry) == 4 and all(isinstance(x, tuple) for x in entry[:3])
            and isinstance(entry[3], dict))


def _package_stamp() -> list | None:
    """The installed `holidays` package as its files' sizes and times (None: not found)."""
    try:
        spec = find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    folder = os.path.dirname(spec.origin)
    stamp = [folder]
    for name in ("__init__.py", "version.py"):
        try:
            st = os.stat(os.path.join(folder, name))
        except OSError:
            return None
        stamp += [st.st_size, st.st_mtime_ns]
    return stamp
