"""The skeleton of a new record, written from the schema declaration.

`render(kind, values)` returns the text of a record: every required field with the
value known so far (from the command line, the registry or a previous record), else
its declared example, else the placeholder "（填写<label>）" that MB112 reports until
it is filled in. Optional fields are written commented out, so an author sees them
all and uncomments what they need. Each field carries a comment with its Chinese
label and its English description, from the schema.

Also here: the record's file name (`record_path`, `slug`) and the registry-aware
defaults (`prefill`). Pure functions; `minutebook/cli/commands/new.py` does the I/O.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

from minutebook.model.schema import KIND, KINDS, Enum, Field, Kind, ListOf, Obj, ScalarType, is_placeholder, placeholder
from minutebook.model.yamlstrict import NULL_WORDS

COMMENT_COLUMN = 44  # where the field comments start, in display columns
INDENT = "  "

# The body of each kind: its headings, each followed by a placeholder line to replace.
BODY_SECTIONS = {
    "notice": ("会议说明",),
    "minutes": ("会议情况", "讨论记录"),
    "request": ("补充说明",),
    "plan": ("背景", "里程碑"),
    "retrospective": ("过程回顾", "改进建议"),
    "sop": ("适用范围", "流程说明"),
    "conflict": ("经过",),
    "progress": ("进展说明",),
}
assert set(BODY_SECTIONS) == set(KINDS)


@dataclass(frozen=True)
class Entry:
    """A list item written with a comment line above it (e.g. what a carried item is)."""

    value: dict
    comment: str = ""


# ---------------------------------------------------------------- file names

_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def slug(title: str, kind: str) -> str:
    """A short ASCII file-name slug for a title.

    An ASCII title is lower-cased and hyphenated ("Q4 Budget Review" -> "q4-budget-review").
    For a Chinese title no transliteration package is installed, so the slug is made of
    the title's own ASCII words that contain a letter (else the kind) plus 6 hex digits
    of a hash of the title: readable where it can be, stable, and distinct for distinct
    titles ("星图3.0上线Q4复盘" -> "q4-1f0c2a"). `minutebook new --slug` chooses one.
    """
    title = unicodedata.normalize("NFC", title.strip())
    words = [w.lower() for w in _ASCII_WORD.findall(title)]
    if title.isascii():
        base = "-".join(words)[:60].strip("-")
        return base or kind
    lettered = [w for w in words if any(c.isalpha() for c in w)]
    base = "-".join(lettered)[:40].strip("-") or kind
    digest = hashlib.sha256(title.encode("utf-8")).hexdigest()[:6]
    return f"{base}-{digest}"


SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# with the date, ".md" and a temporary write's affixes, a name stays far below the
# 255 bytes file systems allow
MAX_SLUG = 80


def record_path(kind: str, date: dt.date, slug_: str) -> str:
    """Where a record goes: records/<kind>/<year>/<date>-<slug>.md."""
    return f"records/{kind}/{date.year}/{date.isoformat()}-{slug_}.md"


# ---------------------------------------------------------------- defaults


def prefill(kind: Kind, *, title=None, date: dt.date, departments=(), owner=None, registry=None,
            copied: dict | None = None) -> dict:
    """The values known before the author writes: the flags, what a previous record
    copies, and what the registry tells (a plan's roles and contacts, an SOP's department)."""
    values: dict = {"type": kind.name, "date": date}
    if title:
        values["title"] = title
    for name, value in (copied or {}).items():
        if kind.get(name) is not None and value not in (None, "", [], {}):
            values[name] = value
    if departments:
        values["departments"] = list(departments)
    if owner:
        values["owner"] = owner
    depts = values.get("departments") or []
    if kind.name == "plan" and depts and registry is not None:
        # exactly one lead is required: the first department leads, the others assist
        values["roles"] = [
            {"department": d, "role": "lead" if i == 0 else "assist",
             **({"contact": registry.departments[d].contacts[0]}
                if d in registry.departments and registry.departments[d].contacts else {})}
            for i, d in enumerate(depts)
        ]
    elif kind.name == "plan":
        values["roles"] = [{"role": "lead"}]
    if kind.name == "sop" and depts:
        values["owner_department"] = depts[0]
    if kind.name == "request" and depts:
        initiator = {"department": depts[0]}
        if owner and registry is not None and registry.department_of(owner) == depts[0] and registry.is_person(owner):
            initiator["person"] = owner
        values["initiator"] = initiator
    return values


# ---------------------------------------------------------------- rendering


def render(kind: Kind, values: dict, body: dict[str, str] | None = None) -> str:
    """The whole record: front-matter and a body of headings, each followed by its text
    in `body` (heading -> text) or else by a placeholder."""
    lines = [
        "---",
        f"# {kind.label} ({kind.name}): {kind.doc}",
        "# 把每个（填写…）换成实际内容；可选字段以 # 开头，删去行首的 # 即可启用。",
        "# Replace every （填写…） placeholder; optional fields are commented out: delete the",
        "# leading '# ' to use one. `minutebook check` lists the placeholders left (MB112).",
    ]
    for f in kind.fields:
        lines += _field(f, values.get(f.name), 0, top=True)
    lines.append("---")
    lines.append("")
    for heading in BODY_SECTIONS[kind.name]:
        lines += [f"## {heading}", "", (body or {}).get(heading) or placeholder(heading), ""]
    return "\n".join(lines)


def _field(f: Field, value, depth: int, top: bool = False) -> list[str]:
    if value is None and f.default is not None:
        value = f.default
    if value is None and not f.required:
        # optional: shown with placeholders, commented out (nested ones only at the top level)
        if not top and not isinstance(f.type, ScalarType):
            return []
        return [_comment_out(line) for line in _write(f, None, depth)]
    return _write(f, value, depth)


def _write(f: Field, value, depth: int) -> list[str]:
    pad = INDENT * depth
    note = _note(f)
    t = f.type
    if isinstance(t, ScalarType):
        return [_with_comment(f"{pad}{f.name}: {_scalar(value, t, f)}", note)]
    if isinstance(t, Obj):
        out = [_with_comment(f"{pad}{f.name}:", note)]
        for sub in t.fields:
            out += _field(sub, (value or {}).get(sub.name), depth + 1)
        return out
    # a list
    out = [_with_comment(f"{pad}{f.name}:", note)]
    items = value if value else [None]
    for item in items:
        comment = ""
        if isinstance(item, Entry):
            item, comment = item.value, item.comment
        if comment:
            out.append(f"{pad}{INDENT}# {comment}")
        if isinstance(t.of, Obj):
            out += _obj_item(t.of, item, depth + 1)
        else:
            out.append(f"{pad}{INDENT}- {_scalar(item, t.of, f)}")
    return out


def _obj_item(obj: Obj, item: dict | None, depth: int) -> list[str]:
    """One mapping in a list: '- first: …' and the other fields under it."""
    given = item is not None
    lines: list[str] = []
    for sub in obj.fields:
        value = (item or {}).get(sub.name)
        if given and value is None and not sub.required and sub.default is None:
            continue  # a filled-in entry shows only what it says
        lines += _field(sub, value, depth + 1)
    # the first field written (not commented out) opens the item: '    id: …' -> '  - id: …'
    pad = INDENT * (depth + 1)
    for i, line in enumerate(lines):
        if line.startswith(pad) and line[len(pad):][:1] not in (" ", "#"):
            first = INDENT * depth + "- " + line[len(pad):]
            return [first] + lines[:i] + lines[i + 1:]
    return lines


def _note(f: Field) -> str:
    doc = f.doc.rstrip(".")
    words = [f"{f.label} · {doc}"]
    t = f.type.of if isinstance(f.type, ListOf) else f.type
    if isinstance(t, Enum) and t is not KIND:  # the kind is written already
        words.append("one of: " + ", ".join(f"{k} {v}" for k, v in t.vocabulary.items()))
    elif isinstance(t, ScalarType) and t.name in ("date", "time", "datetime", "integer"):
        if t.expect.split()[-1] not in f.doc:  # "Start time HH:MM." says it already
            words.append(t.expect)
    if not f.required:
        words.append("optional")
    return "; ".join(words)


def _scalar(value, t, f: Field) -> str:
    if value is None:
        value = f.example if f.example is not None and isinstance(f.type, ScalarType) else placeholder(
            f.label if isinstance(f.type, ScalarType) else _item_label(f))
        return yaml_scalar(value)
    if isinstance(value, dt.datetime):
        return yaml_scalar(value.strftime("%Y-%m-%d %H:%M"))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return json.dumps(value.strftime("%H:%M"))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return yaml_scalar(str(value))


def _item_label(f: Field) -> str:
    """The label of one item of a list field: 参会人员 for attendees, 部门 for departments."""
    return f.label


_NEEDS_QUOTES = re.compile(
    r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|[:#]$|: | #|\s$|^[-+.\d][\d_:.eExXoO+-]*$"""
)
_SPECIAL_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n"} | {w.lower() for w in NULL_WORDS}


