"""The one reader of records, fed raw bytes: encodings, front-matter shape, hostile YAML.

Every fixture is a bytes literal written here, so that no editor, hook or checkout
can normalise it away. Diagnostics are compared exactly: (code, line, col, message).
The inputs that could crash or hang a parser (bombs, deep nesting, huge files) run
`python -m minutebook check` in a subprocess with a time limit and must end in one
clean diagnostic line, exit status 1 and no traceback.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import billion_laughs, make_repo, merge_bomb, minutes

import checks.engine  # noqa: F401  (registers the rules the loader runs on raw lines)
from checks.engine import check
from checks.loader import load_bytes
from minutebook.model import yamlstrict
from minutebook.model.yamlstrict import Map, Seq

AS_OF = dt.date(2026, 11, 20)
TIMEOUT = 20  # seconds, for the subprocess runs

RECORD = minutes().encode("utf-8")

META = {
    "type": "minutes", "title": "周例会", "date": dt.date(2026, 9, 14), "departments": ["研发部"],
    "owner": "王磊", "start": dt.time(10, 0), "end": dt.time(11, 0), "host": "王磊",
    "recorder": "李娜", "attendees": ["李娜"], "published": dt.datetime(2026, 9, 14, 12, 0),
    "visibility": "internal",
}


def load(data: bytes):
    record, found = load_bytes(data, "records/x.md")
    return record, [(d.code, d.line, d.col, d.message) for d in found]


def refused(data: bytes):
    record, found = load(data)
    assert record is None
    return found


def positions(node, out=None) -> list:
    """(line, col) of every node of a tree, in document order."""
    out = [] if out is None else out
    out.append((node.line, node.col))
    if isinstance(node, Map):
        for k, v in node.pairs:
            out.append((k.line, k.col))
            positions(v, out)
    elif isinstance(node, Seq):
        for item in node.items:
            positions(item, out)
    return out


def fm(text: str) -> bytes:
    """A record whose front-matter is `text` (UTF-8)."""
    return ("---\n" + text + "---\n").encode("utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    return make_repo(tmp_path / "repo")


def check_bytes(root: Path, data: bytes, name: str = "x.md") -> list[str]:
    """The formatted diagnostics of one record written into the fixture repository."""
    path = root / "records" / name
    path.write_bytes(data)
    return [d.format() for d in check(root, AS_OF, [path])]


# ---------------------------------------------------------------- accepted normalisation


def test_plain_record():
    record, found = load(RECORD)
    assert found == []
    assert record.meta == META
    assert (record.fm_line, record.body_line, record.body) == (1, 14, "\n正文。\n")
    assert record.pos(("title",)) == (3, 8)


def test_utf8_bom_is_accepted_with_the_same_metadata():
    plain, _ = load(RECORD)
    record, found = load(b"\xef\xbb\xbf" + RECORD)
    assert found == []
    assert record.meta == plain.meta == META
    assert positions(record.tree) == positions(plain.tree)


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["CRLF", "CR"])
def test_crlf_and_cr_are_accepted_with_the_same_line_numbers(newline):
    plain, _ = load(RECORD)
    record, found = load(RECORD.replace(b"\n", newline))
    assert found == []
    assert record.meta == META
    assert positions(record.tree) == positions(plain.tree)
    assert (record.fm_line, record.body_line, record.body) == (1, 14, "\n正文。\n")


def test_crlf_diagnostics_name_the_same_lines(repo):
    bad = RECORD.replace(b"owner: \xe7\x8e\x8b\xe7\xa3\x8a", "owner: 王雷".encode()).replace(b"host:", b"hots:")
    lf = check_bytes(repo, bad, "lf.md")
    crlf = check_bytes(repo, bad.replace(b"\n", b"\r\n"), "crlf.md")
    assert lf == [
        "records/lf.md:2:1: MB101 `host` is required: who chaired.",
        "records/lf.md:6:8: MB201 `owner` is not in the registry: '王雷'; did you mean '王磊'?",
        "records/lf.md:9:1: MB102 unknown key `hots`; did you mean `host`?",
    ]
    assert [x.replace("crlf.md", "lf.md") for x in crlf] == lf


def test_blank_lines_before_the_front_matter_are_accepted():
    record, found = load(b"\n \n" + RECORD)
    assert found == []
    assert record.meta == META
    assert record.fm_line == 3
    assert record.pos(("title",)) == (5, 8)  # file lines, counting the blank ones


def test_bom_crlf_and_a_blank_first_line_together():
    record, found = load(b"\xef\xbb\xbf\r\n" + RECORD.replace(b"\n", b"\r\n"))
    assert found == []
    assert record.meta == META
    assert record.pos(("title",)) == (4, 8)


# ---------------------------------------------------------------- refused encodings


def test_gbk_is_refused_naming_gbk():
    assert refused(RECORD.decode("utf-8").encode("gbk")) == [
        ("MB001", 3, 8, "file is not valid UTF-8 (byte 0xD6); it looks like GBK/GB18030; save it as UTF-8"),
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused(encoding):
    data = RECORD.decode("utf-8").encode(encoding)
    if encoding != "utf-16":  # Python writes a BOM only for plain "utf-16"
        data = ("\ufeff" + RECORD.decode("utf-8")).encode(encoding)
    assert refused(data) == [("MB001", 1, 1, "file is UTF-16; save it as UTF-8")]


def test_invalid_utf8_is_refused_at_the_bad_byte():
    assert refused(b"---\ntitle: ab\xc3\n---\n") == [
        ("MB001", 2, 10, "file is not valid UTF-8 (byte 0xC3); save it as UTF-8"),
    ]
    assert refused(b"---\ntitle: \xff\n---\n") == [
        ("MB001", 2, 8, "file is not valid UTF-8 (byte 0xFF); save it as UTF-8"),
    ]


def test_nul_bytes_are_refused_as_binary():
    assert refused(b"---\ntitle: a\x00b\n---\n") == [
        ("MB001", 2, 9, "file is binary (NUL bytes), not a Markdown record"),
    ]


def test_binary_file_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    assert refused(png) == [("MB001", 1, 1, "file is binary, not a Markdown record")]


# ---------------------------------------------------------------- front-matter shape


def test_missing_front_matter():
    assert refused("# 周例会\n\ntype: minutes\n".encode()) == [
        ("MB002", 1, 1, "no front-matter: a record must start with a line '---'"),
    ]
    assert refused(b"\n\n# notes\n") == [
        ("MB002", 3, 1, "no front-matter: a record must start with a line '---'"),
    ]


def test_unclosed_front_matter():
    assert refused(b"---\ntype: minutes\ntitle: x\n\nbody\n") == [
        ("MB003", 1, 1, "front-matter is not closed: add a line '---' after the last field"),
    ]


@pytest.mark.parametrize("data", [b"", b"\n", b"\n \n\t\n", b"\r\n\r\n"], ids=["empty", "newline", "blank", "crlf"])
def test_empty_file(data):
    assert refused(data) == [("MB002", 1, 1, "file is empty: a record must start with a line '---'")]


def test_empty_front_matter_loads_and_the_rules_judge_it():
    record, found = load(b"---\n---\nbody\n")
    assert found == []
    assert record.meta == {"visibility": "internal"}
    assert (record.fm_line, record.body_line) == (1, 3)


def test_a_list_is_not_a_mapping():
    assert refused(b"---\n- type: minutes\n- title: x\n---\n") == [
        ("MB005", 2, 1, "front-matter must be a mapping of fields (key: value), not a list"),
    ]


def test_a_single_value_is_not_a_mapping():
    assert refused(b"---\njust some words\n---\n") == [
        ("MB005", 2, 1, "front-matter must be a mapping of fields (key: value), not a single value"),
    ]


def test_yaml_syntax_error_says_where_the_quote_opened():
    assert refused(fm('type: minutes\ntitle: "周例会\ndate: 2026-09-14\n')) == [
        ("MB004", 5, 1, "YAML syntax error: found unexpected end of stream "
                        "(while scanning a quoted scalar that starts at line 3, column 8)"),
    ]


def test_yaml_syntax_error_in_a_flow_list():
    assert refused(fm("type: minutes\nattendees: [王磊, 李娜\ndate: 2026-09-14\n")) == [
        ("MB004", 4, 5, "YAML syntax error: did not find expected ',' or ']' "
                        "(while parsing a flow sequence that starts at line 3, column 12)"),
    ]


def test_a_second_document_is_refused():
    assert refused(b"---\ntype: minutes\n--- x\n---\n") == [
        ("MB004", 3, 1, "only one YAML document is allowed in the front-matter"),
    ]
    assert refused(b"---\ntype: minutes\n...\ntitle: x\n---\n") == [
        ("MB004", 4, 1, "YAML syntax error: did not find expected <document start>"),
    ]


# ---------------------------------------------------------------- hostile YAML, in-process


def test_anchor_is_refused():
    assert refused(fm("type: minutes\ntitle: &t 周例会\n")) == [
        ("MB006", 3, 8, "anchors ('&t') are not allowed; write the value out"),
    ]


def test_alias_is_refused():
    assert refused(fm("type: minutes\ntitle: *t\n")) == [
        ("MB006", 3, 8, "aliases ('*t') are not allowed; write the value out"),
    ]


def test_merge_key_is_refused():
    assert refused(fm("type: minutes\n<<: {title: 周例会}\n")) == [
        ("MB006", 3, 1, "merge keys ('<<') are not allowed; write the keys out"),
    ]
    assert refused(fm("actions:\n  - <<: {owner: 王磊}\n    id: A-1\n")) == [
        ("MB006", 3, 5, "merge keys ('<<') are not allowed; write the keys out"),
    ]


def test_a_quoted_merge_word_is_an_ordinary_key():
    record, found = load(fm("type: minutes\n'<<': x\n"))
    assert found == []
    assert yamlstrict.to_plain(record.tree) == {"type": "minutes", "<<": "x"}


@pytest.mark.parametrize("value, typed", [
    ("!!str 123", "!!str"),
    ("!!python/object/apply:os.system ['id']", "!!python/object/apply:os.system"),
    ("!local x", "!local"),
])
def test_tags_are_refused_as_typed(value, typed):
    assert refused(fm(f"type: minutes\ntitle: {value}\n")) == [
        ("MB006", 3, 8, f"tags ('{typed}') are not allowed; quote the value instead"),
    ]


def test_duplicate_key_names_the_first_line():
    assert refused(fm("type: minutes\ntitle: a\nowner: 王磊\ntitle: b\n")) == [
        ("MB007", 5, 1, "duplicate key 'title' (first at line 3); YAML would silently keep only the last one"),
    ]


def test_duplicate_key_in_an_item():
    assert refused(fm("actions:\n  - id: A-1\n    task: t\n    id: A-2\n")) == [
        ("MB007", 5, 5, "duplicate key 'id' (first at line 3); YAML would silently keep only the last one"),
    ]


def test_the_same_key_in_two_items_is_fine():
    record, found = load(fm("actions:\n  - id: A-1\n  - id: A-2\n"))
    assert found == []


def test_tab_indentation_is_refused():
    assert refused(fm("type: minutes\nactions:\n\t- id: A-1\n")) == [
        ("MB111", 4, 1, "indentation uses a tab; indent with ASCII spaces"),
    ]


def test_a_tab_after_the_colon_is_yaml_whitespace():
    record, found = load(fm("type: minutes\ntitle:\t周例会\n"))
    assert found == []
    assert record.meta["title"] == "周例会"


def test_full_width_colon_is_explained():
    assert refused(fm("type: minutes\nowner：张三\n")) == [
        ("MB110", 3, 6, "full-width colon '：' after `owner`: YAML needs an ASCII ':' followed by a space "
                        "(`owner: …`); switch the keyboard to half-width"),
    ]


def test_nesting_limit_is_checked_before_the_parser(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("the YAML parser must not see this document")

    monkeypatch.setattr(yamlstrict.yaml, "parse", boom)
    assert refused(b"---\ntitle: " + b"[" * 50_000 + b"\n---\n") == [
        ("MB008", 2, 40, "nesting deeper than 32 levels is not allowed"),
    ]


def test_deep_block_nesting_is_refused_while_parsing():
    assert refused(b"---\ntags:\n  " + b"- " * 100 + b"x\n---\n") == [
        ("MB008", 3, 65, "nesting deeper than 32 levels is not allowed"),
    ]


def test_brackets_in_the_body_are_not_nesting():
    # 50,000 of them, in paragraphs small enough to render (one paragraph of them is MB008)
    record, found = load(RECORD + (b"[" * 100 + b"\n\n") * 500)
    assert found == []
    assert record.meta == META


# ---------------------------------------------------------------- YAML 1.1 guesses


def test_scalars_keep_what_was_typed():
    record, found = load(fm(
        "type: minutes\ntitle: NO\nstart: 8:30\nend: 09:30\nlocation: 0123\n"
        "decisions: [yes, off, 1e3, 0x1F, 2026-09-14, ~, 'null', \"\"]\n"
    ))
    assert found == []
    m = record.meta
    assert m["title"] == "NO"  # not False
    assert m["start"] == dt.time(8, 30)  # not 510
    assert m["end"] == dt.time(9, 30)
    assert m["location"] == "0123"  # not 83
    # ~ is null and dropped from the list; the quoted word 'null' is text; "" is empty text
    assert m["decisions"] == ["yes", "off", "1e3", "0x1F", "2026-09-14", "null", ""]


def test_id_like_fields_keep_leading_zeros(repo):
    sop = (
        "---\ntype: sop\ntitle: 流程\ndate: 2026-09-01\ndepartments: [研发部]\nowner: 研发部\n"
        "process: p\nowner_department: 研发部\nsteps:\n  - step: s\n    department: 研发部\n"
        "    limit_days: 1\nversion: 0123\nreviewed: 2026-09-01\nreview_every: 12\n---\n"
    ).encode()
    record, found = load(sop)
    assert found == [] and record.meta["version"] == "0123"
    assert check_bytes(repo, sop) == []
    minutes = RECORD.replace(b"---\n\n", b"actions:\n  - id: 0123\n    task: t\n    owner: \xe7\x8e\x8b\xe7\xa3\x8a\n"
                                         b"    due: 2026-09-18\n---\n\n")
    assert check_bytes(repo, minutes) == [
        "records/x.md:14:9: MB103 `actions[1].id` must be an id of letters, digits and '-', "
        "starting with a letter (e.g. LAUNCH-01): '0123'",
    ]


@pytest.mark.parametrize("null", ["~", "null", "Null", "NULL", ""])
def test_null_words_are_empty_values(repo, null):
    data = RECORD.replace("recorder: 李娜".encode(), f"recorder: {null}".encode())
    assert check_bytes(repo, data) == ["records/x.md:10:11: MB101 `recorder` is required: who wrote the minutes."
                                       if null else
                                       "records/x.md:10:10: MB101 `recorder` is required: who wrote the minutes."]


def test_empty_list_items_are_reported_not_kept(repo):
    data = RECORD.replace(b"attendees: [\xe6\x9d\x8e\xe5\xa8\x9c]\n",
                          "attendees:\n  - 李娜\n  -\nactions:\n  -\n  - 修复缺陷，李娜负责\n".encode())
    record, found = load(data)
    assert found == []
    assert record.meta["attendees"] == ["李娜"] and record.meta["actions"] == []
    assert check_bytes(repo, data) == [
        "records/x.md:13:4: MB103 `attendees[2]` is empty; fill it in or delete it",
        "records/x.md:15:4: MB103 `actions[1]` is empty; fill it in or delete it",
        "records/x.md:16:5: MB103 each item of `actions` must be a mapping of fields (id, task, owner, due)",
    ]


# ---------------------------------------------------------------- crash-prone, in a subprocess


HOSTILE = {
    "billion-laughs": (billion_laughs, "3:4: MB006 anchors ('&a') are not allowed; write the value out"),
    "merge-bomb": (merge_bomb, "3:5: MB006 anchors ('&m0') are not allowed; write the value out"),
    "deep-flow": (lambda: b"---\ntype: minutes\ntitle: " + b"[" * 50_000 + b"\n---\n",
                  "3:40: MB008 nesting deeper than 32 levels is not allowed"),
    "deep-flow-closed": (lambda: b"---\ntags: " + b"[" * 50_000 + b"]" * 50_000 + b"\n---\n",
                         "2:39: MB008 nesting deeper than 32 levels is not allowed"),
    "deep-mapping": (lambda: b"---\ntags: " + b"{a: " * 50_000 + b"}" * 50_000 + b"\n---\n",
                     "2:135: MB008 nesting deeper than 32 levels is not allowed"),
    "deep-block": (lambda: b"---\ntags:\n  " + b"- " * 50_000 + b"x\n---\n",
                   "3:65: MB008 nesting deeper than 32 levels is not allowed"),
    "huge-file": (lambda: RECORD + b"a" * (3 * 1024 * 1024), "1:1: MB008 file is larger than 2 MiB"),
    "huge-front-matter": (lambda: b"---\ntype: minutes\nbackground: " + b"a" * (300 * 1024) + b"\n---\n",
                          "2:1: MB008 front-matter is larger than 256 KiB"),
    "many-long-lines": (lambda: b"---\n" + b"".join(b"k%d: %s\n" % (i, b"x" * 100) for i in range(3000)) + b"---\n",
                        "2:1: MB008 front-matter is larger than 256 KiB"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_ends_in_one_clean_diagnostic(name, repo):
    make, expected = HOSTILE[name]
    path = repo / "records" / f"{name}.md"
    path.write_bytes(make())
    proc = subprocess.run(
        [sys.executable, "-m", "minutebook", "check", "--as-of", AS_OF.isoformat(), "--root", str(repo), str(path)],
        capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT,
    )
    assert "Traceback" not in proc.stderr
    assert proc.stdout == f"records/{name}.md:{expected}\n"
    assert proc.stderr == (f"minutebook check: 1 error(s), 0 warning(s) in 1 file(s); "
                           f"checked 1 file(s) as of {AS_OF}\n")
    assert proc.returncode == 1
