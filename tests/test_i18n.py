"""Messages in Chinese and English: the catalogues are complete and current, the language is
chosen in the documented order, and a Chinese diagnostic has no untranslated English word."""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from helpers import BIN, MINUTES, ROOT, make_repo, minutes

import checks.engine  # noqa: F401  (registers every rule)
from checks.catalogue import RULES
from checks.example_check import check as check_example
from minutebook.base import i18n
from minutebook.base.i18n import _
from minutebook.model.schema import KINDS

LOCALE = ROOT / "minutebook" / "locale"
POT = LOCALE / "minutebook.pot"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "minutebook.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")
PERCENT = re.compile(r"%\(?\w*\)?[sdr]")


def _ids(messages) -> set:
    return {m.id for m in messages if m.id}


def extracted() -> set:
    """Every message of the package, as `pybabel extract -F babel.cfg` finds it."""
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = set()
    for folder in ("minutebook", "checks", "plugins"):
        for _name, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map, options_map):
            found.add(message)
    return found


def test_the_template_is_current():
    assert extracted() == _ids(read_po(POT.open("rb"))), \
        "minutebook.pot is stale: run the extract/update/compile steps of docs/guide/contributing.md"


def test_every_message_has_a_chinese_translation_with_the_same_placeholders():
    catalogue = read_po(PO.open("rb"))
    assert _ids(catalogue) == _ids(read_po(POT.open("rb"))), "the .po is not updated from the .pot"
    for m in catalogue:
        if not m.id:
            continue
        assert m.string and not m.fuzzy, f"no Chinese for {m.id!r}"
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(ids[0])), m.id
            # %-style (argparse's own messages): the same set; named ones may move
            assert sorted(PERCENT.findall(text)) == sorted(PERCENT.findall(ids[0])), m.id


def test_the_compiled_catalogue_is_the_po_compiled():
    out = io.BytesIO()
    write_mo(out, read_po(PO.open("rb")))
    assert MO.read_bytes() == out.getvalue(), "minutebook.mo is stale: run `pybabel compile` (contributing.md)"


# ---------------------------------------------------------------- choosing the language

BAD = minutes(owner="王五")  # not in the registry: MB201
ENGLISH = "`owner` is not in the registry: '王五'"
CHINESE = "`owner` 不在登记表中：'王五'"


@pytest.fixture
def repo(tmp_path) -> Path:
    return make_repo(tmp_path / "repo", {"records/minutes/2026/2026-09-14-weekly.md": BAD})


def _env(**values) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("MINUTEBOOK_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update({"LANG": "C.UTF-8", "MINUTEBOOK_TODAY": "2026-09-20"})
    env.update({k: v for k, v in values.items() if v is not None})
    return env


def _language(root: Path, setting: str | None) -> None:
    org = root / "records" / "org.yml"
    text = org.read_text(encoding="utf-8")
    if setting is not None:
        assert text.startswith(("settings:\n", "# ")) and "\nsettings:\n" in "\n" + text  # the fixture has settings
        text = ("\n" + text).replace("\nsettings:\n", f"\nsettings:\n  language: {setting}\n", 1)[1:]
    org.write_text(text, encoding="utf-8")


def run(root: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "minutebook"), *args, "check"], cwd=root, capture_output=True,
                          text=True, encoding="utf-8", env=_env(**env), timeout=120)


