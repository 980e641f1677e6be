"""`reload` equals a full load of the files as they are now, and keeps what did not change.

The preview server reloads after each edit: records of unchanged files stay the same
objects (pages are cached per record), and the diagnostics and records equal those of
`load_repository` after edits, additions, deletions, renames, a broken and a fixed
file, a deleted referenced record and a changed registry."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from checks.engine import load_repository, reload

TESTS = Path(__file__).resolve().parent
AS_OF = dt.date(2026, 11, 20)
LONG_AGO = time.time() - 3600  # older than any racy stamp


def backdate(root: Path) -> None:
    """Files written an hour ago, as in a working copy: their stamps are trusted."""
    for path in (root / "records").rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (LONG_AGO, LONG_AGO))


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (LONG_AGO + 60, LONG_AGO + 60))  # a later edit, yet not racy


def assert_same(repo, root: Path) -> None:
    full = load_repository(root, AS_OF)
    assert repo.diagnostics == full.diagnostics
    assert [r.path for r in repo.records] == [r.path for r in full.records]
    assert [r.key for r in repo.records] == [r.key for r in full.records]


@pytest.fixture()
def root(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(TESTS.parent / "records", root / "records")  # the samples, and bad records among them
    for bad in sorted((TESTS / "fixtures/rules").glob("MB2*.md")):
        shutil.copy(bad, root / "records" / bad.name)
    backdate(root)
    return root


def records_by_path(repo) -> dict:
    return {r.path: r for r in repo.records}


@pytest.mark.parametrize("told", [False, True], ids=["re-stat", "told"])
def test_edits_additions_deletions_and_renames(root, told):
    repo = load_repository(root, AS_OF)
    minutes = sorted((root / "records/minutes").rglob("*.md"))
    edited, deleted, renamed = minutes[0], minutes[1], minutes[2]
    new = root / "records" / "minutes" / "2026" / "2026-11-19-new.md"

    write(edited, edited.read_text(encoding="utf-8").replace("title:", "title: 改过的", 1))
    shutil.copy(minutes[3], new)  # a copy: every id in it is now a duplicate (MB204)
    os.utime(new, (LONG_AGO, LONG_AGO))
    deleted.unlink()
    target = renamed.with_name("2026-11-18-renamed.md")
    renamed.rename(target)
    changed = [edited, new, deleted, renamed, target] if told else None

    before = records_by_path(repo)
    again = reload(repo, changed)
    assert_same(again, root)
    assert "MB204" in {d.code for d in again.diagnostics}
    after = records_by_path(again)
    touched = {p.relative_to(root).as_posix() for p in (edited, new, deleted, renamed, target)}
    kept = [p for p in after if p not in touched]
    assert len(kept) > 20
    assert all(after[p] is before[p] for p in kept)  # the same objects: callers cache per record
    assert after[edited.relative_to(root).as_posix()] is not before[edited.relative_to(root).as_posix()]


def test_a_broken_file_then_fixed(root):
    repo = load_repository(root, AS_OF)
    path = sorted((root / "records/minutes").rglob("*.md"))[0]
    good = path.read_text(encoding="utf-8")
    write(path, good.replace("title:", "title: [未闭合", 1))
    broken = reload(repo)
    assert_same(broken, root)
    assert "MB004" in {d.code for d in broken.diagnostics if d.path == path.relative_to(root).as_posix()}
    path.write_text(good, encoding="utf-8")
    os.utime(path, (LONG_AGO + 120, LONG_AGO + 120))
    fixed = reload(broken, [path])
    assert_same(fixed, root)
    assert fixed.diagnostics == repo.diagnostics


def test_a_deleted_record_that_others_reference(root):
    """Unchanged records that name a deleted record are judged again (MB203)."""
    repo = load_repository(root, AS_OF)
    notice = next(p for p in (root / "records/notice").rglob("*.md")
                  if any(f"notice: {p.stem}" in m.read_text(encoding="utf-8")
                         for m in (root / "records/minutes").rglob("*.md")))
    notice.unlink()
    again = reload(repo)
    assert_same(again, root)
    assert any(d.code == "MB203" and notice.stem in d.message for d in again.diagnostics)
    write(notice.with_suffix(".md"), "---\ntype: sop\n---\n")  # back, of the wrong kind
    third = reload(again, [notice])
    assert_same(third, root)


def test_a_changed_registry_reads_everything(root):
    repo = load_repository(root, AS_OF)
    org = root / "records" / "org.yml"
    write(org, org.read_text(encoding="utf-8").replace("林晓", "林小"))  # renamed everywhere
    for changed in (None, [org], [root / "records"]):
        again = reload(repo, changed)
        assert_same(again, root)
        assert again.diagnostics != repo.diagnostics


def test_nothing_changed_keeps_everything(root):
    repo = load_repository(root, AS_OF)
    again = reload(repo)
    assert again.diagnostics == repo.diagnostics
    assert all(a is b for a, b in zip(again.records, repo.records)) and len(again.records) == len(repo.records)
    assert reload(again, []).records == again.records


def test_a_racy_file_is_read_again(root):
    """A file written just now is never trusted by its stamp: a second write within the
    same clock tick, of the same size, would leave the same figures."""
    repo = load_repository(root, AS_OF)
    path = sorted((root / "records/minutes").rglob("*.md"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", "title: 甲", 1), encoding="utf-8")
    first = reload(repo)
    path.write_text(text.replace("title:", "title: 乙", 1), encoding="utf-8")  # the same size
    second = reload(first)
    assert_same(second, root)
    assert records_by_path(second)[path.relative_to(root).as_posix()].meta["title"].startswith("乙")


def test_a_relative_root_and_changed_paths_spelt_otherwise(root, monkeypatch):
    """The root as the server was given it ('.'), the changed paths as the watcher spells
    them (absolute, or a folder): the same answer."""
    monkeypatch.chdir(root)
    repo = load_repository(Path("."), AS_OF)
    path = sorted((root / "records/minutes").rglob("*.md"))[0]
    write(path, path.read_text(encoding="utf-8").replace("title:", "title: 又改", 1))
    for changed in ([path], [path.parent], [Path(os.path.relpath(path, root))]):
        again = reload(repo, changed)
        full = load_repository(Path("."), AS_OF)
        assert again.diagnostics == full.diagnostics
        assert [r.meta.get("title") for r in again.records] == [r.meta.get("title") for r in full.records]
