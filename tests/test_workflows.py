"""The CI workflows: GitHub Actions (.github/workflows/) and GitLab CI (.gitlab-ci.yml).

Each file is parsed with PyYAML and its structure asserted: triggers, permissions, the
Monday schedule (its cron string evaluated minute by minute, in UTC, and converted to
Asia/Shanghai with zoneinfo), the Pages publishing. Every shell line that runs
`minutebook` or `mkdocs` is extracted and its arguments parsed by the real command line:
minutebook's argparse parser for that subcommand, mkdocs' click CLI; shell variables
become dummy values. A workflow calling a flag that does not exist fails here, not on
the first Monday after a merge.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import re
import shlex
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from minutebook.cli import main as cli

ROOT = Path(__file__).resolve().parents[1]
CI = ROOT / ".github" / "workflows" / "ci.yml"
WEEKLY = ROOT / ".github" / "workflows" / "weekly.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as the boolean True
    return workflow.get("on", workflow.get(True))


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def uses(workflow: dict, job: str) -> list[str]:
    return [s["uses"].split("@")[0] for s in steps(workflow, job) if "uses" in s]


# ---------------------------------------------------------------- shell lines

_SEPARATORS = {";", "&&", "||", "|", "then", "else", "do", "if", "!", "(", "{"}
_STOPS = {";", "&&", "||", "|", ">", ">>", "<", "&", ")", "}"}
_VARIABLE = re.compile(r"\$\{[^}]*\}|\$\w+")


def scripts(path: Path) -> list[str]:
    """Every `run:` (GitHub) or `script:` (GitLab) text of a workflow file."""
    data = load(path)
    found: list[str] = []
    if path == GITLAB:
        for name, job in data.items():
            if isinstance(job, dict) and "script" in job:
                found += job["script"]
    else:
        for job in data["jobs"].values():
            found += [s["run"] for s in job.get("steps", ()) if "run" in s]
    return found


def invocations(path: Path, tool: str) -> list[list[str]]:
    """The argument lists of every command `tool` in the file's shell scripts."""
    out = []
    for text in scripts(path):
        text = re.sub(r"\\\n\s*", " ", text)  # backslash continuations
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            lex = shlex.shlex(line, posix=True, punctuation_chars=True)
            lex.whitespace_split = True
            tokens = list(lex)
            for i, token in enumerate(tokens):
                if token != tool:
                    continue
                before = tokens[:i]
                # at a command position: first, after a separator, or after VAR=value prefixes
                j = len(before)
                while j and re.match(r"^\w+=", before[j - 1]):
                    j -= 1
                if j and before[j - 1] not in _SEPARATORS:
                    continue
                args = []
                for arg in tokens[i + 1:]:
                    if arg in _STOPS:
                        break
                    args.append(_VARIABLE.sub("dummy", arg))
                out.append(args)
    return out


def redirections(path: Path, tool: str) -> list[tuple[list[str], str | None]]:
    """Each command `tool` of the file's shell lines with the file its standard output is
    written to (`> FILE`), or None."""
    out = []
    for text in scripts(path):
        for line in re.sub(r"\\\n\s*", " ", text).splitlines():
            if line.strip().startswith("#"):
                continue
            lex = shlex.shlex(line.strip(), posix=True, punctuation_chars=True)
            lex.whitespace_split = True
            tokens = list(lex)
            if tool not in tokens:
                continue
            rest = tokens[tokens.index(tool) + 1:]
            args = rest[:next((i for i, t in enumerate(rest) if t in _STOPS), len(rest))]
            target = rest[len(args) + 1] if len(rest) > len(args) and rest[len(args)] == ">" else None
            out.append((args, target))
    return out


def parse_minutebook(args: list[str]) -> argparse.Namespace:
    name, rest = args[0], args[1:]
    assert name in cli.COMMANDS, f"minutebook {name}: no such subcommand"
    module = importlib.import_module(f"minutebook.cli.commands.{cli.COMMANDS[name][0]}")
    parser = argparse.ArgumentParser(prog=f"minutebook {name}", exit_on_error=False)
    module.add_arguments(parser)
    try:
        return parser.parse_args(rest)
    except (SystemExit, argparse.ArgumentError) as exc:
        pytest.fail(f"minutebook {' '.join(args)}: arguments refused ({exc})")


