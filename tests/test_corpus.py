"""The bad-input corpus and the differential between the checks and the build.

tests/corpus/<nn>-<name>.md holds the exact bytes of one hostile or awkward record
(encodings, front-matter shape, YAML hazards, Chinese-keyboard slips, invisible
characters, template syntax, HTML); the inputs too big to commit (bombs, 50,000-deep
nesting, multi-megabyte scalars) are made by GENERATED below. Each has its
<nn>-<name>.expected: the exact lines `minutebook check` prints for it, dropped into
the fixture repository tests/fixtures/repo/ (an empty file: accepted). The inputs
that could crash or hang a parser run in a subprocess with a time limit.

The differential: the checks and the build read records with the same loader, so
they must agree on every fixture. `mkdocs build --strict` refuses exactly the files
the checks refuse, naming the same diagnostics; for the files both accept, what
MkDocs itself reads of the generated page (title and tags of its front-matter, the
Markdown after it) equals the loader's typed values and body. python-frontmatter and
MkDocs' own meta parser, by contrast, read several fixtures differently: the hazard
the one loader removes.

Every date and time field of the schema gets impossible, misspelt and wrongly
shaped values, generated from minutebook/model/schema.py so that a new field is covered.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import BIN, FIXTURE, billion_laughs, build_env, build_in_process, make_repo, merge_bomb, minutes

import checks.engine  # noqa: F401  (registers every rule)
from checks.loader import load_bytes
from minutebook.cli import main as cli
from minutebook.model import schema
from minutebook.render import record_page
from minutebook.render.blocks import Body
from minutebook.render.record_page import demote_headings

CORPUS = Path(__file__).parent / "corpus"
AS_OF = "2026-11-20"
TIMEOUT = 60  # seconds for one subprocess run; a hang fails the test, never the suite

NAME = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")


# ---------------------------------------------------------------- generated fixtures

GENERATED = {
    "67-billion-laughs": billion_laughs,
    "68-merge-key-bomb": merge_bomb,
    "69-deep-flow-50000": lambda: b"---\ntype: minutes\ntags: " + b"[" * 50_000 + b"]" * 50_000 + b"\n---\n",
    "70-deep-mapping-50000": lambda: b"---\ntype: minutes\ntags: " + b"{a: " * 50_000 + b"}" * 50_000 + b"\n---\n",
    "71-deep-block-50000": lambda: b"---\ntype: minutes\ntags:\n  " + b"- " * 50_000 + b"x\n---\n",
    "72-multi-megabyte-scalar": lambda: minutes(blocks="decisions:\n  - " + "长" * (1024 * 1024) + "\n").encode(),
    "73-large-front-matter": lambda: minutes(blocks="decisions:\n  - " + "a" * (300 * 1024) + "\n").encode(),
    "74-quadratic-body": lambda: minutes("[" * 50_000 + "\n").encode(),
    "75-quadratic-link-targets": lambda: minutes("[a](" * 10_000 + "\n").encode(),
}

# whatever could crash, recurse or take long runs in its own process, with a time limit
CRASH_PRONE = set(GENERATED) | {"10-binary-png", "23-anchor-and-alias", "24-merge-key", "27-python-tag"}

COMMITTED = sorted(p.stem for p in CORPUS.glob("*.md"))
NAMES = sorted(set(COMMITTED) | set(GENERATED))


def data_of(name: str) -> bytes:
    return GENERATED[name]() if name in GENERATED else (CORPUS / f"{name}.md").read_bytes()


def expected_of(name: str) -> list[str]:
    path = CORPUS / f"{name}.expected"
    if not path.is_file():  # test_corpus_is_large_named_and_paired says so
        return [f"records/{name}.md:0:0: no .expected"]
    return path.read_text(encoding="utf-8").splitlines()


WARNING_LINE = re.compile(r"^[^:]+:\d+:\d+: MB\d{3} warning: ")


def is_error(line: str) -> bool:
    return not WARNING_LINE.match(line)


ACCEPTED = [n for n in NAMES if not any(is_error(x) for x in expected_of(n))]
REFUSED = [n for n in NAMES if n not in ACCEPTED]


def summary(lines: list[str], files: str = "1 file(s)") -> str:
    errors = sum(map(is_error, lines))
    found_in = len({x.split(":", 1)[0] for x in lines})
    return (f"minutebook check: {errors} error(s), {len(lines) - errors} warning(s) in {found_in} file(s); "
            f"checked {files} as of {AS_OF}\n")


# ---------------------------------------------------------------- the corpus itself


def test_corpus_is_large_named_and_paired():
    assert len(NAMES) >= 40, f"the corpus holds {len(NAMES)} fixtures; the issue asks for at least 40"
    assert not set(COMMITTED) & set(GENERATED), "a fixture is both committed and generated"
    for name in NAMES:
        assert NAME.match(name), f"{name}: name fixtures <nn>-<words-joined-by-dashes>"
        assert (CORPUS / f"{name}.expected").is_file(), f"{name} has no .expected"
    numbers = [n[:2] for n in NAMES]
    assert len(numbers) == len(set(numbers)), "two fixtures share a number"
    for e in CORPUS.glob("*.expected"):
        assert e.stem in NAMES, f"{e.name} has no fixture (neither a .md nor a generator)"
    # both verdicts are represented, and every refusal names the fixture's own file
    assert len(ACCEPTED) >= 10 and len(REFUSED) >= 40
    for name in REFUSED:
        assert all(x.startswith(f"records/{name}.md:") for x in expected_of(name)), name


@pytest.mark.parametrize("name", NAMES)
def test_corpus_fixture(name, tmp_path, capsys):
    """The exact lines of `minutebook check` for one fixture; crash-prone ones in a subprocess."""
    root = make_repo(tmp_path / "repo")
    path = root / "records" / f"{name}.md"
    path.write_bytes(data_of(name))
    expected = expected_of(name)
    args = ["check", "--as-of", AS_OF, "--root", str(root), str(path)]
    if name in CRASH_PRONE:
        proc = subprocess.run([sys.executable, "-m", "minutebook", *args], capture_output=True,
                              text=True, encoding="utf-8", timeout=TIMEOUT, cwd=root)
        assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
        status, out, err = proc.returncode, proc.stdout, proc.stderr
    else:
        status = cli.main(args)
        out, err = capsys.readouterr()
    assert out.splitlines() == expected
    assert err == summary(expected)
    assert status == (1 if any(map(is_error, expected)) else 0)


def test_typed_fields_parse_what_yaml_1_1_would_guess():
    """A guess that is valid text comes back as typed; a typed field is parsed by the schema."""
    record, found = load_bytes(data_of("28-yaml11-guesses-in-text"), "records/x.md")
    assert found == []
    assert record.meta["title"] == "NO"  # YAML 1.1: False
    assert record.meta["location"] == "0123"  # YAML 1.1: 83
    assert record.meta["tags"] == ["yes", "off", "0123", "1e3", "0x1F", ".inf", "2026-02-30", "8:30", "190:20:30"]
    assert record.meta["decisions"] == ["y", "1_000", ".NaN", "0o17", "+12"]
    record, found = load_bytes(data_of("29-yaml11-time-field"), "records/x.md")
    assert (record.meta["start"], record.meta["end"]) == (dt.time(8, 30), dt.time(9, 30))  # YAML 1.1: 510, 570
    record, found = load_bytes(data_of("32-yaml11-guesses-in-ids"), "records/x.md")
    # 'NO' is an id, not False; the numbers and the time are refused and left out
    assert [a.get("id") for a in record.meta["actions"]] == [None, None, None, "NO"]
    record, _ = load_bytes(data_of("43-fullwidth-quotes-in-title"), "records/x.md")
    assert record.meta["title"] == "“周例会”"  # full-width quotes are characters of the title


# ---------------------------------------------------------------- differential: checks and build


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory) -> Path:
    """The fixture repository with every corpus fixture in records/, and the fixture site."""
    project = make_repo(tmp_path_factory.mktemp("corpus") / "repo")
    shutil.copytree(FIXTURE / "docs", project / "docs")
    shutil.copyfile(FIXTURE / "mkdocs.yml", project / "mkdocs.yml")
    for name in NAMES:
        (project / "records" / f"{name}.md").write_bytes(data_of(name))
    return project


def test_whole_corpus_in_one_check_run(corpus_project):
    """All fixtures together say exactly what each says alone: nothing leaks between them."""
    proc = subprocess.run(
        [sys.executable, "-m", "minutebook", "check", "--as-of", AS_OF, "--root", str(corpus_project)],
        capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT,
    )
    assert "Traceback" not in proc.stderr
    expected = [x for name in NAMES for x in expected_of(name)]
    assert sorted(proc.stdout.splitlines()) == sorted(expected)
    assert proc.stderr == summary(expected, "all records")
    assert proc.returncode == 1


@pytest.mark.slow
def test_build_refuses_exactly_what_the_checks_refuse(corpus_project, tmp_path):
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=corpus_project, env=build_env(), capture_output=True, text=True,
                            timeout=TIMEOUT)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    errors = [x for name in REFUSED for x in expected_of(name) if is_error(x)]
    logged = [x.split("-  minutebook: ", 1)[1] for x in result.stderr.splitlines() if x.startswith("ERROR")]
    reported = [x for x in logged if x.startswith("records/")]
    assert sorted(reported) == sorted(errors)
    assert f"minutebook: {len(errors)} error(s) in the records" in result.stderr
    assert not (tmp_path / "site" / "records").exists()  # nothing of the records was published


@pytest.fixture(scope="module")
def accepted_build(tmp_path_factory):
    """An in-process strict build of the fixture site with every accepted corpus fixture."""
    tmp = tmp_path_factory.mktemp("accepted")
    project = make_repo(tmp / "repo")
    shutil.copytree(FIXTURE / "docs", project / "docs")
    shutil.copyfile(FIXTURE / "mkdocs.yml", project / "mkdocs.yml")
    for name in ACCEPTED:
        (project / "records" / f"{name}.md").write_bytes(data_of(name))
    read, plugin = build_in_process(project, tmp / "site")
    return read, plugin, tmp / "site"


@pytest.mark.slow
@pytest.mark.parametrize("name", ACCEPTED)
def test_build_reads_what_the_checks_read(name, accepted_build):
    read, plugin, site = accepted_build
    src = f"records/{name}.md"
    record, found = load_bytes(data_of(name), src)
    assert record is not None and not any(d.severity == "error" for d in found)
    # the plugin loaded the very same metadata and body
    built = next(r for r in plugin.view.records if r.path == src)
    assert (built.meta, built.body) == (record.meta, record.body)
    # what MkDocs read back from the generated page's own front-matter
    meta, markdown = read[src]
    assert html.unescape(meta["title"]) == record.meta["title"]
    assert [html.unescape(t) for t in meta.get("tags", [])] == record.meta.get("tags", [])
    assert meta["render_macros"] is False
    # the page's HTML is written from the model: MkDocs has no Markdown of it to convert,
    # and the body Markdown handed to the converter is the record's own
    assert markdown == ""
    bodies = [b.markdown for b in record_page.blocks(plugin.view, built) if isinstance(b, Body)]
    page = (site / "records" / name / "index.html").read_text(encoding="utf-8")
    if record.body.strip():
        assert bodies == [demote_headings(record.body.strip())]
        assert 'id="正文"' in page
    else:
        assert bodies == [] and 'id="正文"' not in page


# ---------------------------------------------------------------- the hazard: other readers


def mkdocs_reads(data: bytes) -> dict:
    """What MkDocs would read of the file as a page of its own: File.content_string
    (UTF-8 with an optional BOM, universal newlines), then mkdocs.utils.meta.get_data."""
    from mkdocs.utils.meta import get_data

    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", errors="strict").read()
    return get_data(text)[1]


def frontmatter_reads(data: bytes):
    """What python-frontmatter reads, or the name of the exception it raises."""
    import frontmatter

    try:
        return frontmatter.loads(data.decode("utf-8")).metadata
    except Exception as exc:  # noqa: BLE001 - the hazard is precisely that it raises
        return type(exc).__name__


def ours(name: str):
    """The loader's typed metadata, or the codes it refused the file with."""
    record, found = load_bytes(data_of(name), f"records/{name}.md")
    return record.meta if record is not None else sorted({d.code for d in found})


