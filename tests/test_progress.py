"""Progress between meetings: `minutebook progress` writes a progress record, and the
item it moves is closed (or moved on) everywhere minutes would close it — the record
pages, the weekly delta, exports, metrics, diff and carry-over — while MB213 refuses a
progress record whose author does not answer for the item.

The sample records are the repository: CS-07 (客服部's 唐宁, due 2026-11-24, recorded
at a meeting hosted by 高敏) is open until a progress record closes it; the sample's
own progress record is left out, so each test writes its own.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import make_repo

from checks import engine
from minutebook.cli import main as cli
from minutebook.reports import weekly
from minutebook.reports.metrics import closing_of
from minutebook.views.view import View

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-20"
WRITTEN = "records/progress/2026/2026-11-18-cs-a42510.md"
OWNER = ["CS-07", "--status", "done", "--done-on", "2026-11-17", "--by", "唐宁", "--date", "2026-11-18",
         "--note", "37家客户已全部回访"]
MINUTES = "records/minutes/2026/2026-11-05-export-complaint-followup.md"


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    """The sample records without their progress records."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "records", repo / "records", ignore=shutil.ignore_patterns("progress"))
    monkeypatch.setenv("MINUTEBOOK_TODAY", AS_OF)
    monkeypatch.delenv("MINUTEBOOK_AUDIENCE", raising=False)
    return repo


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def progress(capsys, root: Path, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "progress", *argv, "--root", str(root))


def cs07(root: Path, as_of: str = AS_OF):
    view = View.load(root, dt.date.fromisoformat(as_of))
    return view, next(i for i in view.items if i.id == "CS-07")


def export_ids(capsys, root: Path) -> set[str]:
    code, out, _ = run(capsys, "export", "json", "--as-of", AS_OF, "--root", str(root))
    assert code == 0
    return {i["id"] for i in json.loads(out)["items"]}


def stats(capsys, root: Path) -> dict:
    code, out, _ = run(capsys, "stats", "--format", "json", "--as-of", AS_OF, "--root", str(root))
    assert code == 0
    return json.loads(out)["measures"]


# ---------------------------------------------------------------- the owner closes it


def test_the_owner_closes_an_item_everywhere(root, capsys):
    (root / "docs" / "weekly").mkdir(parents=True)
    assert run(capsys, "weekly", "--as-of", "2026-11-16", "--root", str(root))[0] == 0
    before_ids, before = export_ids(capsys, root), stats(capsys, root)
    assert "CS-07" in before_ids

    code, out, err = progress(capsys, root, *OWNER)
    assert (code, out, err) == (0, WRITTEN + "\n", "")
    text = (root / WRITTEN).read_text(encoding="utf-8")
    assert "by: 唐宁" in text and "owner: 唐宁" in text and "  - 客服部\n" in text
    assert "title: 进度更新：CS-07 对37家使用定时导出的客户逐一回访，确认更正后的文件已收到" in text
    assert "visibility: internal" in text

    # the check of the file alone (what pre-commit runs), and of everything: clean
    assert run(capsys, "check", "--as-of", AS_OF, "--root", str(root), str(root / WRITTEN))[:2] == (0, "")
    assert run(capsys, "check", "--as-of", AS_OF, "--root", str(root))[0] == 0

    # the View: closed on its done_on, by the progress record
    view, item = cs07(root)
    assert item.status == "done" and not item.is_open
    (change,) = item.history
    assert change.record.path == WRITTEN and change.record.kind == "progress"
    assert change.effective_date == dt.date(2026, 11, 17)

    # the record pages: the minutes show the progress in 事项进展, the progress record its update
    from minutebook.render import record_page

    minutes = next(r for r in view.records if r.path == MINUTES)
    page = record_page.render(view, minutes)
    history = page[page.index("## 事项进展"):]
    assert "CS-07" in history and "进度更新：CS-07" in history and "37家客户已全部回访" in history
    page = record_page.render(view, change.record)
    assert "## 事项更新" in page and "CS-07" in page and "已完成" in page

    # the weekly delta of the next week: closed
    snapshot = weekly.previous(root / "docs" / "weekly", 2026, 48, view.audience)
    assert snapshot is not None and snapshot.name == "2026-W47"
    next_week, _ = cs07(root, "2026-11-23")
    delta = weekly.delta(next_week.items, snapshot)
    assert "CS-07" in [entry.id for entry, _ in delta.closed]
    assert "CS-07" not in [i.id for i in delta.new] + [i.id for _, i in delta.slipped]

    # exports: no longer open
    assert export_ids(capsys, root) == before_ids - {"CS-07"}

    # metrics: closed on time, on 2026-11-17, one open item fewer
    closing = closing_of(item, view.calendar)
    assert (closing.date, closing.due, closing.on_time) == (dt.date(2026, 11, 17), dt.date(2026, 11, 24), True)
    after = stats(capsys, root)
    assert after["on_time_rate"]["numerator"] == before["on_time_rate"]["numerator"] + 1
    assert after["on_time_rate"]["denominator"] == before["on_time_rate"]["denominator"] + 1
    assert after["open_items"]["value"] == before["open_items"]["value"] - 1


