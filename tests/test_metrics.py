"""Collaboration metrics: `minutebook stats` and the 指标看板 page over a fixture
repository whose expected values are worked out by hand below.

The fixture (tests/fixtures/metrics/) is a site that builds; refused/ holds three
records that `minutebook check` refuses (a notice 1 working day ahead across the
Mid-Autumn holiday with a 40-minute topic, minutes published 24 h 30 min late). The
"full" repository is the fixture with refused/ copied into records/: stats measures
records as written, refused or not. Reference date 2026-11-20 (a Friday).

Hand calculation (working days from the `holidays` package: 2026-09-25 Mid-Autumn;
2026-10-01..03, 05..07 National Day; 2026-09-20 (Sun) and 2026-10-10 (Sat) are make-up
working days):

Period 2025-12-01 .. 2026-11-20 (12 calendar months, 355 days); previous period the
355 days before it: 2024-12-11 .. 2025-11-30.

Closings (items whose latest status is done, closed within the period):
  OLD-01  declared done 2025-11-12                  -> before the period, not counted
  MT-05   declared done in its minutes 2026-08-10, due 08-10  -> on time
  MT-01   done by 08-24 minutes, due 08-20 (Thu)    -> late, slip 08-21 Fri, 08-24 Mon = 2
  MT-02   done 08-24, due 08-31                     -> on time
  MT-03   done 08-24 (late), reopened 10-12          -> open again: not counted
  MT-04   cancelled 10-12                           -> excluded
  T-01    plan task declared done, plan 11-02, due 11-13 -> on time
  MT-07   due 10-23, re-dated to 11-06 on 10-26, done 11-09 -> late against 11-06, slip 1
  MT-08   due 11-04, done 11-09 in an update that also sets due 11-13
          -> judged against 11-04: late, slip 11-05, 11-06, 11-09 = 3
  on_time_rate 3/6 = 0.5; avg_slip_working_days (2 + 1 + 3) / 3 = 2

Meetings (minutes), length end - start:
  previous period: 2025-10-15 100 min, 2025-11-12 80 min -> average 90
  08-10 60, 08-24 45, 10-12 90, 10-26 60, 11-09 75, 11-16 30 (refused: published late)
  full: 360 / 6 = 60; change (60 - 90) / 90 = -1/3 (target <= -30 %: met)
  site: 330 / 5 = 66; change (66 - 90) / 90 = -4/15 = -0.2667 (not met)
  minutes within 24 h: full 5/6 (11-16 published 11-17 11:00, 24 h 30 min after 10:30); site 5/5
  by month: 2026-08 (60 + 45) / 2 = 52.5; 2026-09 none; 2026-10 (90 + 60) / 2 = 75;
            2026-11 full (75 + 30) / 2 = 52.5, site 75

Notices, lead = working days after `issued` up to the meeting:
  08-10 issued 08-05 (Wed): 08-06, 08-07, 08-10 = 3     topics 20, 30
  09-28 issued 09-24 (Thu): 09-25 holiday, weekend -> 09-28 only = 1 (refused)  topics 30, 40
  10-26 issued 10-22 (Thu): 10-23, 10-26 = 2             topics 25, 25
  11-09 issued 11-04 (Wed): 11-05, 11-06, 11-09 = 3      topics 15, 30, 30
  full: lead ok 3/4 = 0.75, overruns 1/9; site: 3/3, 0/7

Conflicts (SLA 1/3/5 working days), raised in the period:
  general  09-03 -> 09-04: 1 <= 1 within
  moderate 09-30 -> 10-09: 10-08, 10-09 (holiday week) = 2 <= 3 within
  general  10-12 -> 10-14: 2 > 1 late
  major    11-06, open: 11-09..13, 11-16..20 = 10 > 5 late (open past its SLA)
  moderate 11-18, open: 2 <= 3 pending (left out)
  general  11-02 -> 11-02 restricted to 客服部: only that audience sees it (0 <= 1 within)
  internal: all 2/4 (pending 1); general 1/2, moderate 1/1 (pending 1), major 0/1
  audience 客服部: all 3/5; general 2/3

Open items on 2026-11-20, age = working days after the record's date up to 11-20:
  MT-03 (08-10, 研发部, overdue since 08-14): Aug 11-14 4, Aug 17-Sep 18 5 weeks 25 -> 29,
        Sep 20 make-up 30, Sep 21-24 34, Sep 28-30 37, Oct 8-9 39, Oct 10 make-up 40,
        Oct 12-Nov 20 6 weeks 30 -> 70                                     -> >20
  MT-06 (10-12, 研发部): Oct 13-16 4 + 5 weeks 25 = 29                      -> >20
  MT-09 (10-26, 客服部): Oct 27-30 4 + 3 weeks 15 = 19                      -> 11-20
  T-02  (11-02, 研发部): Nov 3-6 4 + 10 = 14                                -> 11-20
  MT-10 (11-09, 市场部, overdue since 11-18): 4 + 5 = 9                     -> 6-10
  RQ-01 (11-16, 客服部): 4                                                   -> 0-5
  open 6 (2 overdue); 研发部 3, 市场部 1, 客服部 2
Stale SOPs: the hotline SOP, reviewed 2026-06-01 every 3 months, due 09-01 -> 1

Targets: the fixture's mkdocs.yml sets on_time_rate 90%, avg_slip_working_days
!ENV [MINUTEBOOK_FIXTURE_SLIP_TARGET, 2], conflicts_within_sla_rate 0.9, and removes
sop_stale_count's; the others are the defaults of minutebook/reports/metrics/declarations.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest

from minutebook.cli.main import main
from minutebook.render import metrics as metrics_page
from minutebook.render import svg
from minutebook.reports import metrics as M
from minutebook.reports import targets as targets_mod
from minutebook.views.view import View

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "metrics"
AS_OF = dt.date(2026, 11, 20)
BIN = Path(sys.executable).parent
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("MINUTEBOOK_AUDIENCE", "MINUTEBOOK_FIXTURE_SLIP_TARGET", "MINUTEBOOK_TODAY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def full_root(tmp_path_factory) -> Path:
    """The fixture with the refused records copied into records/."""
    root = tmp_path_factory.mktemp("metrics") / "full"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("refused", "site"))
    shutil.copytree(FIXTURE / "refused", root / "records", dirs_exist_ok=True)
    return root


def report_of(root: Path, as_of=AS_OF, audience=None, **kw) -> M.Report:
    view = View.load(root, as_of, audience)
    return M.compute(view, targets_mod.of_root(root), **kw)


def stats_json(capsys, *args) -> dict:
    assert main(["stats", "--format", "json", "--as-of", AS_OF.isoformat(), *args]) == 0
    return json.loads(capsys.readouterr().out)


def rate(value, n, d, target, op, source, met, **extra) -> dict:
    out = {"value": value, "numerator": n, "denominator": d, "target": target, "met": met, **extra}
    if target is not None:
        out.update(op=op, target_source=source)
    return out


# ----------------------------------------------------------------- targets


def test_fixture_mkdocs_yml_has_tags_a_safe_loader_refuses():
    import yaml

    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.safe_load((FIXTURE / "mkdocs.yml").read_text(encoding="utf-8"))


def test_targets_read_from_mkdocs_yml_through_its_tags(monkeypatch):
    t = targets_mod.of_root(FIXTURE)
    assert (t["on_time_rate"].op, t["on_time_rate"].value, t["on_time_rate"].source) == (">=", Fraction(9, 10), "config")
    assert t["avg_slip_working_days"].value == 2  # the !ENV default
    assert t["conflicts_within_sla_rate"].value == Fraction(9, 10)
    assert t["sop_stale_count"] is None  # null removes a target
    # untouched: the defaults, with their sources
    assert (t["minutes_within_24h_rate"].value, t["minutes_within_24h_rate"].source) == (1, "ours")
    assert (t["meeting_minutes_change"].value, t["meeting_minutes_change"].source) == (Fraction(-3, 10), "plan")
    monkeypatch.setenv("MINUTEBOOK_FIXTURE_SLIP_TARGET", "1.5")
    assert targets_mod.of_root(FIXTURE)["avg_slip_working_days"].value == Fraction(3, 2)


def test_default_targets_follow_the_plan():
    d = M.default_targets()
    assert {k: (t.op, t.value, t.source) for k, t in d.items()} == {
        "on_time_rate": (">=", Fraction(95, 100), "plan"),  # 按时交付率提升至95%以上
        "avg_slip_working_days": ("<=", 3, "ours"),
        "minutes_within_24h_rate": (">=", 1, "ours"),
        "notice_lead_ok_rate": (">=", 1, "ours"),
        "meeting_minutes_change": ("<=", Fraction(-30, 100), "plan"),  # 会议时长减少30%
        "agenda_overrun_rate": ("<=", 0, "ours"),
        "conflicts_within_sla_rate": (">=", 1, "ours"),
        "sop_stale_count": ("<=", 0, "ours"),
    }
    assert targets_mod.of_root(FIXTURE / "no-such-folder") == d  # no mkdocs.yml: the defaults


@pytest.mark.parametrize("config, message", [
    ({"on_time": 0.9}, "extra.minutebook.targets.on_time is not a metric with a target; did you mean 'on_time_rate'?"),
    ({"on_time_rate": "most"}, "extra.minutebook.targets.on_time_rate must be a number or a percentage like 95%: 'most'"),
    ({"on_time_rate": True}, "extra.minutebook.targets.on_time_rate must be a number or a percentage like 95%: True"),
])
def test_bad_targets_are_refused_with_the_key(config, message):
    with pytest.raises(M.TargetError) as exc:
        M.parse_targets(config)
    assert str(exc.value).startswith(message)


def test_percent_strings_and_numbers_are_exact():
    t = M.parse_targets({"on_time_rate": "97.5%", "meeting_minutes_change": "-25%", "avg_slip_working_days": 1.1})
    assert t["on_time_rate"].value == Fraction(39, 40)
    assert t["meeting_minutes_change"].value == Fraction(-1, 4)
    assert t["avg_slip_working_days"].value == Fraction(11, 10)


def test_cli_refuses_bad_targets_in_mkdocs_yml(tmp_path, capsys):
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("refused"))
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("on_time_rate: 90%", "on_time_rat: 90%")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert main(["stats", "--as-of", "2026-11-20", "--root", str(root)]) == 2
    assert capsys.readouterr().err == (
        "minutebook stats: error: mkdocs.yml: extra.minutebook.targets.on_time_rat is not a metric with "
        "a target; did you mean 'on_time_rate'? (known: on_time_rate, avg_slip_working_days, "
        "minutes_within_24h_rate, notice_lead_ok_rate, meeting_minutes_change, agenda_overrun_rate, "
        "conflicts_within_sla_rate, sop_stale_count)\n"
    )


# ----------------------------------------------------------------- measures

CFG = "config"
FULL_MEASURES = {
    "on_time_rate": rate(0.5, 3, 6, 0.9, ">=", CFG, False),
    "avg_slip_working_days": rate(2.0, 6, 3, 2.0, "<=", CFG, True),
    "minutes_within_24h_rate": rate(0.8333, 5, 6, 1.0, ">=", "ours", False),
    "notice_lead_ok_rate": rate(0.75, 3, 4, 1.0, ">=", "ours", False),
    "avg_meeting_minutes": rate(60.0, 360, 6, None, None, None, None),
    "meeting_minutes_change": {"value": -0.3333, "current": 60.0, "previous": 90.0, "target": -0.3,
                               "op": "<=", "target_source": "plan", "met": True},
    "agenda_overrun_rate": rate(0.1111, 1, 9, 0.0, "<=", "ours", False),
    "conflicts_within_sla_rate": rate(0.5, 2, 4, 0.9, ">=", CFG, False, pending=1),
    "conflicts_within_sla_rate.general": rate(0.5, 1, 2, 0.9, ">=", CFG, False, pending=0),
    "conflicts_within_sla_rate.moderate": rate(1.0, 1, 1, 0.9, ">=", CFG, True, pending=1),
    "conflicts_within_sla_rate.major": rate(0.0, 0, 1, 0.9, ">=", CFG, False, pending=0),
    "open_items": {"value": 6, "overdue": 2, "target": None, "met": None},
    "sop_stale_count": {"value": 1, "target": None, "met": None},
    "open_item_age": {"0-5": 1, "6-10": 1, "11-20": 2, ">20": 2},
}


def test_measures_of_the_full_fixture(full_root, capsys):
    data = stats_json(capsys, "--root", str(full_root))
    assert data["period"] == {"since": "2025-12-01", "until": "2026-11-20"}
    assert data["previous_period"] == {"since": "2024-12-11", "until": "2025-11-30"}
    assert data["precision"] == 4
    assert data["measures"] == FULL_MEASURES


def test_measures_are_exact_fractions(full_root):
    m = report_of(full_root).overall.measures
    assert m["meeting_minutes_change"].value == Fraction(-1, 3)
    assert m["minutes_within_24h_rate"].value == Fraction(5, 6)
    assert m["agenda_overrun_rate"].value == Fraction(1, 9)


def test_site_fixture_without_the_refused_records(capsys):
    data = stats_json(capsys, "--root", str(FIXTURE))
    got = {k: data["measures"][k]["value"] for k in (
        "minutes_within_24h_rate", "notice_lead_ok_rate", "avg_meeting_minutes", "meeting_minutes_change",
        "agenda_overrun_rate")}
    assert got == {"minutes_within_24h_rate": 1.0, "notice_lead_ok_rate": 1.0, "avg_meeting_minutes": 66.0,
                   "meeting_minutes_change": -0.2667, "agenda_overrun_rate": 0.0}
    assert data["measures"]["meeting_minutes_change"]["met"] is False


def test_by_month_including_months_without_meetings(full_root, capsys):
    months = stats_json(capsys, "--root", str(full_root))["by_month"]
    assert list(months) == ["2025-12", *(f"2026-{m:02d}" for m in range(1, 12))]

    def row(month):
        s = months[month]
        return tuple((s[k]["value"], s[k].get("denominator")) for k in (
            "on_time_rate", "avg_slip_working_days", "avg_meeting_minutes", "minutes_within_24h_rate",
            "notice_lead_ok_rate", "agenda_overrun_rate", "conflicts_within_sla_rate"))

    empty = ((None, 0),) * 7
    assert row("2026-07") == empty
    assert row("2026-08") == ((0.6667, 3), (2.0, 1), (52.5, 2), (1.0, 2), (1.0, 1), (0.0, 2), (None, 0))
    # September: no meeting (the notice of 09-28 announced one nobody minuted)
    assert row("2026-09") == ((None, 0), (None, 0), (None, 0), (None, 0), (0.0, 1), (0.5, 2), (1.0, 2))
    assert row("2026-10") == ((None, 0), (None, 0), (75.0, 2), (1.0, 2), (1.0, 1), (0.0, 2), (0.0, 1))
    assert row("2026-11") == ((0.3333, 3), (2.0, 2), (52.5, 2), (0.5, 2), (1.0, 1), (0.0, 3), (0.0, 1))
    assert "meeting_minutes_change" not in months["2026-11"] and "open_items" not in months["2026-11"]


def test_by_department(full_root, capsys):
    depts = stats_json(capsys, "--root", str(full_root))["by_department"]
    assert list(depts) == ["研发部", "市场部", "客服部"]  # the registry's order

    def row(d):
        s = depts[d]
        return (s["on_time_rate"]["numerator"], s["on_time_rate"]["denominator"],
                s["avg_slip_working_days"]["value"], s["avg_meeting_minutes"]["value"],
                s["avg_meeting_minutes"]["denominator"], s["conflicts_within_sla_rate"]["numerator"],
                s["conflicts_within_sla_rate"]["denominator"], s["open_items"]["value"],
                s["open_items"]["overdue"], s["sop_stale_count"]["value"])

    # 研发部: MT-01 late 2, T-01 on time, MT-07 late 1; meetings 08-10, 08-24, 10-12, 10-26 = 255/4;
    #         conflicts 09-03, 09-30 within (11-18 pending); open MT-03 (overdue), MT-06, T-02
    assert row("研发部") == (1, 3, 1.5, 63.75, 4, 2, 2, 3, 1, 0)
    # 市场部: MT-05, MT-02 on time; meetings 08-10, 08-24, 10-12, 11-09 = 270/4;
    #         conflicts 09-03 within, 10-12 late, 11-06 late; open MT-10 (overdue)
    assert row("市场部") == (2, 2, None, 67.5, 4, 1, 3, 1, 1, 0)
    # 客服部: MT-08 late 3; meetings 10-12, 10-26, 11-09, 11-16 = 255/4; conflicts 09-30 within,
    #         10-12 and 11-06 late (11-18 pending); open MT-09, RQ-01; the stale hotline SOP
    assert row("客服部") == (0, 1, 3.0, 63.75, 4, 1, 3, 2, 0, 1)
    assert depts["研发部"]["open_item_age"] == {"0-5": 0, "6-10": 0, "11-20": 1, ">20": 2}


def test_department_option_measures_one_department(full_root, capsys):
    data = stats_json(capsys, "--root", str(full_root), "--department", "客服部")
    assert data["department"] == "客服部" and data["by_department"] == {}
    assert data["measures"]["avg_meeting_minutes"]["value"] == 63.75
    # previous period: only 2025-11-12 (80 min) lists 客服部: (63.75 - 80) / 80 = -0.203125
    assert data["measures"]["meeting_minutes_change"]["value"] == -0.2031
    assert data["measures"]["open_item_age"] == {"0-5": 1, "6-10": 0, "11-20": 1, ">20": 0}


def test_done_late_then_reopened_counts_by_what_the_records_say_on_the_day(full_root):
    # As of 2026-08-31 MT-03 is done (closed late on 08-24, due 08-14: 08-17..21, 08-24 = 6
    # working days); the reopening of 10-12 is not yet written. The period is then
    # 2025-09-01 .. 2026-08-31, so OLD-01 (declared done 2025-11-12, due 11-20) counts too.
    then = report_of(full_root, dt.date(2026, 8, 31)).overall.measures
    assert (then["on_time_rate"].numerator, then["on_time_rate"].denominator) == (3, 5)
    assert then["avg_slip_working_days"].value == Fraction(2 + 6, 2)
    # As of 2026-11-20 it is open again: not among the closings, and an open item
    now = report_of(full_root)
    facts = now.facts
    assert "MT-03" not in {c.item.id for c in facts.closings}
    assert {o.item.id: o.age for o in facts.open_items}["MT-03"] == 70


def test_restricted_conflict_counts_only_for_its_audience(full_root):
    internal = report_of(full_root).overall.measures
    assert internal["conflicts_within_sla_rate.general"].value == Fraction(1, 2)
    dept = report_of(full_root, audience="客服部").overall.measures
    assert dept["conflicts_within_sla_rate.general"].value == Fraction(2, 3)
    assert dept["conflicts_within_sla_rate"].value == Fraction(3, 5)
    public = report_of(full_root, audience="public").overall.measures
    assert public["on_time_rate"].value is None  # nothing in the fixture is public


def test_since_narrows_the_period_and_the_previous_one(full_root, capsys):
    data = stats_json(capsys, "--root", str(full_root), "--since", "2026-10-01")
    assert data["period"] == {"since": "2026-10-01", "until": "2026-11-20"}
    # 51 days before: 2026-08-11 .. 2026-09-30 holds the 08-24 meeting (45 min) only
    assert data["previous_period"] == {"since": "2026-08-11", "until": "2026-09-30"}
    m = data["measures"]
    assert (m["avg_meeting_minutes"]["numerator"], m["avg_meeting_minutes"]["denominator"]) == (255, 4)
    assert m["meeting_minutes_change"]["previous"] == 45.0
    assert list(data["by_month"]) == ["2026-10", "2026-11"]


@pytest.mark.parametrize("args, message", [
    (["--department", "客服"], "--department must be a department of records/org.yml: '客服'; did you mean '客服部'?"),
    (["--since", "2026-12-01"], "--since 2026-12-01 is after the reference date 2026-11-20"),
    (["--since", "2026-13-01"], "--since must be a date written YYYY-MM-DD: '2026-13-01'"),
    (["--audience", "外包"], "--audience must be public, internal or a department of records/org.yml: '外包'"),
    (["--config", "nope.yml"], "no such file: nope.yml"),
])
def test_usage_errors(args, message, capsys):
    assert main(["stats", "--as-of", "2026-11-20", "--root", str(FIXTURE), *args]) == 2
    assert capsys.readouterr().err == f"minutebook stats: error: {message}\n"


TEXT = """\
minutebook stats as of 2026-11-20 (audience internal)
period 2025-12-01 .. 2026-11-20; previous period 2024-12-11 .. 2025-11-30