PLAIN = ours("01-utf8-bom")


def test_the_plain_reading():
    assert PLAIN == {
        "type": "minutes", "title": "周例会", "date": dt.date(2026, 9, 14), "departments": ["研发部"],
        "owner": "王磊", "start": dt.time(10, 0), "end": dt.time(11, 0), "host": "王磊",
        "recorder": "李娜", "attendees": ["李娜"], "published": dt.datetime(2026, 9, 14, 12, 0),
        "visibility": "internal",
    }


YAML_11 = {"type": "minutes", "title": "周例会", "date": dt.date(2026, 9, 14), "departments": ["研发部"],
           "owner": "王磊", "start": "10:00", "end": "11:00", "host": "王磊", "recorder": "李娜",
           "attendees": ["李娜"], "published": "2026-09-14 12:00"}


@pytest.mark.parametrize("name, by_mkdocs, by_frontmatter, by_us", [
    # a BOM: python-frontmatter sees no front-matter; MkDocs strips it; so do we (documented)
    ("01-utf8-bom", YAML_11, {}, PLAIN),
    # blank lines first: MkDocs publishes the YAML as text; we skip them (documented)
    ("19-blank-lines-before", {}, YAML_11, PLAIN),
    ("12-bom-crlf-blank-lines", {}, {}, PLAIN),
    # lone CR line ends: python-frontmatter sees none; we read CR as LF (documented)
    ("03-cr-only", YAML_11, {}, PLAIN),
    # no closing '---': both publish the whole file as the body; we refuse it
    ("14-unclosed-front-matter", {}, {}, ["MB003"]),
    # closed by '...': MkDocs accepts it, python-frontmatter does not; we ask for '---'
    ("20-closed-with-dots", YAML_11, {}, ["MB003"]),
    # opened by '----': python-frontmatter accepts it, MkDocs does not; we ask for '---'
    ("21-four-dashes", {}, YAML_11, ["MB002"]),
    # a duplicate key: both keep the last value silently; we refuse it
    ("25-duplicate-key", {**YAML_11, "owner": "李娜"}, {**YAML_11, "owner": "李娜"}, ["MB007"]),
    # an alias: both expand it; we refuse anchors and aliases
    ("23-anchor-and-alias", {**YAML_11, "absent": ["李娜"]}, {**YAML_11, "absent": ["李娜"]}, ["MB006"]),
    # YAML 1.1 guesses: 8:30 becomes 510 minutes, `no` becomes False
    ("29-yaml11-time-field", {**YAML_11, "start": 510, "end": 570}, {**YAML_11, "start": 510, "end": 570},
     {**PLAIN, "start": dt.time(8, 30), "end": dt.time(9, 30)}),
    ("33-yaml11-guesses-in-enums", {**YAML_11, "visibility": False}, {**YAML_11, "visibility": False},
     ours("33-yaml11-guesses-in-enums")),
    # 2026-02-30 among the tags: MkDocs drops all metadata and publishes the YAML as text,
    # python-frontmatter raises; we keep every value as typed
    ("28-yaml11-guesses-in-text", {}, "ValueError", ours("28-yaml11-guesses-in-text")),
    # a second document: MkDocs publishes the YAML as text, python-frontmatter raises
    ("18-second-document", {}, "ComposerError", ["MB004"]),
    # a python tag: MkDocs publishes the YAML as text, python-frontmatter raises
    ("27-python-tag", {}, "ConstructorError", ["MB006"]),
])
def test_other_readers_disagree_where_ours_is_documented(name, by_mkdocs, by_frontmatter, by_us):
    data = data_of(name)
    assert mkdocs_reads(data) == by_mkdocs
    assert frontmatter_reads(data) == by_frontmatter
    assert ours(name) == by_us
    if isinstance(by_us, dict):
        assert by_us != by_mkdocs or by_us != by_frontmatter  # a real disagreement


