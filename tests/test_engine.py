"""Checking some files equals the full check's findings for those files.

`check(paths)` parses only the records related to the files by item id or record
key (what makes pre-commit fast at 10,000 records); these tests hold it equal to the
full check, file by file, on the samples and on every bad fixture at once."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from helpers import make_repo

from checks.engine import check, load_repository
from minutebook.model.paths import discover

TESTS = Path(__file__).resolve().parent
AS_OF = dt.date(2026, 11, 20)


def assert_each_file_matches_full_check(root: Path) -> int:
    return each_file_against(root, check(root, AS_OF))


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


# ---------------------------------------------------------------- the id index in the user's cache

LONG_AGO = 1_700_000_000  # 2023: stamps this old are trusted


def backdate(root: Path, when: int = LONG_AGO) -> None:
    for path in (root / "records").rglob("*"):
        if path.is_file():
            os.utime(path, (when, when))


def tree(root: Path) -> dict:
    """Every file of the repository with its bytes and modification time."""
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


def each_file_against(root: Path, full: list) -> int:
    """Each file checked alone gives the diagnostics `full` (the full check) has for it."""
    compared = 0
    for path in discover(root):
        rel = path.relative_to(root).as_posix()
        assert check(root, AS_OF, [path]) == [d for d in full if d.path == rel], rel
        compared += 1
    return compared


@pytest.fixture()
def indexed(tmp_path, monkeypatch):
    """A repository of interacting bad records, old enough for its stamps to be trusted,
    and a cache folder of its own."""
    monkeypatch.setenv("MINUTEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    root = make_repo(tmp_path / "repo")
    for bad in sorted((TESTS / "fixtures/rules").glob("*.md")):
        shutil.copy(bad, root / "records" / bad.name)
    backdate(root)
    return root


def test_the_full_check_leaves_an_index_that_one_file_checks_trust(indexed, tmp_path):
    before = tree(indexed)
    full = check(indexed, AS_OF)
    assert list((tmp_path / "cache").glob("ids*"))
    assert each_file_against(indexed, full) > 50
    assert tree(indexed) == before  # nothing written into the repository


@pytest.mark.parametrize("parsed", [True, False], ids=["stale-parsed", "stale-searched"])
def test_files_changed_since_the_index_are_read_again(indexed, monkeypatch, parsed):
    """An edit after the full check (a clash with another record's id, a record deleted,
    one added) is seen by the next one-file check, whether the stale files are parsed
    into the index or searched as bytes."""
    from checks import related

    if not parsed:
        monkeypatch.setattr(related, "PARSE_STALE", 0)
    check(indexed, AS_OF)
    clash = sorted((TESTS / "fixtures/rules").glob("MB204-*.md"))[0]
    text = clash.read_text(encoding="utf-8")
    victim = indexed / "records" / "MB101-required-fields.md"
    victim.write_text(text, encoding="utf-8")  # now declares the clashing ids too
    (indexed / "records" / "MB206-unknown-update.md").unlink()
    shutil.copy(clash, indexed / "records" / "added.md")
    for path in (victim, indexed / "records" / "added.md"):
        os.utime(path, (LONG_AGO + 60, LONG_AGO + 60))  # older than racy, yet not the indexed figures
    full = load_repository(indexed, AS_OF).diagnostics  # leaves the index as it was
    assert "MB204" in {d.code for d in full if d.path == "records/MB101-required-fields.md"}
    assert each_file_against(indexed, full) > 50


def test_a_damaged_or_foreign_index_is_ignored(indexed, tmp_path):
    full = check(indexed, AS_OF)
    for entry in (tmp_path / "cache").glob("ids*"):
        entry.write_bytes(b"\xe3garbage")
    assert each_file_against(indexed, full) > 50


def test_a_cache_folder_inside_a_repository_is_never_written(indexed, monkeypatch):
    monkeypatch.setenv("MINUTEBOOK_CACHE_DIR", str(indexed / "records" / ".cache"))
    before = tree(indexed)
    full = check(indexed, AS_OF)
    assert each_file_against(indexed, full) > 50
    assert tree(indexed) == before
    assert not (indexed / "records" / ".cache").exists()