measure                             value                      target    met
on_time_rate                        50.0% (3/6)                ≥ 90.0%   no
avg_slip_working_days               2.0 (6/3)                  ≤ 2.0     yes
minutes_within_24h_rate             83.3% (5/6)                ≥ 100.0%  no
notice_lead_ok_rate                 75.0% (3/4)                ≥ 100.0%  no
avg_meeting_minutes                 60.0 (360/6)               —         -
meeting_minutes_change              -33.3% (60.0 vs 90.0 min)  ≤ -30.0%  yes
agenda_overrun_rate                 11.1% (1/9)                ≤ 0.0%    no
conflicts_within_sla_rate           50.0% (2/4)                ≥ 90.0%   no
conflicts_within_sla_rate.general   50.0% (1/2)                ≥ 90.0%   no
conflicts_within_sla_rate.moderate  100.0% (1/1)               ≥ 90.0%   yes
conflicts_within_sla_rate.major     0.0% (0/1)                 ≥ 90.0%   no
open_items                          6                          —         -
sop_stale_count                     1                          —         -

open items by age in working days: 0-5: 1, 6-10: 1, 11-20: 2, >20: 2

by department:
  研发部: on time 33.3% (1/3); meetings 4, avg 63.8 min; conflicts within SLA 100.0% (2/2); open 3 (1 overdue)
  市场部: on time 100.0% (2/2); meetings 4, avg 67.5 min; conflicts within SLA 33.3% (1/3); open 1 (1 overdue)
  客服部: on time 0.0% (0/1); meetings 4, avg 63.8 min; conflicts within SLA 33.3% (1/3); open 2 (0 overdue)

