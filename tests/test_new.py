"""`minutebook new`: skeletons from the schema, placeholders the check reports (MB112),
never an overwrite, the carry-over of open items, file names, and prompts only on a
terminal.

Each test copies a fixture repository to tmp_path and runs the command in-process
(`checks.cli.main`), except the prompt tests, which run it in a subprocess whose stdin
is a pipe, /dev/null or a real pseudo-terminal.
"""

from __future__ import annotations

import datetime as dt
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import make_repo

from checks import engine
from checks.loader import load_bytes
from minutebook.authoring import skeleton
from minutebook.cli import main as cli
from minutebook.model.schema import (
    DEPARTMENT,
    KINDS,
    OWNER,
    PERSON,
    RECORD_REF,
    Date,
    DateTime,
    Enum,
    Int,
    ItemId,
    ListOf,
    Obj,
    ScalarType,
    Time,
    is_placeholder,
    placeholder,
)
from minutebook.model.yamlstrict import Map, Scalar, Seq, to_plain

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = "2026-11-20"
DATE = "2026-11-20"
TIMEOUT = 60


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    root = make_repo(tmp_path / "repo")
    monkeypatch.setenv("MINUTEBOOK_TODAY", AS_OF)
    monkeypatch.delenv("MINUTEBOOK_AUDIENCE", raising=False)
    return root


@pytest.fixture
def series(tmp_path, monkeypatch) -> Path:
    root = make_repo(tmp_path / "series", fixture=FIXTURES / "carryover")
    monkeypatch.setenv("MINUTEBOOK_TODAY", AS_OF)
    monkeypatch.delenv("MINUTEBOOK_AUDIENCE", raising=False)
    return root


