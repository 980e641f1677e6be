"""Property tests: what an author types unquoted comes back as typed, or is refused.

Scalars are generated (YAML 1.1 lookalikes — booleans, numbers, dates, times, null
words, sexagesimals — plus date-, time- and number-shaped strings and free text with
Chinese, punctuation and '#') and typed unquoted into one field of an otherwise valid
record. The record is read by the loader and judged by the record rules, as
`minutebook check` does. Then:

- a text field (`title`) holds exactly the text as typed — surrounding blanks
  stripped, and a comment written after it as '  # …' left out (the documented
  readings) — or an error names the field's line;
- a date field (`reviewed`) holds exactly what `datetime.date.fromisoformat` reads,
  and only when the text is written YYYY-MM-DD, or an error names the line;
- an integer field (`review_every`) holds exactly `int()` of ASCII digits, or an
  error names the line;
- an id field (`actions[].id`) holds exactly the text as typed, or an error names the line.

A '#' after a blank starts a YAML comment: a value that loses its end that way must be
refused (MB113), like any other silent change.

Never a silent conversion: `NO` is never False, `8:30` never 510, `0123` never 83.
Derandomized with moderate example counts, so CI runs the same examples every time.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from helpers import REPO, minutes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checks.engine  # noqa: F401  (registers every rule)
from checks.catalogue import stage
from checks.context import Context
from checks.diagnostics import ERROR, Diagnostic
from checks.engine import load_repository
from checks.loader import load_bytes

AS_OF = dt.date(2026, 11, 20)

SETTINGS = settings(max_examples=150, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

YAML_11 = [
    # booleans
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
    "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    # null words
    "~", "null", "Null", "NULL",
    # numbers: octal, hex, binary, floats, exponents, underscores, infinities
    "0123", "0o17", "0x1F", "0b101", "1e3", "1E3", "1_000", "+12", "-5", ".5", "1.", "3.14", ".inf", "-.Inf",
    ".NaN", "007", "0", "12",
    # sexagesimal and times
    "190:20:30", "8:30", "08:30", "1:30:00", "24:00", "23:59", "-1:30",
    # dates and date-times
    "2026-02-30", "2026-9-1", "2026-09-14", "2026-09-14 10:00", "2026-09-14T10:00:00Z", "2026-9-14 8:30",
    "20260914", "2026-W37-1", "2026-257", "２０２６-０９-１４",
]

SHAPED = st.one_of(
    st.from_regex(r"\A[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}\Z"),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{1,2}:[0-9]{2})?\Z"),
    st.from_regex(r"\A[0-9]{1,3}(:[0-9]{1,2}){1,2}\Z"),
    st.from_regex(r"\A[-+]?[0-9_]{1,6}(\.[0-9]*)?([eE][-+]?[0-9]{1,2})?\Z"),
    st.from_regex(r"\A0[xob][0-9A-Fa-f]{1,4}\Z"),
    st.from_regex(r"\A[A-Za-z][A-Za-z0-9]{0,4}([-_.][A-Za-z0-9]{1,3}){0,2}\Z"),
)

# what an author types on one line: letters, digits, Chinese, punctuation, '#', quotes inside
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcXYZ0123456789 -_.:#,;!?/()[]{}<>&*%@`'\"|=+~^$\\")),
        st.sampled_from(list("周例会预算上线张三，：；（）【】“”《》、　…")),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
    ),
    min_size=1, max_size=24,
)

# phrases built of YAML's own punctuation and words, so its syntax turns up inside values:
# ' #' (a comment), ': ' (a mapping), '- ', '&', '*', '!', '|', '>' …
TOKENS = ["周例会", "Issue", "第3次", "#12", "#", "：", ":", ": ", "- ", "-", "&a", "*a", "!x", "%", "@", "`",
          "|", ">", "?", ",", "[1]", "{a}", "'", '"', "~", "＃", "…"] + YAML_11
PHRASES = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=4).map(" ".join)

# two words around one piece of YAML syntax: '周例会 # 第3次', 'Issue #12', 'a: b', 'a - b' …
SEPARATORS = [" # ", " #", "#", "  # ", "\t# ", ": ", ":", " - ", " , ", "，", " | ", " > ", " & ", " * ", " ! ",
              " % ", " @ ", " ` ", " ? ", " [ ", " ] ", " { ", " } ", " ' ", ' " ', "\t", "  ", " ~ "]
WORDS = st.sampled_from(["周例会", "Issue", "第3次", "C", "A-1", "2026-09-14", "8:30"] + YAML_11)
PAIRS = st.tuples(WORDS, st.sampled_from(SEPARATORS), WORDS).map("".join)

SCALARS = st.one_of(st.sampled_from(YAML_11), SHAPED, PHRASES, PAIRS, TEXT)


@pytest.fixture(scope="module")
def ctx() -> Context:
    repo = load_repository(REPO, AS_OF)
    assert repo.diagnostics == []
    return Context(repo.registry, AS_OF, repo.calendar, repo.by_key())


def judge(ctx: Context, text: str):
    """The record as the checks read it, every diagnostic, and the lines that have an error."""
    record, found = load_bytes(text.encode("utf-8"), "records/x.md")
    if record is not None:
        for r in stage("record"):
            found += [Diagnostic("records/x.md", line, col, r.code, message, r.severity)
                      for line, col, message in r.check(record, ctx)]
    return record, {d.line for d in found if d.severity == ERROR}, found


def as_typed(value: str) -> str:
    """The value the author typed, as documented: surrounding blanks stripped, and a
    comment after it — two blanks, '#', a blank (`title: 周例会  # 第3次`) — left out."""
    return re.split(r"[ \t]{2,}#[ \t]", value.strip(), maxsplit=1)[0].rstrip()


def typed_line(value: str) -> bool:
    """An author types a value on one line, not starting with a YAML quote (quoting is
    YAML syntax, documented as such: a quoted value is the text inside the quotes)."""
    return bool(value.strip()) and value.strip()[0] not in "'\"" and "\n" not in value


def meeting(title: str = "周例会", item_id: str = "A-1") -> str:
    """A valid minutes record with `title` and one action item `item_id`."""
    return minutes(title=title, blocks=f"actions:\n  - id: {item_id}\n    task: 修复\n    owner: 王磊\n"
                                       "    due: 2026-09-20\n")


SOP = """---
type: sop
title: 发布流程
date: 2026-09-01
departments: [研发部]
owner: 研发部
process: 发布
owner_department: 研发部
steps:
  - step: 评审
    department: 研发部
    limit_days: 2
