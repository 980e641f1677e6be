"""An item's life across records (MB208–MB211) beyond the single-file goldens of
tests/fixtures/rules/: a reopening in one record of what another record closed, the
boundaries of each rule, and the slip in working days that the site shows.

The goldens check one file dropped into tests/fixtures/repo/; here two or three records
work together, as they do when meetings follow each other.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import make_repo, minutes

from checks.engine import load_repository
from minutebook.cli import main as cli
from minutebook.model.items import collect
from minutebook.model.workdays import Calendar

AS_OF = "2026-11-20"


def update(ref: str, status: str, **extra: str) -> str:
    return f"  - ref: {ref}\n    status: {status}\n" + "".join(f"    {k}: {v}\n" for k, v in extra.items())


@pytest.fixture
def root(tmp_path) -> Path:
    return make_repo(tmp_path / "repo")


def add(root: Path, name: str, date: str, *updates: str) -> Path:
    path = root / "records" / "minutes" / f"{name}.md"
    text = minutes(None, title=name, date=date, published=f"{date} 12:00",
                   blocks="updates:\n" + "".join(updates))
    path.write_text(text, encoding="utf-8")
    return path


def check(capsys, root: Path, *paths: Path) -> tuple[int, list[str]]:
    code = cli.main(["check", "--as-of", AS_OF, "--root", str(root), *map(str, paths)])
    return code, capsys.readouterr().out.splitlines()


def test_reopening_what_an_earlier_meeting_closed_is_a_warning_in_the_reopening_record(root, capsys):
    closing = add(root, "2026-09-24-review", "2026-09-24", update("SYNC-01", "done", note="通过"))
    reopening = add(root, "2026-10-12-followup", "2026-10-12", update("SYNC-01", "blocked", note="复测失败"))
    expected = [
        "records/minutes/2026-10-12-followup.md:15:13: MB208 warning: `updates[1].status` reopens 'SYNC-01' "
        "(done → blocked); it was closed at records/minutes/2026-09-24-review.md:15",
    ]
    assert check(capsys, root) == (0, expected)
    # pre-commit checks the staged file alone: the warning is found either way round
    assert check(capsys, root, reopening) == (0, expected)
    assert check(capsys, root, closing) == (0, [])


def test_closing_again_after_an_earlier_meeting_closed_it(root, capsys):
    add(root, "2026-09-24-review", "2026-09-24", update("SYNC-02", "cancelled"))
    add(root, "2026-10-12-followup", "2026-10-12", update("SYNC-02", "done"))
    assert check(capsys, root) == (0, [
        "records/minutes/2026-10-12-followup.md:15:13: MB209 warning: `updates[1].status` closes 'SYNC-02' "
        "again (cancelled → done); it was already closed at records/minutes/2026-09-24-review.md:15",
    ])


def test_the_order_is_the_records_dates_not_their_file_names(root, capsys):
    # "a-…" sorts first but is dated later: it is the one that reopens
    add(root, "a-later", "2026-10-12", update("SYNC-01", "open"))
    add(root, "z-earlier", "2026-09-24", update("SYNC-01", "done"))
    code, lines = check(capsys, root)
    assert [x.split(": MB")[0] + " MB" + x.split(": MB")[1][:3] for x in lines] == [
        "records/minutes/a-later.md:15:13 MB208"]


def test_an_item_declared_closed_and_reopened_points_at_its_declaration(root, capsys):
    plan = root / "records" / "plans" / "2026-launch-plan.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "    due: 2026-09-20\n", "    due: 2026-09-20\n    status: done\n"), encoding="utf-8")
    add(root, "2026-09-24-review", "2026-09-24", update("PLAN-01", "in-progress"))
    assert check(capsys, root) == (0, [
        "records/minutes/2026-09-24-review.md:15:13: MB208 warning: `updates[1].status` reopens 'PLAN-01' "
        "(done → in-progress); it was closed at records/plans/2026-launch-plan.md:27",
    ])


def test_an_update_on_the_day_of_the_item_record_is_fine(root, capsys):
    # SYNC-01 is declared in minutes dated 2026-09-10: the same day is not "before"
    add(root, "2026-09-10-evening", "2026-09-10", update("SYNC-01", "in-progress"))
    assert check(capsys, root) == (0, [])
    add(root, "2026-09-09-eve", "2026-09-09", update("SYNC-01", "in-progress"))
    code, lines = check(capsys, root)
    assert code == 1 and [x.split()[1] for x in lines] == ["MB210"]


def test_a_new_due_on_the_record_date_is_fine_and_one_day_before_is_not(root, capsys):
    add(root, "2026-10-12-followup", "2026-10-12", update("SYNC-02", "in-progress", due="2026-10-12"))
    assert check(capsys, root) == (0, [])
    add(root, "2026-10-13-followup", "2026-10-13", update("PLAN-02", "in-progress", due="2026-10-12"))
    assert check(capsys, root) == (1, [
        "records/minutes/2026-10-13-followup.md:16:10: MB211 `updates[1].due` 2026-10-12 for 'PLAN-02' "
        "is before the record's date 2026-10-13",
    ])


def test_an_unknown_ref_is_only_mb206(root, capsys):
    add(root, "2026-10-12-followup", "2026-10-12", update("NOPE-01", "open", due="2026-01-01"))
    code, lines = check(capsys, root)
    assert [x.split()[1] for x in lines] == ["MB206"]


def test_slip_in_working_days_over_national_day(root):
    add(root, "2026-09-28-review", "2026-09-28", update("SYNC-01", "in-progress", due="2026-10-09"))
    add(root, "2026-10-12-followup", "2026-10-12", update("SYNC-01", "in-progress", due="2026-10-08"))
    repo = load_repository(root, dt.date(2026, 11, 20))
    item = next(i for i in collect(repo.records, repo.registry) if i.id == "SYNC-01")
    later, earlier = item.history
    cal = Calendar("CN")
    # 2026-09-30 → 2026-10-09: 1–7 October are the holiday; 8 and 9 October are working days
    assert (later.slipped, later.slip_days(cal)) == (True, 2)
    assert (earlier.slipped, earlier.slip_days(cal)) == (False, -1)
    # a status-only update does not re-date the item
    add(root, "2026-10-20-done", "2026-10-20", update("SYNC-01", "done"))
    repo = load_repository(root, dt.date(2026, 11, 20))
    item = next(i for i in collect(repo.records, repo.registry) if i.id == "SYNC-01")
    assert [c.slip_days(cal) for c in item.history] == [2, -1, None]
