"""`minutebook weekly`: the frozen snapshot page, byte for byte, over two consecutive
weeks of a fixture repository, the delta between them, the index of weeks, and a real
`mkdocs build --strict` of the fixture site with the snapshots (and without them, for
an audience they were not written for).

The fixture tests/fixtures/weekly/site/ is a copy of tests/fixtures/site/ plus a
restricted record; tests/fixtures/weekly/between/ holds the record written between
the two snapshots: it closes FX-01, moves FX-02's due date later and adds FX-05 and a
pending question without id. The goldens are tests/fixtures/weekly/expected/*.md.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from minutebook.cli import main as cli
from minutebook.render import macros
from minutebook.render import weekly as render
from minutebook.reports import weekly as W
from minutebook.views.view import View

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "weekly"
EXPECTED = FIXTURE / "expected"
BIN = Path(sys.executable).parent
WEEK1, WEEK2 = "2026-11-16", "2026-11-23"  # Mondays of ISO weeks 47 and 48


def make_site(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE / "site", root)
    return root


def add_records_between(root: Path) -> None:
    shutil.copytree(FIXTURE / "between" / "records", root / "records", dirs_exist_ok=True)


def weekly(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["weekly", "--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def unlabelled(markdown: str) -> str:
    """Table cells without the labels that phones show on cards (markup.table(cards=n))."""
    return re.sub(r'<span class="mb-label">[^<]*</span>', "", markdown)


def snapshot(root: Path, name: str) -> bytes:
    return (root / "docs" / "weekly" / f"{name}.md").read_bytes()


@pytest.fixture
def two_weeks(tmp_path, capsys, monkeypatch) -> Path:
    """The fixture site after the snapshot of week 47, the records in between, and week 48."""
    monkeypatch.delenv("MINUTEBOOK_AUDIENCE", raising=False)
    root = make_site(tmp_path)
    assert weekly(capsys, root, "--as-of", WEEK1)[0] == 0
    add_records_between(root)
    assert weekly(capsys, root, "--as-of", WEEK2)[0] == 0
    return root


# ---------------------------------------------------------------- the pages, byte for byte


def test_two_consecutive_weeks_match_the_goldens(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MINUTEBOOK_AUDIENCE", raising=False)
    monkeypatch.chdir(tmp_path)
    root = make_site(tmp_path)
    assert weekly(capsys, root, "--as-of", WEEK1) == (0, (
        "minutebook weekly: wrote project/docs/weekly/2026-W47.md (2026-W47, as of 2026-11-16, "
        "audience internal): 3 open, 1 overdue, 1 escalated; no earlier snapshot\n"), "")
    assert snapshot(root, "2026-W47") == (EXPECTED / "2026-W47.md").read_bytes()

    add_records_between(root)
    assert weekly(capsys, root, "--as-of", WEEK2) == (0, (
        "minutebook weekly: wrote project/docs/weekly/2026-W48.md (2026-W48, as of 2026-11-23, "
        "audience internal): 4 open, 1 overdue, 0 escalated; compared with 2026-W47\n"), "")
    assert snapshot(root, "2026-W48") == (EXPECTED / "2026-W48.md").read_bytes()


def test_the_delta_names_new_closed_and_slipped_items():
    page = (EXPECTED / "2026-W48.md").read_text(encoding="utf-8")
    delta = page[page.index("## 与上期相比"):page.index("## 按部门")]
    assert "与上期周报[2026年第47周](2026-W47.md)（数据截至 2026-11-16）相比：新增 2 项，关闭 1 项，延期 1 项。" in delta
    new = delta[delta.index("### 新增事项"):delta.index("### 已关闭事项")]
    assert re.findall(r"^\| \[([^\]]+)\]", new, re.M) == ["FX-05", "—"]  # the pending question has no id
    closed = delta[delta.index("### 已关闭事项"):delta.index("### 延期事项")]
    assert re.findall(r"^\| \[([^\]]+)\]", closed, re.M) == ["FX-01"]
    slipped = delta[delta.index("### 延期事项"):]
    # 2026-11-25 → 2026-12-02: 26, 27, 30 Nov, 1, 2 Dec
    assert "| 李四 | 2026-11-25 | 2026-12-02 | 5 |" in unlabelled(slipped)
    # the state the next week's delta will read: every open item, none of the restricted one
    assert '{"key": "2026-11-19-fixture-midweek#item-pending-1", "id": null, "status": "open", "due": "2026-11-30"}' in page
    assert "RX-01" not in page and "RX-01" not in (EXPECTED / "2026-W47.md").read_text(encoding="utf-8")


def test_the_title_week_and_links_follow_the_brief():
    page = (EXPECTED / "2026-W47.md").read_text(encoding="utf-8")
    assert "\n# 第47周待办周报（2026-11-16 至 2026-11-22）\n" in page
    assert "数据截至 2026-11-16" in page
    # links from docs/weekly/ to the record pages, exactly as markup.link computes them
    assert "[FX-01](../records/minutes/2026/2026-11-02-fixture-sync.md#item-FX-01)" in page
    # record values are escaped: the fixture's '<' and '|' never reach the page raw
    assert "提交接口设计 &#60;草案&#62;" in page and "成本 &#60; 预算 &#124; 复核" in page
    escalated = page[page.index("## 需升级"):page.index("## 已逾期")]
    assert "逾期超过 3 个工作日" in escalated and "逾期 4 个工作日" in escalated  # FX-01: 11, 12, 13, 16 Nov


def test_writing_a_week_again_gives_the_same_bytes(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MINUTEBOOK_AUDIENCE", raising=False)
    monkeypatch.chdir(tmp_path)
    root = make_site(tmp_path)
    assert weekly(capsys, root, "--as-of", WEEK1)[0] == 0
    first = snapshot(root, "2026-W47")
    assert weekly(capsys, root, "--as-of", WEEK1)[1].startswith(
        "minutebook weekly: unchanged project/docs/weekly/2026-W47.md (2026-W47, as of 2026-11-16")
    assert snapshot(root, "2026-W47") == first
    # a later week's snapshot changes nothing: a week is compared with the weeks before it
    shutil.copyfile(EXPECTED / "2026-W48.md", root / "docs" / "weekly" / "2026-W48.md")
    assert weekly(capsys, root, "--as-of", WEEK1)[1].startswith("minutebook weekly: unchanged ")
    assert snapshot(root, "2026-W47") == first == (EXPECTED / "2026-W47.md").read_bytes()


def test_no_temporary_file_is_left_beside_the_snapshots(two_weeks):
    assert sorted(p.name for p in (two_weeks / "docs" / "weekly").iterdir()) == [
        "2026-W47.md", "2026-W48.md", "index.md"]


# ---------------------------------------------------------------- the state and the delta


def test_snapshot_state_reads_back(two_weeks):
    s = W.read(two_weeks / "docs" / "weekly" / "2026-W48.md")
    assert (s.name, s.as_of, s.audience) == ("2026-W48", dt.date(2026, 11, 23), "internal")
    assert s.counts == {"open": 4, "overdue": 1, "escalated": 0, "due_this_week": 1, "due_next_week": 2,
                        "blocked": 1, "new": 2, "closed": 1, "slipped": 1}
    assert s.entries["FX-02"] == W.Entry("FX-02", "FX-02", "blocked", dt.date(2026, 12, 2))
    assert [x.name for x in W.snapshots(two_weeks / "docs" / "weekly")] == ["2026-W48", "2026-W47"]
    assert W.snapshots(two_weeks / "docs" / "weekly", "public") == []


@pytest.mark.parametrize("text", [
    "# 手写的页面\n",  # no front-matter
    "---\ntitle: x\n---\n",  # no state
    "---\nminutebook_weekly: {version: 1, week: 2026-W46}\n---\n",  # incomplete state
    '---\nminutebook_weekly: {"version": 1, "week": "2026-W45", "as_of": "2026-11-02", "audience": "internal", '
    '"counts": {}, "items": []}\n---\n',  # the state names another week than the file
    "---\nminutebook_weekly: [\n---\n",  # not YAML
])
def test_a_file_that_is_not_a_snapshot_reads_as_none(tmp_path, text):
    path = tmp_path / "2026-W46.md"
    path.write_text(text, encoding="utf-8")
    assert W.read(path) is None


def test_a_week_the_year_does_not_have_is_not_a_snapshot(tmp_path):
    good = (EXPECTED / "2026-W47.md").read_text(encoding="utf-8")
    path = tmp_path / "2026-W54.md"
    path.write_text(good.replace('"week": "2026-W47"', '"week": "2026-W54"'), encoding="utf-8")
    assert W.read(path) is None
    path = tmp_path / "2026-W47.md"
    path.write_text(good, encoding="utf-8")
    assert W.read(path).name == "2026-W47"


def test_state_round_trips_any_character_through_both_yaml_loaders(tmp_path):
    import yaml

    key = "2026-11-19-周会😀 \"引号\"\u2028#item-pending-1"  # an emoji, quotes, a line separator
    state = {"version": 1, "week": "2026-W47", "as_of": "2026-11-16", "audience": "研发部",
             "counts": dict.fromkeys(W.COUNTS, 0), "items": [{"key": key, "id": None, "status": "open",
                                                              "due": "2026-11-20"}]}
    text = W.state_json(state)
    assert text.isascii()
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):  # PyYAML's, and libyaml's as MkDocs reads it
        assert yaml.load("s: " + text, Loader=loader)["s"] == state
    path = tmp_path / "2026-W47.dept-e7a094e58f91e983a8.md"  # 研发部's name for the week
    path.write_text(f"---\n{W.STATE_KEY}: {text}\n---\n", encoding="utf-8")
    snap = W.read(path)
    assert (snap.audience, list(snap.entries)) == ("研发部", [key])
    # under the internal name the file and its state disagree: trust neither
    assert W.read(path.rename(tmp_path / "2026-W47.md")) is None


def test_week_names_are_iso_and_zero_padded():
    assert W.week_of(dt.date(2026, 11, 20)) == (2026, 47)
    assert W.week_of(dt.date(2027, 1, 1)) == (2026, 53)  # a Friday: still ISO week 53 of 2026
    assert W.week_file(2027, 1) == "2027-W01.md"
    assert W.week_range(2026, 47) == (dt.date(2026, 11, 16), dt.date(2026, 11, 22))


def test_each_audience_has_its_own_stable_ascii_file_name():
    assert W.week_file(2026, 47) == W.week_file(2026, 47, "internal") == "2026-W47.md"
    assert W.week_file(2026, 47, "public") == "2026-W47.public.md"
    # a department: the hex digits of its name's UTF-8 bytes, one to one and ASCII
    assert W.week_file(2026, 47, "财务部") == "2026-W47.dept-e8b4a2e58aa1e983a8.md"
    assert bytes.fromhex(W.audience_slug("财务部").removeprefix("dept-")).decode() == "财务部"
    assert W.audience_slug("IT部") != W.audience_slug("it部")  # distinct on case-insensitive disks too
    assert len({W.audience_slug(a) for a in ("internal", "public", "研发部", "市场部", "财务部")}) == 5


def test_a_page_is_judged_as_a_snapshot_by_its_front_matter(tmp_path):
    """Not by its folder: the marker in the front-matter (or a snapshot's file name) makes
    a page a snapshot, which the build then shows only to the audience its state names."""
    cases = {
        "plain.md": ("# 普通页面\n\n正文提到 minutebook_weekly 不算。\n", False),
        "meta.md": ("---\ntitle: 普通\n---\n\nminutebook_weekly: 正文里\n", False),
        "copy.md": ("---\ntitle: x\nminutebook_weekly: {broken\n---\n", True),
        "bom.md": ("\ufeff---\r\ntitle: x\r\nminutebook_weekly: {}\r\n---\r\n", True),
        "mmd.md": ("title: x\nminutebook_weekly: {}\n\n# 页\n", True),  # MultiMarkdown-style meta
        "2026-W46.md": ("# 伪造的周报\n", True),  # named like one
        "style.css": ("body { color: red }\n", False),
    }
    for name, (text, expected) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert W.is_snapshot(tmp_path / name) is expected, name
        if expected:
            assert not W.shown_to(tmp_path / name, "internal"), name  # none of them reads back


def test_an_item_gone_from_the_records_is_listed_as_closed(two_weeks):
    """A record deleted (or no longer readable) after a snapshot: its open items are
    reported closed, shown from the previous snapshot's state, without a link."""
    before = W.read(two_weeks / "docs" / "weekly" / "2026-W47.md")
    before.entries["GONE-01"] = W.Entry("GONE-01", "GONE-01", "open", dt.date(2026, 11, 12))
    view = View.load(two_weeks, dt.date(2026, 11, 23), "internal")
    page = render.render(W.build(view, before))
    assert "| GONE-01 |   |   |   | 2026-11-12 | 已不在记录中 |   |\n" in unlabelled(page)
    assert "新增 2 项，关闭 2 项，延期 1 项" in page


# ---------------------------------------------------------------- the index of weeks


def test_index_lists_weeks_newest_first_with_counts(two_weeks):
    view = View.load(two_weeks, dt.date(2026, 11, 23), "internal")
    label = '<span class="mb-label">{}</span>{}'.format
    cells = ["未关闭", "已逾期", "新增", "已关闭", "延期"]
    assert macros.weekly_index(view, "weekly/index.md") == (
        "| 周次 | 数据截至 | 未关闭 | 已逾期 | 新增 | 已关闭 | 延期 |\n"
        "|---|---|---|---|---|---|---|\n"
        f"| [2026年第48周](2026-W48.md)<br>11-23 至 11-29 | {label('数据截至', '2026-11-23')} | "
        + " | ".join(label(c, v) for c, v in zip(cells, "41211")) + " |\n"
        f"| [2026年第47周](2026-W47.md)<br>11-16 至 11-22 | {label('数据截至', '2026-11-16')} | "
        + " | ".join(label(c, v) for c, v in zip(cells, "31———")) + " |\n"
    )
    public = View.load(two_weeks, dt.date(2026, 11, 23), "public")
    assert macros.weekly_index(public, "weekly/index.md") == "还没有周报。\n"


# ---------------------------------------------------------------- audiences and errors


def test_a_public_snapshot_holds_only_public_items_and_its_own_history(two_weeks, capsys):
    code, out, _ = weekly(capsys, two_weeks, "--as-of", WEEK2, "--audience", "public")
    assert code == 0
    assert out.endswith("audience public): 0 open, 0 overdue, 0 escalated; no earlier snapshot\n")
    s = W.read(two_weeks / "docs" / "weekly" / "2026-W48.public.md")
    assert (s.audience, s.entries) == ("public", {})
    # beside the internal snapshots of the same weeks, which stay as they were
    assert snapshot(two_weeks, "2026-W48") == (EXPECTED / "2026-W48.md").read_bytes()
    assert snapshot(two_weeks, "2026-W47") == (EXPECTED / "2026-W47.md").read_bytes()


RD = "研发部"  # the fixture's department with a restricted record (RX-01)
RD_FILE = "dept-e7a094e58f91e983a8"  # its part of a snapshot's file name


def test_internal_and_department_snapshots_of_a_week_coexist(two_weeks, capsys, monkeypatch):
    """One file per week and audience: a department's run never replaces the internal
    snapshot, compares with its own previous week only, and each index lists its own."""
    monkeypatch.chdir(two_weeks)
    folder = two_weeks / "docs" / "weekly"
    code, out, _ = weekly(capsys, two_weeks, "--as-of", WEEK2, "--audience", RD)
    assert (code, out) == (0, (
        f"minutebook weekly: wrote docs/weekly/2026-W48.{RD_FILE}.md (2026-W48, as of 2026-11-23, "
        f"audience {RD}): 5 open, 2 overdue, 1 escalated; no earlier snapshot\n"))  # not the internal W47
    code, out, _ = weekly(capsys, two_weeks, "--as-of", WEEK1, "--audience", RD)
    assert code == 0 and out.startswith(f"minutebook weekly: wrote docs/weekly/2026-W47.{RD_FILE}.md ")
    code, out, _ = weekly(capsys, two_weeks, "--as-of", WEEK2, "--audience", RD)
    assert code == 0 and out.endswith("compared with 2026-W47\n")
    assert sorted(p.name for p in folder.iterdir()) == [
        f"2026-W47.{RD_FILE}.md", "2026-W47.md", f"2026-W48.{RD_FILE}.md", "2026-W48.md", "index.md"]
    # the internal snapshots are untouched, and writing them again leaves the department's alone
    department = (folder / f"2026-W48.{RD_FILE}.md").read_bytes()
    assert weekly(capsys, two_weeks, "--as-of", WEEK2)[1].startswith("minutebook weekly: unchanged docs/weekly/2026-W48.md ")
    assert snapshot(two_weeks, "2026-W48") == (EXPECTED / "2026-W48.md").read_bytes()
    assert snapshot(two_weeks, "2026-W47") == (EXPECTED / "2026-W47.md").read_bytes()
    assert (folder / f"2026-W48.{RD_FILE}.md").read_bytes() == department
    page = department.decode("utf-8")
    assert "RX-01" in page and f"与上期周报[2026年第47周](2026-W47.{RD_FILE}.md)" in page
    assert [s.name for s in W.snapshots(folder, RD)] == ["2026-W48", "2026-W47"]
    assert [s.file_name for s in W.snapshots(folder, "internal")] == ["2026-W48.md", "2026-W47.md"]
    rd_index = macros.weekly_index(View.load(two_weeks, dt.date(2026, 11, 23), RD), "weekly/index.md")
    assert re.findall(r"\]\(([^)]+)\)", rd_index) == [f"2026-W48.{RD_FILE}.md", f"2026-W47.{RD_FILE}.md"]
    internal_index = macros.weekly_index(View.load(two_weeks, dt.date(2026, 11, 23), "internal"), "weekly/index.md")
    assert re.findall(r"\]\(([^)]+)\)", internal_index) == ["2026-W48.md", "2026-W47.md"]


def test_a_folder_inside_docs_weekly_gets_links_from_where_it_lies(two_weeks, capsys):
    code, out, _ = weekly(capsys, two_weeks, "--as-of", WEEK2, "--audience", RD, "--dir",
                          str(two_weeks / "docs" / "weekly" / RD))
    assert code == 0, out
    page = (two_weeks / "docs" / "weekly" / RD / f"2026-W48.{RD_FILE}.md").read_text(encoding="utf-8")
    assert "[FX-02](../../records/minutes/2026/2026-11-02-fixture-sync.md#item-FX-02)" in page


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else b"/"
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("case", ["dir-outside", "dir-elsewhere-in-docs", "weekly-linked-out", "docs-linked-out",
                                  "subfolder-linked-out"])
def test_weekly_writes_only_inside_the_repositorys_docs_weekly(two_weeks, tmp_path, capsys, case):
    outside = tmp_path / "outside"
    outside.mkdir()
    docs, args = two_weeks / "docs", []
    if case == "dir-outside":
        args = ["--dir", str(outside)]
    elif case == "dir-elsewhere-in-docs":
        args = ["--dir", str(docs / "archive")]
    elif case == "weekly-linked-out":
        shutil.move(docs / "weekly", outside / "weekly")
        (docs / "weekly").symlink_to(outside / "weekly")
    elif case == "docs-linked-out":
        shutil.move(docs, outside / "docs")
        docs.symlink_to(outside / "docs")
    else:
        (outside / "sub").mkdir()
        (docs / "weekly" / "sub").symlink_to(outside / "sub")
        args = ["--dir", str(docs / "weekly" / "sub")]
    before_outside, before_docs = tree(outside), tree(two_weeks / "docs")
    code, out, err = weekly(capsys, two_weeks, "--as-of", "2026-11-30", "--audience", RD, *args)
    assert (code, out) == (2, "") and err.startswith("minutebook weekly: error: "), err
    assert "only" in err and "\n" == err[-1] and err.count("\n") == 1
    assert tree(outside) == before_outside and tree(two_weeks / "docs") == before_docs  # nothing written
    assert not (docs / "archive").exists()


def test_unknown_audience_is_a_usage_error(two_weeks, capsys):
    assert weekly(capsys, two_weeks, "--as-of", WEEK2, "--audience", "财务部") == (
        2, "", "minutebook weekly: error: --audience must be public, internal or a department of "
               "records/org.yml: '财务部'\n")


def test_records_with_errors_are_refused(two_weeks, capsys):
    followup = two_weeks / "records" / "minutes" / "2026" / "2026-11-16-fixture-followup.md"
    followup.write_text(followup.read_text(encoding="utf-8").replace("owner: 李四\n    due:", "owner: 王五\n    due:"),
                        encoding="utf-8")
    assert weekly(capsys, two_weeks, "--as-of", WEEK2) == (1, "", (
        "records/minutes/2026/2026-11-16-fixture-followup.md:20:12: MB201 `actions[1].owner` is not in the "
        "registry: '王五'; add them to records/org.yml first\n"
        "minutebook weekly: 1 error(s) in the records (listed above); run `minutebook check` and fix them first\n"))
    assert snapshot(two_weeks, "2026-W48") == (EXPECTED / "2026-W48.md").read_bytes()  # left as it was


@pytest.mark.parametrize("audience, weeks", [("internal", ["2026-W47.md", "2026-W48.md", "index.md"]),
                                             ("public", ["index.md"])])
def test_pre_rendered_site_keeps_snapshots_only_for_their_audience(two_weeks, tmp_path, capsys, audience, weeks):
    out = tmp_path / f"rendered-{audience}"
    code = cli.main(["render", str(out), "--root", str(two_weeks), "--as-of", WEEK2, "--audience", audience])
    capsys.readouterr()
    assert code == 0
    assert sorted(p.name for p in (out / "docs" / "weekly").iterdir()) == weeks
    index = (out / "docs" / "weekly" / "index.md").read_text(encoding="utf-8")
    assert ("[2026年第48周](2026-W48.md)" in index) == (audience == "internal")


# ---------------------------------------------------------------- the site build


def mkdocs_build(project: Path, out: Path, **env) -> subprocess.CompletedProcess:
    full = dict(os.environ)
    full.pop("MINUTEBOOK_AUDIENCE", None)
    full.update(NO_MKDOCS_2_WARNING="1", MINUTEBOOK_TODAY=WEEK2, SOURCE_DATE_EPOCH="1795000000", **env)
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(out)],
                          cwd=project, env=full, capture_output=True, text=True, timeout=300)