version: '1.0'
reviewed: {reviewed}
review_every: {every}
---
"""


def test_the_templates_are_clean(ctx):
    for text in (meeting(), SOP.format(reviewed="2026-09-01", every="12")):
        record, errors, found = judge(ctx, text)
        assert record is not None and found == []


@SETTINGS
@given(value=SCALARS)
def test_a_text_field_comes_back_as_typed_or_is_refused(ctx, value):
    if not typed_line(value):
        return
    record, errors, found = judge(ctx, meeting(title=value))
    if record is not None and record.meta.get("title") == as_typed(value):
        return
    assert record is None or 3 in errors, (value, record and record.meta.get("title"), found)


@SETTINGS
@given(value=PAIRS)
def test_yaml_syntax_between_two_words_never_changes_a_title(ctx, value):
    """'周例会 # 第3次' would lose '# 第3次' to a YAML comment: as typed, or refused."""
    test_a_text_field_comes_back_as_typed_or_is_refused.hypothesis.inner_test(ctx, value)


@SETTINGS
@given(value=SCALARS)
def test_a_date_field_is_parsed_as_written_or_refused(ctx, value):
    if not typed_line(value):
        return
    record, errors, found = judge(ctx, SOP.format(reviewed=value, every="12"))
    written = as_typed(value)
    if record is not None and "reviewed" in record.meta and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", written):
        if record.meta["reviewed"] == dt.date.fromisoformat(written):
            return
    assert record is None or 14 in errors, (value, record and record.meta.get("reviewed"), found)


@SETTINGS
@given(value=SCALARS)
def test_an_integer_field_is_parsed_as_written_or_refused(ctx, value):
    if not typed_line(value):
        return
    record, errors, found = judge(ctx, SOP.format(reviewed="2026-09-01", every=value))
    written = as_typed(value)
    if record is not None and "review_every" in record.meta and re.fullmatch(r"[0-9]+", written):
        if record.meta["review_every"] == int(written):
            return
    assert record is None or 15 in errors, (value, record and record.meta.get("review_every"), found)


@SETTINGS
@given(value=SCALARS)
def test_an_id_comes_back_as_typed_or_is_refused(ctx, value):
    if not typed_line(value):
        return
    record, errors, found = judge(ctx, meeting(item_id=value))
    ids = [a.get("id") for a in (record.meta.get("actions") or [])] if record is not None else []
    if ids and ids[0] == as_typed(value):
        return
    assert record is None or 14 in errors, (value, ids, found)


@pytest.mark.parametrize("value, field, typed", [
    ("NO", "title", "NO"), ("yes", "title", "yes"), ("0123", "title", "0123"), ("8:30", "title", "8:30"),
    ("1e3", "title", "1e3"), (".inf", "title", ".inf"), ("2026-02-30", "title", "2026-02-30"),
    ("NO", "id", "NO"), ("Yes", "id", "Yes"), ("X0123", "id", "X0123"),
])
def test_yaml_1_1_lookalikes_stay_text(ctx, value, field, typed):
    """The examples of DESIGN.md, spelt out: what YAML 1.1 would convert stays as typed."""
    record, errors, found = judge(ctx, meeting(title=value if field == "title" else "周例会",
                                         item_id=value if field == "id" else "A-1"))
    got = record.meta["title"] if field == "title" else record.meta["actions"][0]["id"]
    assert (got, errors) == (typed, set())
