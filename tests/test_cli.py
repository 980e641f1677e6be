"""`minutebook check` as a command: exit statuses, output formats, the reference date,
the summary on stderr, and that checking never writes.

Most tests call `minutebook.cli.main.main([...])` in-process (pre-commit-hooks style); the last
ones run `python -m minutebook` and the installed `minutebook` script and compare them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import make_repo

from minutebook.cli import main as cli

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = "2026-11-20"
TIMEOUT = 60

# a record with one error (an owner not in the registry) and one with one warning only
BAD = FIXTURES / "rules" / "MB201-unknown-person.md"
WARN = FIXTURES / "rules" / "MB310-sop-review-due.md"
GOOD = FIXTURES / "valid" / "plan-with-dependencies.md"


@pytest.fixture
def repo(tmp_path) -> Path:
    return make_repo(tmp_path / "repo")


def drop(root: Path, fixture: Path, name: str | None = None) -> Path:
    target = root / "records" / (name or fixture.name)
    shutil.copyfile(fixture, target)
    return target


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    return run(capsys, "check", "--as-of", AS_OF, "--root", str(root), *args)


# ---------------------------------------------------------------- exit statuses


def test_clean_exits_0(repo, capsys):
    target = drop(repo, GOOD)
    assert check(capsys, repo, str(target)) == (
        0, "", f"minutebook check: 0 error(s), 0 warning(s) in 0 file(s); checked 1 file(s) as of {AS_OF}\n")


def test_errors_exit_1(repo, capsys):
    target = drop(repo, BAD)
    code, out, err = check(capsys, repo, str(target))
    assert code == 1
    assert out == (FIXTURES / "rules" / "MB201-unknown-person.expected").read_text(encoding="utf-8")
    assert err == f"minutebook check: 5 error(s), 0 warning(s) in 1 file(s); checked 1 file(s) as of {AS_OF}\n"


def test_warnings_only_exit_0(repo, capsys):
    target = drop(repo, WARN)
    assert check(capsys, repo, str(target)) == (
        0,
        "records/MB310-sop-review-due.md:17:11: MB310 warning: SOP review was due on 2026-05-31 "
        "(reviewed 2025-05-31, every 12 months)\n",
        f"minutebook check: 0 error(s), 1 warning(s) in 1 file(s); checked 1 file(s) as of {AS_OF}\n",
    )


def test_the_same_record_is_not_late_on_an_earlier_reference_date(repo, capsys):
    target = drop(repo, WARN)
    code, out, err = run(capsys, "check", "--as-of", "2026-05-31", "--root", str(repo), str(target))
    assert (code, out) == (0, "")


@pytest.mark.parametrize("value", ["2026-13-01", "tomorrow", "2026-02-30", "11/20/2026"])
def test_bad_as_of_exits_2(repo, capsys, value):
    assert run(capsys, "check", "--as-of", value, "--root", str(repo)) == (
        2, "", f"minutebook check: error: --as-of must be a date written YYYY-MM-DD: '{value}'\n")


def test_missing_path_exits_2(repo, capsys):
    assert check(capsys, repo, "records/nope.md") == (
        2, "", "minutebook check: error: no such file or folder: records/nope.md\n")


def test_invalid_registry_exits_2(repo, capsys):
    (repo / "records" / "org.yml").write_text(
        "departments:\n  研发部: {lead: 王磊, contacts: [李娜]}\npeople:\n"
        "  王磊: {department: 研发部, email: wang.lei@example.com}\n", encoding="utf-8")
    assert check(capsys, repo) == (
        2, "",
        "records/org.yml:2:30: MB009 contact `李娜` of 研发部 is not in `people`\n"
        "minutebook check: error: the registry records/org.yml is invalid\n",
    )


def test_registry_with_bad_yaml_exits_2(repo, capsys):
    (repo / "records" / "org.yml").write_text("departments: &d {}\npeople: *d\n", encoding="utf-8")
    assert check(capsys, repo) == (
        2, "",
        "records/org.yml:1:14: MB006 anchors ('&d') are not allowed; write the value out\n"
        "minutebook check: error: the registry records/org.yml is invalid\n",
    )


def test_no_registry_found_exits_2(tmp_path, capsys):
    (tmp_path / "records").mkdir()
    code, out, err = run(capsys, "check", "--as-of", AS_OF, "--root", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == (f"minutebook check: error: no records/org.yml found in {tmp_path.resolve()} or above; "
                   "run from a minutebook repository\n")


def test_no_command_exits_2(capsys):
    code, out, err = run(capsys)
    assert (code, out) == (2, "")
    assert err.startswith("usage: minutebook")


def test_unknown_option_exits_2(repo, capsys):
    code, out, err = check(capsys, repo, "--frobnicate")
    assert (code, out) == (2, "")
    assert "unrecognized arguments: --frobnicate" in err


# ---------------------------------------------------------------- the reference date


def test_minutebook_today_is_used_without_as_of(repo, capsys, monkeypatch):
    target = drop(repo, WARN)
    monkeypatch.setenv("MINUTEBOOK_TODAY", "2026-06-01")
    code, out, err = run(capsys, "check", "--root", str(repo), str(target))
    assert (code, out.split(": MB310 ")[0]) == (0, "records/MB310-sop-review-due.md:17:11")
    assert err.endswith("checked 1 file(s) as of 2026-06-01\n")
    monkeypatch.setenv("MINUTEBOOK_TODAY", "2026-05-31")
    assert run(capsys, "check", "--root", str(repo), str(target)) == (
        0, "", "minutebook check: 0 error(s), 0 warning(s) in 0 file(s); checked 1 file(s) as of 2026-05-31\n")


def test_as_of_wins_over_minutebook_today(repo, capsys, monkeypatch):
    monkeypatch.setenv("MINUTEBOOK_TODAY", "2030-01-01")
    code, out, err = check(capsys, repo)
    assert err.endswith(f"as of {AS_OF}\n")


def test_bad_minutebook_today_exits_2(repo, capsys, monkeypatch):
    monkeypatch.setenv("MINUTEBOOK_TODAY", "next week")
    assert run(capsys, "check", "--root", str(repo)) == (
        2, "", "minutebook check: error: MINUTEBOOK_TODAY must be a date written YYYY-MM-DD: 'next week'\n")


# ---------------------------------------------------------------- output


def test_json_format(repo, capsys):
    bad = drop(repo, BAD)
    warn = drop(repo, WARN)
    code, out, err = check(capsys, repo, "--format", "json", str(bad), str(warn))
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["as_of", "errors", "warnings", "diagnostics"]
    assert (data["as_of"], data["errors"], data["warnings"]) == (AS_OF, 5, 1)
    assert data["diagnostics"][0] == {
        "path": "records/MB201-unknown-person.md", "line": 6, "col": 8, "code": "MB201",
        "severity": "error", "message": "`owner` is not in the registry: '王雷'; did you mean '王磊'?",
    }
    assert data["diagnostics"][-1] == {
        "path": "records/MB310-sop-review-due.md", "line": 17, "col": 11, "code": "MB310",
        "severity": "warning",
        "message": "SOP review was due on 2026-05-31 (reviewed 2025-05-31, every 12 months)",
    }
    assert all(list(d) == ["path", "line", "col", "code", "severity", "message"] for d in data["diagnostics"])
    assert "王雷" in out  # UTF-8, not \\u escapes
    assert err == f"minutebook check: 5 error(s), 1 warning(s) in 2 file(s); checked 2 file(s) as of {AS_OF}\n"


def test_json_format_when_clean(repo, capsys):
    code, out, err = check(capsys, repo, "--format", "json")
    assert code == 0
    assert json.loads(out) == {"as_of": AS_OF, "errors": 0, "warnings": 0, "diagnostics": []}


def test_text_output_spells_invisible_characters(repo, capsys):
    """A bidi override quoted from a record must not reorder the terminal line."""
    target = repo / "records" / "x.md"
    target.write_text(GOOD.read_text(encoding="utf-8").replace("owner: 陈思远", "owner: 陈\u202e思远", 1),
                      encoding="utf-8")
    code, out, err = check(capsys, repo, str(target))
    assert out == (
        "records/x.md:6:8: MB201 `owner` is not in the registry: '陈\\u202e思远'; did you mean '陈思远'?\n"
        "records/x.md:6:9: MB108 invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed; delete it\n"
    )
    code, out, err = check(capsys, repo, "--format", "json", str(target))
    # JSON is data: it keeps the value as it is
    assert json.loads(out)["diagnostics"][0]["message"] == (
        "`owner` is not in the registry: '陈\u202e思远'; did you mean '陈思远'?")


def test_text_output_keeps_one_line_per_diagnostic(repo, capsys):
    target = repo / "records" / "x.md"
    target.write_text(GOOD.read_text(encoding="utf-8").replace(
        "title: 客服系统升级计划", "title: |\n  客服系统\n  升级计划", 1), encoding="utf-8")
    code, out, err = check(capsys, repo, str(target))
    assert out == "records/x.md:3:8: MB103 `title` must be a single line: '客服系统\\n升级计划\\n'\n"


def test_one_bad_file_never_hides_another(repo, capsys):
    broken = repo / "records" / "a-broken.md"
    broken.write_bytes("---\ntitle: 周会\n".encode("gbk"))  # GBK and unclosed: never parses
    bad = drop(repo, BAD, "b-bad.md")
    unclosed = repo / "records" / "c-unclosed.md"
    unclosed.write_text("---\ntype: minutes\n", encoding="utf-8")
    code, out, err = check(capsys, repo, str(broken), str(bad), str(unclosed))
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == ("records/a-broken.md:2:8: MB001 file is not valid UTF-8 (byte 0xD6); "
                        "it looks like GBK/GB18030; save it as UTF-8")
    assert lines[1:6] == [x.replace("MB201-unknown-person.md", "b-bad.md") for x in
                          (FIXTURES / "rules" / "MB201-unknown-person.expected").read_text(encoding="utf-8").splitlines()]
    assert lines[6:] == ["records/c-unclosed.md:1:1: MB003 front-matter is not closed: "
                         "add a line '---' after the last field"]
    assert err == f"minutebook check: 7 error(s), 0 warning(s) in 3 file(s); checked 3 file(s) as of {AS_OF}\n"


def test_whole_repository_reports_every_file(repo, capsys):
    drop(repo, BAD)
    drop(repo, WARN)
    code, out, err = check(capsys, repo)
    assert code == 1
    assert {line.split(":")[0] for line in out.splitlines()} == {
        "records/MB201-unknown-person.md", "records/MB310-sop-review-due.md"}
    assert err == f"minutebook check: 5 error(s), 1 warning(s) in 2 file(s); checked all records as of {AS_OF}\n"


def test_a_folder_checks_the_records_under_it(repo, capsys):
    drop(repo, BAD)
    code, out, err = check(capsys, repo, str(repo / "records" / "plans"))
    assert (code, out) == (0, "")
    assert err.endswith("checked 1 file(s) as of 2026-11-20\n")


def test_the_registry_as_a_path_checks_everything(repo, capsys):
    drop(repo, BAD)
    code, out, err = check(capsys, repo, str(repo / "records" / "org.yml"))
    assert code == 1
    assert "checked all records" in err


def test_a_file_outside_records_is_judged_against_the_repository(repo, tmp_path, capsys):
    draft = tmp_path / "draft.md"
    shutil.copyfile(FIXTURES / "rules" / "MB204-duplicate-id.md", draft)
    code, out, err = check(capsys, repo, str(draft))
    assert code == 1
    assert out.splitlines()[0] == (f"{draft.as_posix()}:14:9: MB204 id 'SYNC-01' is also used at "
                                   "records/minutes/2026-09-10-launch-sync.md:17; ids are unique and stable")


def test_relative_paths_from_the_repository(repo, capsys, monkeypatch):
    drop(repo, BAD)
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, "check", "--as-of", AS_OF, "records/MB201-unknown-person.md")
    assert code == 1
    assert out.startswith("records/MB201-unknown-person.md:6:8: MB201 ")


# ---------------------------------------------------------------- check never writes


def snapshot(root: Path) -> dict:
    """Every file's bytes and every entry's mtime: a write, a new file or a touch shows."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None, p.stat().st_mtime_ns)
            for p in [root, *sorted(root.rglob("*"))]}


