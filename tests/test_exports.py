"""`minutebook export ics|csv|json` and the feeds the site publishes under exports/:
each format parsed back with its own reader (icalendar, csv, json), stable UIDs,
reminders on the working day before the due date, filters, visibility, atomic
writes and byte-identical output; and a real `mkdocs build` that publishes them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from minutebook.cli import main as cli
from minutebook.reports.exports import CSV_HEADER, Links, site_links

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = "2026-11-20"
UTC = dt.timezone.utc

# the open items the default (internal) audience may read at AS_OF, in feed order
INTERNAL_IDS = ["FX-01", "FX-04", "EX-01", None, "FX-02", "EX-03", "EX-02"]
PENDING_UID = "2026-11-19-export-extra-pending-1@minutebook"
SITE = "http://127.0.0.1:8000/"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The site fixture plus the export records (one restricted to 研发部)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", root)
    shutil.copytree(FIXTURES / "exports" / "records", root / "records", dirs_exist_ok=True)
    for name in ("MINUTEBOOK_AUDIENCE", "MINUTEBOOK_SITE_URL", "MINUTEBOOK_TODAY"):
        monkeypatch.delenv(name, raising=False)
    return root


def export(project: Path, capsysbinary, *args: str) -> tuple[int, bytes, str]:
    code = cli.main(["export", *args, "--root", str(project), "--as-of", AS_OF])
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


def todos(data: bytes, kind: str = "VTODO") -> list:
    return icalendar.Calendar.from_ical(data).walk(kind)


def by_uid(components) -> dict:
    return {str(c["UID"]): c for c in components}


def trigger_of(component) -> dt.datetime | None:
    alarms = component.walk("VALARM")
    return alarms[0]["TRIGGER"].dt if alarms else None


# ----------------------------------------------------------------- ICS


def test_ics_has_one_todo_per_open_item(project, capsysbinary):
    code, out, err = export(project, capsysbinary, "ics")
    assert code == 0
    cal = icalendar.Calendar.from_ical(out)
    assert str(cal["X-WR-CALNAME"]) == "待办事项"
    assert str(cal["VERSION"]) == "2.0" and "minutebook" in str(cal["PRODID"])
    items = todos(out)
    assert [str(t["UID"]) for t in items] == [
        f"{i}@minutebook" if i else PENDING_UID for i in INTERNAL_IDS
    ]
    assert "7 open item(s) for internal as of 2026-11-20 as ics" in err
    fx02 = by_uid(items)["FX-02@minutebook"]
    assert fx02["DUE"].dt == dt.date(2026, 11, 25)  # a DATE value, not a date-time
    assert str(fx02["STATUS"]) == "NEEDS-ACTION"  # blocked: needs action, with a category
    assert "阻塞" in fx02["CATEGORIES"].cats
    assert str(fx02["SUMMARY"]) == "FX-02 成本 < 预算 | 复核（李四）"
    assert str(fx02["URL"]) == f"{SITE}records/minutes/2026/2026-11-02-fixture-sync/#item-FX-02"
    assert fx02["DTSTAMP"].dt == dt.datetime(2026, 11, 20, tzinfo=UTC)  # the reference date
    assert int(fx02["SEQUENCE"]) == 1  # moved on once by a later record
    description = str(fx02["DESCRIPTION"]).splitlines()
    assert description == [
        "行动项 · 状态：阻塞",
        "责任人：李四（市场部）",
        "截止日期：2026-11-25",
        "来源记录：成本 < 预算 | 复核会（records/minutes/2026/2026-11-02-fixture-sync.md）",
        f"链接：{SITE}records/minutes/2026/2026-11-02-fixture-sync/#item-FX-02",
    ]
    assert str(by_uid(items)["EX-02@minutebook"]["STATUS"]) == "IN-PROCESS"
    fx01 = by_uid(items)["FX-01@minutebook"]
    assert "已逾期" in fx01["CATEGORIES"].cats and "已逾期 8 个工作日" in str(fx01["DESCRIPTION"])


def test_ics_calendar_name_names_the_filter(project, capsysbinary):
    _, out, _ = export(project, capsysbinary, "ics", "--department", "研发部")
    assert str(icalendar.Calendar.from_ical(out)["X-WR-CALNAME"]) == "待办事项 · 研发部"
    _, out, _ = export(project, capsysbinary, "ics", "--owner", "李四")
    assert str(icalendar.Calendar.from_ical(out)["X-WR-CALNAME"]) == "待办事项 · 李四"


def test_ics_uids_are_stable_across_runs_and_unrelated_edits(project, capsysbinary):
    _, first, _ = export(project, capsysbinary, "ics")
    before = [str(t["UID"]) for t in todos(first)]
    # an unrelated edit: a new record, and the wording of FX-02 changed
    sync = project / "records/minutes/2026/2026-11-02-fixture-sync.md"
    sync.write_text(sync.read_text(encoding="utf-8").replace("成本 < 预算 | 复核\n", "成本复核（改写）\n"),
                    encoding="utf-8")
    newer = (project / "records/minutes/2026/2026-11-19-export-extra.md").read_text(encoding="utf-8")
    newer = newer.replace("EX-0", "NW-0").replace("导出与提醒专题会", "另一场会议")
    (project / "records/minutes/2026/2026-11-18-another.md").write_text(newer, encoding="utf-8")
    _, second, _ = export(project, capsysbinary, "ics")
    after = by_uid(todos(second))
    assert set(before) <= set(after)
    assert str(after["FX-02@minutebook"]["SUMMARY"]) == "FX-02 成本复核（改写）（李四）"
    assert "2026-11-18-another-pending-1@minutebook" in after  # its own, position-based UID
    assert PENDING_UID in after


def test_ics_reminder_fires_at_nine_on_the_previous_working_day(project, capsysbinary):
    _, out, _ = export(project, capsysbinary, "ics")
    items = by_uid(todos(out))
    shanghai = __import__("zoneinfo").ZoneInfo("Asia/Shanghai")
    # due Wednesday 11-25: Tuesday 09:00 in Shanghai, written in UTC as RFC 5545 requires
    assert trigger_of(items["FX-02@minutebook"]) == dt.datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    # due Monday 11-23: the weekend is skipped, Friday 11-20 09:00
    assert trigger_of(items["EX-01@minutebook"]) == dt.datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    # due Monday 2027-01-04: New Year's Day (Friday) and the weekend skipped: Thursday 12-31
    ex02 = trigger_of(items["EX-02@minutebook"])
    assert ex02.astimezone(shanghai) == dt.datetime(2026, 12, 31, 9, 0, tzinfo=shanghai)
    alarm = items["EX-02@minutebook"].walk("VALARM")[0]
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].params["VALUE"] == "DATE-TIME"
    # overdue items get no reminder that would fire on import
    assert trigger_of(items["FX-01@minutebook"]) is None
    assert b"TRIGGER;VALUE=DATE-TIME:20261231T010000Z\r\n" in out


def test_ics_events_variant_for_calendars_that_ignore_todos(project, capsysbinary):
    _, out, _ = export(project, capsysbinary, "ics", "--events")
    assert todos(out) == []
    events = by_uid(todos(out, "VEVENT"))
    assert len(events) == 7
    fx02 = events["FX-02@events.minutebook"]
    assert fx02["DTSTART"].dt == dt.date(2026, 11, 25) and fx02["DTEND"].dt == dt.date(2026, 11, 26)
    assert str(fx02["TRANSP"]) == "TRANSPARENT"
    assert trigger_of(fx02) == dt.datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


# ----------------------------------------------------------------- CSV


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_csv_for_excel(project, capsysbinary):
    code, out, _ = export(project, capsysbinary, "csv")
    assert code == 0
    assert out.count(b"\r\n") == len(INTERNAL_IDS) + 1 and b"\n" not in out.replace(b"\r\n", b"")
    table = read_csv(out)
    assert table[0] == CSV_HEADER
    assert table[0] == ["编号", "事项", "类型", "责任人", "部门", "截止日期", "状态", "是否逾期",
                        "逾期工作日", "来源记录", "链接"]
    assert [r[0] or None for r in table[1:]] == INTERNAL_IDS
    rows = {r[0]: r for r in table[1:]}
    assert rows["FX-01"] == ["FX-01", "提交接口设计 <草案>", "行动项", "张三", "研发部", "2026-11-10",
                             "未开始", "是", "8", "成本 < 预算 | 复核会",
                             f"{SITE}records/minutes/2026/2026-11-02-fixture-sync/#item-FX-01"]
    assert rows["FX-04"][7:9] == ["是", "2"]
    assert rows["FX-02"][6:9] == ["阻塞", "否", "0"]  # latest status after the update
    assert rows[""][1:5] == ["是否需要第三方审计", "未决事项", "市场部", "市场部"]
    assert rows[""][10].endswith("/2026-11-19-export-extra/#item-pending-1")


def test_csv_cells_cannot_become_excel_formulas(project, capsysbinary):
    _, out, _ = export(project, capsysbinary, "csv")
    cell = {r[0]: r for r in read_csv(out)[1:]}["EX-03"][1]
    assert cell == "'=HYPERLINK(\"http://evil.example\",\"点我\") [点我](http://evil.example)"


# ----------------------------------------------------------------- JSON


def test_json_shape(project, capsysbinary):
    code, out, _ = export(project, capsysbinary, "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["as_of", "audience", "items"]
    assert data["as_of"] == AS_OF and data["audience"] == "internal"
    assert [i["id"] for i in data["items"]] == INTERNAL_IDS
    fx02 = next(i for i in data["items"] if i["id"] == "FX-02")
    assert fx02 == {
        "id": "FX-02", "uid": "FX-02@minutebook", "text": "成本 < 预算 | 复核",
        "kind": "actions", "kind_label": "行动项", "owner": "李四", "department": "市场部",
        "due": "2026-11-25", "status": "blocked", "status_label": "阻塞",
        "overdue": False, "days_late": 0,
        "record": {"path": "records/minutes/2026/2026-11-02-fixture-sync.md",
                   "key": "2026-11-02-fixture-sync", "kind": "minutes", "title": "成本 < 预算 | 复核会"},
        "url": f"{SITE}records/minutes/2026/2026-11-02-fixture-sync/#item-FX-02",
    }
    assert "成本 < 预算".encode() in out  # ensure_ascii=False: Chinese as written
    fx01 = data["items"][0]
    assert (fx01["overdue"], fx01["days_late"]) == (True, 8)


# ----------------------------------------------------------------- filters, visibility


def ids_of(out: bytes) -> list:
    return [i["id"] for i in json.loads(out)["items"]]


def test_owner_and_department_filters(project, capsysbinary):
    assert ids_of(export(project, capsysbinary, "json", "--owner", "张三")[1]) == ["FX-01", "EX-01"]
    assert ids_of(export(project, capsysbinary, "json", "--owner", "市场部")[1]) == [None]
    assert ids_of(export(project, capsysbinary, "json", "--department", "市场部")[1]) == [
        "FX-04", None, "FX-02", "EX-03", "EX-02"]
    assert ids_of(export(project, capsysbinary, "json", "--owner", "张三",
                         "--department", "市场部")[1]) == []


@pytest.mark.parametrize("args, message", [
    (("--owner", "张叁"), "minutebook export: error: --owner must be a person or a department of "
                          "records/org.yml: '张叁'; did you mean '张三'?\n"),
    (("--department", "研发"), "minutebook export: error: --department must be a department of "
                               "records/org.yml: '研发'; did you mean '研发部'?\n"),
])
def test_unknown_names_are_usage_errors_with_a_suggestion(project, capsysbinary, args, message):
    code, out, err = export(project, capsysbinary, "json", *args)
    assert (code, out, err) == (2, b"", message)


def test_restricted_items_only_for_their_department(project, capsysbinary, monkeypatch):
    assert "RX-01" not in ids_of(export(project, capsysbinary, "json")[1])
    assert "RX-01" not in ids_of(export(project, capsysbinary, "json", "--audience", "市场部")[1])
    _, out, _ = export(project, capsysbinary, "json", "--audience", "研发部")
    assert "RX-01" in ids_of(out) and json.loads(out)["audience"] == "研发部"
    monkeypatch.setenv("MINUTEBOOK_AUDIENCE", "研发部")
    _, out, _ = export(project, capsysbinary, "ics")
    assert "RX-01@minutebook" in by_uid(todos(out))
    monkeypatch.setenv("MINUTEBOOK_AUDIENCE", "public")
    assert ids_of(export(project, capsysbinary, "json")[1]) == []  # no public record


# ----------------------------------------------------------------- output


def test_output_file_is_written_atomically(project, capsysbinary, tmp_path, monkeypatch):
    _, expected, _ = export(project, capsysbinary, "csv")
    target = tmp_path / "out" / "items.csv"
    target.parent.mkdir()
    target.write_bytes(b"old")
    code, out, err = export(project, capsysbinary, "csv", "-o", str(target))
    assert (code, out) == (0, b"")
    assert target.read_bytes() == expected
    assert f"as csv to {target}" in err
    # a write that fails before the rename leaves the previous file whole, and no temp file
    target.write_bytes(b"old")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("minutebook.base.fsutil.os.replace", fail)
    with pytest.raises(OSError):
        cli.main(["export", "csv", "-o", str(target), "--root", str(project), "--as-of", AS_OF])
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["items.csv"]


@pytest.mark.parametrize("fmt", ["ics", "csv", "json"])
def test_output_is_byte_identical_across_runs(project, capsysbinary, tmp_path, fmt):
    _, first, _ = export(project, capsysbinary, fmt)
    _, second, _ = export(project, capsysbinary, fmt)
    export(project, capsysbinary, fmt, "-o", str(tmp_path / f"feed.{fmt}"))
    assert first == second == (tmp_path / f"feed.{fmt}").read_bytes()


# ----------------------------------------------------------------- links


def test_links_follow_the_site_url(project, capsysbinary, monkeypatch):
    monkeypatch.setenv("MINUTEBOOK_SITE_URL", "https://kb.example.com/协作/")
    _, out, _ = export(project, capsysbinary, "json")
    assert json.loads(out)["items"][0]["url"] == (
        "https://kb.example.com/协作/records/minutes/2026/2026-11-02-fixture-sync/#item-FX-01")
    monkeypatch.delenv("MINUTEBOOK_SITE_URL")
    (project / "mkdocs.yml").unlink()
    _, out, _ = export(project, capsysbinary, "json")
    assert json.loads(out)["items"][0]["url"] == "records/minutes/2026/2026-11-02-fixture-sync/#item-FX-01"
    _, out, _ = export(project, capsysbinary, "ics")
    assert "URL" not in by_uid(todos(out))["FX-01@minutebook"]  # no relative URL in a calendar


def test_site_url_read_from_mkdocs_yml_without_mkdocs(tmp_path, monkeypatch):
    monkeypatch.delenv("MINUTEBOOK_SITE_URL", raising=False)
    monkeypatch.delenv("KB_URL", raising=False)
    (tmp_path / "mkdocs.yml").write_text(
        'site_url: !ENV [KB_URL, "https://fallback.example/"]\n'
        "use_directory_urls: false\n"
        "markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
        "        kwds: {case: lower}\n", encoding="utf-8")
    assert site_links(tmp_path) == Links("https://fallback.example/", directory_urls=False)
    monkeypatch.setenv("KB_URL", "https://kb.example/")
    assert site_links(tmp_path).base == "https://kb.example/"
    assert site_links(tmp_path).page("records/a/2026/x.md", "item-A-1") == (
        "https://kb.example/records/a/2026/x.html#item-A-1")


# ----------------------------------------------------------------- the site's feeds


def test_public_feeds_name_only_the_people_of_public_items(project, tmp_path):
    from minutebook.reports.exports import write_feeds
    from minutebook.views.view import View

    record = project / "records/minutes/2026/2026-11-16-fixture-followup.md"
    record.write_text(record.read_text(encoding="utf-8").replace("owner: 李四\n", "owner: 李四\nvisibility: public\n", 1),
                      encoding="utf-8")
    view = View.load(project, dt.date(2026, 11, 20), "public")
    written = write_feeds(view, tmp_path / "site", Links(SITE))
    names = sorted(p.relative_to(tmp_path / "site" / "exports").as_posix() for p in written)
    assert names == sorted(f"{stem}{ext}" for stem in ("all", "department/市场部", "owner/李四")
                           for ext in (".ics", ".events.ics", ".csv", ".json"))
    assert ids_of((tmp_path / "site/exports/all.json").read_bytes()) == ["FX-04"]
    internal = write_feeds(View.load(project, dt.date(2026, 11, 20)), tmp_path / "internal", Links(SITE))
    assert len(internal) == 4 * (1 + 2 + 2)  # every department and person of the registry



BIN = Path(sys.executable).parent


@pytest.mark.slow
def test_site_publishes_the_feeds(project, tmp_path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MINUTEBOOK_TODAY=AS_OF, SOURCE_DATE_EPOCH="1795000000")
    env.pop("MINUTEBOOK_AUDIENCE", None)
    out = tmp_path / "site"
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(out)],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    exports = out / "exports"
    assert [str(t["UID"]) for t in todos((exports / "all.ics").read_bytes())] == [
        f"{i}@minutebook" if i else PENDING_UID for i in INTERNAL_IDS]
    assert len(todos((exports / "all.events.ics").read_bytes(), "VEVENT")) == 7
    table = read_csv((exports / "department" / "研发部.csv").read_bytes())
    assert table[0] == CSV_HEADER and [r[0] for r in table[1:]] == ["FX-01", "EX-01"]
    assert ids_of((exports / "owner" / "李四.json").read_bytes()) == ["FX-04", "FX-02", "EX-03", "EX-02"]
    cal = icalendar.Calendar.from_ical((exports / "owner" / "张三.ics").read_bytes())
    assert str(cal["X-WR-CALNAME"]) == "待办事项 · 张三"
    # the same bytes as the command gives, and nothing restricted in any feed
    assert (exports / "all.json").read_bytes() == subprocess.run(
        [str(BIN / "minutebook"), "export", "json", "--as-of", AS_OF], cwd=project, env=env,
        capture_output=True, timeout=120).stdout
    names = sorted(p.relative_to(exports).as_posix() for p in exports.rglob("*") if p.is_file())
    assert len(names) == 4 * (1 + 2 + 2)  # all, 2 departments, 2 people; 4 files each
    for path in exports.rglob("*.*"):
        assert b"RX-01" not in path.read_bytes(), path
