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
    log = aggregates.decisions(view, "decisions.md")
    assert ("<del>9 月 30 日上线</del>（已被 [GO-2](records/2026-09-21-go-again.md#decision-GO-2) 取代）"
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