def parse_mkdocs(args: list[str]) -> dict:
    import click
    from mkdocs.__main__ import cli as mkdocs_cli

    top = click.Context(mkdocs_cli, info_name="mkdocs")
    command = mkdocs_cli.get_command(top, args[0])
    assert command is not None, f"mkdocs {args[0]}: no such command"
    try:
        return command.make_context(args[0], list(args[1:]), parent=top).params
    except click.UsageError as exc:
        pytest.fail(f"mkdocs {' '.join(args)}: arguments refused ({exc})")


@pytest.mark.parametrize("path", [CI, WEEKLY, GITLAB], ids=lambda p: p.name)
def test_every_minutebook_and_mkdocs_call_is_accepted(path):
    for args in invocations(path, "minutebook"):
        parse_minutebook(args)
    for args in invocations(path, "mkdocs"):
        assert parse_mkdocs(args)["strict"] is True, f"{path.name}: mkdocs {' '.join(args)} is not --strict"


def test_the_calls_found_are_the_ones_each_workflow_needs():
    def names(path, tool):
        return sorted(a[0] for a in invocations(path, tool))

    assert names(CI, "minutebook") == ["check", "check", "diff"]
    assert names(WEEKLY, "minutebook") == ["weekly"]
    assert names(GITLAB, "minutebook") == ["check", "check", "diff", "weekly"]
    # the checks: a report for the CI's own display, then the one that fails the job
    checks = {p: [parse_minutebook(a) for a in invocations(p, "minutebook") if a[0] == "check"]
              for p in (CI, GITLAB)}
    assert [(c.format, c.paths) for c in checks[CI]] == [("sarif", []), ("github", [])]
    assert [(c.format, c.paths) for c in checks[GITLAB]] == [("gitlab", []), ("text", [])]
    assert names(CI, "mkdocs") == names(WEEKLY, "mkdocs") == ["build"]
    assert names(GITLAB, "mkdocs") == ["build", "build"]
    # the pull-request comment is Markdown, against the base branch
    diffs = [parse_minutebook(a) for p in (CI, GITLAB) for a in invocations(p, "minutebook") if a[0] == "diff"]
    assert [(d.format, d.base) for d in diffs] == [("markdown", "origin/dummy")] * 2
    # snapshots committed to the repository are for the internal audience
    weeklies = [parse_minutebook(a) for p in (WEEKLY, GITLAB) for a in invocations(p, "minutebook")
                if a[0] == "weekly"]
    assert [(w.audience, w.as_of) for w in weeklies] == [("internal", "dummy")] * 2


def test_redirections_name_the_file_written():
    assert redirections(CI, "minutebook")[0] == (["check", "--format", "sarif"], "minutebook.sarif")
    assert redirections(GITLAB, "minutebook")[0] == (["check", "--format", "gitlab"], "gl-code-quality-report.json")
    assert redirections(CI, "mkdocs") == [(["build", "--strict"], None)]


def test_shell_line_extraction_handles_prefixes_and_redirections():
    line = 'MINUTEBOOK_AUDIENCE="$X" mkdocs build --strict > log; echo "mkdocs is fine" && minutebook check'
    lex = shlex.shlex(line, posix=True, punctuation_chars=True)
    lex.whitespace_split = True
    assert list(lex)[:5] == ["MINUTEBOOK_AUDIENCE=$X", "mkdocs", "build", "--strict", ">"]


# ---------------------------------------------------------------- GitHub: ci.yml


def test_ci_runs_on_pull_requests_and_pushes_to_main():
    wf = load(CI)
    on = triggers(wf)
    assert set(on) == {"pull_request", "push"}
    assert on["push"]["branches"] == ["main"]
    assert wf["permissions"]["pull-requests"] == "write"
    assert wf["permissions"]["security-events"] == "write"  # the SARIF upload