def test_visibility_read_as_false_fails_closed():
    """`visibility: no` (YAML 1.1: False) is refused by the check (MB105, see its .expected);
    the typed metadata falls back to the declared default, but who may read the record is
    decided on what was typed: no one."""
    from minutebook.views.visibility import can_read

    record, _ = load_bytes(data_of("33-yaml11-guesses-in-enums"), "records/x.md")
    assert record.meta["visibility"] == "internal"
    assert not any(can_read(record, a) for a in ("public", "internal", "研发部", "市场部"))


# ---------------------------------------------------------------- every date and time field


def date_fields(type_, path=()):
    """Paths of every date, time and date-time field below `type_`; list items as index 0."""
    if isinstance(type_, (schema.Date, schema.Time, schema.DateTime)):
        yield path, type_
    elif isinstance(type_, schema.ListOf):
        yield from date_fields(type_.of, path + (0,))
    elif isinstance(type_, schema.Obj):
        for f in type_.fields:
            yield from date_fields(f.type, path + (f.name,))


# A valid record of each kind in the fixture repository, with every date field present.
BASELINES = {
    "notice": {
        "type": "notice", "title": "周会通知", "date": "2026-09-16", "departments": ["研发部"], "owner": "王磊",
        "issued": "2026-09-11", "start": "10:00", "end": "11:00", "host": "王磊", "recorder": "李娜",
        "attendees": ["李娜"], "agenda": [{"topic": "进度", "owner": "王磊", "minutes": "20"}],
        "rsvp_by": "2026-09-15 18:00",
    },
    "minutes": {
        "type": "minutes", "title": "周会", "date": "2026-09-16", "departments": ["研发部"], "owner": "王磊",
        "start": "10:00", "end": "11:00", "host": "王磊", "recorder": "李娜", "attendees": ["李娜"],
        "published": "2026-09-16 12:00",
        "pending": [{"id": "D-P1", "question": "预算", "owner": "王磊", "due": "2026-09-20"}],
        "actions": [{"id": "D-A1", "task": "修复", "owner": "王磊", "due": "2026-09-20"}],
        "updates": [{"ref": "SYNC-01", "status": "in-progress", "due": "2026-12-01"}],
    },
    "request": {
        "type": "request", "title": "协调", "date": "2026-09-10", "departments": ["研发部"], "owner": "王磊",
        "initiator": {"department": "研发部", "person": "王磊"}, "participants": ["市场部"],
        "meeting": "2026-09-16", "background": "背景",
        "problems": [{"id": "D-R1", "problem": "接口", "owner": "王磊", "due": "2026-09-20"}],
        "expected": {"outcome": "对齐", "due": "2026-09-24"},
    },
    "plan": {
        "type": "plan", "title": "计划", "date": "2026-09-01", "departments": ["研发部"], "owner": "王磊",
        "goal": {"statement": "上线", "metric": "缺陷数", "target": "0", "deadline": "2026-12-31"},
        "scenario": "project",
        "roles": [{"department": "研发部", "role": "lead", "contact": "李娜"}],
        "tasks": [{"id": "D-T1", "task": "开发", "owner": "王磊", "department": "研发部",
                   "start": "2026-09-02", "due": "2026-09-30"}],
    },
    "retrospective": {
        "type": "retrospective", "title": "复盘", "date": "2026-10-10", "departments": ["研发部"],
        "owner": "王磊",
        # without an improvement, so that a bad `due` is the only finding (else MB407 adds one)
        "lessons": [{"id": "D-L1", "lesson": "早测", "category": "process", "owner": "王磊", "due": "2026-12-01"}],
    },
    "sop": {
        "type": "sop", "title": "流程", "date": "2026-09-01", "departments": ["研发部"], "owner": "研发部",
        "process": "发布", "owner_department": "研发部",
        "steps": [{"step": "评审", "department": "研发部", "limit_days": "2"}],
        "version": "'1.0'", "reviewed": "2026-09-01", "review_every": "12",
    },
    "conflict": {
        # raised the day before the reference date: not late even when `resolved` is refused
        "type": "conflict", "title": "冲突", "date": "2026-11-19", "departments": ["研发部", "市场部"],
        "owner": "王磊", "level": "general", "raised": "2026-11-19", "description": "排期",
        "resolver": "王磊", "resolved": "2026-11-20", "resolution": "调整排期",
    },
    "progress": {
        # PLAN-01 of the fixture plan is 王磊's, reported by him between meetings
        "type": "progress", "title": "进度更新", "date": "2026-09-16", "departments": ["研发部"],
        "owner": "王磊", "by": "王磊",
        "updates": [{"ref": "PLAN-01", "status": "done", "due": "2026-12-01", "done_on": "2026-09-15"}],
    },
}


