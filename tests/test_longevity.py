"""The site outlives MkDocs 1.x: it builds with ProperDocs, and `minutebook render`
pre-renders it to plain Markdown that MkDocs builds without the minutebook plugin."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import AS_OF, FIXTURE, SITE_MINUTES, active_content, article, build_env, expected, make_repo, minutes

from minutebook.cli.main import main

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow

HOSTILE_BODY = minutes("""## 背景

<script>alert("body")</script>
<img src="x" onerror="alert('img')">
[点我](javascript:alert(3))

普通段落 **照常** 显示。
""", base=SITE_MINUTES, title="正文含有脚本的纪要")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("longevity")
    return make_repo(tmp / "project", {"records/minutes/2026/2026-11-17-script-body.md": HOSTILE_BODY},
                     fixture=FIXTURE)


def run(cmd, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=build_env(), capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def rendered(project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rendered") / "out"
    assert main(["render", str(out), "--root", str(project), "--as-of", AS_OF]) == 0
    return out


def test_render_writes_pages_and_a_config_without_the_plugin(rendered):
    cfg = (rendered / "mkdocs.yml").read_text(encoding="utf-8")
    assert "minutebook" not in cfg.split("plugins:")[1].split("markdown_extensions")[0]
    assert "macros" not in cfg
    record = (rendered / "docs/records/minutes/2026/2026-11-02-fixture-sync.md").read_text(encoding="utf-8")
    assert record.startswith("---\n") and "# 成本 &#60; 预算 &#124; 复核会" in record
    page = (rendered / "docs/open-items.md").read_text(encoding="utf-8")
    assert "{{" not in page and "数据截至 2026-11-20" in page and "render_macros" not in page
    assert (rendered / "docs/records/index.md").is_file()


def test_rendered_site_builds_with_plain_mkdocs_and_matches_the_plugin_build(rendered):
    result = run([str(BIN / "mkdocs"), "build", "--strict"], rendered)
    assert result.returncode == 0, result.stderr
    html = article((rendered / "site/open-items/index.html").read_text(encoding="utf-8"))
    section = html[html.index('id="已逾期"'):html.index('id="未来7天到期"')]
    rows = re.findall(r"<tr>.*?</tr>", section, re.S)[1:]
    assert "\n".join(rows) == expected("open-items-overdue.html")


def test_rendered_record_bodies_are_sanitised(rendered):
    if not (rendered / "site").is_dir():
        assert run([str(BIN / "mkdocs"), "build", "--strict"], rendered).returncode == 0
    html = (rendered / "site/records/minutes/2026/2026-11-17-script-body/index.html").read_text(encoding="utf-8")
    tags, handlers, urls = active_content(article(html))
    assert "script" not in tags and not handlers
    assert not [u for u in urls if u.lower().startswith("javascript:")]
    assert "<strong>照常</strong>" in html


def test_properdocs_builds_the_site_with_the_plugin(project, tmp_path):
    result = run([str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "site")], project)
    assert result.returncode == 0, result.stderr
    html = article((tmp_path / "site/open-items/index.html").read_text(encoding="utf-8"))
    section = html[html.index('id="已逾期"'):html.index('id="未来7天到期"')]
    assert "\n".join(re.findall(r"<tr>.*?</tr>", section, re.S)[1:]) == expected("open-items-overdue.html")
    body = article((tmp_path / "site/records/minutes/2026/2026-11-17-script-body/index.html").read_text(encoding="utf-8"))
    assert "script" not in active_content(body)[0]


def test_properdocs_builds_the_rendered_site(rendered, tmp_path):
    result = run([str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "site")], rendered)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/records/minutes/2026/2026-11-02-fixture-sync/index.html").is_file()


def test_every_build_has_the_same_search(project, rendered, tmp_path):
    """The plugin's build (MkDocs and ProperDocs) and the pre-rendered site's builds (its
    hook, MkDocs and ProperDocs) index the same pages; `minutebook index` indexes a site
    built without either."""
    from minutebook.render.search_index import indexed_urls

    builds = {}
    for tool, cwd in (("mkdocs", project), ("properdocs", project), ("mkdocs", rendered), ("properdocs", rendered)):
        site = tmp_path / f"{tool}-{cwd.name}"
        result = run([str(BIN / tool), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)], cwd)
        assert result.returncode == 0, result.stderr
        assert not (site / "search").exists() and 'class="mb-search"' in (site / "index.html").read_text(encoding="utf-8")
        builds[(tool, cwd.name)] = indexed_urls(site)
    first = next(iter(builds.values()))
    assert "/records/minutes/2026/2026-11-02-fixture-sync/" in first and "/" in first
    assert not first & {"/open-items/", "/by-owner/", "/records/"}
    assert all(urls == first for urls in builds.values()), builds
    assert "hooks/minutebook_search.py" in (rendered / "mkdocs.yml").read_text(encoding="utf-8")
    page = (rendered / "docs/open-items.md").read_text(encoding="utf-8")
    assert page.startswith("---\n") and "search:\n  exclude: true\n" in page

    # another generator's output: `minutebook index` over it (here: the plain build, index removed)
    import shutil

    site = tmp_path / "mkdocs-out"
    shutil.rmtree(site / "pagefind")
    assert main(["index", str(site)]) == 0
    assert indexed_urls(site) == first
    # in parts (a large site): the same pages; the UI only in the first part, which lists them all
    import json

    assert main(["index", "--part-pages", "1", str(site)]) == 0
    parts = sorted(p.name for p in site.glob("pagefind*"))
    assert parts == ["pagefind"] + [f"pagefind-{i}" for i in range(1, len(first))]
    assert indexed_urls(site) == first
    meta = json.loads((site / "pagefind" / "mb-search.json").read_text(encoding="utf-8"))
    assert meta["bundles"] == [f"{p}/" for p in ["pagefind"] + parts[1:]]
    assert (site / "pagefind" / "pagefind-ui.js").is_file() and not (site / "pagefind-1" / "pagefind-ui.js").exists()
    assert (site / "pagefind-1" / "pagefind.js").is_file()
    assert main(["index", str(site)]) == 0  # back to one part: no stale part left
    assert sorted(p.name for p in site.glob("pagefind*")) == ["pagefind"]
    assert main(["index", str(tmp_path / "missing")]) == 2


def test_render_refuses_invalid_records(project, tmp_path):
    bad = project / "records/minutes/2026/2026-11-18-bad.md"
    bad.write_text("---\ntype: minutes\n---\n", encoding="utf-8")
    try:
        assert main(["render", str(tmp_path / "out"), "--root", str(project), "--as-of", AS_OF]) == 1
        assert not (tmp_path / "out").exists()
    finally:
        bad.unlink()
