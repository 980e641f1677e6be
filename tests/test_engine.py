"""Checking some files equals the full check's findings for those files.

`check(paths)` parses only the records related to the files by item id or record
key (what makes pre-commit fast at 10,000 records); these tests hold it equal to the
full check, file by file, on the samples and on every bad fixture at once."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from helpers import make_repo

from checks.engine import check
from minutebook.model.paths import discover

TESTS = Path(__file__).resolve().parent
AS_OF = dt.date(2026, 11, 20)


def assert_each_file_matches_full_check(root: Path) -> int:
    full = check(root, AS_OF)
    compared = 0
    for path in discover(root):
        rel = path.relative_to(root).as_posix()
        assert check(root, AS_OF, [path]) == [d for d in full if d.path == rel], rel
        compared += 1
    return compared


def test_samples_file_by_file():
    assert assert_each_file_matches_full_check(TESTS.parent) >= 15


def test_every_bad_fixture_at_once(tmp_path):
    root = make_repo(tmp_path / "repo")
    for bad in sorted((TESTS / "fixtures/rules").glob("*.md")):
        shutil.copy(bad, root / "records" / bad.name)
    full = check(root, AS_OF)
    assert len({d.code for d in full}) > 30  # the fixtures interact: duplicates, updates, refs
    assert assert_each_file_matches_full_check(root) > 50


@pytest.mark.parametrize("pair", [("MB204", "duplicate-id"), ("MB206", "unknown-update")])
def test_cross_file_findings_reach_the_file_alone(tmp_path, pair):
    """A file that clashes with another record is judged against it when checked alone."""
    root = make_repo(tmp_path / "repo")
    for bad in (TESTS / "fixtures/rules").glob(f"{pair[0]}-*.md"):
        shutil.copy(bad, root / "records" / bad.name)
        found = check(root, AS_OF, [root / "records" / bad.name])
        assert pair[0] in {d.code for d in found}


def test_inside_a_git_repository_with_untracked_and_deleted_files(tmp_path):
    """Pre-commit runs in git: the records are listed and searched through git, and the
    answer still equals the full check (an untracked record counts, a deleted one not)."""
    import subprocess

    root = make_repo(tmp_path / "repo")
    for bad in sorted((TESTS / "fixtures/rules").glob("MB20*.md")):
        shutil.copy(bad, root / "records" / bad.name)
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}
    git = lambda *a: subprocess.run(["git", "-C", str(root), *a], check=True, capture_output=True, env=env)
    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "records")
    untracked = sorted((TESTS / "fixtures/rules").glob("MB204-*.md"))[0]
    shutil.copy(untracked, root / "records" / ("untracked-" + untracked.name))
    deleted = sorted((root / "records").glob("MB206-*.md"))[0]
    deleted.unlink()
    assert (root / ".git").is_dir()
    assert assert_each_file_matches_full_check(root) > 10