def test_check_never_writes(repo, capsys):
    drop(repo, BAD)
    drop(repo, WARN)
    (repo / "records" / "broken.md").write_bytes(b"---\ntitle: \xff\n")
    before = snapshot(repo)
    for args in ([], ["--format", "json"], [str(repo / "records")], [str(repo / "records" / "broken.md")]):
        check(capsys, repo, *args)
    assert snapshot(repo) == before


# ---------------------------------------------------------------- the installed commands


def commands() -> list[list[str]]:
    script = Path(sys.executable).with_name("minutebook")
    found = [[sys.executable, "-m", "minutebook"]]
    if script.is_file():
        found.append([str(script)])
    return found


def test_minutebook_script_is_installed():
    assert Path(sys.executable).with_name("minutebook").is_file()


@pytest.mark.parametrize("args, status", [
    (["check", "--as-of", AS_OF], 1),
    (["check", "--as-of", AS_OF, "--format", "json"], 1),
    (["check", "--as-of", AS_OF, "records/plans"], 0),
    (["check", "--as-of", AS_OF, "records/MB310-sop-review-due.md"], 0),
    (["check", "--as-of", "someday"], 2),
    (["check", "--as-of", AS_OF, "records/nope.md"], 2),
], ids=["errors", "json", "clean", "warnings", "bad-as-of", "missing"])
def test_module_and_script_behave_the_same(repo, args, status):
    drop(repo, BAD)
    drop(repo, WARN)
    env = {k: v for k, v in os.environ.items() if k != "MINUTEBOOK_TODAY"}
    results = []
    for command in commands():
        proc = subprocess.run(command + args, cwd=repo, capture_output=True, text=True, encoding="utf-8",
                              timeout=TIMEOUT, env=env)
        assert "Traceback" not in proc.stderr
        results.append((proc.returncode, proc.stdout, proc.stderr))
    assert results[0][0] == status
    assert len(results) == 2 and results[0] == results[1]


def test_subprocess_output_matches_in_process(repo, capsys):
    drop(repo, BAD)
    drop(repo, WARN)
    in_process = check(capsys, repo)
    proc = subprocess.run([*commands()[-1], "check", "--as-of", AS_OF, "--root", str(repo)],
                          capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT)
    assert (proc.returncode, proc.stdout, proc.stderr) == in_process
