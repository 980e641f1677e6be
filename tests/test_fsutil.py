"""Atomic writes keep the permissions a reader expects, and never clobber on create."""

from __future__ import annotations

import os

import pytest

from minutebook.base.fsutil import FileExists, create, write_atomic


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