def new(capsys, root: Path, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["new", *argv, "--root", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


def check(root: Path, path: Path):
    return engine.check(root, dt.date.fromisoformat(AS_OF), [path])


# ---------------------------------------------------------------- filling a skeleton in


def _scalars(node, type_, name):
    """(scalar node, scalar type, field name) for every scalar the schema describes."""
    if isinstance(type_, ScalarType):
        if isinstance(node, Scalar):
            yield node, type_, name
    elif isinstance(type_, ListOf) and isinstance(node, Seq):
        for item in node.items:
            yield from _scalars(item, type_.of, name)
    elif isinstance(type_, Obj) and isinstance(node, Map):
        for key, value in node.pairs:
            f = type_.get(key.value)
            if f is not None:
                yield from _scalars(value, f.type, f.name)


def value_for(type_, name: str, counter: list) -> str:
    """A valid value for a placeholder, chosen by type and field name, for a record dated DATE
    in the fixture repository (records/org.yml of tests/fixtures/repo)."""
    if type_ is PERSON or type_ is OWNER:
        return "李娜"
    if type_ is DEPARTMENT:
        return "研发部"
    if type_ is RECORD_REF:
        raise AssertionError("no reference is required by a skeleton")
    if isinstance(type_, Enum):
        return {"scenario": "project", "level": "general", "category": "communication"}.get(name) or next(
            iter(type_.vocabulary))
    if isinstance(type_, ItemId) and name == "ref":
        return "SYNC-01"  # an item of the fixture repository that 李娜 answers for (MB213)
    if isinstance(type_, ItemId):
        counter.append(1)
        return f"NEW-{len(counter)}"
    if isinstance(type_, Date):
        return {"issued": "2026-11-17", "start": DATE, "reviewed": DATE, "raised": DATE}.get(name, "2026-11-30")
    if isinstance(type_, Time):
        return {"start": '"10:00"', "end": '"11:00"'}[name]
    if isinstance(type_, DateTime):
        return f"{DATE} 15:00"
    if isinstance(type_, Int):
        return {"minutes": "20", "limit_days": "2", "review_every": "12"}[name]
    return f"已填写的{name}"


def fill(text: str, kind: str) -> str:
    """The skeleton with every placeholder replaced by a valid value, by its position."""
    record, found = load_bytes(text.encode("utf-8"), "records/x.md")
    assert record is not None and not found
    lines = text.split("\n")
    counter: list = []
    spots = [(n, t, name) for n, t, name in _scalars(record.tree, KINDS[kind].obj, "") if is_placeholder(n.value)]
    for node, type_, name in sorted(spots, key=lambda s: (s[0].line, -s[0].col)):
        i, col = node.line - 1, node.col - 1
        assert lines[i][col:].startswith(node.value)
        lines[i] = lines[i][:col] + value_for(type_, name, counter) + lines[i][col + len(node.value):]
    body_filled = ["正文已填写。" if is_placeholder(line) else line for line in lines]
    return "\n".join(body_filled)


# ---------------------------------------------------------------- every kind


@pytest.mark.parametrize("kind", list(KINDS))
def test_skeleton_of_every_kind(kind, repo, capsys):
    code, out, err = new(capsys, repo, kind, "--date", DATE)
    assert code == 0, err
    rel = out.strip()
    assert rel == f"records/{kind}/2026/{DATE}-{kind}.md"  # no title: the kind names the file
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert err == (f"minutebook new: wrote {rel} with {len(skeleton.placeholders_in(text))} placeholder(s) "
                   f"（填写…） to fill in; then run `minutebook check {rel}`\n")

    # valid YAML the loader parses, of the right kind, every required field present
    record, found = load_bytes(text.encode("utf-8"), rel)
    assert found == [] and record.kind == kind
    plain = to_plain(record.tree)
    for f in KINDS[kind].fields:
        assert (f.name in plain) == (f.required or f.default is not None), f.name

    # the check reports each placeholder with MB112, and nothing else
    diagnostics = check(repo, path)
    assert {d.code for d in diagnostics} == {"MB112"}
    assert len(diagnostics) == len(skeleton.placeholders_in(text)) > 0
    assert all("is still the placeholder" in d.message or "the body still holds" in d.message
               for d in diagnostics)

    # filled in with valid values, the record passes: no error, no warning
    path.write_text(fill(text, kind), encoding="utf-8")
    assert [d.format() for d in check(repo, path)] == []


@pytest.mark.parametrize("kind", list(KINDS))
def test_skeleton_with_flags_fills_what_it_knows(kind, repo, capsys):
    code, out, _ = new(capsys, repo, kind, "--date", DATE, "--title", "Launch Review",
                       "--department", "研发部,市场部", "--owner", "李娜")
    assert code == 0
    assert out == f"records/{kind}/2026/{DATE}-launch-review.md\n"
    text = (repo / out.strip()).read_text(encoding="utf-8")
    plain = to_plain(load_bytes(text.encode("utf-8"), "x.md")[0].tree)
    assert plain["title"] == "Launch Review"
    assert plain["departments"] == ["研发部", "市场部"]
    assert plain["owner"] == "李娜"
    assert plain["visibility"] == "internal"
    if kind == "plan":  # the registry gives each department's contact; the first leads
        assert plain["roles"] == [{"department": "研发部", "role": "lead", "contact": "李娜"},
                                  {"department": "市场部", "role": "assist", "contact": "郑雪"}]
    diagnostics = check(repo, repo / out.strip())
    assert {d.code for d in diagnostics} == {"MB112"}
    path = repo / out.strip()
    path.write_text(fill(text, kind), encoding="utf-8")
    assert [d.format() for d in check(repo, path)] == []


def test_minutes_placeholders_say_what_to_write(repo, capsys):
    code, out, _ = new(capsys, repo, "minutes", "--date", DATE, "--title", "Weekly",
                       "--department", "研发部", "--owner", "李娜")
    rel = out.strip()
    assert [d.format() for d in check(repo, repo / rel)] == [
        f"{rel}:17:8: MB112 `start` is still the placeholder '（填写开始时间）': write a time HH:MM "
        "(开始时间: start time HH:MM)",
        f"{rel}:18:6: MB112 `end` is still the placeholder '（填写结束时间）': write a time HH:MM "
        "(结束时间: end time HH:MM)",
        f"{rel}:20:7: MB112 `host` is still the placeholder '（填写主持人）': write a person from "
        "records/org.yml (主持人: who chaired)",
        f"{rel}:21:11: MB112 `recorder` is still the placeholder '（填写记录人）': write a person from "
        "records/org.yml (记录人: who wrote the minutes)",
        f"{rel}:23:5: MB112 `attendees[1]` is still the placeholder '（填写参会人员）': write a person or "
        "department from records/org.yml (参会人员: who attended)",
        f"{rel}:28:12: MB112 `published` is still the placeholder '（填写发布时间）': write a date and time "
        "YYYY-MM-DD HH:MM (发布时间: when the minutes were sent; within 24 h of the end)",
        f"{rel}:63:1: MB112 the body still holds the placeholder '（填写会议情况）': write the text or "
        "delete the line",
        f"{rel}:67:1: MB112 the body still holds the placeholder '（填写讨论记录）': write the text or "
        "delete the line",
    ]


def test_optional_fields_are_written_commented_out(repo, capsys):
    _, out, _ = new(capsys, repo, "minutes", "--print")
    assert "\n# actions:" in out and "\n  # - id: （填写编号）" in out and "\n    # task: （填写任务）" in out
    # deleting the '# ' of the block's lines gives valid YAML with the block's placeholders
    lines, inside = [], False
    for line in out.split("\n"):
        if not line.startswith(" "):
            inside = line.startswith("# actions:")
        lines.append(line.replace("# ", "", 1) if inside else line)
    record, found = load_bytes("\n".join(lines).encode("utf-8"), "x.md")
    assert found == []
    assert to_plain(record.tree)["actions"] == [{
        "id": "（填写编号）", "task": "（填写任务）", "owner": "（填写责任人）", "due": "（填写截止日期）",
        "status": "open", "deliverable": "（填写交付物）"}]


def test_print_writes_nothing(repo, capsys):
    before = sorted(p for p in (repo / "records").rglob("*"))
    code, out, err = new(capsys, repo, "notice", "--print", "--date", DATE)
    assert code == 0 and out.startswith("---\n# 会议通知 (notice)") and err == ""
    assert sorted(p for p in (repo / "records").rglob("*")) == before


# ---------------------------------------------------------------- never an overwrite


def test_refuses_to_overwrite(repo, capsys):
    target = repo / "records" / "minutes" / "2026" / f"{DATE}-weekly.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"my own minutes, not to be lost\n")
    code, out, err = new(capsys, repo, "minutes", "--date", DATE, "--slug", "weekly")
    assert code == 1 and out == ""
    assert err == (f"minutebook new: error: records/minutes/2026/{DATE}-weekly.md already exists; it was left "
                   "untouched (choose another --slug or --date)\n")
    assert target.read_bytes() == b"my own minutes, not to be lost\n"
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left


def test_refuses_a_file_name_another_record_has(repo, capsys):
    other = repo / "records" / "archive" / f"{DATE}-weekly.md"
    other.write_text("---\ntype: minutes\n---\n", encoding="utf-8")
    code, out, err = new(capsys, repo, "minutes", "--date", DATE, "--slug", "weekly")
    assert code == 1 and out == ""
    assert err == (f"minutebook new: error: a record named {DATE}-weekly already exists at "
                   f"records/archive/{DATE}-weekly.md; file names are unique across records/: choose another "
                   "--slug (nothing was written)\n")
    assert not (repo / "records" / "minutes" / "2026" / f"{DATE}-weekly.md").exists()


def test_second_run_refuses_and_keeps_the_first(repo, capsys):
    args = ("conflict", "--date", DATE, "--title", "Launch date")
    assert new(capsys, repo, *args)[0] == 0
    path = repo / "records" / "conflict" / "2026" / f"{DATE}-launch-date.md"
    path.write_text(path.read_text(encoding="utf-8").replace("（填写协调人）", "李娜"), encoding="utf-8")
    first = path.read_bytes()
    assert new(capsys, repo, *args)[0] == 1
    assert path.read_bytes() == first


# ---------------------------------------------------------------- names and usage errors


def test_slug_of_a_chinese_title():
    assert skeleton.slug("星图3.0上线第四次进度会", "minutes") == "minutes-647074"
    assert skeleton.slug("星图Q4复盘", "retrospective") == "q4-0fcee0"
    assert skeleton.slug("星图Q4复盘 ", "retrospective") == "q4-0fcee0"  # stable: spaces ignored
    assert skeleton.slug("星图Q3复盘", "retrospective") != skeleton.slug("星图Q4复盘", "retrospective")
    assert skeleton.slug("Q4 Budget Review!", "minutes") == "q4-budget-review"
    assert skeleton.slug("", "sop") == "sop"
    for title in ("星图3.0上线第四次进度会", "星图Q4复盘", "Q4 Budget Review!"):
        assert skeleton.SLUG_RE.match(skeleton.slug(title, "minutes"))


def test_chinese_title_names_the_file(repo, capsys):
    code, out, _ = new(capsys, repo, "minutes", "--date", DATE, "--title", "星图Q4复盘")
    assert (code, out) == (0, f"records/minutes/2026/{DATE}-q4-0fcee0.md\n")
    text = (repo / out.strip()).read_text(encoding="utf-8")
    assert "\ntitle: 星图Q4复盘 " in text


@pytest.mark.parametrize("argv, message", [
    (("--department", "研发"), "'研发' is not a department in records/org.yml; did you mean '研发部'?"),
    (("--owner", "李那"), "'李那' is not a person or department in records/org.yml; did you mean '李娜'?"),
    (("--slug", "Weekly Sync"), "--slug must be lower-case ASCII words joined by '-' (e.g. launch-weekly): "
                                "'Weekly Sync'"),
    (("--date", "2026-11-31"), "--date must be a date written YYYY-MM-DD: '2026-11-31'"),
    (("--from", "2026-09-10-launch-snyc"), "--from names no record: '2026-09-10-launch-snyc'; did you mean "
                                           "'2026-09-10-launch-sync'?"),
])
def test_usage_errors_exit_2_and_write_nothing(argv, message, repo, capsys):
    before = sorted(p for p in (repo / "records").rglob("*"))
    code, out, err = new(capsys, repo, "minutes", *argv)
    assert (code, out, err) == (2, "", f"minutebook new: error: {message}\n")
    assert sorted(p for p in (repo / "records").rglob("*")) == before


# ---------------------------------------------------------------- carry-over


def updates_of(path: Path) -> list:
    record, found = load_bytes(path.read_bytes(), "x.md")
    assert not found
    return to_plain(record.tree).get("updates")


def test_carry_over_lists_exactly_the_open_items(series, capsys):
    code, out, err = new(capsys, series, "minutes", "--from", "2026-11-09-weekly-2", "--slug", "weekly-3")
    assert code == 0, err
    path = series / out.strip()
    note = placeholder("说明")
    # A-2 and PLAN-1: moved on by weekly-2 and still open; B-3: declared there, blocked.
    # Not A-1 (done by weekly-2), B-1 (closed by a later record), B-2 (cancelled),
    # nor Q-1 (an item of weekly-1 that weekly-2 did not carry).
    assert updates_of(path) == [
        {"ref": "A-2", "status": "in-progress", "note": note},
        {"ref": "PLAN-1", "status": "in-progress", "note": note},
        {"ref": "B-3", "status": "blocked", "note": note},
    ]
    text = path.read_text(encoding="utf-8")
    assert "  # 行动项 准备宣传海报（郑雪，截止 2026-11-13，来自 2026-11-02-weekly-1）\n  - ref: A-2" in text
    plain = to_plain(load_bytes(path.read_bytes(), "x.md")[0].tree)
    # who met is copied as the default for the next meeting
    assert {k: plain[k] for k in ("departments", "owner", "host", "recorder", "attendees", "location")} == {
        "departments": ["研发部", "市场部"], "owner": "李娜", "host": "王磊", "recorder": "李娜",
        "attendees": ["李娜", "郑雪"], "location": "二楼会议室"}
    assert plain["date"] == AS_OF
    # the carried notes are placeholders the check reports; written, the record passes
    assert [d.code for d in check(series, path)].count("MB112") == 3 + 1 + 3 + 2  # notes, title, times and published, body
    filled = fill(path.read_text(encoding="utf-8"), "minutes")
    path.write_text(filled, encoding="utf-8")
    assert [d.format() for d in check(series, path)] == []


def test_carry_over_from_a_path_and_items_without_id(series, capsys):
    code, out, err = new(capsys, series, "minutes", "--from", "records/minutes/2026/2026-11-02-weekly-1.md",
                         "--slug", "weekly-1b")
    assert code == 0
    # weekly-1's own open items (A-1 and A-2 are its own, moved on later; Q-1 open) and
    # PLAN-1, which it moved on; A-3 was done
    assert [(u["ref"], u["status"]) for u in updates_of(series / out.strip())] == [
        ("PLAN-1", "in-progress"), ("Q-1", "open"), ("A-2", "in-progress")]
    assert err.startswith("minutebook new: note: 未决事项 '发布会场地是否需要预订' of 2026-11-02-weekly-1 is open "
                          "but has no id, so it cannot be carried over; copy it by hand\n")


def test_minutes_from_their_notice(repo, capsys):
    code, out, _ = new(capsys, repo, "minutes", "--from", "2026-09-08-launch-sync-notice", "--slug", "sync")
    assert code == 0
    plain = to_plain(load_bytes((repo / out.strip()).read_bytes(), "x.md")[0].tree)
    notice = to_plain(load_bytes((repo / "records/notices/2026-09-08-launch-sync-notice.md").read_bytes(),
                                 "n.md")[0].tree)
    assert plain["notice"] == "2026-09-08-launch-sync-notice"
    assert (plain["date"], plain["start"], plain["end"]) == (notice["date"], notice["start"], notice["end"])
    assert out == f"records/minutes/{notice['date'][:4]}/{notice['date']}-sync.md\n"
    assert "updates" not in plain  # a notice has no items to carry


def test_restricted_record_is_not_readable_by_default(series, capsys):
    path = series / "records" / "minutes" / "2026" / "2026-11-09-weekly-2.md"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: 李娜\n", "owner: 李娜\nvisibility: restricted\n"
                                                             "audience: [研发部]\n", 1), encoding="utf-8")
    code, out, err = new(capsys, series, "minutes", "--from", "2026-11-09-weekly-2")
    assert (code, out) == (2, "")
    assert err == ("minutebook new: error: --from record '2026-11-09-weekly-2' is not readable by the audience "
                   "'internal'; set MINUTEBOOK_AUDIENCE to a department of its `audience`\n")