class Flow(list):
    """A value written as a one-line flow list: `key: [a, b]`."""


def emit(record: dict) -> tuple[str, dict]:
    """Block YAML of `record`, and the (line, col) of every value by path (file lines: the
    opening '---' is line 1). Written here, not by a YAML library, so positions are known."""
    lines: list[str] = []
    where: dict = {}

    def mapping(d: dict, indent: int, path: tuple, first: str | None = None):
        for i, (key, value) in enumerate(d.items()):
            prefix = first if (i == 0 and first is not None) else " " * indent
            here = path + (key,)
            if isinstance(value, dict):
                lines.append(f"{prefix}{key}:")
                mapping(value, indent + 2, here)
            elif isinstance(value, list) and (isinstance(value, Flow) or not value or not isinstance(value[0], dict)):
                lines.append(f"{prefix}{key}: [{', '.join(value)}]")
                where[here] = (len(lines) + 1, len(prefix) + len(key) + 3)
            elif isinstance(value, list):
                lines.append(f"{prefix}{key}:")
                for j, item in enumerate(value):
                    mapping(item, indent + 4, here + (j,), first=" " * (indent + 2) + "- ")
            else:
                lines.append(f"{prefix}{key}: {value}")
                where[here] = (len(lines) + 1, len(prefix) + len(key) + 3)

    mapping(record, 0, ())
    return "---\n" + "\n".join(lines) + "\n---\n", where


