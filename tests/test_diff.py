"""`minutebook diff`: the commitments a change makes or alters, over a REAL git
repository in tmp_path, compared line for line.

The base commit (on main) is the weekly fixture site's records plus two records of its
own; the head commit (on a branch) adds an action and a question, closes one item and
re-dates another through `updates`, reopens a done item and reassigns one through a
later record's `updates`, reassigns and re-dates items by editing their own fields,
deletes a record, and changes a restricted record that the internal audience may not
read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from minutebook.cli import main as cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE = FIXTURES / "weekly" / "site"
BETWEEN = FIXTURES / "weekly" / "between"
MINUTES = Path("records/minutes/2026")

HEADER = """---
type: minutes
title: {title}
date: {date}
departments: [研发部, 市场部]
owner: 张三
start: "09:00"
end: "09:30"
host: 张三
recorder: 李四
attendees: [张三, 李四]
published: {date} 12:00
"""

DONE = HEADER.format(title="预算复核会", date="2026-11-12") + """actions:
  - id: FX-07
    task: 提交预算复核意见
    owner: 李四
    due: 2026-11-13
    status: done
---
"""

EXTRA = HEADER.format(title="渠道沟通会", date="2026-11-17") + """actions:
  - id: FX-06
    task: 联系渠道伙伴
    owner: 张三
    due: 2026-11-30
---
"""

FOLLOWUP = HEADER.format(title="周五跟进会", date="2026-11-20") + """updates:
  - ref: FX-07
    status: open
    note: 复核意见被退回，需重新提交
  - ref: FX-04
    status: in-progress
    owner: 张三
    note: 改由张三负责
---
"""

RESTRICTED = HEADER.format(title="研发部内部跟进", date="2026-11-21").replace(
    "departments: [研发部, 市场部]", "departments: [研发部]\nvisibility: restricted\naudience: [研发部]"
) + """updates:
  - ref: FX-03
    status: open
    note: 内部复查发现问题