def test_restricted_source_gives_a_restricted_record(series, capsys, monkeypatch):
    path = series / "records" / "minutes" / "2026" / "2026-11-09-weekly-2.md"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: 李娜\n", "owner: 李娜\nvisibility: restricted\n"
                                                             "audience: [研发部]\n", 1), encoding="utf-8")
    monkeypatch.setenv("MINUTEBOOK_AUDIENCE", "研发部")
    code, out, _ = new(capsys, series, "minutes", "--from", "2026-11-09-weekly-2", "--slug", "weekly-3")
    assert code == 0
    plain = to_plain(load_bytes((series / out.strip()).read_bytes(), "x.md")[0].tree)
    assert (plain["visibility"], plain["audience"]) == ("restricted", ["研发部"])


# ---------------------------------------------------------------- prompts only on a terminal


def _env(root: Path) -> dict:
    env = dict(os.environ, MINUTEBOOK_TODAY=AS_OF, PYTHONPATH=str(ROOT))
    env.pop("MINUTEBOOK_AUDIENCE", None)
    return env


@pytest.mark.parametrize("stdin", ["devnull", "pipe"])
def test_no_terminal_never_prompts(stdin, repo):
    proc = subprocess.run(
        [sys.executable, "-m", "minutebook", "new", "minutes", "--date", DATE, "--root", str(repo)],
        stdin=subprocess.DEVNULL if stdin == "devnull" else None, input=b"" if stdin == "pipe" else None,
        capture_output=True, timeout=TIMEOUT, env=_env(repo), cwd=repo,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode() == f"records/minutes/2026/{DATE}-minutes.md\n"
    assert proc.stderr.decode().startswith("minutebook new: wrote ")  # no question asked
    text = (repo / proc.stdout.decode().strip()).read_text(encoding="utf-8")
    assert "title: （填写标题）" in text and "owner: （填写负责人）" in text


def test_terminal_prompts_with_the_registry(repo):
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "minutebook", "new", "minutes", "--date", DATE, "--slug", "asked",
             "--root", str(repo)],
            stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(repo), cwd=repo,
        )
        # title; a department that is a near miss, then the right one; an owner
        os.write(master, "周例会\n研发\n研发部, 市场部\n李那\n李娜\n".encode("utf-8"))
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        os.close(slave)
        os.close(master)
    err = err.decode("utf-8")
    assert proc.returncode == 0, err
    assert out.decode() == f"records/minutes/2026/{DATE}-asked.md\n"
    assert "标题 title: " in err
    assert "部门 departments, comma-separated [研发部, 市场部, 测试部, 产品部] (Enter: fill in later): " in err
    assert "  '研发' is not a department in records/org.yml; did you mean '研发部'?\n" in err
    assert "  '李那' is not a person or department in records/org.yml; did you mean '李娜'?\n" in err
    plain = to_plain(load_bytes((repo / out.decode().strip()).read_bytes(), "x.md")[0].tree)
    assert (plain["title"], plain["departments"], plain["owner"]) == ("周例会", ["研发部", "市场部"], "李娜")