def put(record: dict, path: tuple, value) -> dict:
    """A deep copy of `record` with `value` at `path` (the parent must exist)."""
    import copy

    out = copy.deepcopy(record)
    node = out
    for step in path[:-1]:
        if isinstance(step, int):
            assert isinstance(node, list) and len(node) > step, f"no item {step} for {path}"
        else:
            assert isinstance(node, dict) and step in node, f"the baseline has no `{step}` for {path}"
        node = node[step]
    node[path[-1]] = value
    return out


def describe(path: tuple) -> str:
    return "".join(f"[{s + 1}]" if isinstance(s, int) else (f".{s}" if i else s) for i, s in enumerate(path))


# per type: (value, rule code, message); a Flow value is a list where one value belongs
BAD_VALUES = {
    schema.Date: [("2026-02-30", "MB104", "is not a real date"),
                  ("2026/09/20", "MB104", "must be a date written YYYY-MM-DD"),
                  ("NO", "MB104", "must be a date written YYYY-MM-DD"),
                  (Flow(["2026-09-20"]), "MB103", "must be a date YYYY-MM-DD, not a list")],
    schema.Time: [("24:00", "MB104", "is not a real time of day"),
                  ("10.30", "MB104", "must be a time written HH:MM"),
                  ("10:30:00", "MB104", "must be a time written HH:MM"),
                  (Flow(["10:30"]), "MB103", "must be a time HH:MM, not a list")],
    schema.DateTime: [("2026-02-30 10:00", "MB104", "is not a real date and time"),
                      ("2026-09-16 25:00", "MB104", "is not a real date and time"),
                      ("2026-09-16", "MB104", "must be a date and time written YYYY-MM-DD HH:MM"),
                      (Flow(["2026-09-16 10:00"]), "MB103", "must be a date and time YYYY-MM-DD HH:MM, not a list")],
}