def said(proc) -> str:
    assert proc.returncode == 1, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("args, env, setting, chinese", [
    ((), {}, None, False),  # nothing chosen, an English locale: English
    (("--lang", "zh"), {}, None, True),
    ((), {"MINUTEBOOK_LANG": "zh"}, None, True),
    ((), {}, "zh", True),
    ((), {"LANG": "zh_CN.UTF-8"}, None, True),
    ((), {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, None, True),
    ((), {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, None, False),  # LC_ALL first
    # each source wins over those after it
    (("--lang", "en"), {"MINUTEBOOK_LANG": "zh", "LANG": "zh_CN.UTF-8"}, "zh", False),
    (("--lang=zh",), {"MINUTEBOOK_LANG": "en"}, "en", True),
    ((), {"MINUTEBOOK_LANG": "en", "LANG": "zh_CN.UTF-8"}, "zh", False),
    ((), {"MINUTEBOOK_LANG": "zh"}, "en", True),
    ((), {"LANG": "zh_CN.UTF-8"}, "en", False),
    ((), {"LANG": "en_US.UTF-8"}, "zh", True),
])
def test_the_language_is_chosen_in_order(repo, args, env, setting, chinese):
    _language(repo, setting)
    out = said(run(repo, *args, **env))
    assert (CHINESE if chinese else ENGLISH) in out
    assert re.search(r"^records/minutes/2026/2026-09-14-weekly\.md:\d+:\d+: MB201 ", out, re.M)


def test_lang_after_the_command_and_the_chinese_summary(repo):
    proc = subprocess.run([str(BIN / "minutebook"), "check", "--lang", "zh"], cwd=repo, capture_output=True,
                          text=True, encoding="utf-8", env=_env(), timeout=120)
    assert CHINESE in said(proc)
    assert "minutebook check：1 个错误，0 个警告，涉及 1 个文件" in proc.stderr


@pytest.mark.parametrize("args, env, problem", [
    (("--lang", "fr"), {}, "--lang must be zh (Chinese) or en (English): 'fr'"),
    ((), {"MINUTEBOOK_LANG": "de"}, "$MINUTEBOOK_LANG must be zh (Chinese) or en (English): 'de'"),
])
def test_an_unknown_language_is_a_usage_error(repo, args, env, problem):
    proc = run(repo, *args, **env)
    assert proc.returncode == 2 and proc.stdout == ""
    assert f"minutebook: error: {problem}" in proc.stderr


def test_an_unknown_language_in_the_registry_is_an_mb009_error(repo):
    _language(repo, "fr")
    proc = run(repo)
    assert proc.returncode == 2
    assert re.search(r"records/org\.yml:\d+:\d+: MB009 `settings.language` must be one of zh, en: 'fr'",
                     proc.stderr), proc.stderr


def test_warnings_say_so_in_chinese(repo):
    proc = run(repo, "--lang", "zh", MINUTEBOOK_TODAY=None)
    assert all(": MB" in line for line in proc.stdout.splitlines())
    with i18n.language("zh"):
        from checks.diagnostics import WARNING, Diagnostic

        assert Diagnostic("a.md", 1, 2, "MB310", "…", WARNING).format() == "a.md:1:2: MB310 警告：…"


# ---------------------------------------------------------------- no English left in Chinese

# Words that stay as written in a Chinese message: technical names and formats, and the
# English words an author types (vocabulary values, YAML syntax); ids, paths, quoted values
# and `code` are taken out before looking.
KEPT = {"YAML", "front-matter", "HTML", "UTF-8", "UTF-16", "GBK", "GB18030", "SOP", "Tab", "Markdown", "md",
        "key", "value", "true", "false", "BOM", "MiB", "KiB", "FIFO", "YYYY-MM-DD", "HH", "MM", "Jinja"}
VOCABULARY = {w for r in ("open", "in-progress", "blocked", "done", "cancelled", "public", "internal",
                          "restricted", "general", "moderate", "major") for w in (r,)} | set(KINDS)


def untranslated(message: str) -> list[str]:
    text = re.sub(r"`[^`]*`|'[^']*'", "", message)  # code and quoted values
    text = re.sub(r"\S*/\S*|\b[A-Z][A-Z0-9]*-\d+\b|\bU\+[0-9A-F]{4,}\b|\b0x[0-9A-F]+\b", "", text)  # paths, ids
    text = re.sub(r"\(([A-Z][A-Z -]+)\)|（([A-Z][A-Z -]+)）", "", text)  # a character's Unicode name
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z]", text)
    return [w for w in words if w not in KEPT and w not in VOCABULARY]


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_example_says_it_in_chinese(code):
    with i18n.language("zh"):
        found = check_example(RULES[code].example)
        statement = RULES[code].statement
    assert found
    for d in found:
        assert untranslated(d.message) == [], d.format()
    assert untranslated(statement) == [], statement


def test_the_sample_records_minutes_base_is_unchanged():
    assert MINUTES["owner"] == "王磊"  # the repository fixture's person; BAD differs from it only there


# ---------------------------------------------------------------- argparse and --help

from minutebook.cli import argparse_i18n  # noqa: E402
from minutebook.cli.main import COMMANDS, main  # noqa: E402


def test_every_message_argparse_asks_for_is_in_the_catalogue():
    """The running Python's argparse: each message it translates is listed (so extracted and
    translated); argparse still reads them through the module globals `speaking` replaces."""
    import argparse

    from babel.messages.extract import extract_python

    with open(argparse.__file__, "rb") as fh:
        found = [m for _line, _func, m, _comments in extract_python(fh, {"_": None, "ngettext": (1, 2)}, [], {})]
    asked = {m[:2] if isinstance(m, tuple) else m for m in found if m and (m[0] if isinstance(m, tuple) else m)}
    listed = set(argparse_i18n.MESSAGES) | set(argparse_i18n.PLURALS)
    assert asked - listed == set(), "add these to minutebook/cli/argparse_i18n.py and translate them"
    assert callable(argparse._) and callable(argparse.ngettext)


def test_plural_entries_have_the_one_chinese_form():
    catalogue = read_po(PO.open("rb"))
    assert catalogue.plural_forms == "nplurals=1; plural=0;"
    plurals = [m for m in catalogue if isinstance(m.id, tuple)]
    assert plurals, "counts are printed through ngettext"
    for m in plurals:
        assert isinstance(m.string, tuple) and len(m.string) == 1 and m.string[0], m.id


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_and_usage_errors_follow_lang(capsys):
    import argparse

    before = argparse._, argparse.ngettext
    code, out, _err = _cli(capsys, "--lang", "zh", "check", "--help")
    assert code == 0
    assert out.startswith("用法：minutebook check ") and "\n选项:\n" in out and "\n位置参数:\n" in out
    assert "显示本帮助并退出" in out and "记录文件或文件夹" in out and "usage" not in out
    code, _out, err = _cli(capsys, "--lang", "zh", "check", "--bogus")
    assert code == 2 and "minutebook check：错误：无法识别的参数：--bogus" in err and err.startswith("用法：")
    code, _out, err = _cli(capsys, "check", "--lang", "zh", "--format", "xml")
    assert code == 2 and "参数 --format：无效的取值：'xml'（可选：" in err
    code, _out, err = _cli(capsys, "--lang=zh", "notify")
    assert code == 2 and "缺少必需的参数：--flavor" in err
    code, _out, err = _cli(capsys, "--lang", "zh", "index", "site", "--part-pages")
    assert code == 2 and "参数 --part-pages：需要一个值" in err
    # English: argparse's own words, never the system's translation
    code, out, _err = _cli(capsys, "--lang", "en", "check", "--help")
    assert code == 0 and out.startswith("usage: minutebook check ") and "show this help message and exit" in out
    code, _out, err = _cli(capsys, "--lang", "en", "check", "--bogus")
    assert code == 2 and "minutebook check: error: unrecognized arguments: --bogus" in err
    code, out, _err = _cli(capsys, "--lang", "zh", "--help")
    assert code == 0 and out.startswith("用法：minutebook ") and "命令：" in out
    assert (argparse._, argparse.ngettext) == before  # put back: nothing else in the process sees ours


# Words a Chinese --help keeps: formats, products, programs and the values an author types
HELP_KEPT = KEPT | {"ICS", "ics", "CSV", "csv", "JSON", "json", "Excel", "Outlook", "text", "markdown", "github",
                    "gitlab", "sarif", "SARIF", "GitHub", "GitLab", "Code", "Quality", "CODEOWNERS", "Feishu",
                    "DingTalk", "WeCom", "URL", "key", "HEAD", "main", "master", "git", "ISO", "Schema", "JSON",
                    "Pagefind", "mkdocs.yml", "stdout", "ASCII", "PR", "webhook", "zh", "en", "punycode", "xx",
                    "N", "4xx", "s", "http", "https", "internal", "public", "LAUNCH-01", "SECONDS", "yml",
                    "mkdocs", "extra.minutebook.targets", "settings.language", "pip", "e.g", "id"}


def _help_words(text: str) -> list[str]:
    """The words of a --help that are neither Chinese nor names: usage lines, options,
    metavars, choices, variables, files and `code` are taken out first."""
    text = text.split("\n\n", 1)[1]  # the usage lines
    text = re.sub(r"`[^`]*`|'[^']*'|\{[^}]*\}|\$\w+|\S+\.(md|yml|json)\b", " ", text)
    text = re.sub(r"(?<![\w-])--?[\w-]+|\b[A-Z][A-Z_]*\b|\b\d+\w*\b", " ", text)
    text = re.sub(r"\S*/\S*", " ", text)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z]", text)
    return [w for w in words if w not in HELP_KEPT and w not in VOCABULARY and w not in COMMANDS]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_help_is_in_chinese(capsys, command):
    code, out, _err = _cli(capsys, "--lang", "zh", command, "--help")
    assert code == 0 and out.startswith(f"用法：minutebook {command} ")
    assert _help_words(out) == [], out
    with i18n.language("zh"):
        assert _(COMMANDS[command][1]) in out.replace("\n", "")  # the description


