"""Atomic writes keep the permissions a reader expects, and never clobber on create."""

from __future__ import annotations

import os

import pytest

from minutebook.base.fsutil import FileExists, RecordProtected, create, replace_tree, scratch_file, write_atomic


def test_new_file_gets_the_umask_mode_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "page.md", "x")
        create(tmp_path / "new.md", "y")
    finally:
        os.umask(old)
    assert (tmp_path / "page.md").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o644


def test_replacing_keeps_the_existing_mode(tmp_path):
    target = tmp_path / "feed.ics"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o640


def test_create_refuses_an_existing_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "record.md"
    target.write_bytes(b"original")
    with pytest.raises(FileExists):
        create(target, "other")
    assert target.read_bytes() == b"original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.md"]


def test_replace_tree_swaps_a_whole_folder_readable_by_others(tmp_path):
    old = os.umask(0o022)
    try:
        part = tmp_path / "site" / "pagefind-1"
        part.mkdir(parents=True)
        (part / "stale.pf_fragment").write_text("old")
        replace_tree(part, [("pagefind-entry.json", b"{}"), ("fragment/a.pf_fragment", b"A"),
                            ("fragment/b.pf_fragment", b"B")])
    finally:
        os.umask(old)
    assert sorted(p.relative_to(part).as_posix() for p in part.rglob("*")) == [
        "fragment", "fragment/a.pf_fragment", "fragment/b.pf_fragment", "pagefind-entry.json"]
    assert (part / "fragment" / "b.pf_fragment").read_bytes() == b"B"
    assert part.stat().st_mode & 0o777 == 0o755 and (part / "pagefind-entry.json").stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in part.parent.iterdir()) == ["pagefind-1"]  # no temporary folder left


def test_replace_tree_that_fails_leaves_the_old_folder_and_no_temporary(tmp_path):
    part = tmp_path / "pagefind"
    part.mkdir()
    (part / "pagefind-entry.json").write_text("old")

    def files():
        yield "pagefind-entry.json", b"new"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        replace_tree(part, files())
    assert (part / "pagefind-entry.json").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pagefind"]


def test_replace_tree_refuses_a_records_folder(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    (records / "org.yml").write_text("departments: []\n")
    with pytest.raises(RecordProtected):
        replace_tree(records / "minutes", [("a.md", b"x")])
    assert sorted(p.name for p in records.iterdir()) == ["org.yml"]


def test_scratch_file_has_no_name_and_refuses_a_records_folder(tmp_path):
    with scratch_file(tmp_path, ".spool.") as fh:
        fh.write(b"page")
        fh.seek(0)
        assert fh.read() == b"page"
        assert list(tmp_path.iterdir()) == []  # nothing left behind, even while it is open
    records = tmp_path / "records"
    records.mkdir()
    (records / "org.yml").write_text("departments: []\n")
    with pytest.raises(RecordProtected):
        scratch_file(records, ".spool.")
