"""Decisions that change: a later meeting's decision replaces an earlier one by its id.

The decision log and the record pages show the replaced decision struck through with a
link to the one that replaced it; the check refuses a supersede of an unknown id or of
a later decision (MB214).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import make_repo, minutes

from checks.engine import load_repository
from minutebook.render import aggregates, record_page
from minutebook.views.view import View

AS_OF = dt.date(2026, 11, 20)

EARLIER = minutes(date="2026-09-14", published="2026-09-14 12:00", blocks="""\
topics:
  - title: 上线日期
    decision: 9 月 30 日上线
    decision_id: GO-1
""")
LATER = minutes(date="2026-09-21", published="2026-09-21 12:00", blocks="""\
topics:
  - title: 上线日期（复议）
    decision: 推迟到 10 月 8 日上线
    decision_id: GO-2
    supersedes: [GO-1]
""")


def repo(tmp_path: Path, records: dict[str, str]) -> Path:
    root = make_repo(tmp_path / "repo")
    for name, text in records.items():
        (root / "records" / f"{name}.md").write_text(text, encoding="utf-8")
    return root


def test_a_replaced_decision_is_struck_through_and_links_to_its_successor(tmp_path):
    root = repo(tmp_path, {"2026-09-14-go": EARLIER, "2026-09-21-go-again": LATER})
    view = View.load(root, AS_OF)
    assert [d.format() for d in view.repo.diagnostics if d.code == "MB214"] == []
    log = aggregates.decision_pages(view)["decisions/2026.md"]  # the year's page of the log
    assert ("<del>9 月 30 日上线</del>（已被 [GO-2](../records/2026-09-21-go-again.md#decision-GO-2) 取代）"
            in log)
    assert "| 推迟到 10 月 8 日上线 |" in log  # the new one stands as it is
    earlier = next(r for r in view.records if r.key == "2026-09-14-go")
    page = record_page.render(view, earlier)
    assert ('<span id="decision-GO-1"></span><del>9 月 30 日上线</del>（已被 '
            "[GO-2](2026-09-21-go-again.md#decision-GO-2) 取代）") in page


def test_a_supersede_of_a_later_decision_is_refused(tmp_path):
    backwards = EARLIER.replace("    decision_id: GO-1\n", "    decision_id: GO-1\n    supersedes: [GO-2]\n")
    root = repo(tmp_path, {"2026-09-14-go": backwards, "2026-09-21-go-again": LATER})
    found = [d.format() for d in load_repository(root, AS_OF).diagnostics if d.code == "MB214"]
    assert found == ["records/2026-09-14-go.md:17:18: MB214 `topics[1].supersedes` names 'GO-2' of "
                     "records/2026-09-21-go-again.md, dated 2026-09-21, after this record's 2026-09-14; "
                     "a decision replaces only earlier ones"]


def test_the_one_file_check_finds_the_replaced_decision(tmp_path):
    from checks.engine import check

    root = repo(tmp_path, {"2026-09-14-go": EARLIER, "2026-09-21-go-again": LATER.replace("GO-1]", "GO-7]")})
    one = check(root, AS_OF, [root / "records" / "2026-09-21-go-again.md"])
    assert [d.code for d in one] == ["MB214"]
    fixed = repo(tmp_path / "b", {"2026-09-14-go": EARLIER, "2026-09-21-go-again": LATER})
    assert check(fixed, AS_OF, [fixed / "records" / "2026-09-21-go-again.md"]) == []


LAST_YEAR = minutes(date="2025-12-15", published="2025-12-15 12:00", blocks="""\
decisions:
  - 年终预算冻结
topics:
  - title: 明年目标
    decision: 2026 年营收增长 20%
    decision_id: GOAL-26
""")


def test_the_log_lists_the_years_and_the_newest_years_decisions_each_year_its_own_page(tmp_path):
    root = repo(tmp_path, {"2025-12-15-plan": LAST_YEAR, "2026-09-14-go": EARLIER, "2026-09-21-go-again": LATER})
    view = View.load(root, AS_OF)
    log = aggregates.decisions(view, "decisions.md")
    assert "| [2026 年](decisions/2026.md) | 3 |" in log and "| [2025 年](decisions/2025.md) | 2 |" in log  # with the fixture's own
    assert log.index("2026 年](decisions") < log.index("2025 年](decisions")  # newest year first
    assert "## 最近 30 天" in log and "最近 30 天没有新的决策" in log  # as of 2026-11-20
    assert "上线" not in log and "年终预算冻结" not in log  # each on its year's page
    recent = aggregates.decisions(View.load(root, dt.date(2026, 10, 10)), "decisions.md")
    assert "推迟到 10 月 8 日上线" in recent and "9 月 30 日上线" in recent  # 09-21 and 09-14: within 30 days
    assert "上线日期定为10月15日" not in recent and "年终预算冻结" not in recent  # 09-10 and 2025: older
    assert recent.index("## 最近 30 天") < recent.index("## 按年份")
    pages = aggregates.decision_pages(view)
    assert sorted(pages) == ["decisions/2025.md", "decisions/2026.md"]
    y2025, y2026 = pages["decisions/2025.md"], pages["decisions/2026.md"]
    assert "# 2025 年的决策" in y2025 and "共 2 条决策" in y2025
    assert "年终预算冻结" in y2025 and "2026 年营收增长 20%" in y2025 and "上线" not in y2025
    assert ("<del>9 月 30 日上线</del>（已被 [GO-2](../records/2026-09-21-go-again.md#decision-GO-2) 取代）"
            in y2026)  # links relative to the year's page
    assert "[周例会](../records/2026-09-14-go.md#decision-GO-1)" in y2026 and "年终" not in y2026
    assert '"search": {"exclude": true}' in y2025  # the record pages are what search finds
    assert aggregates.decision_pages(view, only={"decisions/2025.md"}).keys() == {"decisions/2025.md"}


def test_no_decisions_no_year_pages(tmp_path):
    root = repo(tmp_path, {})
    for path in (root / "records").rglob("*.md"):
        path.unlink()
    (root / "records" / "2026-09-14-plain.md").write_text(minutes(), encoding="utf-8")  # no decision in it
    view = View.load(root, AS_OF)
    assert [r.key for r in view.records] == ["2026-09-14-plain"] and view.decisions() == []
    assert aggregates.decision_pages(view) == {}
    assert "还没有决策记录" in aggregates.decisions(view, "decisions.md")


def test_the_preview_rebuilds_the_years_an_edit_can_change(tmp_path):
    from plugins.preview import _decision_pages

    root = repo(tmp_path, {"2025-12-15-plan": LAST_YEAR, "2026-09-14-go": EARLIER, "2026-09-21-go-again": LATER})
    view = View.load(root, AS_OF)
    by_key = {r.key: r for r in view.records}
    assert _decision_pages(view, [by_key["2025-12-15-plan"]]) == {"decisions/2025.md"}
    assert _decision_pages(view, [by_key["2026-09-14-go"]]) == {"decisions/2026.md"}
    # a record that replaces a decision strikes it through on the year's page it is listed on
    assert "decisions/2025.md" in _decision_pages(view, [by_key["2026-09-21-go-again"]])
    plain = View.load(repo(tmp_path / "plain", {"2026-09-14-plain": minutes()}), AS_OF)
    record = next(r for r in plain.records if r.key == "2026-09-14-plain")
    assert _decision_pages(plain, [record]) == set()  # minutes without a decision: no log changes
