"""Record pages in the MkDocs build: HTML from the model, Markdown only for the body.

MkDocs renders every page from Markdown. A record page is generated from the model,
so writing it as Markdown for MkDocs to parse back is pure cost (two thirds of a
build at 10,000 records), and so is a Markdown converter set up for each of 10,000
pages. A record's page is a `RecordPage`: its metadata comes from the model (no
front-matter written and parsed back), and its content is written from the blocks of
`minutebook.render.record_page`, in the HTML that Python-Markdown makes of the same
Markdown (`minutebook render` writes that Markdown; the tests hold the two equal).
The body, which people wrote, is converted by one Markdown instance kept for the whole
build, with the site's own extensions and MkDocs' own link rewriting and checking. The
page's table of contents and anchors are set as MkDocs' own `Page.render` sets them.
Every plugin event of a page still runs for it.
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor
from mkdocs.structure.toc import get_toc

from minutebook.render import record_page
from minutebook.render.blocks import HtmlStyle
from minutebook.render.sanitize import sanitize

log = logging.getLogger("mkdocs")


class RecordPages:
    """The record pages of one build, and the converter of their bodies."""

    def __init__(self, config, view, rendered=None):
        self.config = config
        self.view = view
        self.rendered = rendered  # called with each page once its content is written
        self.md = markdown.Markdown(extensions=config.markdown_extensions,
                                    extension_configs=config.mdx_configs or {})
        toc = (config.mdx_configs or {}).get("toc", {})
        permalink = toc.get("permalink", False)
        kwargs = {}
        if "slugify" in toc:
            kwargs["slugify"] = toc["slugify"]
        elif "toc" in self.md.treeprocessors:
            kwargs["slugify"] = self.md.treeprocessors["toc"].slugify
        self.style = HtmlStyle(
            directory_urls=config.use_directory_urls,
            separator=toc.get("separator", "-"),
            permalink=("&para;" if permalink is True else str(permalink)) if permalink else None,
            permalink_title=toc.get("permalink_title", "Permanent link"),
            body=self._body,
            clean=sanitize,
            **kwargs,
        )
        self._page: RecordPage | None = None
        self.paths: set[str] = set()

    def add(self, files, record, path: str) -> None:
        """The record's page, out of the navigation (reached through the index pages)."""
        file = File.generated(self.config, path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        files.append(file)
        self.paths.add(path)
        RecordPage(file, self.config, record, self)  # MkDocs keeps the page it finds on the file

    def render(self, page: RecordPage, files) -> None:
        if page.errors:  # the preview of a record that fails the checks (plugins/preview.py)
            page.content = (f'<h1 id="errors">{ERRORS_TITLE}</h1>\n<p>{ERRORS_TEXT}</p>\n'
                            f'<ul class="mb-errors">\n{page.errors}</ul>')
            page.toc, page.present_anchor_ids = get_toc([]), {"errors"}
            return
        self._page, self._files, self._relpath = page, files, None
        try:
            # the blocks escape every value of the front-matter (minutebook.render.markup.esc);
            # only the body, which Markdown passes raw HTML through, is sanitised (style.clean)
            content, toc, ids = record_page.render_html(self.view, page.record, self.style)
        finally:
            self._page = None
        page.content = content
        page.toc = get_toc(toc)
        page.present_anchor_ids = ids
        if self._relpath is not None and log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = self._relpath.links_to_anchors
        if self.rendered is not None:
            self.rendered(page)

    def _body(self, text: str) -> tuple[str, list[dict]]:
        md = self.md
        md.reset()
        # links in the body are rewritten and checked relative to this page, as MkDocs does
        self._relpath = _RelativePathTreeprocessor(self._page.file, self._files, self.config)
        self._relpath._register(md)
        html = md.convert(text)
        return html, list(getattr(md, "toc_tokens", []))


# Material renders the whole navigation (the sidebar and the tabs) into every page. A
# record page is in neither, so no item of either is active on it, and the HTML of both
# depends only on how deep the page is (the links are relative): rendered once per depth
# and reused, it saves 40 % of the templates' time at 10,000 records. So do the header
# around the page's title (plugins/theme/partials/header.html is split for this), the
# theme's configuration script, the styles, the scripts and the footer (no previous or
# next page: record pages are out of the navigation).
_CHROME = ("partials/nav.html", "partials/tabs.html", "partials/mb-header-start.html",
           "partials/mb-header-end.html")
# Material's own blocks: ours (main.html) call super(), which finds a block by its function
_CHROME_BLOCKS = (("base.html", "config"), ("base.html", "footer"), ("base.html", "styles"),
                  ("base.html", "scripts"))


def _once_per_depth(render):
    cache: dict = {}

    def cached(context):
        if not isinstance(context.get("page"), RecordPage):
            yield from render(context)
            return
        key = context.get("base_url")
        if key not in cache:
            cache[key] = "".join(render(context))
        yield cache[key]

    return cached


def cache_chrome(env) -> None:
    for name in _CHROME:
        template = env.get_template(name)
        template.root_render_func = _once_per_depth(template.root_render_func)
    for name, block in _CHROME_BLOCKS:
        blocks = env.get_template(name).blocks
        if block in blocks:
            blocks[block] = _once_per_depth(blocks[block])


ERRORS_TITLE = "这条记录没有通过检查"
ERRORS_TEXT = "改正下列问题并保存后，本页会自动更新；在此之前网站其他页面显示的是这条记录改动之前的内容。"


class RecordPage(Page):
    """A record's page: metadata and content from the model."""

    def __init__(self, file, config, record, pages: RecordPages):
        super().__init__(None, file, config)
        self.record = record
        self.pages = pages
        self.errors: str | None = None  # in the preview: the diagnostics, as list items

    def read_source(self, config) -> None:
        self.markdown = ""  # nothing for Markdown to convert; render() writes the page
        if self.errors:
            self.meta = {"title": ERRORS_TITLE, "search": {"exclude": True}}
        else:
            self.meta = record_page.page_meta(self.pages.view, self.record)

    def render(self, config, files) -> None:
        self.pages.render(self, files)
