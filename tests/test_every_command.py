"""Every command meets every hostile input and ends cleanly: exit 0, 1 or 2, no
traceback, no hang.

One repository holds the whole hostile corpus (tests/corpus and the generated bombs),
the filesystem oddities (a link to a secret, a FIFO, a link to a FIFO, a linked
folder leading outside, a non-UTF-8 name, `.MD`), dates at the calendar's edges, and
is a git repository whose working tree differs from its last commit. Each command runs
over it in its own process with a time limit, at the default reference date and at
the edges of the calendar; `--as-of` outside the calendar is a usage error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import BIN, FIXTURE, build_env, make_repo
from test_corpus import NAMES, data_of

TIMEOUT = 180  # generous: a hang or a cost that grows with the date range fails, the suite goes on
SECRET = "CANARY-5c1e-host-secret"
HOOK = "http://127.0.0.1:9/hook?access_token=TOKEN-should-never-print"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("every")
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n", encoding="utf-8")
    os.mkfifo(outside / "fifo")
    project = make_repo(tmp / "repo")
    shutil.copytree(FIXTURE / "docs", project / "docs")
    shutil.copyfile(FIXTURE / "mkdocs.yml", project / "mkdocs.yml")
    env = build_env(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
                    GIT_COMMITTER_EMAIL="t@example.com")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)
    records = project / "records"
    for name in NAMES:
        (records / f"{name}.md").write_bytes(data_of(name))
    (records / "leak.md").symlink_to(outside / "secret.md")
    os.mkfifo(records / "pipe.md")
    (records / "pipe-link.md").symlink_to(outside / "fifo")
    (records / "elsewhere").symlink_to(outside, target_is_directory=True)
    valid = (project / "records" / "78-dates-outside-the-calendar.md").read_bytes()
    (records / "launch.MD").write_bytes(valid)
    with open(os.path.join(os.fsencode(records), b"caf\xe9.md"), "wb") as fh:
        fh.write(valid)
    return project


def minutebook(*args: str) -> list[str]:
    return [sys.executable, "-m", "minutebook", *args]


AS_OF = ("2026-11-20", "2099-12-31", "1970-01-01")
COMMANDS = {
    "check": lambda d: minutebook("check", "--as-of", d),
    "check-folder": lambda d: minutebook("check", "--as-of", d, "records"),
    "check-json": lambda d: minutebook("check", "--as-of", d, "--format", "json"),
    "new": lambda d: minutebook("new", "minutes", "--title", "周会", "--date", d, "--print"),
    "new-from": lambda d: minutebook("new", "minutes", "--from", "78-dates-outside-the-calendar", "--date", d,
                                     "--print"),
    "new-long-slug": lambda d: minutebook("new", "minutes", "--title", "t", "--date", d, "--slug", "a" * 300),
    "progress": lambda d: minutebook("progress", "SYNC-01", "--status", "done", "--by", "王磊", "--date", d),
    "weekly": lambda d: minutebook("weekly", "--as-of", d),
    "export-ics": lambda d: minutebook("export", "ics", "--events", "--as-of", d),
    "export-csv": lambda d: minutebook("export", "csv", "--as-of", d),
    "export-json": lambda d: minutebook("export", "json", "--as-of", d),
    "notify-feishu": lambda d: minutebook("notify", "--dry-run", "--flavor", "feishu", "--webhook", HOOK, "--as-of", d),
    "notify-dingtalk": lambda d: minutebook("notify", "--dry-run", "--flavor", "dingtalk", "--webhook", HOOK,
                                            "--as-of", d),
    "notify-wecom": lambda d: minutebook("notify", "--dry-run", "--flavor", "wecom", "--webhook", HOOK, "--as-of", d),
    "stats": lambda d: minutebook("stats", "--as-of", d),
    "stats-json": lambda d: minutebook("stats", "--as-of", d, "--format", "json"),
    "diff": lambda d: minutebook("diff", "main"),
    "render": lambda d: minutebook("render", "--as-of", d, "out-" + d),
    "codeowners": lambda d: minutebook("codeowners"),
    "build": lambda d: [str(BIN / "mkdocs"), "build", "--strict", "-d", "site-" + d],
}


def run(project: Path, cmd: list[str], as_of: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=project, env=build_env(MINUTEBOOK_TODAY=as_of), capture_output=True,
                          timeout=TIMEOUT)


@pytest.mark.slow
@pytest.mark.parametrize("as_of", AS_OF)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_ends_cleanly(hostile, name, as_of):
    proc = run(hostile, COMMANDS[name](as_of), as_of)
    out = (proc.stdout + proc.stderr).decode("utf-8", "backslashreplace")
    assert proc.returncode in (0, 1, 2), out[-3000:]
    assert "Traceback" not in out, out[-3000:]
    assert SECRET not in out and "TOKEN-should-never-print" not in out


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "2100-01-01"])
@pytest.mark.parametrize("name", ["check", "weekly", "export-csv", "notify-wecom", "stats", "render"])
def test_an_as_of_outside_the_calendar_is_a_usage_error(hostile, name, as_of):
    proc = run(hostile, COMMANDS[name](as_of), "2026-11-20")
    err = proc.stderr.decode("utf-8", "backslashreplace")
    assert proc.returncode == 2, err
    assert f"--as-of must be within 1970-01-01 to 2099-12-31: '{as_of}'" in err
    assert "Traceback" not in err
