"""A generated page as blocks, written as Markdown or straight to HTML.

Record pages are the bulk of a site (10,000 of them in five years). Writing them as
Markdown for MkDocs to parse back cost two thirds of a build; the plugin writes their
HTML directly instead and has Markdown convert only what people wrote (the record's
body). `minutebook render` still writes Markdown, which any generator builds. Both
writers take the same blocks, whose text is already escaped (`markup.esc`) and whose
links are `markup.link`'s: the HTML writer turns those into <a> with the page's URL,
as MkDocs does for a Markdown link. The HTML is what Python-Markdown makes of the same
Markdown (headings with their permalinks, tables, paragraphs, lists), so the two paths
give the same page; the tests compare them.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import quote

from minutebook.model.paths import site_url
from minutebook.render.markup import TABLES, card_rows, joined, relative, table


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    cards: int | None = None


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Body:
    """Markdown as people wrote it: converted by the caller's own Markdown (`HtmlStyle.body`)."""
    markdown: str


def to_markdown(blocks: list, body: Callable[[str], str] | None = None) -> str:
    parts = []
    for b in blocks:
        if isinstance(b, Heading):
            parts.append(f"{'#' * b.level} {b.text}\n")
        elif isinstance(b, Table):
            parts.append(table(b.headers, b.rows, cards=b.cards))
        elif isinstance(b, Para):
            parts.append(b.text + "\n")
        elif isinstance(b, Bullets):
            parts.append("".join(f"- {item}\n" for item in b.items))
        elif isinstance(b, Body):
            parts.append((body(b.markdown) if body else b.markdown) + "\n")
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class HtmlStyle:
    """What the HTML writer takes from the site's configuration."""

    directory_urls: bool = True
    # the toc extension's: slugify(text, separator), and the heading permalink
    slugify: Callable[[str, str], str] = lambda text, sep: re.sub(r"[-\s]+", sep, text.strip().lower())
    separator: str = "-"
    permalink: str | None = "&para;"
    permalink_title: str = "Permanent link"
    # a record's body (Markdown) -> (its HTML, its toc tokens)
    body: Callable[[str], tuple[str, list[dict]]] = field(default=lambda md: (html.escape(md), []))
    # the body's HTML -> what may be published of it (the sanitiser); everything else on
    # the page is written from escaped values
    clean: Callable[[str], str] = lambda body: body


def to_html(blocks: list, here: str, style: HtmlStyle) -> tuple[str, list[dict], set[str]]:
    """(the HTML, the table of contents as nested toc tokens, every id on the page)."""
    out: list[str] = []
    flat: list[dict] = []
    used: set[str] = set()
    bodies: list[int] = []
    for b in blocks:
        if isinstance(b, Heading):
            text = links_to_html(b.text, here, style.directory_urls)
            name = _strip_tags(text)
            anchor = _unique(style.slugify(html.unescape(name), style.separator), used)
            link = (f'<a class="headerlink" href="#{anchor}" title="{style.permalink_title}">{style.permalink}</a>'
                    if style.permalink else "")
            out.append(f'<h{b.level} id="{anchor}">{text}{link}</h{b.level}>')
            flat.append({"level": b.level, "id": anchor, "name": name, "html": text, "children": []})
        elif isinstance(b, Table):
            out.append(_table(b, here, style.directory_urls))
        elif isinstance(b, Para):
            out.append(f"<p>{links_to_html(b.text, here, style.directory_urls)}</p>")
        elif isinstance(b, Bullets):
            items = "".join(f"<li>{links_to_html(i, here, style.directory_urls)}</li>\n" for i in b.items)
            out.append(f"<ul>\n{items}</ul>")
        elif isinstance(b, Body):
            body, tokens = style.body(b.markdown)
            for token in _flatten(tokens):
                if token["id"] in used:  # a body heading named like a section of the page
                    new = _unique(token["id"], used)
                    body = body.replace(f'id="{token["id"]}"', f'id="{new}"', 1).replace(
                        f'href="#{token["id"]}"', f'href="#{new}"', 1)
                    token["id"] = new
                used.add(token["id"])
                flat.append(token)
            bodies.append(len(out))
            out.append(body)
    # the anchors as written, before the body is cleaned: a link to `#__drawer` names the
    # theme's own element, which the sanitiser keeps a body from claiming
    ids = {html.unescape(m) for m in _ID.findall("\n".join(out))}
    for n in bodies:
        out[n] = style.clean(out[n])
    return "\n".join(out), nest(flat), ids