by month:
""" + "".join(f"  {m}: on time — (0/0); meetings 0, avg — min; conflicts within SLA — (0/0)\n" for m in (
    "2025-12", *(f"2026-{i:02d}" for i in range(1, 8)))) + """\
  2026-08: on time 66.7% (2/3); meetings 2, avg 52.5 min; conflicts within SLA — (0/0)
  2026-09: on time — (0/0); meetings 0, avg — min; conflicts within SLA 100.0% (2/2)
  2026-10: on time — (0/0); meetings 2, avg 75.0 min; conflicts within SLA 0.0% (0/1)
  2026-11: on time 33.3% (1/3); meetings 2, avg 52.5 min; conflicts within SLA 0.0% (0/1)
"""


def test_text_report_in_chinese_names_each_measure_as_the_page_does(full_root, capsys, monkeypatch):
    monkeypatch.setenv("MINUTEBOOK_TODAY", "2026-11-20")
    assert main(["--lang", "zh", "stats", "--root", str(full_root)]) == 0
    out, _err = capsys.readouterr()
    table = out.split("\n\n")[1].splitlines()
    assert table[0].split() == ["指标", "数值", "目标", "达标"]
    from minutebook.reports.metrics.declarations import METRICS

    assert "按时完成率" in out and "on_time_rate" not in out and "_rate" not in out
    assert [row.split()[0] for row in table[1:]] == [m.label for m in METRICS][:len(table) - 1]
    # columns line up in a terminal, where a Chinese character is two columns wide
    from minutebook.authoring.skeleton import display_width
    starts = {display_width(row[:row.index(cell)]) for row in table[1:4] for cell in [row.split()[1]]}
    assert len(starts) == 1


def test_text_report(full_root, capsys, monkeypatch):
    monkeypatch.setenv("MINUTEBOOK_TODAY", "2026-11-20")
    assert main(["stats", "--root", str(full_root)]) == 0
    out, err = capsys.readouterr()
    assert out == TEXT
    # 63.75 shows as 63.8: round half to even on the exact value
    assert err == ("minutebook stats: note: 2 file(s) fail `minutebook check`; "
                   "their records are measured as written\n")


# ----------------------------------------------------------------- charts


def page_markdown(root: Path) -> str:
    return metrics_page.page(report_of(root), "metrics.md")


def charts(markdown: str) -> dict[str, ET.Element]:
    out = {}
    for text in re.findall(r"<svg .*?</svg>", markdown, re.S):
        tree = ET.fromstring(text)  # well-formed XML, or this raises
        out[tree.get("id")] = tree
    return out


def points(tree: ET.Element, tag: str, *attrs) -> list[tuple]:
    return [(el.get("data-metric"), *(el.get(a) for a in attrs)) for el in tree.iter(SVG + tag)]


def test_svg_golden_data_points(full_root):
    c = charts(page_markdown(full_root))
    assert list(c) == ["mb-chart-on-time", "mb-chart-meetings", "mb-chart-departments", "mb-chart-age"]
    # Plot: x from 56 over 568 px, 12 months -> band 47.33, centre 56 + 47.33 * (i + 0.5);
    # y = 224 - value / top * 200. On time (top 1): Aug (i = 8) 2/3 -> 90.67; Nov (i = 11)
    # 1/3 -> 157.33. Sep and Oct have no closing: no point, so no line joins Aug and Nov.
    on_time = c["mb-chart-on-time"]
    assert points(on_time, "circle", "cx", "cy") == [
        ("by_month.2026-08.on_time_rate", "458.33", "90.67"),
        ("by_month.2026-11.on_time_rate", "600.33", "157.33"),
    ]
    assert not list(on_time.iter(SVG + "polyline"))
    # the target line at 90 %: 224 - 0.9 * 200 = 44
    target = on_time.find(f"{SVG}g[@class='mb-chart-target']/{SVG}line")
    assert (target.get("y1"), target.get("y2")) == ("44", "44")
    # Meetings: max(75, target 63) -> top 80 (step 20); 52.5 -> 131.25 high, 75 -> 187.5
    meetings = c["mb-chart-meetings"]
    assert points(meetings, "rect", "height", "y") == [
        ("by_month.2026-08.avg_meeting_minutes", "131.25", "92.75"),
        ("by_month.2026-10.avg_meeting_minutes", "187.5", "36.5"),
        ("by_month.2026-11.avg_meeting_minutes", "131.25", "92.75"),
    ]
    # target: previous 90 min * (1 - 30 %) = 63 min -> 224 - 63 / 80 * 200 = 66.5
    assert meetings.find(f"{SVG}g[@class='mb-chart-target']/{SVG}line").get("y1") == "66.5"
    # Open items per department: 3, 1, 2 -> top 3 -> 200, 66.67, 133.33
    assert points(c["mb-chart-departments"], "rect", "height") == [
        ("by_department.研发部.open_items", "200"),
        ("by_department.市场部.open_items", "66.67"),
        ("by_department.客服部.open_items", "133.33"),
    ]
    # Ages 1, 1, 2, 2 -> top 2 -> 100, 100, 200, 200
    assert points(c["mb-chart-age"], "rect", "height") == [
        ("open_item_age.0-5", "100"), ("open_item_age.6-10", "100"),
        ("open_item_age.11-20", "200"), ("open_item_age.>20", "200"),
    ]


def test_svg_accessible_and_themed(full_root):
    for chart_id, tree in charts(page_markdown(full_root)).items():
        assert tree.get("viewBox") == "0 0 640 256" and tree.get("role") == "img"
        assert tree.find(SVG + "title").text and tree.find(SVG + "desc").text
        marks = [*tree.iter(SVG + "circle"), *tree.iter(SVG + "rect")]
        assert marks and all(m.find(SVG + "title") is not None for m in marks), chart_id
        text = ET.tostring(tree, encoding="unicode")
        assert "var(--md-accent-fg-color" in text and "currentColor" in text
        assert not re.search(r"#000\b|#fff\b|black|white", text)  # no colour that fails a scheme
        assert "<script" not in text and "href" not in text


def test_svg_line_breaks_at_gaps_and_escapes_text():
    pts = [svg.Point("a<b", 0.5, 'x & "y"'), svg.Point("gap", None, "none"),
           svg.Point("c", 0.25, "c"), svg.Point("d", 1.0, "d")]
    text = svg.line_chart("t1", "<title>", "d&d", pts, top=1.0, ticks=[0, 1], tick_format=str)
    tree = ET.fromstring(text)
    # 4 points: band 142, centres 127, 269, 411, 553; y = 224 - v * 200
    assert [p.get("points") for p in tree.iter(SVG + "polyline")] == ["411,174 553,24"]
    assert [(c.get("cx"), c.get("cy")) for c in tree.iter(SVG + "circle")] == [
        ("127", "124"), ("411", "174"), ("553", "24")]
    assert tree.find(SVG + "title").text == "<title>"
    assert "a&lt;b" in text and "x &amp; &quot;y&quot;" in text


def test_svg_deterministic_and_empty_chart():
    pts = [svg.Point("一", None, "无")]
    first = svg.bar_chart("e", "空", "空", pts, top=1.0, ticks=[0, 1], tick_format=str)
    assert first == svg.bar_chart("e", "空", "空", pts, top=1.0, ticks=[0, 1], tick_format=str)
    tree = ET.fromstring(first)
    assert not list(tree.iter(SVG + "rect")) and "暂无数据" in first


@pytest.mark.parametrize("max_value, integer, expected", [
    (75, False, (80, [0, 20, 40, 60, 80])),
    (1, False, (1, [0, 0.5, 1])),  # steps are 1, 2 or 5 times a power of ten
    (3, True, (3, [0, 1, 2, 3])),
    (2, True, (2, [0, 1, 2])),
    (9, True, (10, [0, 5, 10])),
    (0, True, (1, [0, 1])),
])
def test_axis_scale(max_value, integer, expected):
    top, ticks = svg.scale(max_value, integer)
    assert (top, [round(t, 9) for t in ticks]) == expected


# ----------------------------------------------------------------- the page against the JSON


def lookup(data: dict, key: str):
    """The JSON value the page's data-metric `key` names."""
    scope = data["measures"]
    for group in ("by_department", "by_month"):
        if key.startswith(group + "."):
            name, key = key[len(group) + 1:].split(".", 1)
            scope = data[group][name]
    if key.startswith("open_item_age."):
        return scope["open_item_age"][key[len("open_item_age."):]]
    if key in scope:
        return scope[key]["value"]
    name, part = key.rsplit(".", 1)
    return scope[name][part]


