"""The sample records under records/ pass the checks and tell the intended story.

The samples are what new users copy from and what the site's demo is built from, so
they must stay valid, cover every kind, and keep a realistic mix of item states
relative to the fixed reference date 2026-11-20: some items done, some still open
and not yet due, some overdue (a few long enough to be escalated), one blocked.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
from pathlib import Path

import pytest

from checks.diagnostics import ERROR, WARNING
from checks.engine import load_repository
from minutebook.cli import main as cli
from minutebook.model.schema import KINDS, item_lists
from minutebook.model.vocabulary import CLOSED_STATUSES

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 20)

# how many records of each kind the samples must contain at least
MIN_PER_KIND = {
    "notice": 2,
    "minutes": 5,
    "request": 2,
    "plan": 1,
    "retrospective": 1,
    "sop": 2,
    "conflict": 3,
    "progress": 1,
}
MIN_RECORDS = 15

# the only warnings the samples are meant to produce
EXPECTED_WARNINGS = {
    ("records/sop/2026/2026-06-01-complaint-handling-sop.md", "MB310"),
    ("records/conflict/2026/2026-11-06-migration-consent-dispute.md", "MB311"),
}


@pytest.fixture(scope="module")
def repo():
    return load_repository(ROOT, AS_OF)


def latest_items(repo) -> dict[str, dict]:
    """Every trackable item by id, with its latest status, due date and owner after
    applying the `updates` of later records in date order (newest wins)."""
    items: dict[str, dict] = {}
    for record in repo.records:
        kind = KINDS.get(record.kind or "")
        if not kind:
            continue
        for name, spec, _ in item_lists(kind):
            for item in record.meta.get(name) or ():
                if spec.only_if and not item.get(spec.only_if):
                    continue
                if not item.get(spec.id):
                    continue
                items[item[spec.id]] = {
                    "record": record.key,
                    "status": item.get(spec.status or "status", "open"),
                    "due": item.get(spec.due),
                    "owner": item.get(spec.owner),
                }

    def moment(record):
        start = record.meta.get("start") or dt.time(0, 0)
        return (record.date or dt.date.min, start, record.key)

    for record in sorted(repo.records, key=moment):
        for update in record.meta.get("updates") or ():
            item = items.get(update.get("ref"))
            assert item is not None, f"{record.key}: update of unknown item {update.get('ref')}"
            item["status"] = update["status"]
            if update.get("due"):
                item["due"] = update["due"]
            if update.get("owner"):
                item["owner"] = update["owner"]
            item["updated_by"] = record.key
    return items


def test_check_passes_in_process(capsys):
    code = cli.main(["check", "--as-of", AS_OF.isoformat(), "--root", str(ROOT)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "0 error(s)" in err


def test_check_json_has_only_the_intended_warnings(capsys):
    code = cli.main(["check", "--format", "json", "--as-of", AS_OF.isoformat(), "--root", str(ROOT)])
    out, _ = capsys.readouterr()
    assert code == 0
    report = json.loads(out)
    assert report["as_of"] == AS_OF.isoformat()
    assert report["errors"] == 0
    found = {(d["path"], d["code"]) for d in report["diagnostics"]}
    assert all(d["severity"] == WARNING for d in report["diagnostics"])
    assert found == EXPECTED_WARNINGS


def test_no_errors_when_loaded(repo):
    assert [d.format() for d in repo.diagnostics if d.severity == ERROR] == []


def test_every_kind_is_present(repo):
    counts = collections.Counter(r.kind for r in repo.records)
    assert sum(counts.values()) >= MIN_RECORDS
    for kind, least in MIN_PER_KIND.items():
        assert counts[kind] >= least, f"{kind}: {counts[kind]} record(s), want at least {least}"
    assert set(counts) == set(KINDS)


def test_records_live_where_their_date_and_kind_say(repo):
    for record in repo.records:
        kind, year, name = record.path.split("/")[1:]
        assert kind == record.kind, record.path
        assert year == str(record.date.year), record.path
        assert name.startswith(record.date.isoformat() + "-"), record.path
        assert name[:-3].isascii(), record.path


def test_visibility_mix(repo):
    restricted = [r for r in repo.records if r.meta.get("visibility") == "restricted"]
    assert len(restricted) == 1
    assert restricted[0].meta["audience"] == ["财务部"]
    others = {r.meta.get("visibility") for r in repo.records if r not in restricted}
    assert others <= {"internal", "public"}
    assert all(r.meta.get("tags") for r in repo.records)


def test_item_states_relative_to_reference_date(repo):
    items = latest_items(repo)
    closed = {i for i, it in items.items() if it["status"] in CLOSED_STATUSES}
    open_ = {i: it for i, it in items.items() if i not in closed}
    done = {i for i, it in items.items() if it["status"] == "done"}
    blocked = {i for i, it in open_.items() if it["status"] == "blocked"}
    not_due = {i for i, it in open_.items() if it["due"] >= AS_OF}
    overdue = {i: repo_days_late(repo, it["due"]) for i, it in open_.items() if it["due"] < AS_OF}
    escalate_after = repo.registry.escalation_working_days

    assert done, "no item is done"
    assert not_due, "no open item is still within its due date"
    assert overdue, "no item is overdue"
    assert blocked, "no item is blocked"
    assert any(days <= 2 for days in overdue.values()), "no item is only slightly overdue"
    assert any(days > escalate_after for days in overdue.values()), "no overdue item is escalated"
    week = {AS_OF + dt.timedelta(days=n) for n in range(3, 8)}  # Monday 23 to Friday 27
    assert any(open_[i]["due"] in week for i in not_due), "nothing is due in the week of 2026-11-23"


def test_story_milestones(repo):
    """A few fixed points of the story, so an edit that breaks it is noticed."""
    items = latest_items(repo)
    assert items["LAUNCH-01"]["status"] == "done"
    assert items["LAUNCH-01"]["updated_by"] == "2026-09-14-q3-launch-go-live-review"
    assert items["PLAN-T10"]["status"] == "blocked"
    assert items["CS-03"]["due"] == dt.date(2026, 11, 19)  # re-dated by the follow-up
    assert items["BUDGET-01"]["status"] == "open"
    keys = {r.key: r for r in repo.records}
    retro = keys["2026-11-06-q3-launch-retrospective"]
    assert retro.meta["plan"] == "2026-08-12-q3-launch-plan"
    assert any(lesson.get("sop") for lesson in retro.meta["lessons"])


def repo_days_late(repo, due: dt.date) -> int:
    from minutebook.model.workdays import Calendar

    settings = repo.registry.settings.get("calendar") or {}
    calendar = Calendar(settings.get("country", "CN"), settings.get("subdivision"))
    return calendar.between(due, AS_OF)