---
"""


def git(root: Path, *args: str) -> str:
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="测试", GIT_AUTHOR_EMAIL="test@example.com",
               GIT_COMMITTER_NAME="测试", GIT_COMMITTER_EMAIL="test@example.com")
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def write(root: Path, rel: Path | str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def edit(root: Path, rel: Path, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path, monkeypatch) -> tuple[Path, str, str]:
    """(root, base commit, head commit); the work tree is at the head commit, on a branch."""
    monkeypatch.delenv("MINUTEBOOK_AUDIENCE", raising=False)
    root = tmp_path / "repo"
    shutil.copytree(SITE / "records", root / "records")
    write(root, MINUTES / "2026-11-12-diff-done.md", DONE)
    write(root, MINUTES / "2026-11-17-diff-extra.md", EXTRA)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    base = git(root, "rev-parse", "HEAD")
    git(root, "checkout", "-q", "-b", "feature")
    # an action and a question added; FX-01 closed and FX-02 re-dated by updates
    shutil.copytree(BETWEEN / "records", root / "records", dirs_exist_ok=True)
    # FX-07 reopened and FX-04 reassigned by a later record's updates
    write(root, MINUTES / "2026-11-20-diff-followup.md", FOLLOWUP)
    # an item's own fields edited: FX-02 reassigned, FX-04 re-dated (one working day earlier)
    edit(root, MINUTES / "2026-11-02-fixture-sync.md", "    owner: 李四\n    due: 2026-11-25",
         "    owner: 张三\n    due: 2026-11-25")
    edit(root, MINUTES / "2026-11-16-fixture-followup.md", "due: 2026-11-18", "due: 2026-11-17")
    # a record deleted: FX-06 removed
    (root / MINUTES / "2026-11-17-diff-extra.md").unlink()
    # only 研发部 may read these: RX-01 re-dated, FX-03 reopened by a restricted record
    edit(root, MINUTES / "2026-11-09-fixture-restricted.md", "due: 2026-11-12", "due: 2026-11-20")
    write(root, MINUTES / "2026-11-21-diff-restricted.md", RESTRICTED)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "head")
    return root, base, git(root, "rev-parse", "HEAD")


def diff(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["diff", "--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


M = "records/minutes/2026/"
EXPECTED_TEXT = [
    f'added: 2026-11-19-fixture-midweek#item-pending-1 "是否追加市场预算 | 需总经办确认" '
    f"(owner 李四, due 2026-11-30, open) in {M}2026-11-19-fixture-midweek.md",
    f'added: FX-05 "整理 <竞品> 报价" (owner 张三, due 2026-11-27, open) in {M}2026-11-19-fixture-midweek.md',
    f'closed: FX-01 "提交接口设计 <草案>" open -> done in {M}2026-11-19-fixture-midweek.md',
    "reopened: FX-03 \"已完成的事项\" done -> open in a record this audience may not read",
    f'reopened: FX-07 "提交预算复核意见" done -> open in {M}2026-11-20-diff-followup.md',
    f'reassigned: FX-02 "成本 < 预算 | 复核" owner 李四 -> 张三 in {M}2026-11-02-fixture-sync.md',
    f'reassigned: FX-04 "补充市场数据" owner 李四 -> 张三 in {M}2026-11-20-diff-followup.md',
    f're-dated: FX-02 "成本 < 预算 | 复核" due 2026-11-25 -> 2026-12-02 (+5 working days) '
    f"in {M}2026-11-19-fixture-midweek.md",
    f're-dated: FX-04 "补充市场数据" due 2026-11-18 -> 2026-11-17 (-1 working day) '
    f"in {M}2026-11-16-fixture-followup.md",
    f'removed: FX-06 "联系渠道伙伴" (owner 张三, due 2026-11-30, open) was in {M}2026-11-17-diff-extra.md',
]


def test_text_between_two_commits(repo, capsys):
    root, base, head = repo
    code, out, err = diff(capsys, root, base, "--head", head)
    assert code == 0
    assert out.splitlines() == EXPECTED_TEXT
    assert err == (f"minutebook diff: 10 change(s) from {base[:10]} to {head} ({head[:10]}) "
                   "(audience internal)\n")


def test_default_base_is_the_merge_base_with_main_and_head_the_working_tree(repo, capsys):
    root, base, _ = repo
    code, out, err = diff(capsys, root)
    assert (code, out.splitlines()) == (0, EXPECTED_TEXT)
    assert err == (f"minutebook diff: 10 change(s) from merge base of HEAD with main ({base[:10]}) "
                   "to the working tree (audience internal)\n")
    # an uncommitted change shows too: the working tree is the head side
    (root / MINUTES / "2026-11-20-diff-followup.md").unlink()
    code, out, _ = diff(capsys, root)
    assert [x.split(":")[0] + " " + x.split()[1] for x in out.splitlines()] == [
        "added 2026-11-19-fixture-midweek#item-pending-1", "added FX-05", "closed FX-01", "reopened FX-03",
        "reassigned FX-02", "re-dated FX-02", "re-dated FX-04", "removed FX-06"]


def test_falls_back_to_origin_main_then_master(repo, capsys):
    root, base, _ = repo
    git(root, "branch", "-m", "main", "master")
    assert diff(capsys, root)[2] == (f"minutebook diff: 10 change(s) from merge base of HEAD with master "
                                     f"({base[:10]}) to the working tree (audience internal)\n")
    git(root, "update-ref", "refs/remotes/origin/main", base)
    assert "merge base of HEAD with origin/main" in diff(capsys, root)[2]


def test_audience_that_may_read_the_restricted_record_sees_its_changes(repo, capsys):
    root, base, head = repo
    code, out, _ = diff(capsys, root, base, "--head", head, "--audience", "研发部")
    lines = out.splitlines()
    assert f'reopened: FX-03 "已完成的事项" done -> open in {M}2026-11-21-diff-restricted.md' in lines
    assert f're-dated: RX-01 "内部安全整改" due 2026-11-12 -> 2026-11-20 (+6 working days) ' \
           f"in {M}2026-11-09-fixture-restricted.md" in lines
    assert len(lines) == len(EXPECTED_TEXT) + 1
    # the internal audience sees neither RX-01 nor where FX-03 was reopened
    internal = diff(capsys, root, base, "--head", head)[1]
    assert "RX-01" not in internal and "2026-11-21-diff-restricted" not in internal


def test_markdown_for_a_pull_request_comment(repo, capsys):
    root, base, head = repo
    code, out, _ = diff(capsys, root, "main", "--head", "feature", "--format", "markdown")
    assert code == 0
    assert out == f"""### 事项变更

对比 main &#40;{base[:10]}&#41; 与 feature &#40;{head[:10]}&#41;：新增事项 2 项，已关闭 1 项，重新打开 2 项，更换责任人 2 项，调整截止日期 2 项，已移除 1 项。