def test_page_definitions_cover_every_metric(full_root):
    md = page_markdown(full_root)
    defs = md[md.index("## 口径说明"):]
    for metric in M.METRICS:
        assert metric.explain in defs, metric.name
    assert "2025-12-01 至 2026-11-20" in defs and "2024-12-11 至 2025-11-30" in defs


@pytest.mark.slow
def test_built_page_agrees_with_stats_json(tmp_path, capsys):
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("refused", "site"))
    env = {k: v for k, v in os.environ.items() if k not in ("MINUTEBOOK_AUDIENCE", "MINUTEBOOK_FIXTURE_SLIP_TARGET")}
    env.update(NO_MKDOCS_2_WARNING="1", MINUTEBOOK_TODAY="2026-11-20", SOURCE_DATE_EPOCH="1795000000")
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "metrics" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    data = stats_json(capsys, "--root", str(project))

    shown = re.findall(r'data-metric="([^"]+)" data-value="([^"]+)"', article)
    assert len(shown) > 150  # the summary, 3 departments, 12 months, ages and the charts
    for key, value in shown:
        key = key.replace("&gt;", ">")
        assert json.loads(value.replace("&quot;", '"')) == lookup(data, key), key
    keys = {k.replace("&gt;", ">") for k, _ in shown}
    assert set(data["measures"]) - {"open_item_age"} <= keys  # every measure is on the page
    assert {f"by_month.{m}.on_time_rate" for m in data["by_month"]} <= keys
    assert {f"by_department.{d}.open_items" for d in data["by_department"]} <= keys
    # the text shown is the JSON's value formatted, e.g. the site's meeting change
    assert ('data-metric="meeting_minutes_change" data-value="-0.2667">-26.7%</span>') in article
    assert ('data-metric="on_time_rate" data-value="0.5">50.0%</span>') in article
    # four inline charts, nothing fetched, no script in the article
    assert article.count("<svg ") == 4 and "<script" not in article
    assert "未达标" in article and "达标" in article
