"""Only plain files inside the repository are records, and the check and the build agree.

A pull request can add a symbolic link, a FIFO, a file whose name is not UTF-8 or a
record saved as `.MD`. Each is refused with MB010 — by `minutebook check` over the
whole repository, by the check of the named file (what pre-commit runs) and by the
build, with the same lines — without following the link or opening the FIFO: a link
to a secret never shows it, a link to a FIFO never hangs. Nothing is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import AS_OF, BIN, FIXTURE, build_env, make_repo

TIMEOUT = 60  # a hang fails the test, never the suite
SECRET = "CANARY-7f3a-host-secret"
LINKED = "is a symbolic link, not a plain file: records are plain files (it was not opened)"

# entry under records/ -> the MB010 line the check and the build give for it
EXPECTED = {
    "records/leak.md": f"records/leak.md:1:1: MB010 {LINKED}",
    "records/pipe.md": "records/pipe.md:1:1: MB010 is a FIFO (named pipe), not a plain file: records are plain "
                       "files (it was not opened)",
    "records/pipe-link.md": f"records/pipe-link.md:1:1: MB010 {LINKED}",
    "records/elsewhere": f"records/elsewhere:1:1: MB010 {LINKED}",
    "records/launch.MD": "records/launch.MD:1:1: MB010 a record's file name ends in '.md' (lower case): 'launch.MD'",
    "records/launch.markdown": "records/launch.markdown:1:1: MB010 a record's file name ends in '.md' (lower case): "
                               "'launch.markdown'",
    "records/caf\\xe9.md": "records/caf\\xe9.md:1:1: MB010 the file name is not UTF-8; rename the file with a "
                           "UTF-8 name",
}


@pytest.fixture(scope="module")
def odd_project(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("fs")
    outside = tmp / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text(f"---\ntype: minutes\ntitle: {SECRET}\n---\n{SECRET}\n", encoding="utf-8")
    (outside / "hidden.md").write_text(f"---\ntitle: {SECRET}\n---\n", encoding="utf-8")
    os.mkfifo(outside / "fifo")

    project = make_repo(tmp / "repo")
    shutil.copytree(FIXTURE / "docs", project / "docs")
    shutil.copyfile(FIXTURE / "mkdocs.yml", project / "mkdocs.yml")
    records = project / "records"
    (records / "leak.md").symlink_to(secret)
    os.mkfifo(records / "pipe.md")
    (records / "pipe-link.md").symlink_to(outside / "fifo")
    (records / "elsewhere").symlink_to(outside, target_is_directory=True)
    valid = next((FIXTURE / "records").rglob("*.md")).read_bytes()
    (records / "launch.MD").write_bytes(valid)
    (records / "launch.markdown").write_bytes(valid)
    with open(os.path.join(os.fsencode(records), b"caf\xe9.md"), "wb") as fh:
        fh.write(valid)
    return project


def run(args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=build_env(), capture_output=True, timeout=TIMEOUT)


def text(b: bytes) -> str:
    return b.decode("utf-8", "backslashreplace")


def test_the_check_refuses_every_odd_entry_and_never_opens_one(odd_project):
    proc = run([sys.executable, "-m", "minutebook", "check", "--as-of", AS_OF], odd_project)
    out, err = text(proc.stdout), text(proc.stderr)
    assert proc.returncode == 1 and "Traceback" not in err, err
    assert sorted(x for x in out.splitlines() if " MB010 " in x) == sorted(EXPECTED.values())
    assert SECRET not in out + err


@pytest.mark.parametrize("entry", sorted(EXPECTED))
def test_the_check_of_the_named_file_says_the_same(odd_project, entry):
    """What pre-commit runs: the entry named on the command line."""
    name = os.fsencode(entry.replace("\\xe9", "\udce9"))
    proc = run([sys.executable, "-m", "minutebook", "check", "--as-of", AS_OF, name], odd_project)
    out, err = text(proc.stdout), text(proc.stderr)
    assert "Traceback" not in err, err
    assert EXPECTED[entry] in out.splitlines()
    assert proc.returncode == 1
    assert SECRET not in out + err


@pytest.mark.slow
def test_the_build_refuses_the_same_entries(odd_project, tmp_path):
    site = tmp_path / "site"
    proc = run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(site)], odd_project)
    err = text(proc.stderr)
    assert proc.returncode != 0 and "Traceback" not in err, err
    logged = [x.split("-  minutebook: ", 1)[1] for x in err.splitlines() if x.startswith("ERROR")]
    assert sorted(x for x in logged if " MB010 " in x) == sorted(EXPECTED.values())
    assert SECRET not in err
    assert not (site / "records").exists()
