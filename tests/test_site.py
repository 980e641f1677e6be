"""The site: a real `mkdocs build --strict` of a small fixture site, compared by
golden fragments, plus the build's refusals (invalid record, template syntax,
unsafe HTML) and the sample site of the repository."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from helpers import (
    AS_OF,
    FIXTURE,
    ROOT,
    SITE_MINUTES,
    active_content,
    article,
    build_fixture_site,
    expected,
    make_repo,
    minutes,
    mkdocs_build,
    pagefind_filters,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("fixture-site"))


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def row_with(html: str, marker: str) -> list[str]:
    """Every <tr>…</tr> of the page that contains `marker`."""
    return [m for m in re.findall(r"<tr>.*?</tr>", html, re.S) if marker in m]


# ----------------------------------------------------------------- open items


def test_open_items_overdue_rows(built):
    html = article(page(built, "open-items"))
    section = html[html.index('id="已逾期"'):html.index('id="未来7天到期"')]
    rows = re.findall(r"<tr>.*?</tr>", section, re.S)[1:]  # without the header row
    assert "\n".join(rows) == expected("open-items-overdue.html")


def test_open_items_escalation_names_only_items_late_beyond_threshold(built):
    html = article(page(built, "open-items"))
    section = html[html.index('id="需升级"'):html.index('id="已逾期"')]
    assert "逾期超过 3 个工作日" in section
    assert "FX-01" in section and "FX-04" not in section  # 8 vs 2 working days late


def test_open_items_summary_and_reference_date(built):
    html = article(page(built, "open-items"))
    assert "数据截至 2026-11-20" in html
    summary = re.findall(r"<tr>.*?</tr>", html, re.S)[1]
    cells = re.findall(r"<td>(.*?)</td>", summary)
    # open, overdue, due in the next 7 days, blocked, escalated: 2026-11-20 is a Friday, and
    # FX-02 (due Wednesday 11-25) is due soon though no longer "this week"
    assert cells == ["3", "2", "1", "1", "1"]


def headings3(html: str) -> list[str]:
    """The text of each h3, without its permalink."""
    return [re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", h))
            for h in re.findall(r"<h3[^>]*>(.*?)</h3>", html, re.S)]


def test_open_items_grouped_by_department_and_owner(built):
    html = article(page(built, "open-items"))
    by_dept, by_owner = ["研发部（1 项，逾期 1 项）", "市场部（2 项，逾期 1 项）"], ["张三（1 项，逾期 1 项）", "李四（2 项，逾期 1 项）"]
    assert headings3(html) == by_dept + by_owner  # 按部门, then 按责任人
    assert headings3(article(page(built, "by-owner"))) == by_owner + by_dept
    # each group heading leads to that person's or department's own page
    assert '<a href="../people/%E5%BC%A0%E4%B8%89/">张三</a>' in html
    assert '<a href="../departments/%E7%A0%94%E5%8F%91%E9%83%A8/">研发部</a>' in html


def test_open_items_latest_status_after_update(built):
    html = article(page(built, "open-items"))
    blocked = html[html.index('id="阻塞"'):html.index('id="按部门"')]
    assert row_with(blocked, "#item-FX-02")
    assert "FX-03" not in html  # done items are not open


# ----------------------------------------------------------------- record page


def test_record_page_header(built):
    html = article(page(built, "records/minutes/2026/2026-11-02-fixture-sync"))
    header = re.search(r"<table>.*?</table>", html, re.S).group()
    assert header == expected("record-header.html")


def test_record_page_actions_escaped_with_status_and_overdue(built):
    html = article(page(built, "records/minutes/2026/2026-11-02-fixture-sync"))
    actions = html[html.index('id="待办任务"'):html.index('id="事项进展"')]
    rows = re.findall(r"<tr>.*?</tr>", actions, re.S)
    assert "\n".join(rows) == expected("record-actions.html")


def test_record_page_history_and_links_to_later_records(built):
    html = article(page(built, "records/minutes/2026/2026-11-02-fixture-sync"))
    history = html[html.index('id="事项进展"'):html.index('id="相关记录"')]
    assert row_with(history, "FX-02")[0] == expected("record-history.html")
    related = html[html.index('id="相关记录"'):html.index('id="正文"')]
    assert '<li><a href="../2026-11-16-fixture-followup/"' in related


def test_update_links_back_to_the_item(built):
    html = article(page(built, "records/minutes/2026/2026-11-16-fixture-followup"))
    assert 'href="../2026-11-02-fixture-sync/#item-FX-02"' in html
    assert "引用的记录" in html


def test_records_stay_out_of_the_navigation(built):
    home = page(built, "")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>")]
    assert "fixture-sync" not in nav
    assert "records/minutes/2026" not in home  # not linked from every page


def test_index_pages_by_kind_year_department(built):
    index = article(page(built, "records"))
    assert "共 2 条记录" in index
    assert row_with(index, "会议纪要")[0].count("<td>") == 2
    kind = article(page(built, "records/minutes"))
    assert kind.index("跟进会") < kind.index("复核会")  # newest first
    assert "跟进会" in article(page(built, "records/year/2026"))
    assert "复核会" in article(page(built, "records/department/研发部"))


# ----------------------------------------------------------------- refusals


def test_invalid_record_fails_the_build_naming_file_and_line(tmp_path):
    bad = minutes(None, base=SITE_MINUTES, title="缺责任人", date="2026-11-18", published="2026-11-18 12:00",
                  blocks="actions:\n  - id: FX-09\n    task: 没有责任人\n    due: 2026-11-30\n")
    project = make_repo(tmp_path / "project", {"records/minutes/2026/2026-11-18-bad.md": bad},
                        fixture=FIXTURE)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert ("records/minutes/2026/2026-11-18-bad.md:14:5: MB101 `owner` is required in actions[1]"
            in result.stderr)
    assert "error(s) in the records" in result.stderr


def test_build_and_check_fail_on_the_same_unparseable_record(tmp_path):
    project = make_repo(tmp_path / "project", fixture=FIXTURE)
    (project / "records/minutes/2026/2026-11-19-broken.md").write_bytes(b"---\ntitle: [unclosed\n---\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "records/minutes/2026/2026-11-19-broken.md:3:1: MB004 YAML syntax error" in result.stderr


def _build_in_process(project: Path, out: Path, monkeypatch, disable: tuple[str, ...]):
    """Build with some rules switched off, as if a record had slipped past the checks."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from checks import catalogue, engine  # noqa: F401  (engine registers the rules)

    for code in disable:
        monkeypatch.setitem(catalogue.RULES, code, dataclasses.replace(catalogue.RULES[code], check=None))
    monkeypatch.setenv("MINUTEBOOK_TODAY", AS_OF)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(project)
    cfg = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(out))
    build(cfg)


