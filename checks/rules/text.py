"""Rules over the file's raw lines (run before the YAML parser), and MB113 over lines and tree."""

from __future__ import annotations

import re
import unicodedata

from checks.catalogue import rule
from checks.diagnostics import INVISIBLE as _INVISIBLE
from checks.examples import Example
from minutebook.base.i18n import _

_TEMPLATE = re.compile(r"\{[{%#]")
_FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*：")
_FULLWIDTH_SPACE_AFTER_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):\u3000")
_BAD_INDENT = re.compile(r"^[ ]*([\t\u3000])")


def _has_any(lines, fm, chars: str) -> bool:
    """Whether any of `chars` is in the front-matter lines (one pass in C, not one per line)."""
    text = "\n".join(lines[fm.start:fm.stop])
    return any(c in text for c in chars)


@rule("MB108", "invisible-character", stage="text", example=Example(
    "minutes", bad="title: 星图\u200b周会\n", fix="title: 星图周会\n",
    note="A zero-width space (U+200B), pasted from a chat window, hides inside the title."))
def invisible_characters(lines, fm):
    """Records contain no control, zero-width or bidi formatting characters."""
    if not _INVISIBLE.search("\n".join(lines)):
        return
    for n, line in enumerate(lines, 1):
        for m in _INVISIBLE.finditer(line):
            ch = m.group()
            name = unicodedata.name(ch, _("control character"))
            yield n, m.start() + 1, _("invisible character {code} ({name}) is not allowed; delete it").format(
                code=f"U+{ord(ch):04X}", name=name)


@rule("MB106", "template-syntax", stage="text", example=Example(
    "minutes", bad="", fix="", body=("会议链接见 {{ config.site_url }}\n", "会议链接见站点首页。\n"),
    note="In the body: records are never rendered as templates."))
def template_syntax(lines, fm):
    """Records contain no template syntax ('{{', '{%', '{#'): they are never rendered as Jinja."""
    if not _TEMPLATE.search("\n".join(lines)):
        return
    for n, line in enumerate(lines, 1):
        for m in _TEMPLATE.finditer(line):
            yield n, m.start() + 1, _(
                "template syntax '{syntax}' is not allowed in records; write it as '{spaced}', even in a code span"
            ).format(syntax=m.group(), spaced=f"{m.group()[0]} {m.group()[1]}")


@rule("MB110", "fullwidth-separator", stage="text", example=Example(
    "minutes", bad="owner：林晓\n", fix="owner: 林晓\n",
    note="The colon after `owner` is the full-width '：' of a Chinese keyboard."))
def fullwidth_separator(lines, fm):
    """Keys are separated from values by an ASCII ':' and a space, not '：' or a full-width space."""
    if not _has_any(lines, fm, "：\u3000"):
        return
    for i in fm:
        line = lines[i]
        m = _FULLWIDTH_KEY.match(line)
        if m:
            yield i + 1, line.index("：", m.end(2)) + 1, _(
                "full-width colon '：' after `{key}`: YAML needs an ASCII ':' followed by a space (`{key}: …`); "
                "switch the keyboard to half-width"
            ).format(key=m.group(2))
            continue
        m = _FULLWIDTH_SPACE_AFTER_COLON.match(line)
        if m:
            yield i + 1, m.end(), _("full-width space after `{key}:`: YAML needs an ASCII space after ':'").format(
                key=m.group(2))


@rule("MB111", "indentation", stage="text", example=Example(
    "minutes", bad="attendees:\n\t- 王磊\n", fix="attendees:\n  - 王磊\n",
    note="The list item is indented with a tab."))
def indentation(lines, fm):
    """Front-matter is indented with ASCII spaces only, not tabs or full-width spaces."""
    if not _has_any(lines, fm, "\t\u3000"):
        return
    for i in fm:
        m = _BAD_INDENT.match(lines[i])
        if m:
            if m.group(1) == "\t":
                yield i + 1, m.start(1) + 1, _("indentation uses a tab; indent with ASCII spaces")
            else:
                yield i + 1, m.start(1) + 1, _("indentation uses a full-width space (U+3000); indent with ASCII spaces")


# after a plain value: the blanks, '#' and what follows it
_COMMENT_AFTER_VALUE = re.compile(r"([ \t]+)#(.?)")


@rule("MB113", "comment-in-value", example=Example(
    "minutes", bad="title: 星图周会 #12\n", fix="title: '星图周会 #12'\n",
    note="After a space, '#' starts a YAML comment: the title would be '星图周会'."))
def comment_in_value(record, ctx):
    """A '#' in a value is quoted: YAML reads ' #' as a comment; a comment after a value is '  # …'."""
    from minutebook.model.yamlstrict import Map, Scalar

    if "#" not in record.front_matter_text():
        return  # the common case, decided without walking the tree
    lines = record.lines
    stack = [record.tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Map):
            stack.extend(v for _unused, v in node.pairs)
        elif not isinstance(node, Scalar):
            stack.extend(node.items)
        elif node.style is None:  # plain: quoted and block scalars keep their '#'
            value, line, start = node.value or "", lines[node.line - 1], node.col - 1
            if line[start:start + len(value)] != value:
                continue  # a plain scalar over several lines: not what an author types by slip
            m = _COMMENT_AFTER_VALUE.match(line, start + len(value))
            # a comment as written by `minutebook new` and by habit: two blanks, '# ', text;
            # anything closer ('周例会 # 第3次', 'Issue #12') reads as part of the value
            if m and (m.group(2) not in (" ", "\t") or len(m.group(1)) < 2):
                dropped = line[m.end(1):].rstrip()
                kept = _("the value '{value}'").format(value=value) if value else _("an empty value")
                yield node.line, m.end(1) + 1, _(
                    "YAML reads '{dropped}' as a comment and keeps {kept}: quote the whole value to keep the '#'; "
                    "a comment after a value is written '  # …' (two spaces, '#', a space)"
                ).format(dropped=dropped, kept=kept)