def test_carry_over_skips_what_progress_closed_and_refuses_a_progress_record(root, capsys):
    assert progress(capsys, root, *OWNER)[0] == 0
    code, out, _ = run(capsys, "new", "minutes", "--from", "2026-11-05-export-complaint-followup",
                       "--title", "跟进会", "--slug", "followup-2", "--root", str(root))
    assert code == 0
    carried = (root / out.strip()).read_text(encoding="utf-8")
    assert "ref: CS-07" not in carried and "ref: CS-03" in carried

    code, out, err = run(capsys, "new", "minutes", "--from", "2026-11-18-cs-a42510", "--root", str(root))
    assert (code, out) == (2, "")
    assert err == ("minutebook new: error: --from names a progress record, not a meeting: '2026-11-18-cs-a42510'; "
                   "start from the last meeting's minutes (or notice), whose open items carry their latest "
                   "progress\n")


def test_diff_lists_the_item_a_progress_record_closes(root, capsys):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run([*git, "-C", str(root), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(root), "commit", "-q", "-m", "samples"], check=True)
    assert progress(capsys, root, *OWNER)[0] == 0
    code, out, _ = run(capsys, "diff", "HEAD", "--root", str(root))
    assert code == 0
    line = next(x for x in out.splitlines() if "CS-07" in x)
    assert "closed" in line


# ---------------------------------------------------------------- who may


def test_someone_else_writes_a_record_the_check_refuses(root, capsys):
    code, out, err = progress(capsys, root, "CS-07", "--status", "done", "--by", "王磊", "--date", "2026-11-18")
    assert (code, out) == (0, WRITTEN + "\n")
    assert "王磊 does not answer for 'CS-07'" in err and "(MB213)" in err
    code, out, _ = run(capsys, "check", "--as-of", AS_OF, "--root", str(root), str(root / WRITTEN))
    assert code == 1
    assert out == (f"{WRITTEN}:21:10: MB213 `updates[1].ref` 'CS-07' may not be moved by 王磊 (`by`): only its "
                   "owner 唐宁, a lead or contact of 客服部 (高敏, 唐宁) or the host 高敏 of "
                   f"{MINUTES} may report its progress\n")


@pytest.mark.parametrize("by", ["唐宁", "高敏"])  # the owner; the department's lead, also the host
def test_the_owner_and_the_lead_may(root, capsys, by):
    assert progress(capsys, root, "CS-07", "--status", "in-progress", "--by", by, "--date", "2026-11-18")[0] == 0
    assert run(capsys, "check", "--as-of", AS_OF, "--root", str(root), str(root / WRITTEN))[:2] == (0, "")