def test_ci_steps_install_check_build_and_comment():
    wf = load(CI)
    job = steps(wf, "check")
    assert uses(wf, "check") == ["actions/checkout", "actions/setup-python", "github/codeql-action/upload-sarif",
                                 "actions/github-script"]
    checkout, python = job[0], job[1]
    assert checkout["with"]["fetch-depth"] == 0  # the base branch's history, for the diff
    assert python["with"]["python-version"] == "3.11"
    runs = [s.get("run", "") for s in job]
    assert "pip install -e '.[test]'" in runs
    assert runs.index("pip install -e '.[test]'") < runs.index("minutebook check --format github") \
        < runs.index("mkdocs build --strict")
    diff_step = next(s for s in job if "minutebook diff" in s.get("run", ""))
    comment = next(s for s in job if s.get("uses", "").startswith("actions/github-script"))
    assert diff_step["if"] == "github.event_name == 'pull_request'"
    assert comment["if"].startswith("github.event_name == 'pull_request'")
    assert "${{" not in diff_step["run"]  # the base ref comes in through env, not pasted into shell
    assert "createComment" in comment["with"]["script"] and "minutebook-diff.md" in comment["with"]["script"]


def test_ci_annotates_the_pull_request_and_uploads_sarif():
    wf = load(CI)
    job = steps(wf, "check")
    names = [s.get("run", s.get("uses", "")).split("@")[0] for s in job]
    sarif_step = next(s for s in job if "--format sarif" in s.get("run", ""))
    upload = next(s for s in job if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    annotate = next(s for s in job if s.get("run") == "minutebook check --format github")
    # the SARIF log is written whatever the check finds (1: errors), then uploaded; the
    # annotating check fails the job on an error, before the site is built
    assert names.index(sarif_step["run"]) < names.index("github/codeql-action/upload-sarif") \
        < names.index(annotate["run"]) < names.index("mkdocs build --strict")
    assert sarif_step["run"].endswith("|| [ $? -eq 1 ]")
    assert "if" not in sarif_step and "if" not in annotate and "continue-on-error" not in annotate
    (args, target), = [r for r in redirections(CI, "minutebook") if "sarif" in r[0]]
    assert parse_minutebook(args).format == "sarif"
    assert upload["with"]["sarif_file"] == target == "minutebook.sarif"
    assert upload["with"]["category"] == "minutebook"
    # not from a fork (its token cannot write security events); a refused upload fails nothing
    assert upload["if"] == ("github.event_name == 'push' || "
                            "github.event.pull_request.head.repo.full_name == github.repository")
    assert upload["continue-on-error"] is True


# ---------------------------------------------------------------- GitHub: weekly.yml


def cron_matches(cron: str, moment: dt.datetime) -> bool:
    """Whether a five-field cron line (numbers, lists and * only) fires at `moment`."""
    minute, hour, dom, month, dow = cron.split()

    def ok(field: str, value: int) -> bool:
        return field == "*" or value in {int(x) for x in field.split(",")}

    cron_dow = (moment.weekday() + 1) % 7  # cron: 0 = Sunday
    return (ok(minute, moment.minute) and ok(hour, moment.hour) and ok(dom, moment.day)
            and ok(month, moment.month) and ok(dow, cron_dow))


def firings(cron: str, tz: dt.tzinfo, first_day: dt.date, days: int = 7) -> list[dt.datetime]:
    start = dt.datetime.combine(first_day, dt.time(), tz)
    return [t for n in range(days * 24 * 60)
            if cron_matches(cron, t := start + dt.timedelta(minutes=n))]


@pytest.mark.parametrize("week_of", [dt.date(2026, 1, 1), dt.date(2026, 7, 1), dt.date(2026, 11, 16)])
def test_weekly_cron_is_monday_0800_in_shanghai(week_of):
    cron = triggers(load(WEEKLY))["schedule"][0]["cron"]
    assert cron == "0 0 * * 1"
    fired = firings(cron, dt.timezone.utc, week_of)  # GitHub reads cron in UTC
    assert len(fired) == 1
    local = fired[0].astimezone(SHANGHAI)
    assert (local.strftime("%A"), local.hour, local.minute) == ("Monday", 8, 0)


def test_weekly_workflow_writes_commits_builds_and_publishes():
    wf = load(WEEKLY)
    on = triggers(wf)
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert wf["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}
    assert uses(wf, "snapshot") == ["actions/checkout", "actions/setup-python", "actions/upload-pages-artifact"]
    assert uses(wf, "deploy") == ["actions/deploy-pages"]
    assert wf["jobs"]["deploy"]["needs"] == "snapshot"
    runs = "\n".join(s.get("run", "") for s in steps(wf, "snapshot"))
    assert runs.index("minutebook weekly") < runs.index("git add docs/weekly/") < runs.index("git push") \
        < runs.index("mkdocs build")
    assert 'user.name="github-actions[bot]"' in runs
    build = next(s for s in steps(wf, "snapshot") if "mkdocs build" in s.get("run", ""))
    # fail closed: the published site is public unless the repository says otherwise
    assert build["env"]["MINUTEBOOK_AUDIENCE"] == "${{ vars.SITE_AUDIENCE || 'public' }}"
    artifact = next(s for s in steps(wf, "snapshot") if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert artifact["with"]["path"] == parse_mkdocs(invocations(WEEKLY, "mkdocs")[0])["site_dir"] == "site"


# ---------------------------------------------------------------- GitLab


def test_gitlab_merge_requests_check_build_and_post_the_diff():
    data = load(GITLAB)
    assert data["default"]["image"] == "python:3.11"
    assert data["default"]["before_script"] == ["pip install -e '.[test]'"]
    check = data["check"]
    assert {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'} in check["rules"]
    script = "\n".join(check["script"])
    assert script.index("minutebook check") < script.index("mkdocs build --strict") < script.index("minutebook diff")
    assert "/merge_requests/$CI_MERGE_REQUEST_IID/notes" in script and "$MINUTEBOOK_API_TOKEN" in script


def test_gitlab_check_publishes_a_code_quality_report():
    check = load(GITLAB)["check"]
    first, plain = check["script"][0], check["script"][1]
    assert first.startswith("minutebook check --format gitlab > ") and first.endswith("|| [ $? -eq 1 ]")
    assert plain == "minutebook check"  # the findings in the job log, and the job fails on an error
    (args, target), = [r for r in redirections(GITLAB, "minutebook") if "gitlab" in r[0]]
    assert parse_minutebook(args).format == "gitlab"
    assert check["artifacts"]["reports"]["codequality"] == target == "gl-code-quality-report.json"
    assert check["artifacts"]["when"] == "always"  # published when the check fails too


def test_gitlab_schedule_runs_weekly_and_pages_publishes_public():
    data = load(GITLAB)
    schedule = {"if": '$CI_PIPELINE_SOURCE == "schedule"'}
    assert schedule in data["workflow"]["rules"]
    assert schedule in data["weekly"]["rules"] and schedule in data["pages"]["rules"]
    assert schedule not in data["check"]["rules"]
    assert data["pages"]["artifacts"]["paths"] == ["public"]
    pages_build = [a for a in invocations(GITLAB, "mkdocs")
                   if parse_mkdocs(a)["site_dir"] == "public"]
    assert len(pages_build) == 2  # the check's build and the published one
    assert "MINUTEBOOK_AUDIENCE=\"$SITE_AUDIENCE\"" in "\n".join(data["pages"]["script"])
    assert data["variables"]["SITE_AUDIENCE"] == "public"
    assert data["pages"]["needs"] == [{"job": "weekly", "optional": True}]
    # the schedule itself lives in GitLab's settings; the file states it, and it means Monday 08:00
    m = re.search(r'cron "([^"]+)", cron timezone ([\w/]+)', GITLAB.read_text(encoding="utf-8"))
    cron, tz = m[1], ZoneInfo(m[2])
    fired = firings(cron, tz, dt.date(2026, 11, 16))
    assert [(t.astimezone(SHANGHAI).strftime("%A"), t.astimezone(SHANGHAI).hour) for t in fired] == [("Monday", 8)]