def test_the_top_help_is_in_chinese(capsys):
    code, out, _err = _cli(capsys, "--lang", "zh", "--help")
    assert code == 0 and _help_words(out) == [], out


# ---------------------------------------------------------------- the site build


@pytest.mark.slow
def test_the_build_log_follows_settings_language(tmp_path):
    """The site build chooses the language as the commands do: records/org.yml says zh, so a
    record's error and the build's refusal are logged in Chinese; $MINUTEBOOK_LANG wins over it."""
    from helpers import FIXTURE, SITE_MINUTES, mkdocs_build

    bad = minutes(None, base=SITE_MINUTES, owner="王五")
    project = make_repo(tmp_path / "project", {"records/minutes/2026/2026-11-17-bad.md": bad}, fixture=FIXTURE)
    _language(project, "zh")
    # nothing else chooses: no $MINUTEBOOK_LANG (empty is unset), an English locale
    result = mkdocs_build(project, tmp_path / "site", MINUTEBOOK_LANG="", LC_ALL="", LC_MESSAGES="", LANG="C.UTF-8")
    assert result.returncode != 0
    assert re.search(r"records/minutes/2026/2026-11-17-bad\.md:\d+:\d+: MB201 `owner` 不在登记表中：'王五'",
                     result.stderr), result.stderr
    assert "minutebook：记录中有 1 个错误（见上）" in result.stderr
    result = mkdocs_build(project, tmp_path / "site", MINUTEBOOK_LANG="en")
    assert "MB201 `owner` is not in the registry: '王五'" in result.stderr