def test_a_department_owned_item_may_be_moved_by_anyone_of_it(tmp_path, capsys):
    # SYNC-02 of the rules' fixture repository is owned by 市场部 (lead 刘洋, contact 郑雪)
    root = make_repo(tmp_path / "repo")
    assert progress(capsys, root, "SYNC-02", "--status", "in-progress", "--by", "郑雪",
                    "--date", "2026-09-20")[0] == 0
    code, out, _ = progress(capsys, root, "SYNC-02", "--status", "done", "--by", "李娜", "--date", "2026-09-21")
    target = root / out.strip()
    assert run(capsys, "check", "--as-of", AS_OF, "--root", str(root))[1] == (
        f"{out.strip()}:19:10: MB213 `updates[1].ref` 'SYNC-02' may not be moved by 李娜 (`by`): only the people of "
        "its owner 市场部, a lead or contact of 市场部 (刘洋, 郑雪) or the host 陈思远 of "
        "records/minutes/2026-09-10-launch-sync.md may report its progress\n")
    # minutes keep their rules: a meeting may move any item, whoever wrote it down
    target.unlink()
    assert run(capsys, "check", "--as-of", AS_OF, "--root", str(root))[:2] == (0, "")


# ---------------------------------------------------------------- usage


@pytest.mark.parametrize("argv, message", [
    (["CS-7", "--status", "done", "--by", "唐宁"], "no item has the id 'CS-7'; did you mean 'CS-07'?"),
    (["CS-07", "--status", "done", "--by", "唐"],
     "--by '唐' is not a person in records/org.yml; did you mean '唐宁'?"),
    (["CS-07", "--status", "客服部", "--by", "唐宁"],
     "--status must be one of open, in-progress, blocked, done, cancelled: '客服部'"),
    (["CS-07", "--status", "finished", "--by", "唐宁"],
     "--status must be one of open, in-progress, blocked, done, cancelled: 'finished'; did you mean 'done'?"),
    (["CS-07", "--status", "done", "--by", "唐宁", "--date", "2026-11-31"], "--date is not a real date: '2026-11-31'"),
    (["CS-07", "--status", "done", "--by", "唐宁", "--done-on", "11/17"],
     "--done-on must be a date written YYYY-MM-DD: '11/17'"),
    (["CS-07", "--status", "in-progress", "--by", "唐宁", "--done-on", "2026-11-17"],
     "--done-on says when a done item was finished: give --status done, not 'in-progress'"),
    (["CS-07", "--status", "done", "--by", "唐宁", "--date", "2026-11-01"],
     f"'CS-07' is declared in {MINUTES} dated 2026-11-05: --date 2026-11-01 is before it"),
])
def test_usage_errors_exit_2_and_write_nothing(root, capsys, argv, message):
    assert progress(capsys, root, *argv) == (2, "", f"minutebook progress: error: {message}\n")
    assert not (root / "records" / "progress").exists()


def test_never_replaces_a_record(root, capsys):
    assert progress(capsys, root, *OWNER)[1] == WRITTEN + "\n"
    first = (root / WRITTEN).read_bytes()
    code, out, _ = progress(capsys, root, *OWNER)
    assert (code, out) == (0, WRITTEN.replace(".md", "-2.md") + "\n")
    assert (root / WRITTEN).read_bytes() == first


def test_only_the_progress_file_is_checked_yet_the_item_is_found(root, capsys):
    """pre-commit checks the staged file alone: the record declaring the item is related."""
    assert progress(capsys, root, "CS-07", "--status", "done", "--by", "王磊", "--date", "2026-11-18")[0] == 0
    related, _ = engine.related.related(root, [root / WRITTEN])
    assert any(Path(p).as_posix().endswith(MINUTES) for p in related)
    found = engine.check(root, dt.date(2026, 11, 20), [root / WRITTEN])
    assert [d.code for d in found] == ["MB213"]