class TableStash:
    """The tables of the pages a build generates (index pages, each person's page, what
    the macros of the aggregate pages return), kept as blocks while Markdown converts
    the rest of the page, and put in as HTML afterwards: a table of 10,000 rows costs
    Markdown seconds, its HTML next to nothing. Active between `start()` and `stop()`."""

    _PLACEHOLDER = re.compile(r'<div class="mb-stash" data-n="(\d+)"></div>')

    def __init__(self, directory_urls: bool = True, *, memo: bool = False):
        self.directory_urls = directory_urls
        self.tables: dict[int, Table] = {}
        self.n = 0
        # the preview's: each row's HTML by the page, the table's headers and the row's
        # cells, which are all it depends on; an edit then rewrites the rows it changed,
        # not the 10,000 of a year's list (a few MB at 10,000 records, so serve only)
        self.memo: dict | None = {} if memo else None

    def put(self, headers: list[str], rows: list[list[str]], cards: int | None) -> str:
        self.n += 1
        self.tables[self.n] = Table(headers, rows, cards)
        # a block of raw HTML of its own, which Markdown passes through as it is
        return f'<div class="mb-stash" data-n="{self.n}"></div>\n'

    def fill(self, page_html: str, here: str) -> str:
        """The page's HTML with its tables in place (their links relative to `here`)."""
        if 'class="mb-stash"' not in page_html:
            return page_html
        return self._PLACEHOLDER.sub(
            lambda m: _table(self.tables.pop(int(m[1])), here, self.directory_urls, self.memo), page_html)

    def start(self) -> None:
        self._token = TABLES.set(self)

    def stop(self) -> None:
        if getattr(self, "_token", None) is not None:
            TABLES.reset(self._token)
            self._token = None


def _table(b: Table, here: str, directory_urls: bool, memo: dict | None = None) -> str:
    if not b.rows:
        return ""
    head = "".join(f"<th>{h}</th>\n" for h in b.headers)
    if memo is None:
        rows = [_row(row, here, directory_urls) for row in card_rows(b.headers, b.rows, b.cards)]
    else:
        known = memo.setdefault((here, directory_urls, b.cards, tuple(b.headers)), {})
        rows = []
        for row in b.rows:
            key = tuple(row)
            html_row = known.get(key)
            if html_row is None:
                html_row = known[key] = _row(card_rows(b.headers, [row], b.cards)[0], here, directory_urls)
            rows.append(html_row)
    return f"<table>\n<thead>\n<tr>\n{head}</tr>\n</thead>\n<tbody>\n{''.join(rows)}</tbody>\n</table>"


def _row(cells: list[str], here: str, directory_urls: bool) -> str:
    return "<tr>\n" + "".join(f"<td>{links_to_html(c, here, directory_urls)}</td>\n" for c in cells) + "</tr>\n"


# what `markup.link` writes: its text and target come escaped (`esc` turns every bracket
# and parenthesis of a record's text into an entity), so this finds its links and nothing
# a record wrote
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]*)\)")
_ID = re.compile(r'\sid="([^"]*)"')  # an id attribute (\b before it was four times slower, and took data-id)
_TAG = re.compile(r"<[^>]*>")


def links_to_html(text: str, here: str, directory_urls: bool = True) -> str:
    if "](" not in text:
        return text
    return _LINK.sub(lambda m: f'<a href="{page_url(m[2], here, directory_urls)}">{m[1]}</a>', text)


@functools.lru_cache(maxsize=1 << 16)  # a page links the same people and records many times
def page_url(target: str, here: str, directory_urls: bool = True) -> str:
    """The URL, relative to the page `here`, of `target` (a Markdown path relative to
    `here`, maybe with #anchor), as MkDocs writes a link between two pages."""
    path, _, anchor = target.partition("#")
    dest = joined(posixpath.dirname(here), path) if path else here
    url, base = site_url(dest, directory_urls), site_url(here, directory_urls)
    head, _, tail = base.rpartition("/")
    if "." in tail:  # a file's URL (`a.html`): relative to its folder
        base = head
    rel = relative(url, base)
    if url.endswith("/"):
        rel += "/"
    return quote(rel) + (f"#{anchor}" if anchor else "")


def _strip_tags(text: str) -> str:
    return _TAG.sub("", text).strip()


def _unique(anchor: str, used: set[str]) -> str:
    # as Python-Markdown's toc extension: a repeated id gets _1, _2 …
    base, n = anchor, 0
    while anchor in used or not anchor:
        n += 1
        anchor = f"{base}_{n}"
    used.add(anchor)
    return anchor


def _flatten(tokens: list[dict]):
    for t in tokens:
        yield {**t, "children": []}
        yield from _flatten(t.get("children") or [])


def nest(flat: list[dict]) -> list[dict]:
    """Nested toc tokens from a flat list in page order: each heading under the nearest
    preceding heading of a higher level."""
    root: list[dict] = []
    stack: list[dict] = []
    for token in flat:
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root