HOSTILE = minutes(
    base=SITE_MINUTES,
    title='"{{ config.site_name }} <img src=x onerror=alert(1)>"',
    owner="\"{{ cycler.__init__.__globals__.os.popen('echo $((6*7))PWN').read() }}\"",
    render_macros="true",
    blocks="""actions:
  - id: FX-66
    task: "{% include 'docs/index.md' %} <script>alert(2)</script>"
    owner: 张三
    due: 2026-11-30
""",
    body="""计算结果：{{ 7 * 191 }} 以及 {{ config.site_name }}

<script>alert("body")</script>
<img src="x" onerror="alert('body')">
[点我](javascript:alert(3))

段落 {: onclick="alert(4)" }
""",
)


def test_template_syntax_and_html_that_bypass_the_checks_stay_inert(tmp_path, monkeypatch):
    project = make_repo(tmp_path / "project", {"records/minutes/2026/2026-11-17-hostile.md": HOSTILE},
                        fixture=FIXTURE)
    _build_in_process(project, tmp_path / "site", monkeypatch,
                      disable=("MB106", "MB107", "MB109", "MB201"))
    html = (tmp_path / "site/records/minutes/2026/2026-11-17-hostile/index.html").read_text(encoding="utf-8")
    body = article(html)
    assert "1337" not in body and "42PWN" not in html  # nothing was evaluated
    assert "测试站点" not in body  # config.site_name was not rendered into the record
    assert "{{ 7 * 191 }}" in body  # the body's braces are shown as typed
    assert "&#123;&#123; cycler" in body or "{{ cycler" in body
    tags, handlers, urls = active_content(body)
    assert "script" not in tags and not handlers
    assert not [u for u in urls if u.strip().lower().startswith("javascript:")]
    assert "alert(1)" in body  # shown as text, not dropped silently
    open_items = page(tmp_path / "site", "open-items")
    tags, handlers, _ = active_content(article(open_items))
    assert "script" not in tags and not handlers
    assert "&#60;script&#62;alert&#40;2&#41;" in open_items  # escaped, shown as text


