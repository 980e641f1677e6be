"""Golden tests of the rules: every code of the catalogue, exact output compared in full.

Each bad record tests/fixtures/rules/<CODE>-<slug>.md is dropped into a copy of the
fixture repository tests/fixtures/repo/ (records/org.yml and a few valid records) and
checked alone, as pre-commit does; the lines `minutebook check` prints must equal
<CODE>-<slug>.expected exactly (paths relative to the repository root). A
<CODE>-<slug>.yml replaces records/org.yml instead, and its .expected holds what the
command prints on stderr. Dropping a new pair into the folder adds a test; a code of
the catalogue without a fixture fails `test_every_rule_has_a_golden_fixture`.

tests/fixtures/valid/ holds positive examples: each must produce no output at all.

Every run fixes the reference date (`--as-of`), so no result depends on today.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import make_repo

import checks.engine  # noqa: F401  (registers every rule in the catalogue)
from checks.catalogue import RULES, WARNING
from minutebook.cli import main as cli

FIXTURES = Path(__file__).parent / "fixtures"
RULES_DIR = FIXTURES / "rules"
VALID_DIR = FIXTURES / "valid"
GOLDEN_DIR = FIXTURES / "golden"
AS_OF = "2026-11-20"

FIXTURE_NAME = re.compile(r"^(MB\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.(md|yml)$")
DIAGNOSTIC = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>MB\d{3}) (?P<warning>warning: )?\S")

BAD = sorted(p for p in RULES_DIR.iterdir() if p.suffix in (".md", ".yml"))
VALID = sorted(VALID_DIR.glob("*.md"))


def run_check(capsys, root: Path, *paths: Path) -> tuple[int, str, str]:
    code = cli.main(["check", "--as-of", AS_OF, "--root", str(root), *map(str, paths)])
    out, err = capsys.readouterr()
    return code, out, err


def summary(expected: str, files: int = 1) -> str:
    """The stderr line for `expected` diagnostics of one checked file."""
    lines = [DIAGNOSTIC.match(x) for x in expected.splitlines()]
    warnings = sum(1 for m in lines if m["warning"])
    errors = len(lines) - warnings
    found_in = len({m["path"] for m in lines})
    return (f"minutebook check: {errors} error(s), {warnings} warning(s) in {found_in} file(s); "
            f"checked {files} file(s) as of {AS_OF}\n")


def expected_exit(expected: str) -> int:
    """1 when any line is an error; warnings alone exit 0."""
    return int(any(not DIAGNOSTIC.match(x)["warning"] for x in expected.splitlines()))


# ---------------------------------------------------------------- the catalogue


def test_every_rule_has_a_golden_fixture():
    covered = {FIXTURE_NAME.match(p.name)[1] for p in BAD if FIXTURE_NAME.match(p.name)}
    missing = sorted(set(RULES) - covered)
    assert not missing, f"rule codes without a fixture in {RULES_DIR}: {', '.join(missing)}"


def test_fixtures_are_named_for_a_known_code_and_paired():
    for p in BAD:
        m = FIXTURE_NAME.match(p.name)
        assert m, f"{p.name}: name a fixture <CODE>-<slug>.md (or .yml for the registry)"
        assert m[1] in RULES, f"{p.name}: {m[1]} is not a code of the catalogue"
        assert p.with_suffix(".expected").is_file(), f"{p.name} has no .expected"
    for e in [*RULES_DIR.glob("*.expected"), *RULES_DIR.glob("*.as")]:
        assert any(e.with_suffix(s).is_file() for s in (".md", ".yml")), f"{e.name} has no fixture"


def test_every_rule_states_itself_in_one_line():
    for code, r in RULES.items():
        assert re.fullmatch(r"MB\d{3}", code)
        assert r.doc and "\n" not in r.doc and r.doc.endswith((".", ")")), code
        assert r.severity in ("error", "warning"), code


def test_loader_codes_are_declared():
    assert sorted(c for c, r in RULES.items() if r.stage == "load") == [f"MB{i:03d}" for i in range(1, 11)]


# ---------------------------------------------------------------- golden fixtures


@pytest.mark.parametrize("fixture", BAD, ids=lambda p: p.stem)
def test_rule_fixture(fixture: Path, tmp_path, capsys):
    expected = fixture.with_suffix(".expected").read_text(encoding="utf-8")
    code = FIXTURE_NAME.match(fixture.name)[1]
    root = make_repo(tmp_path / "repo")
    if fixture.suffix == ".yml":  # a broken registry: a configuration error, exit 2
        shutil.copyfile(fixture, root / "records" / "org.yml")
        assert run_check(capsys, root) == (2, "", expected)
        assert f": {code} " in expected
        return
    # a fixture may be saved under another name (a sidecar `.as` gives it): MB010 judges names
    alias = fixture.with_suffix(".as")
    target = root / "records" / (alias.read_text(encoding="utf-8").strip() if alias.is_file() else fixture.name)
    shutil.copyfile(fixture, target)
    status, out, err = run_check(capsys, root, target)
    assert out == expected
    assert err == summary(expected)
    assert status == expected_exit(expected)
    # the fixture shows the code it is named for
    assert f": {code} " in expected, f"{fixture.name} does not produce {code}"


@pytest.mark.parametrize("code", sorted(c for c, r in RULES.items() if r.severity == WARNING))
def test_warnings_print_as_warnings_and_exit_0(code, tmp_path, capsys):
    fixtures = [p for p in BAD if p.name.startswith(code + "-")]
    assert fixtures
    for fixture in fixtures:
        root = make_repo(tmp_path / fixture.stem / "repo")
        target = root / "records" / fixture.name
        shutil.copyfile(fixture, target)
        status, out, err = run_check(capsys, root, target)
        assert status == 0
        assert out and all(f": {code} warning: " in line for line in out.splitlines())
        assert err.startswith("minutebook check: 0 error(s), ")


# ---------------------------------------------------------------- the cases of the issue


def lines_of(name: str) -> list[str]:
    return (RULES_DIR / f"{name}.expected").read_text(encoding="utf-8").splitlines()


def test_issue_cases_are_in_the_goldens():
    # real dates: 2026-02-30 is refused
    assert "records/MB104-real-date.md:4:7: MB104 `date` is not a real date: '2026-02-30'" in lines_of("MB104-real-date")
    # owners resolve to the registry, with a "did you mean"
    assert ("records/MB201-unknown-person.md:6:8: MB201 `owner` is not in the registry: '王雷'; "
            "did you mean '王磊'?") in lines_of("MB201-unknown-person")
    # the duplicate id lives in another record
    assert any("is also used at records/minutes/2026-09-10-launch-sync.md:17" in x
               for x in lines_of("MB204-duplicate-id"))
    # holidays count: the National Day break leaves one working day before 2026-10-08
    assert "is 1 working day(s) before the meeting on 2026-10-08" in lines_of("MB303-notice-over-national-day")[0]
    # a full-width colon typed as a key separator is explained as such
    assert "full-width colon '：' after `owner`" in lines_of("MB110-fullwidth-colon")[0]
    # unknown keys get a "did you mean"
    assert lines_of("MB102-unknown-key")[0].endswith("unknown key `atendees`; did you mean `attendees`?")
    # template syntax, each of its three openings
    assert [x.split(" MB106 ")[1][:20] for x in lines_of("MB106-template-syntax")] == [
        "template syntax '{{'", "template syntax '{%'", "template syntax '{#'"]


# ---------------------------------------------------------------- positive examples


def test_fixture_repository_is_clean(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    assert run_check(capsys, root) == (
        0, "", f"minutebook check: 0 error(s), 0 warning(s) in 0 file(s); checked all records as of {AS_OF}\n")


@pytest.mark.parametrize("record", VALID, ids=lambda p: p.stem)
def test_valid_record_is_clean(record: Path, tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    target = root / "records" / record.name
    shutil.copyfile(record, target)
    assert run_check(capsys, root, target) == (
        0, "", f"minutebook check: 0 error(s), 0 warning(s) in 0 file(s); checked 1 file(s) as of {AS_OF}\n")


def test_valid_records_are_clean_together(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    for record in VALID:
        shutil.copyfile(record, root / "records" / record.name)
    status, out, err = run_check(capsys, root)
    assert (status, out) == (0, "")


# ---------------------------------------------------------------- a whole bad file


def test_whole_bad_minutes_file(tmp_path, capsys):
    """check-peps style: one minutes record with many problems, every message in order."""
    root = make_repo(tmp_path / "repo")
    target = root / "records" / "bad-minutes.md"
    shutil.copyfile(GOLDEN_DIR / "bad-minutes.md", target)
    status, out, err = run_check(capsys, root, target)
    assert out.splitlines() == [
        "records/bad-minutes.md:2:1: MB101 `recorder` is required: who wrote the minutes.",
        "records/bad-minutes.md:3:8: MB109 HTML is not allowed in front-matter values: '上线复核会 <b>紧急</b>'",
        "records/bad-minutes.md:5:25: MB202 `departments[3]` is not a department in the registry: '销售部'; "
        "add it to records/org.yml first",
        "records/bad-minutes.md:6:8: MB201 `owner` is not in the registry: '王雷'; did you mean '王磊'?",
        "records/bad-minutes.md:7:1: MB102 unknown key `visiblity`; did you mean `visibility`?",
        "records/bad-minutes.md:9:6: MB309 warning: the meeting ran 120 minutes, over the 90-minute limit",
        "records/bad-minutes.md:10:7: MB201 `host` must be a person, not the department '研发部'",
        "records/bad-minutes.md:11:21: MB201 `attendees[3]` is not in the registry: '张三'; "
        "add them to records/org.yml first",
        "records/bad-minutes.md:12:9: MB203 `notice` names no record: '2026-09-18-review-notice' "
        "(use the file name without .md)",
        "records/bad-minutes.md:13:12: MB302 `published` 2026-09-23 09:00 is 41 h 00 min after the meeting "
        "ended; minutes are due within 24 hours",
        "records/bad-minutes.md:14:1: MB107 `render_macros` is not allowed: records are never rendered as templates",
        "records/bad-minutes.md:18:10: MB301 `pending[1].due` 2026-09-20 is before the record's date 2026-09-21",
        "records/bad-minutes.md:20:9: MB204 id 'SYNC-02' is also used at "
        "records/minutes/2026-09-10-launch-sync.md:22; ids are unique and stable",
        "records/bad-minutes.md:27:10: MB104 `actions[2].due` is not a real date: '2026-09-31'",
        "records/bad-minutes.md:28:13: MB105 `actions[2].status` must be one of open, in-progress, blocked, "
        "done, cancelled: 'doing'; did you mean 'in-progress'?",
        "records/bad-minutes.md:29:5: MB101 `owner` is required in actions[3]: who does it.",
        "records/bad-minutes.md:32:13: MB105 `actions[3].status` must be one of open, in-progress, blocked, "
        "done, cancelled: '已完成'; did you mean 'done'?",
        "records/bad-minutes.md:33:9: MB103 `actions[4].id` must be an id of letters, digits and '-', "
        "starting with a letter (e.g. LAUNCH-01): '3rd'",
        "records/bad-minutes.md:40:10: MB206 `updates[2].ref` names no item in the repository: 'SYNC-03'",
        "records/bad-minutes.md:41:13: MB105 `updates[2].status` must be one of open, in-progress, blocked, "
        "done, cancelled: 'closed'; did you mean 'done'?",
        "records/bad-minutes.md:46:7: MB106 template syntax '{{' is not allowed in records; "
        "write it as '{ {', even in a code span",
        "records/bad-minutes.md:46:30: MB108 invisible character U+200B (ZERO WIDTH SPACE) is not allowed; delete it",
    ]
    assert err == f"minutebook check: 21 error(s), 1 warning(s) in 1 file(s); checked 1 file(s) as of {AS_OF}\n"
    assert status == 1


# ---------------------------------------------------------------- extreme dates


EXTREME = {
    # a conflict on the last day the calendar holds: counting working days must not
    # step past it
    "conflict-2099": (
        "type: conflict\ntitle: t\ndate: 2099-12-31\ndepartments: [研发部]\nowner: 王磊\nlevel: general\n"
        "raised: 2099-12-31\nresolved: 2099-12-31\nresolution: r\ndescription: d\nresolver: 王磊\n",
        [],
    ),
    # past the calendar's range: refused by the check, so no command ever meets it
    "conflict-9999": (
        "type: conflict\ntitle: t\ndate: 9999-12-31\ndepartments: [研发部]\nowner: 王磊\nlevel: general\n"
        "raised: 9999-12-31\nresolved: 9999-12-31\nresolution: r\ndescription: d\nresolver: 王磊\n",
        [f"records/conflict-9999.md:{line}:{col}: MB104 `{key}` is outside the supported range "
         "1970-01-01 to 2099-12-31: '9999-12-31'" for line, col, key in ((4, 7, "date"), (8, 9, "raised"),
                                                                          (9, 11, "resolved"))],
    ),
    # a review period that ends after the calendar's range is never due
    "sop-review-every-999999": (
        "type: sop\ntitle: t\ndate: 2026-09-01\ndepartments: [研发部]\nowner: 研发部\nprocess: p\n"
        "owner_department: 研发部\nsteps:\n  - step: s\n    department: 研发部\n    limit_days: 1\n"
        "version: '1'\nreviewed: 2026-09-01\nreview_every: 999999\n",
        [],
    ),
    "notice-issued-2099": (
        "type: notice\ntitle: t\ndate: 2026-09-16\ndepartments: [研发部]\nowner: 王磊\nissued: 2099-12-31\n"
        "start: '10:00'\nend: '11:00'\nhost: 王磊\nrecorder: 李娜\nattendees: [李娜]\n"
        "agenda: [{topic: t, owner: 王磊, minutes: 30}]\n",
        ["records/notice-issued-2099.md:7:9: MB303 `issued` 2099-12-31 is after the meeting on 2026-09-16"],
    ),
    "due-1969": (
        "type: minutes\ntitle: t\ndate: 2026-09-16\ndepartments: [研发部]\nowner: 王磊\n"
        "start: '10:00'\nend: '11:00'\nhost: 王磊\nrecorder: 李娜\nattendees: [李娜]\npublished: 2026-09-16 12:00\n"
        "actions: [{id: X-1, task: t, owner: 王磊, due: 1969-12-31}]\n",
        ["records/due-1969.md:13:46: MB104 `actions[1].due` is outside the supported range "
         "1970-01-01 to 2099-12-31: '1969-12-31'"],
    ),
}


@pytest.mark.parametrize("name", list(EXTREME))
def test_extreme_dates_never_crash(name, tmp_path, capsys):
    front_matter, expected = EXTREME[name]
    root = make_repo(tmp_path / "repo")
    target = root / "records" / f"{name}.md"
    target.write_text(f"---\n{front_matter}---\n", encoding="utf-8")
    status, out, err = run_check(capsys, root, target)
    assert out.splitlines() == expected
    assert status == int(bool(expected))