#### 新增事项（2）

| 编号 | 事项 | 责任人 | 截止日期 | 状态 | 记录 |
|---|---|---|---|---|---|
| 2026-11-19-fixture-midweek&#35;item-pending-1 | 是否追加市场预算 &#124; 需总经办确认 | 李四 | 2026-11-30 | 未开始 | {M}2026-11-19-fixture-midweek.md |
| FX-05 | 整理 &#60;竞品&#62; 报价 | 张三 | 2026-11-27 | 未开始 | {M}2026-11-19-fixture-midweek.md |

#### 已关闭（1）

| 编号 | 事项 | 责任人 | 状态 | 记录 |
|---|---|---|---|---|
| FX-01 | 提交接口设计 &#60;草案&#62; | 张三 | 未开始 → 已完成 | {M}2026-11-19-fixture-midweek.md |

#### 重新打开（2）

| 编号 | 事项 | 责任人 | 状态 | 记录 |
|---|---|---|---|---|
| FX-03 | 已完成的事项 | 张三 | 已完成 → 未开始 | （无权查看的记录） |
| FX-07 | 提交预算复核意见 | 李四 | 已完成 → 未开始 | {M}2026-11-20-diff-followup.md |

#### 更换责任人（2）

| 编号 | 事项 | 原责任人 | 新责任人 | 记录 |
|---|---|---|---|---|
| FX-02 | 成本 &#60; 预算 &#124; 复核 | 李四 | 张三 | {M}2026-11-02-fixture-sync.md |
| FX-04 | 补充市场数据 | 李四 | 张三 | {M}2026-11-20-diff-followup.md |

#### 调整截止日期（2）

| 编号 | 事项 | 原截止日期 | 新截止日期 | 变化（工作日） | 记录 |
|---|---|---|---|---|---|
| FX-02 | 成本 &#60; 预算 &#124; 复核 | 2026-11-25 | 2026-12-02 | +5 | {M}2026-11-19-fixture-midweek.md |
| FX-04 | 补充市场数据 | 2026-11-18 | 2026-11-17 | -1 | {M}2026-11-16-fixture-followup.md |

#### 已移除（1）

| 编号 | 事项 | 责任人 | 截止日期 | 状态 | 原记录 |
|---|---|---|---|---|---|
| FX-06 | 联系渠道伙伴 | 张三 | 2026-11-30 | 未开始 | {M}2026-11-17-diff-extra.md |
"""


def test_no_change_is_one_line_and_exit_0(repo, capsys):
    root, _, head = repo
    assert diff(capsys, root, "HEAD", "--head", head) == (
        0, "no commitments changed\n",
        f"minutebook diff: 0 change(s) from HEAD ({head[:10]}) to {head} ({head[:10]}) (audience internal)\n")
    assert diff(capsys, root, "HEAD", "--format", "markdown")[1] == \
        "**事项变更**：没有事项承诺发生变化（no commitments changed）。\n"
    # editing a record's text (not its items) changes no commitment
    edit(root, MINUTES / "2026-11-02-fixture-sync.md", "正文里的", "正文中的")
    assert diff(capsys, root, "HEAD")[1] == "no commitments changed\n"


def test_unknown_base_exits_2(repo, capsys):
    root, _, _ = repo
    assert diff(capsys, root, "no-such-branch") == (
        2, "", "minutebook diff: error: unknown revision 'no-such-branch': no such branch, tag or commit\n")
    assert diff(capsys, root, "main", "--head", "v9")[2] == (
        "minutebook diff: error: unknown revision 'v9': no such branch, tag or commit\n")
    assert diff(capsys, root, "--", "--output=x")[0] == 2


def test_no_main_branch_and_no_base_exits_2(repo, capsys):
    root, _, _ = repo
    git(root, "branch", "-m", "main", "trunk")
    assert diff(capsys, root) == (2, "", (
        "minutebook diff: error: no BASE given and no branch main, origin/main or master to find the "
        "merge base with; name one, e.g. `minutebook diff origin/main`\n"))


def test_not_a_git_repository_exits_2(tmp_path, capsys, monkeypatch):
    root = tmp_path / "plain"
    shutil.copytree(SITE / "records", root / "records")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # find no repository above it
    assert diff(capsys, root) == (2, "", f"minutebook diff: error: not a git repository: {root.resolve()}\n")