def article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def files_with(site: Path, text: str) -> list[str]:
    """Every built file holding `text` (a .gz decompressed): pages, search index, sitemap, feeds."""
    hits = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        # .gz files and Pagefind's index files are gzip
        gz = path.suffix in (".gz", ".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter")
        data = gzip.decompress(path.read_bytes()) if gz else path.read_bytes()
        if text.encode() in data or text.encode("utf-16-le") in data:
            hits.append(path.relative_to(site).as_posix())
    return hits


@pytest.mark.slow
def test_strict_build_with_the_weekly_pages(two_weeks, tmp_path):
    # a hand-written page that only looks like a snapshot is left out (fail closed)
    (two_weeks / "docs" / "weekly" / "2026-W46.md").write_text("# 伪造的周报\n", encoding="utf-8")
    # so is a page anywhere under docs/ whose front-matter has the marker but no readable state
    notes = two_weeks / "docs" / "notes"
    notes.mkdir()
    (notes / "broken.md").write_text('---\ntitle: 坏周报\nminutebook_weekly: {"version": 1, "audience": "internal"\n'
                                     '---\n\n# 坏周报 BROKEN7E1\n', encoding="utf-8")
    internal = W.read(two_weeks / "docs" / "weekly" / "2026-W47.md").path.read_text(encoding="utf-8")
    (notes / "renamed.md").write_text(internal, encoding="utf-8")  # a valid state under another name
    result = mkdocs_build(two_weeks, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert sorted(p.name for p in (site / "weekly").iterdir()) == ["2026-W47", "2026-W48", "index.html"]
    assert not (site / "notes").exists() and files_with(site, "BROKEN7E1") == []
    assert "weekly snapshot notes/broken.md left out" in result.stderr
    index = article(site / "weekly" / "index.html")
    assert re.findall(r'<a href="(2026-W\d\d)/">', index) == ["2026-W48", "2026-W47"]
    page = article(site / "weekly" / "2026-W48" / "index.html")
    assert '<h1 id="第48周待办周报2026-11-23-至-2026-11-29">' in page
    assert 'href="../../records/minutes/2026/2026-11-02-fixture-sync/#item-FX-02"' in page
    assert "RX-01" not in page
    # the slip shows in the record page's history too, in working days
    record = article(site / "records" / "minutes" / "2026" / "2026-11-02-fixture-sync" / "index.html")
    assert "截止 2026-11-25 → 2026-12-02（顺延 5 个工作日）" in record


@pytest.mark.slow
def test_a_build_for_another_audience_drops_the_snapshots(two_weeks, tmp_path):
    result = mkdocs_build(two_weeks, tmp_path / "site", MINUTEBOOK_AUDIENCE="public")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert sorted(p.name for p in (site / "weekly").iterdir()) == ["index.html"]
    assert "还没有周报。" in article(site / "weekly" / "index.html")
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                         if p.is_file() and p.suffix in (".html", ".json", ".xml", ".txt"))
    assert "第47周" not in everything and "第48周" not in everything
    assert "weekly snapshot weekly/2026-W47.md left out: not written for audience 'public'" in result.stderr