# What a build of the sample site may say besides the findings about records: MkDocs'
# own three lines (the search index is written quietly: Pagefind, no jieba)
QUIET_BUILD = [re.compile(p) for p in (
    r"INFO    -  Cleaning site directory",
    r"INFO    -  Building documentation to directory: .+",
    r"INFO    -  Documentation built in \d+\.\d+ seconds",
)]
# a finding about a record, as `minutebook check` words it: path:line:col: code …
RECORD_LINE = re.compile(r"(INFO|WARNING|ERROR) +-  minutebook: [^\s:]+:\d+:\d+: MB\d{3} ")
# the pages for readers: every page but the guides for authors and maintainers
NOT_FOR_READERS = ("guide/", "reference/", "security/", "benchmarks/", "search/", "exports/")


def test_samples_build_strict_and_quiet_in_chinese():
    """The repository's own site builds with --strict on the sample records; the build
    says nothing but its findings about the records and MkDocs' own progress lines (no
    list of pages left out of the nav, no plugin chatter); and the pages for readers are
    in Chinese: no generator footer, no code names or field keys in the text."""
    import html as htmllib
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        site = Path(out) / "site"
        result = mkdocs_build(ROOT, site)
        assert result.returncode == 0, result.stderr[-3000:]
        assert (site / "open-items/index.html").is_file()
        lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
        records = [line for line in lines if RECORD_LINE.match(line)]
        assert records, "the sample records should show a finding or two (MB310, MB311)"
        other = [line for line in lines if not RECORD_LINE.match(line)
                 and not any(p.fullmatch(line) for p in QUIET_BUILD)]
        assert other == [], "the build said more than its findings about the records:\n" + "\n".join(other)
        assert len(records) == len(set(records)), "a finding was logged twice"

        pages = [p for p in site.rglob("index.html")
                 if not p.relative_to(site).as_posix().startswith(NOT_FOR_READERS)]
        assert len(pages) > 50
        for path in pages:
            html = path.read_text(encoding="utf-8")
            assert "Made with" not in html and "md-copyright__highlight" not in html, path
            text = re.sub(r"<svg.*?</svg>|<code>.*?</code>", " ", article(html), flags=re.S)
            assert "<code>" not in article(html), f"{path}: code in a page for readers"
            words = set(re.findall(r"\b[a-z][a-z_]{2,}\b", htmllib.unescape(re.sub(r"<[^>]+>", " ", text))))
            assert not words, f"{path.relative_to(site)}: code names in a page for readers: {sorted(words)}"


def test_build_is_reproducible(tmp_path):
    """Same records, MINUTEBOOK_TODAY and SOURCE_DATE_EPOCH: the same bytes, file for file.

    Except Pagefind's filter files: Pagefind 1.5 writes the values of a filter that match
    the same pages in the order of a Rust HashMap, which changes from run to run, and the
    names of the filter files (and the pf_meta file that lists them) are hashes of those
    bytes. For them the same filters, values and pages are required."""
    project = make_repo(tmp_path / "project", fixture=FIXTURE)
    for name in ("a", "b"):
        assert mkdocs_build(project, tmp_path / name).returncode == 0

    def files(site):
        """Every file by path and bytes, the filter files and what names them left out."""
        out = {}
        for p in site.rglob("*"):
            rel = p.relative_to(site).as_posix()
            if p.is_file() and not re.fullmatch(r"pagefind/(filter/.*\.pf_filter|.*\.pf_meta|pagefind-entry\.json)", rel):
                out[rel] = p.read_bytes()
        return out

    files_a, files_b = files(tmp_path / "a"), files(tmp_path / "b")
    assert sorted(files_a) == sorted(files_b)
    assert [rel for rel in files_a if files_a[rel] != files_b[rel]] == []
    assert pagefind_filters(tmp_path / "a") == pagefind_filters(tmp_path / "b") != {}


# ----------------------------------------------------------------- search (Pagefind)


def url_of(docs_path: str) -> str:
    """docs-relative Markdown path -> the page's URL as Pagefind stores it."""
    stem = docs_path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return "/" + stem.lstrip("/")


