"""The generated reference pages (docs/reference/) and the rule examples behind them.

Every rule code has a failing example and a fix, declared beside the rule; each
failing example, checked for real, reports exactly its code (plus the codes it
declares it cannot avoid), and each fix reports nothing. The committed pages must
equal what `minutebook schemas` would write now.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import checks.engine  # noqa: F401  (registers every rule)
from checks.catalogue import RULES
from checks.example_check import check
from minutebook.authoring import reference_docs
from minutebook.base import i18n

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {code: r.example for code, r in RULES.items() if r.example is not None}


def test_every_rule_code_has_an_example():
    assert sorted(set(RULES) - set(EXAMPLES)) == [], "give the rule an example: `example=Example(...)` beside it"


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_failing_example_fails_with_its_code(code):
    example = EXAMPLES[code]
    found = check(example)
    assert {d.code for d in found} == {code, *example.also}, [d.format() for d in found]
    assert any(d.code == code for d in found)


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_fix_passes(code):
    assert [d.format() for d in check(EXAMPLES[code], fixed=True)] == []


@pytest.mark.parametrize("page", sorted(reference_docs.files()))
def test_committed_reference_pages_are_up_to_date(page):
    assert (ROOT / page).read_text(encoding="utf-8") == reference_docs.files()[page], \
        f"{page} is stale: run `minutebook schemas`"


def test_rules_page_shows_every_code_with_example_and_output():
    page = reference_docs.rules_page()
    for code, r in RULES.items():
        section = re.split(r"\n## MB\d{3} ", page.split(f"\n## {code} {r.name} {{#{code.lower()}}}\n", 1)[1])[0]
        with i18n.language("zh"):
            assert r.statement in section, code  # the page is in Chinese, for the staff who read the site
        assert f"**{reference_docs.SEVERITIES[r.severity]}**" in section
        assert "**错误示例：**" in section and "**改法：**" in section
        said = section.split("`minutebook check` 的报错：\n\n```text\n", 1)[1].split("\n```", 1)[0]
        assert re.search(rf"^\S+:\d+:\d+: {code} ", said, re.M), code
    # the failing line of a well-known rule, exactly as the check prints it in Chinese
    assert ("records/minutes/2026/2026-11-16-example.md:12:7: MB201 `host` 不在登记表中："
            "'陈思源'；是否想写 '陈思远'？") in page
    # an invisible character is shown, not pasted
    assert "title: 星图\\u200b周会" in page and "\u200b" not in page


def test_fields_page_lists_every_field_of_every_kind():
    page = reference_docs.fields_page()
    from minutebook.model.schema import COMMON, KINDS, ListOf, Obj

    common = {f.name for f in COMMON}
    for kind in KINDS.values():
        section = page.split(f"## {kind.label} · `{kind.name}`", 1)[1].split("\n## ", 1)[0]
        for f in kind.fields:
            if f.name in common:
                continue
            assert f"| `{f.name}` | {f.label} |" in section, (kind.name, f.name)
            inner = f.type.of if isinstance(f.type, ListOf) else f.type
            if isinstance(inner, Obj):
                suffix = "[]" if isinstance(f.type, ListOf) else ""
                for sub in inner.fields:
                    assert f"| `{f.name}{suffix}.{sub.name}` | " in section, (kind.name, f.name, sub.name)
    # the page is in Chinese, for the staff who read the site
    assert "| `actions[].status` | 状态 | `open` 未开始, `in-progress` 进行中" in page
    with i18n.language("zh"):
        assert all(kind.statement in page for kind in KINDS.values())
    assert "| `end` | 结束时间 | 时间 HH:MM | 是 | 结束时间 HH:MM；会议最长 90 分钟。 |" in page


def test_reference_pages_are_in_the_nav():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    guide = next(entry["使用指南"] for entry in config["nav"] if isinstance(entry, dict) and "使用指南" in entry)
    pages = [next(iter(e.values())) if isinstance(e, dict) else e for e in guide]
    for page in ("reference/fields.md", "reference/rules.md", "guide/contributing.md", "guide/editors.md"):
        assert page in pages


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml has !ENV and !!python tags; the nav needs neither."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def test_editor_problem_matchers_read_the_check_output():
    """The problem matchers of docs/guide/editors.md turn real output lines into problems:
    each line is matched by exactly one of them, with its file, position, code and message."""
    import json

    page = (ROOT / "docs" / "guide" / "editors.md").read_text(encoding="utf-8")
    tasks = json.loads(page.split("```json\n", 1)[1].split("```", 1)[0])
    matchers = tasks["tasks"][0]["problemMatcher"]
    lines = [d.format() for code in ("MB201", "MB310") for d in check(EXAMPLES[code])]
    assert len(lines) == 2
    for line in lines:
        hits = [(m["severity"], re.match(m["pattern"]["regexp"], line)) for m in matchers]
        hits = [(severity, m) for severity, m in hits if m]
        assert len(hits) == 1, line
        severity, m = hits[0]
        p = matchers[0]["pattern"]
        assert severity == ("warning" if " warning: " in line else "error")
        path, row, col, code = (m[p["file"]], m[p["line"]], m[p["column"]], m[p["code"]])
        assert line.startswith(f"{path}:{row}:{col}: {code} ")
        assert not m[p["message"]].startswith("warning:")