DATE_CASES = [
    (kind, path, n)
    for kind in schema.KINDS.values()
    for path, type_ in date_fields(kind.obj)
    for n in range(len(BAD_VALUES[type(type_)]))
]


def test_every_kind_has_a_clean_baseline(tmp_path, capsys):
    assert sorted(BASELINES) == sorted(schema.KINDS), "add a baseline for the new kind"
    root = make_repo(tmp_path / "repo")
    for kind, record in BASELINES.items():
        (root / "records" / f"baseline-{kind}.md").write_text(emit(record)[0], encoding="utf-8")
    assert cli.main(["check", "--as-of", AS_OF, "--root", str(root)]) == 0
    assert capsys.readouterr().out == ""
    assert len(DATE_CASES) >= 27 * 4


@pytest.mark.parametrize("kind, path, n", DATE_CASES,
                         ids=[f"{k.name}-{describe(p)}-{n}" for k, p, n in DATE_CASES])
def test_every_date_field_refuses_bad_values(kind, path, n, tmp_path, capsys):
    type_ = dict(date_fields(kind.obj))[path]
    value, code, message = BAD_VALUES[type(type_)][n]
    text, where = emit(put(BASELINES[kind.name], path, value))
    root = make_repo(tmp_path / "repo")
    target = root / "records" / f"{kind.name}.md"
    target.write_text(text, encoding="utf-8")
    assert cli.main(["check", "--as-of", AS_OF, "--root", str(root), str(target)]) == 1
    line, col = where[path]
    typed = "" if isinstance(value, Flow) else f": '{value}'"
    assert capsys.readouterr().out == f"records/{kind.name}.md:{line}:{col}: {code} `{describe(path)}` {message}{typed}\n"
