"""Visibility fails closed: whatever an audience may not read is absent from every
file of its build (pages, search index, sitemap and its .gz, index pages, aggregates,
feeds), and links to it are plain text without its title.

The search index is Pagefind's: its .pf_fragment, .pf_index, .pf_meta and .pf_filter
files are gzip (decompressed here before looking), and it stores words in lower case."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from helpers import AS_OF, FIXTURE, SITE_MINUTES, article, make_repo, minutes, mkdocs_build

from checks.engine import load_repository
from minutebook.cli.main import main
from minutebook.render.search_index import indexed_urls
from minutebook.reports.weekly import week_file
from minutebook.views.view import View
from minutebook.views.visibility import can_read

pytestmark = pytest.mark.slow

MARKER = "CANARY7F3A"
MARKET_WEEK = week_file(2026, 47, "市场部")  # 市场部's snapshot of the week of AS_OF

# 市场部's own minutes: 李四 in every role
MARKET = {**SITE_MINUTES, "departments": "[市场部]", "owner": "李四", "host": "李四", "recorder": "李四",
          "attendees": "[李四]"}

RESTRICTED_MINUTES = minutes(
    base=MARKET,
    title=f"预算细节 {MARKER} 标题",
    date="2026-11-12",
    owner="李四",
    visibility="restricted",
    audience="[市场部]",
    tags=f"[标签{MARKER}]",
    published="2026-11-12 12:00",
    blocks=f"""decisions:
  - 决定 {MARKER} 决策
actions:
  - id: SECRET-01
    task: 任务 {MARKER} 行动项
    owner: 李四
    due: 2026-11-18
updates:
  - ref: FX-02
    status: in-progress
    note: 说明 {MARKER} 更新
""",
    body=f"正文 {MARKER} 正文\n",
)

RESTRICTED_NOTICE = f"""---
type: notice
title: 受限通知 {MARKER}
date: 2026-11-19
departments: [市场部]
owner: 李四
visibility: restricted
audience: [市场部]
issued: 2026-11-16
start: '10:00'
end: '10:30'
host: 李四
recorder: 李四
attendees: [李四]
agenda:
  - topic: 议题 {MARKER}
    owner: 李四
    minutes: 20
