"""The one reader of records, used by the checks and by the site build alike.

`load_text` turns a file's bytes into a `Record` (or none) and the diagnostics of
reading it. The same normalisation applies everywhere: UTF-8 only, a leading BOM
dropped, CRLF and CR read as LF, blank lines before the opening '---' skipped.
Sizes and nesting are checked before the YAML parser sees anything, and the body's
cost to render as Markdown before the build does.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from checks.catalogue import declare, severity, stage
from checks.diagnostics import Diagnostic
from checks.examples import Example, record_text
from minutebook.base import fsutil
from minutebook.base.fsutil import NotPlainFile, read_plain_stat
from minutebook.base.i18n import _
from minutebook.model import fields, yamlstrict
from minutebook.model.record import Record
from minutebook.model.schema import COMMON, KINDS, Obj
from minutebook.model.yamlstrict import Map, StrictYAMLError

MAX_FILE_BYTES = 2 * 1024 * 1024
RECORD_SUFFIX = ".md"
MAX_FRONT_MATTER_BYTES = 256 * 1024

# The codes the loader raises itself, each with its failing example and the fix.
_MINUTES_FILE = record_text("minutes", "")  # the valid base minutes, as a whole file

declare("MB001", "encoding", "A record is a UTF-8 text file (a leading BOM is tolerated).", example=Example(
    "minutes", bad="", fix="", encoding="gbk",
    note="The record is saved in GBK (the default of some Chinese editors); save it as UTF-8."))
declare("MB002", "no-front-matter", "A record starts with a '---' line opening its front-matter.", example=Example(
    None, bad="# 星图周会纪要\n\n按计划推进。\n", fix=_MINUTES_FILE, whole=True,
    note="The fields must come first, between two '---' lines."))
declare("MB003", "unclosed-front-matter", "The front-matter is closed by a second '---' line.", example=Example(
    None, bad=_MINUTES_FILE.replace("---\n\n##", "\n##"), fix=_MINUTES_FILE, whole=True,
    note="The second '---' line, which ends the fields, is missing."))
declare("MB004", "yaml-syntax", "The front-matter is valid YAML, one document.", example=Example(
    "minutes", bad="title: [星图周会\n", fix="title: 星图周会\n",
    note="An opening '[' starts a list in YAML; it is never closed here."))
declare("MB005", "not-a-mapping", "The front-matter is a mapping of keys to values.", example=Example(
    None, bad="---\n- type: minutes\n- title: 星图周会\n---\n", fix=_MINUTES_FILE, whole=True,
    note="Each field is written `key: value`, not as a list item."))
declare("MB006", "yaml-anchor", "No anchors, aliases, merge keys or tags: write values out.", example=Example(
    "minutes", bad="host: &chair 陈思远\nrecorder: *chair\n", fix="host: 陈思远\nrecorder: 陈思远\n"))
declare("MB007", "duplicate-key", "A key appears at most once in a mapping.", example=Example(
    "minutes", bad="owner: 林晓\nowner: 陈思远\n", fix="owner: 林晓\n",
    note="YAML would silently keep only the second `owner`."))
declare("MB008", "too-large", "A record is at most 2 MiB, its front-matter at most 256 KiB "
        "and {max_depth} levels deep, its body cheap enough to render.", max_depth=yamlstrict.MAX_DEPTH, example=Example(
            "minutes", bad="tags: " + "[" * 33 + "上线" + "]" * 33 + "\n", fix="tags: [上线]\n"))
declare("MB010", "plain-file", "A record is a plain file inside the repository, its name UTF-8 and ending in "
        "'.md': links, FIFOs and devices are refused unopened.", example=Example(
            "minutes", bad="", fix="", suffix=(".MD", ".md"),
            note="An upper-case extension would leave the record out of the site: name it '.md'."))


class _Handler:
    """Where the front-matter starts and ends: a '---' line, as python-frontmatter's YAML
    handler finds it (its `detect` and `split`), written here to spare the one-file check
    its import. Its own boundary (`^-{3,}\\s*$`) lets `\\s*` swallow the blank lines after
    '---', which would shift every line number; ours stops at the line."""

    FM_BOUNDARY = re.compile(r"^---[ \t]*$", re.MULTILINE)

    def detect(self, text: str) -> bool:
        return self.FM_BOUNDARY.match(text) is not None

    def split(self, text: str) -> tuple[str, str]:
        _, fm, body = self.FM_BOUNDARY.split(text, 2)  # ValueError when it is not closed
        return fm, body


_HANDLER = _Handler()


def decode(data: bytes) -> tuple[str | None, tuple[int, int, str] | None]:
    """UTF-8 text with a leading BOM dropped, or (None, (line, col, reason))."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, (1, 1, _("file is UTF-16; save it as UTF-8"))
    if b"\x00" in data[:8] and _utf16_record(data):
        return None, (1, 1, _("file is UTF-16 (without a BOM); save it as UTF-8"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        if b"\x00" in data:
            return None, (line, col, _("file is binary, not a Markdown record"))
        try:
            data.decode("gb18030")
            hint = _("it looks like GBK/GB18030; save it as UTF-8")
        except UnicodeDecodeError:
            hint = _("save it as UTF-8")
        return None, (line, col, _("file is not valid UTF-8 (byte {byte}); {hint}").format(
            byte=f"0x{data[exc.start]:02X}", hint=hint))
    if "\x00" in text:
        i = text.index("\x00")
        line = text.count("\n", 0, i) + 1
        return None, (line, i - text.rfind("\n", 0, i), _("file is binary (NUL bytes), not a Markdown record"))
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


_RESHAPING = ("MB110", "MB111")  # text rules whose slip changes what YAML reads

# Python-Markdown scans from each '[', each '](' and each '<' to its closing partner or
# the end of the paragraph, so a paragraph of unclosed ones costs their number × its
# length: 4,000 '[' took 6 s, 50,000 would hold the build for hours. The budget is the
# sum of those scans, counted as the parser does, at what renders in about 3 seconds
# ('<' scans are about 30 times cheaper than the others).
MAX_RENDER_COST = 4_000_000
_LT_WEIGHT = 32
_SCAN = re.compile(r"\n[ \t]*\n|\]\(|[\[\]()<>]")


def render_cost(body: str, body_line: int) -> tuple[int, int, int] | None:
    """None when the body renders in reasonable time, else the costliest paragraph's
    (file line, number of openings, length in characters)."""
    if "[" not in body and "<" not in body:
        return None
    total = 0
    worst = (0, 0, 0, 0)  # cost, start offset, openings, end offset
    start = cost = openings = 0
    opened: dict[str, list[int]] = {"[": [], "(": [], "<": []}

    def close_paragraph(end: int) -> None:
        nonlocal total, worst, cost, openings
        cost += sum(end - o for o in opened["["]) + sum(end - o for o in opened["("])
        cost += sum(end - o for o in opened["<"]) // _LT_WEIGHT
        total += cost
        if cost > worst[0]:
            worst = (cost, start, openings, end)
        for stack in opened.values():
            stack.clear()
        cost = openings = 0

    for m in _SCAN.finditer(body):
        token, at = m.group(), m.start()
        if token in ("]", "]("):
            if opened["["]:
                cost += at - opened["["].pop()
            if token == "](":  # the link's target: scanned to its balanced ')'
                opened["("].append(at)
                openings += 1
        elif token == "(":
            if opened["("]:  # nested inside a target, else plain text
                opened["("].append(at)
        elif token == ")":
            if opened["("]:
                cost += at - opened["("].pop()
        elif token == ">":
            if opened["<"]:
                cost += (at - opened["<"].pop()) // _LT_WEIGHT
        elif token in ("[", "<"):
            opened[token].append(at)
            openings += 1
        else:  # a blank line ends the paragraph
            close_paragraph(at)
            start = m.end()
    close_paragraph(len(body))
    if total <= MAX_RENDER_COST:
        return None
    _, offset, openings, end = worst
    while body[offset:offset + 1] == "\n":
        offset += 1
    return body_line + body.count("\n", 0, offset), openings, end - offset


def _utf16_record(data: bytes) -> bool:
    """True when the bytes read as UTF-16 text that opens like a record."""
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and text.lstrip().startswith("---"):
            return True
    return False


def normalise(text: str) -> str:
    """CRLF and lone CR become LF, so positions are the same on every platform."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_path(path: Path, root: Path) -> tuple[Record | None, list[Diagnostic]]:
    record, found, _ = load_file(path, root)
    return record, found


def load_file(path, root: Path) -> tuple[Record | None, list[Diagnostic], os.stat_result | None]:
    """`load_path`, with the file's lstat taken before it was read (None when it was not read)."""
    rel = relpath(path, root)
    problem = _not_a_record_file(path, root, rel)
    if problem:
        return None, [Diagnostic(shown_path(rel), 1, 1, "MB010", problem)], None
    try:
        data, st = read_plain_stat(path, MAX_FILE_BYTES + 1)
    except NotPlainFile as exc:
        return None, [Diagnostic(rel, 1, 1, "MB010", _("is {kind}, not a plain file: records are plain files "
                                                        "(it was not opened)").format(kind=_(str(exc))))], None
    except FileNotFoundError:
        return None, [Diagnostic(rel, 1, 1, "MB001", _("cannot read file: No such file or directory"))], None
    except OSError as exc:
        return None, [Diagnostic(rel, 1, 1, "MB001", _("cannot read file: {reason}").format(reason=exc.strerror))], None
    return (*load_bytes(data, rel), st)


def shown_path(rel: str) -> str:
    """A path as text: bytes of a name that is not UTF-8 are shown as \\xNN."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_inside_cache: dict[tuple[str, str], bool] = {}


def _not_a_record_file(path, root, rel: str) -> str | None:
    """Why `path` cannot be a record, judged from its name and place, before any open."""
    name = os.path.basename(path)
    if shown_path(name) != name:
        return _("the file name is not UTF-8; rename the file with a UTF-8 name")
    if not name.endswith(RECORD_SUFFIX):
        kind = fsutil.not_plain(path)  # a linked folder is a link first, a misnamed file second
        if kind:
            return _("is {kind}, not a plain file: records are plain files (it was not opened)").format(kind=_(kind))
        return _("a record's file name ends in '{suffix}' (lower case): '{name}'").format(suffix=RECORD_SUFFIX, name=name)
    # a folder of the repository reached through a symbolic link may lie outside it (a
    # draft named on the command line outside the repository is judged as it is)
    folder, base = os.path.dirname(os.path.abspath(path)), os.path.abspath(root)
    key = (folder, base)
    if not (folder == base or folder.startswith(base + os.sep)):
        return None
    if key not in _inside_cache:
        real, real_base = os.path.realpath(folder), os.path.realpath(base)
        _inside_cache[key] = real == real_base or real.startswith(real_base + os.sep)
    if not _inside_cache[key]:
        return _("lies outside the repository (through a linked folder); records are plain files inside it")
    return None


def relpath(path: Path, root: Path) -> str:
    # os.path, not Path.resolve(): no symlink lookups, which cost more than the parse
    full, base = os.path.abspath(path), os.path.abspath(root)
    if full.startswith(base + os.sep):
        return full[len(base) + 1:].replace(os.sep, "/")
    return Path(path).as_posix()


def load_bytes(data: bytes, rel: str) -> tuple[Record | None, list[Diagnostic]]:
    """Read one record from its bytes; `rel` names it in diagnostics."""

    def diag(code: str, line: int, col: int, message: str) -> Diagnostic:
        return Diagnostic(rel, line, col, code, message, severity(code))

    if len(data) > MAX_FILE_BYTES:
        return None, [diag("MB008", 1, 1, _("file is larger than {size} MiB").format(size=MAX_FILE_BYTES // 1024 // 1024))]
    text, problem = decode(data)
    if text is None:
        line, col, reason = problem
        return None, [diag("MB001", line, col, reason)]
    text = normalise(text)
    lines = text.split("\n")

    skipped = 0
    while skipped < len(lines) and lines[skipped].strip() == "":
        skipped += 1
    rest = "\n".join(lines[skipped:])
    fm_line = skipped + 1
    fm = body = None
    if _HANDLER.detect(rest):
        try:
            fm, body = _HANDLER.split(rest)
        except ValueError:
            pass
    fm_text = ""
    if fm is not None:
        fm_text = fm[1:] if fm.startswith("\n") else fm  # split keeps the newline after '---'
    fm_lines = fm_text.count("\n")
    # 0-based indexes of the front-matter's lines (between the two '---')
    fm_range = range(fm_line, fm_line + fm_lines) if fm is not None else range(0)

    # Text rules (invisible characters, full-width colons …) see the raw lines
    # first: they explain what the YAML parser would only report as a syntax error.
    found: list[Diagnostic] = []
    for r in stage("text"):
        for line, col, message in r.check(lines, fm_range):
            found.append(diag(r.code, line, col, message))

    if skipped == len(lines):  # nothing but blank lines: no line `fm_line` to point at
        return None, found + [diag("MB002", 1, 1,
                                   _("file is empty: a record must start with a line '---'"))]
    if not _HANDLER.detect(rest):
        return None, found + [diag("MB002", fm_line, 1,
                                   _("no front-matter: a record must start with a line '---'"))]
    if fm is None:
        return None, found + [diag("MB003", fm_line, 1,
                                   _("front-matter is not closed: add a line '---' after the last field"))]
    if len(fm_text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        return None, found + [diag("MB008", fm_line + 1, 1,
                                   _("front-matter is larger than {size} KiB").format(size=MAX_FRONT_MATTER_BYTES // 1024))]
    body_line = fm_line + fm_lines + 2  # the body starts after the closing '---'
    if body.startswith("\n"):
        body = body[1:]
    try:
        tree = yamlstrict.parse(fm_text, first_line=fm_line + 1)
    except StrictYAMLError as exc:
        if any(fm_line < d.line < body_line - 1 for d in found):
            return None, found  # the text rules already say, more clearly, what broke the YAML
        return None, found + [diag(exc.code, exc.line, exc.col, exc.message)]
    if any(d.code in _RESHAPING and fm_line < d.line < body_line - 1 for d in found):
        # a full-width separator or indent that YAML did parse gave keys like '\u3000task':
        # judging that shape would only bury the real slip under wrong messages
        return None, found
    if tree is None:
        tree = Map([], fm_line + 1, 1)
    if not isinstance(tree, Map):
        return None, found + [diag("MB005", tree.line, tree.col,
                                   _("front-matter must be a mapping of fields (key: value), not a list")
                                   if isinstance(tree, yamlstrict.Seq) else
                                   _("front-matter must be a mapping of fields (key: value), not a single value"))]
    kind_node = tree.get("type")
    kind_name = kind_node.value if isinstance(kind_node, yamlstrict.Scalar) else None
    kind = KINDS.get(kind_name or "")
    obj = kind.obj if kind else Obj(COMMON)
    meta, walk = fields.read(tree, obj)
    costly = render_cost(body, body_line)
    if costly is not None:
        line, brackets, chars = costly
        found.append(diag("MB008", line, 1,
                          _("the body is too costly to render: Markdown takes quadratic time over "
                            "unclosed '[', '](' and '<' (this paragraph: {brackets} in {chars} characters); "
                            "close them, or split the paragraph with blank lines").format(brackets=brackets, chars=chars)))
    key = rel.rsplit("/", 1)[-1]
    if key.endswith(".md"):
        key = key[:-3]
    record = Record(rel, key, kind.name if kind else None, tree, meta, body, body_line, fm_line,
                    lines=lines)
    record.extra["walk"] = walk
    return record, found
