"""Escaping and small building blocks of the generated Markdown.

Every value that comes from a record goes through `esc` before it reaches the page:
HTML-escaped, and every character that Markdown, its extensions or a template engine
would read as syntax replaced by its numeric entity. The browser shows the same
characters; nothing else interprets them.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from contextvars import ContextVar

from minutebook.model import labels
from minutebook.model.vocabulary import STATUSES

_ENTITIES = {c: f"&#{ord(c)};" for c in "&<>\"'|{}[]()*_`\\#!~^=$+"}
_TABLE = str.maketrans(_ENTITIES)


def esc(value) -> str:
    """A record value as inert Markdown text, on one line."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split("\n"))
    return text.translate(_TABLE)


def esc_block(value) -> str:
    """Multi-line record text as inert Markdown, line breaks kept."""
    if value is None:
        return ""
    return "<br>\n".join(_line(esc(line.strip())) for line in str(value).strip().split("\n"))


def _line(text: str) -> str:
    # a line that starts like a list item, a setext underline or a numbered list
    if text[:1] in ("-", "=", ":"):
        return f"&#{ord(text[0])};{text[1:]}"
    digits = len(text) - len(text.lstrip("0123456789"))
    if digits and text[digits:digits + 1] == ".":
        return f"{text[:digits]}&#46;{text[digits + 1:]}"
    return text


def link(text: str, target: str, here: str) -> str:
    """A Markdown link from the page `here` to the page `target` (docs-relative paths).

    `text` must already be escaped."""
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    rel = relative(target, posixpath.dirname(here))
    return f"[{text}]({rel}{anchor})"


def relative(path: str, start: str) -> str:
    """`path` relative to the folder `start`, both relative POSIX paths without `..`.

    posixpath.relpath asks the operating system for the working folder on every call:
    a site of 10,000 records makes a few hundred thousand links."""
    a = [p for p in path.split("/") if p and p != "."]
    b = [p for p in start.split("/") if p and p != "."]
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return "/".join([".."] * (len(b) - n) + a[n:]) or "."


def joined(folder: str, path: str) -> str:
    """`path` (relative, maybe with `..`) taken from `folder`, normalised."""
    out = [p for p in folder.split("/") if p and p != "."]
    for p in path.split("/"):
        if p == "..":
            if out:
                out.pop()
        elif p and p != ".":
            out.append(p)
    return "/".join(out)


def table(headers: list[str], rows: list[list[str]], *, cards: int | None = None) -> str:
    """A Markdown table; cells must already be escaped.

    `cards=n`: on a narrow screen (under 600 px, docs/assets/minutebook.css) each row is
    shown as a card: its first n cells on top, every other cell on a line of its own after
    its column's header. The header is written into the cell, in a `mb-label` span that
    the stylesheet shows only on cards, so the labels of a card are always the table's
    own headers; a table holding such spans is what the stylesheet lays out as cards
    (plain Markdown: no wrapper, no extension needed)."""
    if not rows:
        return ""
    stash = TABLES.get()
    if stash is not None:
        return stash.put(headers, rows, cards)
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in card_rows(headers, rows, cards):
        out.append("| " + " | ".join(cell if cell else " " for cell in row) + " |")
    return "\n".join(out) + "\n"


# While the site is built, tables are written straight to HTML (blocks.TableStash): the
# Markdown of a page holds a placeholder where each goes. Unset, `table` writes Markdown.
TABLES: ContextVar = ContextVar("minutebook_tables", default=None)


def memo_rows(things, make, key, *list_name) -> list:
    """`make(x)` for each of `things`: the rows of a list. While the preview serves, each
    row is kept in the table stash's memo (blocks.TableStash) under `key(x)`, everything
    the row shows, for the list named by `list_name`: a quick rebuild then writes again
    only the rows of what changed. Otherwise (a build, `minutebook render`) no key is made."""
    stash = TABLES.get()
    if stash is None or stash.memo is None:
        return [make(x) for x in things]
    known = stash.memo.setdefault(("rows", *list_name), {})
    out = []
    for x in things:
        k = key(x)
        row = known.get(k)
        if row is None:
            row = known[k] = make(x)
        out.append(row)
    return out


def card_rows(headers: list[str], rows: list[list[str]], cards: int | None) -> list[list[str]]:
    """The rows with each cell after the first `cards` labelled by its header (see `table`)."""
    if cards is None:
        return rows
    return [[cell if n < cards or not cell else f'<span class="mb-label">{headers[n]}</span>{cell}'
             for n, cell in enumerate(row)] for row in rows]


def counts(headers: list[str], values: list[str]) -> str:
    """A one-row table of counts (未关闭, 已逾期 …): narrow columns on a desktop; on a
    narrow screen its header and value pairs stack, two to a line. The `mb-count` spans
    of its headers are what the stylesheet recognises it by."""
    return table([f'<span class="mb-count">{h}</span>' for h in headers], [values])


def status_badge(status: str) -> str:
    label = STATUSES.get(status, status)
    return f'<span class="mb-status mb-status-{esc(status)}">{esc(label)}</span>'


def overdue_badge(days: int) -> str:
    return f'<span class="mb-status mb-overdue">{esc(labels.overdue_text(days))}</span>'


def as_of_note(as_of: dt.date) -> str:
    return f'<p class="mb-as-of">数据截至 {as_of.isoformat()}（参考日期）</p>\n'