@pytest.mark.slow
def test_each_build_shows_only_the_snapshots_of_its_audience(two_weeks, tmp_path, capsys):
    """研发部's snapshot holds its restricted item: written into docs/weekly/, into a folder
    of it and copied elsewhere under docs/, it is in no file of the public and internal
    builds, while 研发部's build shows it and none of the internal snapshots."""
    docs = two_weeks / "docs"
    assert weekly(capsys, two_weeks, "--as-of", WEEK2, "--audience", RD)[0] == 0
    assert weekly(capsys, two_weeks, "--as-of", WEEK2, "--audience", RD, "--dir", str(docs / "weekly" / RD))[0] == 0
    (docs / "archive").mkdir()
    shutil.copyfile(docs / "weekly" / f"2026-W48.{RD_FILE}.md", docs / "archive" / f"2026-W48.{RD_FILE}.md")
    assert "内部安全整改" in (docs / "archive" / f"2026-W48.{RD_FILE}.md").read_text(encoding="utf-8")
    sites = {}
    for audience in ("public", "internal", RD):
        sites[audience] = tmp_path / f"site-{audience}"
        result = mkdocs_build(two_weeks, sites[audience], MINUTEBOOK_AUDIENCE=audience)
        assert result.returncode == 0, result.stderr
    for audience in ("public", "internal"):
        site = sites[audience]
        assert files_with(site, "RX-01") == files_with(site, "内部安全整改") == [], audience
        assert files_with(site, RD_FILE) == [] and not (site / "archive").exists(), audience
    assert sorted(p.name for p in (sites["internal"] / "weekly").iterdir()) == ["2026-W47", "2026-W48", "index.html"]
    assert sorted(p.name for p in (sites["public"] / "weekly").iterdir()) == ["index.html"]
    rd = sites[RD]
    assert sorted(p.name for p in (rd / "weekly").iterdir()) == [f"2026-W48.{RD_FILE}", "index.html", RD]
    hits = files_with(rd, "RX-01")
    for page in (f"weekly/2026-W48.{RD_FILE}/index.html", f"weekly/{RD}/2026-W48.{RD_FILE}/index.html",
                 f"archive/2026-W48.{RD_FILE}/index.html"):
        assert page in hits, page
    from minutebook.render.search_index import indexed_urls

    # snapshots are never in the search index (the item is, through its record page)
    assert not [u for u in indexed_urls(rd) if "weekly" in u or "archive" in u]
    assert re.findall(r'<a href="([^"]+)/">2026年', article(rd / "weekly" / "index.html")) == [f"2026-W48.{RD_FILE}"]
    assert files_with(rd, "weekly/2026-W47") == files_with(rd, "weekly/2026-W48/") == []  # no internal week


def test_a_snapshot_outlives_a_deleted_record(two_weeks, tmp_path):
    """Links of a frozen snapshot to a record deleted since become plain text; the
    strict build still passes (the plugin and the pre-rendered site alike)."""
    (two_weeks / "records/minutes/2026/2026-11-16-fixture-followup.md").unlink()
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=two_weeks, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "MINUTEBOOK_TODAY": WEEK2})
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/weekly/2026-W47/index.html").read_text(encoding="utf-8")
    assert "FX-04" in page and "2026-11-16-fixture-followup" not in page
    assert "2026-11-02-fixture-sync/#item-FX-01" in page  # links to records still there stay
    from minutebook.render.weekly import unlink_missing

    md = "[FX-04](../records/minutes/2026/x.md#item-FX-04) and [周](2026-W46.md)"
    assert unlink_missing(md, "weekly/2026-W47.md", set()) == "FX-04 and [周](2026-W46.md)"