def test_search_index_holds_record_and_hand_written_pages_never_aggregates(built):
    import re as re_

    from checks.engine import load_repository
    from minutebook.render import indexes
    from minutebook.render.macros import macros
    from minutebook.render.search_index import NOT_AGGREGATING, indexed_urls
    from minutebook.render.site import page_path
    from minutebook.views.view import View

    view = View.of(load_repository(FIXTURE, dt.date.fromisoformat(AS_OF)), "internal")
    indexed = indexed_urls(built)
    records = {url_of(page_path(r)) for r in view.records}
    assert records and records <= indexed
    assert "/" in indexed  # the hand-written home page
    # every generated index page, and every hand-written page calling an aggregating macro
    names = "|".join(n for n in macros(None, "") if n not in NOT_AGGREGATING)
    aggregates = {url_of(p) for p in indexes.pages(view)}
    aggregates |= {url_of(p.relative_to(FIXTURE / "docs").as_posix()) for p in (FIXTURE / "docs").rglob("*.md")
                   if re_.search(r"\{\{\s*(?:" + names + r")\s*\(", p.read_text(encoding="utf-8"))}
    assert {"/open-items/", "/by-owner/", "/records/"} <= aggregates
    assert indexed & aggregates == set()
    # each person's and department's page is found by the name (its item tables are not indexed)
    from minutebook.render import people

    own = {url_of(p) for p in people.pages(view)}
    assert {"/people/张三/", "/departments/研发部/"} <= own
    assert indexed == records | own | {"/"}  # nothing else: not the 404 page, no chrome-only page
    # the marker the theme writes is exactly on the indexed pages
    marked = {"/" + p.relative_to(built).as_posix()[: -len("index.html")] for p in built.rglob("*.html")
              if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    assert marked == indexed


def _fragments(site: Path) -> dict:
    """url -> what Pagefind keeps of the page (its text, filters and metadata)."""
    import gzip

    out = {}
    for part in site.iterdir():
        if part.is_dir() and part.name.startswith("pagefind"):
            for frag in (part / "fragment").glob("*.pf_fragment"):
                data = gzip.decompress(frag.read_bytes())
                f = json.loads(data[data.index(b"{"):])
                out[f["url"]] = (f["content"], f["filters"], f["meta"], f["word_count"])
    return out


def test_record_pages_are_indexed_as_their_built_pages_read(tmp_path):
    """Record pages go to Pagefind as soon as their content is rendered, before the page
    is built: what it keeps of each (text, tags, title, filters, people's words) is what
    it keeps when it reads the built page."""
    import shutil

    from minutebook.render.search_index import index_site

    project = make_repo(tmp_path / "project", fixture=FIXTURE)
    sync = project / "records/minutes/2026/2026-11-02-fixture-sync.md"
    sync.write_text(sync.read_text(encoding="utf-8").replace("owner: 张三\n", "owner: 张三\ntags: [预算分配, 复核]\n", 1),
                    encoding="utf-8")
    config = project / "mkdocs.yml"  # the tags shown on the page, as in the project's own site
    config.write_text(config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - tags\n", 1),
                      encoding="utf-8")
    built = tmp_path / "built"
    result = mkdocs_build(project, built)
    assert result.returncode == 0, result.stderr
    assert "预算分配" in page(built, "records/minutes/2026/2026-11-02-fixture-sync")
    again = tmp_path / "site"
    shutil.copytree(built, again)
    index_site(again)  # from the built pages, as `minutebook index` does
    early, late = _fragments(built), _fragments(again)
    records = [u for u in late if u.startswith("/records/")]
    assert records and set(early) == set(late)
    for url in records:
        assert early[url] == late[url], url


def test_record_pages_chrome_rendered_once_per_depth_equals_rendered_each_time(built, tmp_path):
    """The navigation, the header around the title, the theme's configuration, styles,
    scripts and footer of record pages are rendered once per depth (cache_chrome): the
    pages equal, byte for byte, those of a build that renders them for every page."""
    import subprocess

    from helpers import BIN, build_env

    project = make_repo(tmp_path / "project", fixture=FIXTURE)
    plain = tmp_path / "plain"
    uncached = ("import sys, plugins.records as r; r.cache_chrome = lambda env: None; "
                "from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', '--strict', '-d', sys.argv[1]]; cli()")
    result = subprocess.run([str(BIN / "python"), "-c", uncached, str(plain)], cwd=project, env=build_env(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(built) for p in (built / "records").rglob("index.html"))
    records = [p for p in pages if len(p.parts) == 5]  # records/<kind>/<year>/<name>/index.html
    assert len(records) >= 2  # the second at a depth is served from the cache
    for rel in pages:
        assert (built / rel).read_bytes() == (plain / rel).read_bytes(), rel
    titles = {re.search(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>',
                        (built / rel).read_text(encoding="utf-8"), re.S)[1] for rel in records}
    assert len(titles) == len(records)  # each page's own title in the header


def test_table_rows_from_the_preview_memo_equal_rows_written_afresh():
    from minutebook.render.blocks import Table, _table

    headers = ["日期", "标题", "部门"]
    rows = [["2026-11-02", "[复核会](../minutes/2026/a.md)", "研发部"], ["2026-11-16", "跟进会", ""]]
    memo: dict = {}
    for here in ("records/year/2026.md", "records/department/研发部.md", "records/minutes/index.md"):
        for cards in (None, 1):
            plain = _table(Table(headers, rows, cards), here, True)
            assert _table(Table(headers, rows, cards), here, True, memo) == plain  # filling the memo
            assert _table(Table(headers, [list(r) for r in rows], cards), here, True, memo) == plain  # from it
    changed = [["2026-11-02", "[复核会（改）](../minutes/2026/a.md)", "研发部"], rows[1]]
    assert _table(Table(headers, changed, 1), "records/year/2026.md", True, memo) == _table(
        Table(headers, changed, 1), "records/year/2026.md", True)


def test_an_index_in_parts_written_while_the_next_part_is_indexed(built, tmp_path):
    """Parts are written by a thread of their own while the next part's Pagefind takes
    pages: every part whole, in order, each page in exactly one of them."""
    import shutil

    from minutebook.render.search_index import index_site, indexed_urls

    whole = indexed_urls(built)
    site = tmp_path / "site"
    shutil.copytree(built, site)
    stats = index_site(site, part_pages=2)
    assert stats["parts"] == ["pagefind/"] + [f"pagefind-{n}/" for n in range(1, len(stats["parts"]))]
    assert len(stats["parts"]) == (len(whole) + 1) // 2
    assert indexed_urls(site) == whole
    bundles = json.loads((site / "pagefind" / "mb-search.json").read_text(encoding="utf-8"))["bundles"]
    assert bundles == stats["parts"]
    for part in stats["parts"]:
        assert (site / part / "pagefind-entry.json").stat().st_size > 0


def test_a_part_that_fails_to_be_written_fails_the_index(built, tmp_path, monkeypatch):
    import shutil

    from minutebook.render import search_index

    write = search_index._write

    def failing(service, index_id, site_dir, n):
        if n == 1:
            raise RuntimeError("disk full")
        return write(service, index_id, site_dir, n)

    monkeypatch.setattr(search_index, "_write", failing)
    site = tmp_path / "site"
    shutil.copytree(built, site)
    with pytest.raises(RuntimeError, match="disk full"):
        search_index.index_site(site, part_pages=2)


def test_no_lunr_search_index_and_the_header_has_the_search_box(built):
    assert not (built / "search").exists()  # Material's search plugin is gone, and its index
    html = page(built, "records/minutes/2026/2026-11-02-fixture-sync")
    header = html[html.index("<header"):html.index("</header>")]
    assert 'class="mb-search"' in header and 'data-pagefind-ignore="all"' in header
    assert "md-search" not in html
    assert (built / "pagefind" / "pagefind-ui.js").is_file() and (built / "pagefind" / "pagefind-entry.json").is_file()
    assert (built / "assets" / "mb-search" / "mb-search.js").is_file()


def test_record_page_carries_the_search_filters_and_people_of_the_model(built):
    html = article(page(built, "records/minutes/2026/2026-11-02-fixture-sync"))
    hidden = re.search(r"<div hidden data-pagefind-ignore[^>]*>.*?</div>", html, re.S).group()
    assert 'data-mb-people="张三、李四"' in hidden
    filters = re.findall(r'<span data-pagefind-filter="([^"]+)">([^<]*)</span>', hidden)
    assert filters == [("类型", "会议纪要"), ("部门", "研发部"), ("部门", "市场部"), ("责任人", "张三"),
                       ("年份", "2026"), ("状态", "有未关闭事项")]
    assert '<span data-pagefind-meta="title">成本 &lt; 预算 | 复核会</span>' in hidden  # escaped once
    filters = {name: {v: len(pages) for v, pages in values.items()} for name, values in pagefind_filters(built).items()}
    assert filters == {"类型": {"会议纪要": 2}, "部门": {"研发部": 2, "市场部": 2}, "责任人": {"张三": 1, "李四": 1},
                       "年份": {"2026": 2}, "状态": {"有未关闭事项": 2}}  # the fixture's two minutes
    people = json.loads((built / "pagefind" / "mb-search.json").read_text(encoding="utf-8"))
    assert people == {"bundles": ["pagefind/"], "people": ["张三", "李四"]}
