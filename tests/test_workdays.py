"""Working days: the same answers as the `holidays` package day by day, at the cost of
the range's description (no step per day), over a bounded range every command serves."""

from __future__ import annotations

import datetime as dt
import random

import holidays
import pytest

from minutebook.base.errors import UsageError
from minutebook.model import workdays
from minutebook.model.asof import reference_date
from minutebook.model.workdays import FIRST_DAY, LAST_DAY, Calendar

PACKAGE = holidays.country_holidays("CN")


def counted_day_by_day(start: dt.date, end: dt.date) -> int:
    if end < start:
        return -counted_day_by_day(end, start)
    return sum(PACKAGE.is_working_day(start + dt.timedelta(days=n)) for n in range(1, (end - start).days + 1))


def test_counts_equal_the_package_day_by_day():
    cal, rng = Calendar("CN"), random.Random(20261120)
    for _ in range(1500):
        a = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
        b = a + dt.timedelta(days=rng.randrange(-500, 500))
        assert cal.between(a, b) == counted_day_by_day(a, b), (a, b)
        assert cal.is_working_day(a) == PACKAGE.is_working_day(a), a
    # 国庆节 2026: 10-01..10-07 off, Saturday 10-10 a make-up working day
    assert not cal.is_working_day(dt.date(2026, 10, 7)) and cal.is_working_day(dt.date(2026, 10, 10))
    assert cal.between(dt.date(2026, 9, 30), dt.date(2026, 10, 8)) == 1


def test_counting_takes_no_step_per_day(monkeypatch):
    cal = Calendar("CN")

    def per_day(*_):
        raise AssertionError("a count stepped day by day")

    monkeypatch.setattr(Calendar, "is_working_day", per_day)
    whole = cal.between(FIRST_DAY, LAST_DAY)
    assert whole == -cal.between(LAST_DAY, FIRST_DAY)
    assert 32000 < whole < 33000  # 130 years of about 250 working days


def test_add_stops_at_the_edges_of_the_range():
    cal = Calendar("CN")
    assert cal.add(LAST_DAY, 5) == LAST_DAY and cal.add(FIRST_DAY, -5) == FIRST_DAY
    assert cal.add(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1969-12-31", "2100-01-01"])
def test_an_as_of_outside_the_range_is_a_usage_error(value):
    with pytest.raises(UsageError, match=f"--as-of must be within {workdays.range_text()}: '{value}'"):
        reference_date(value)


def test_the_edges_of_the_range_are_served():
    assert reference_date("1970-01-01") == FIRST_DAY and reference_date("2099-12-31") == LAST_DAY


def test_the_users_cache_answers_as_the_package_does(tmp_path, monkeypatch):
    """Years worked out once are read from the user's cache: the same answers, and the
    `holidays` package not even imported (what a one-file check feels)."""
    import subprocess
    import sys

    monkeypatch.setenv("MINUTEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(0, 730, 3)]
    probe = ("import datetime as dt, sys\nfrom minutebook.model.workdays import Calendar\n"
             "c = Calendar('CN')\ndays = [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(0, 730, 3)]\n"
             "print([(c.is_working_day(d), c.day_off_name(d)) for d in days], c.between(days[0], days[-1]),\n"
             "      'holidays' in sys.modules)\n")

    def run() -> str:
        return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout

    monkeypatch.setenv("MINUTEBOOK_CACHE", "off")
    plain = Calendar("CN")
    expected = f"{[(plain.is_working_day(d), plain.day_off_name(d)) for d in days]} {plain.between(days[0], days[-1])}"
    assert run() == expected + " True\n"
    assert not (tmp_path / "cache").exists()
    monkeypatch.delenv("MINUTEBOOK_CACHE")
    assert run() == expected + " True\n"  # worked out, and saved
    assert run() == expected + " False\n"  # read back
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"{damaged")
    assert run() == expected + " True\n"  # a damaged cache is worked out again