def yaml_scalar(text: str) -> str:
    """A string as a YAML scalar that every reader takes as that string: plain when it
    is safe (Chinese text, names, placeholders), double-quoted otherwise."""
    if (not text or "\n" in text or _NEEDS_QUOTES.search(text) or text.lower() in _SPECIAL_WORDS
            or is_time_like(text)):
        return json.dumps(text, ensure_ascii=False)
    return text


def is_time_like(text: str) -> bool:
    return bool(re.match(r"^\d{1,2}:\d{2}", text))


def _comment_out(line: str) -> str:
    stripped = line.lstrip(" ")
    if stripped.startswith("#"):
        return line
    indent = line[: len(line) - len(stripped)]
    # the two characters added are taken from the gap, so the field comments stay aligned
    stripped = re.sub(r"(\S)( {4,})# ", lambda m: m[1] + m[2][2:] + "# ", stripped, count=1)
    return indent + "# " + stripped


def _with_comment(line: str, note: str) -> str:
    width = display_width(line)
    gap = COMMENT_COLUMN - width if width < COMMENT_COLUMN - 1 else 2
    return line + " " * gap + "# " + note


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def placeholders_in(text: str) -> list[str]:
    """Every placeholder value written in a skeleton, in order (for tests and messages)."""
    out = []
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("#"):
            continue
        value = s.split(": ", 1)[1] if ": " in s else s.lstrip("- ")
        value = value.split("  #", 1)[0].strip()
        if is_placeholder(value):
            out.append(value)
    return out


__all__ = ["render", "prefill", "slug", "record_path", "Entry", "yaml_scalar", "SLUG_RE",
           "BODY_SECTIONS", "placeholders_in"]