---
"""

LINKING_MINUTES = minutes(None, base=MARKET, title="引用受限通知的纪要", date="2026-11-19", owner="李四",
                          notice="2026-11-19-restricted-notice", published="2026-11-19 12:00")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("visibility") / "project", {
        "records/minutes/2026/2026-11-12-restricted-budget.md": RESTRICTED_MINUTES,
        "records/minutes/2026/2026-11-19-linking.md": LINKING_MINUTES,
        "records/notice/2026/2026-11-19-restricted-notice.md": RESTRICTED_NOTICE,
    }, fixture=FIXTURE)
    assert main(["check", "--root", str(root), "--as-of", AS_OF]) == 0
    # a weekly snapshot written for 市场部 holds its restricted item: only 市场部's build may
    # publish it, wherever under docs/ it lies: beside the internal snapshot of the same
    # week, in a folder of docs/weekly/, or copied to another folder
    assert main(["weekly", "--root", str(root), "--as-of", AS_OF]) == 0
    assert main(["weekly", "--root", str(root), "--as-of", AS_OF, "--audience", "市场部"]) == 0
    assert main(["weekly", "--root", str(root), "--as-of", AS_OF, "--audience", "市场部",
                 "--dir", str(root / "docs" / "weekly" / "市场部")]) == 0
    snapshot = root / "docs" / "weekly" / MARKET_WEEK
    assert MARKER in snapshot.read_text(encoding="utf-8")
    assert MARKER not in (root / "docs" / "weekly" / "2026-W47.md").read_text(encoding="utf-8")
    (root / "docs" / "archive").mkdir()
    shutil.copyfile(snapshot, root / "docs" / "archive" / MARKET_WEEK)
    return root


GZIP_SUFFIXES = (".gz", ".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter")


def files_with_marker(site: Path) -> list[str]:
    hits = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix in GZIP_SUFFIXES:
            data = gzip.decompress(data)
        if any(m in data for m in (MARKER.encode(), MARKER.lower().encode(), MARKER.encode("utf-16-le"))):
            hits.append(str(path.relative_to(site)))
    return hits


def test_every_pagefind_file_is_read_decompressed(builds):
    # the search index exists in every build, and its compressed files are all gzip
    for site in builds.values():
        files = [p for p in (site / "pagefind").rglob("*") if p.suffix in GZIP_SUFFIXES]
        assert {p.suffix for p in files} >= {".pf_fragment", ".pf_index", ".pf_meta"}
        for path in files:
            assert gzip.decompress(path.read_bytes()).startswith(b"pagefind_dcd"), path
        assert not (site / "search" / "search_index.json").exists()


@pytest.fixture(scope="module")
def builds(project, tmp_path_factory) -> dict[str, Path]:
    out = {}
    for audience in ("public", "internal", "研发部", "市场部", None):
        site = tmp_path_factory.mktemp("site") / "site"
        env = {"MINUTEBOOK_AUDIENCE": audience} if audience else {}
        result = mkdocs_build(project, site, **env)
        assert result.returncode == 0, result.stderr
        out[audience or "default"] = site
    return out


@pytest.mark.parametrize("audience", ["public", "internal", "default", "研发部"])
def test_canary_absent_from_every_file_of_other_audiences(builds, audience):
    site = builds[audience]
    assert sorted(p.name for p in site.iterdir())  # something was built
    assert files_with_marker(site) == []


def test_canary_present_for_its_own_audience(builds):
    hits = files_with_marker(builds["市场部"])
    assert "records/minutes/2026/2026-11-12-restricted-budget/index.html" in hits
    # its minutes are in the search index: the page's fragment and the word's index chunk
    assert any(h.startswith("pagefind/fragment/") and h.endswith(".pf_fragment") for h in hits), hits
    assert any(h.startswith("pagefind/index/") and h.endswith(".pf_index") for h in hits), hits
    assert "/records/minutes/2026/2026-11-12-restricted-budget/" in indexed_urls(builds["市场部"])
    assert "open-items/index.html" in hits  # its action is an open item for 市场部
    page = MARKET_WEEK.removesuffix(".md") + "/index.html"
    for where in ("weekly", "weekly/市场部", "archive"):  # the snapshot written for 市场部, wherever it lies
        assert f"{where}/{page}" in hits
    # and of the week's snapshots only its own: the internal one of the same week is not in it
    assert not (builds["市场部"] / "weekly" / "2026-W47").exists()
    assert (builds["internal"] / "weekly" / "2026-W47" / "index.html").is_file()
    assert not (builds["internal"] / "weekly" / MARKET_WEEK.removesuffix(".md")).exists()
    assert {"exports/all.ics", "exports/all.csv", "exports/all.json"} <= set(hits)  # the feeds
    sitemap = gzip.decompress((builds["市场部"] / "sitemap.xml.gz").read_bytes()).decode()
    assert "2026-11-12-restricted-budget" in sitemap


@pytest.mark.parametrize("audience", ["public", "internal", "研发部", "市场部"])
def test_canary_in_exports_only_for_its_audience(project, tmp_path, audience, capsys):
    for fmt in ("ics", "csv", "json"):
        out = tmp_path / f"open.{fmt}"
        assert main(["export", fmt, "--root", str(project), "--as-of", AS_OF, "--audience", audience,
                     "-o", str(out)]) == 0
        assert (MARKER.encode() in out.read_bytes()) == (audience == "市场部"), (fmt, audience)
    capsys.readouterr()


def test_restricted_pages_and_sitemap_entries_absent(builds):
    for audience in ("public", "internal", "研发部"):
        site = builds[audience]
        assert not (site / "records/minutes/2026/2026-11-12-restricted-budget").exists()
        sitemap = gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode()
        assert "restricted" not in sitemap


def test_public_build_holds_only_public_records(builds):
    site = builds["public"]
    # the fixture's records are internal: none of them is published to the public
    assert not (site / "records/minutes/2026/2026-11-02-fixture-sync").exists()
    assert "共 0 条记录" in article((site / "records/index.html").read_text(encoding="utf-8"))


def test_link_to_unreadable_record_is_plain_text_without_title(builds):
    html = article((builds["internal"] / "records/minutes/2026/2026-11-19-linking/index.html").read_text(encoding="utf-8"))
    assert "2026-11-19-restricted-notice" in html  # the key the readable record itself holds
    assert "2026-11-19-restricted-notice/" not in html  # but no link
    own = article((builds["市场部"] / "records/minutes/2026/2026-11-19-linking/index.html").read_text(encoding="utf-8"))
    assert 'href="../../../notice/2026/2026-11-19-restricted-notice/"' in own


def test_hidden_update_moves_the_item_without_showing_the_record(builds):
    html = article((builds["internal"] / "records/minutes/2026/2026-11-02-fixture-sync/index.html").read_text(encoding="utf-8"))
    assert "受限记录" in html  # the history row says where it came from, no more
    assert "restricted-budget" not in html


def test_visibility_fails_closed_on_unexpected_values(project):
    repo = load_repository(project, __import__("datetime").date(2026, 11, 20))
    restricted = next(r for r in repo.records if r.key == "2026-11-12-restricted-budget")
    assert can_read(restricted, "市场部") and not can_read(restricted, "internal")
    assert not can_read(restricted, "public") and not can_read(restricted, "研发部")
    from minutebook.model.yamlstrict import Scalar

    node = restricted.tree.get("visibility")
    original = node.value
    try:
        node.value = "restrictd"  # a typo that slipped past the checks
        assert not any(can_read(restricted, a) for a in ("public", "internal", "市场部"))
    finally:
        node.value = original
    assert isinstance(node, Scalar)


def test_unknown_audience_is_a_usage_error(project, capsys):
    assert main(["render", str(project.parent / "out"), "--root", str(project), "--as-of", AS_OF,
                 "--audience", "研发"]) == 2
    err = capsys.readouterr().err
    assert "--audience must be public, internal or a department of records/org.yml: '研发'; did you mean '研发部'?" in err


def test_view_counts(project):
    import datetime as dt

    repo = load_repository(project, dt.date(2026, 11, 20))
    assert {r.key for r in View.of(repo, "public").records} == set()
    assert "2026-11-12-restricted-budget" not in {r.key for r in View.of(repo, "internal").records}
    assert "2026-11-12-restricted-budget" in {r.key for r in View.of(repo, "市场部").records}


def test_two_views_of_one_repository_each_hide_their_own_audiences_updates(project):
    """The first view takes the items the checks collected; a second view of the same
    repository collects its own: each marks hidden the updates its audience may not read."""
    import datetime as dt

    repo = load_repository(project, dt.date(2026, 11, 20))
    assert repo.collected is not None  # made by the rules, handed to the first view
    internal, market = View.of(repo, "internal"), View.of(repo, "市场部")

    def hidden(view):
        return {(i.id, c.record.key) for i in view.items for c in i.history if c.hidden}

    assert hidden(internal) == {("FX-02", "2026-11-12-restricted-budget")}
    assert hidden(market) == set()
    assert {id(i) for i in internal.items}.isdisjoint(id(i) for i in market.items)
