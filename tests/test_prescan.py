"""The scan of records/ a child process makes for a check of a few files (checks/prescan.py).

The verdict is the full check's whether the child answers, fails, dies, sends garbage,
hangs or cannot be started; no child is left behind. The repository has a folder named
`folder.md` (walked into, as `discover` does), an indexed record in it and a record
added after the index (stale), both clashing with a third by item id."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import stat
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import make_repo

from checks import idindex, prescan
from checks.engine import check
from minutebook.cli import main as cli
from minutebook.model.paths import discover

TESTS = Path(__file__).resolve().parent
AS_OF = dt.date(2026, 11, 20)
LONG_AGO = 1_700_000_000  # 2023: stamps this old are trusted
CLASH = sorted((TESTS / "fixtures/rules").glob("MB204-*.md"))[0]  # declares its item ids twice


@pytest.fixture(autouse=True)
def two_processors(monkeypatch):
    """The child is started on a machine of one processor too (where the command would not)."""
    monkeypatch.setattr(prescan, "_processors", lambda: 2)


@pytest.fixture()
def repo(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("MINUTEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    root = make_repo(tmp_path / "repo")
    for bad in sorted((TESTS / "fixtures/rules").glob("MB2*.md")):
        shutil.copy(bad, root / "records" / bad.name)
    (root / "records" / "folder.md").mkdir()
    shutil.copy(CLASH, root / "records" / "folder.md" / "inner.md")
    for path in (root / "records").rglob("*"):
        if path.is_file():
            os.utime(path, (LONG_AGO, LONG_AGO))
    check(root, AS_OF)  # the index of ids
    shutil.copy(CLASH, root / "records" / "added.md")
    return root


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def each_file_equals_the_full_check(root: Path, start) -> int:
    full = check(root, AS_OF)
    compared = 0
    for path in discover(root):
        rel = path.relative_to(root).as_posix()
        child = start(root)
        pid = child.pid if child is not None else None
        assert check(root, AS_OF, [path], child) == [d for d in full if d.path == rel], rel
        if child is not None:
            child.close()
            assert reaped(pid), rel
        compared += 1
    return compared


def test_the_child_scans_as_the_check_would(repo):
    (repo / "records" / "MB201-unknown-person.md").unlink()
    child = prescan.start(repo)
    index, gone, stale = child.take(repo)
    assert reaped_after(child) and child.take(repo) is None  # taken once
    assert index.paths == idindex.load(repo).paths and "folder.md/inner.md" in index.paths
    listed, here_stale = idindex.scan(repo, index)
    assert sorted(listed) == sorted(idindex.listing(repo))
    assert "folder.md/inner.md" in listed and "folder.md" not in listed
    assert gone == idindex.gone(index, listed) == {"MB201-unknown-person.md"}
    assert sorted(stale) == sorted(here_stale) == ["added.md"]


def reaped_after(child) -> bool:
    return child.pid is None and child.fd is None


def test_a_folder_named_like_a_record_is_walked_into(repo):
    found = check(repo, AS_OF, [repo / "records" / CLASH.name], prescan.start(repo))
    clash = [d for d in found if d.code == "MB204" and "folder.md/inner.md" in d.message]
    assert clash and all("added.md" in d.message for d in clash)


def test_each_file_with_the_childs_scan_equals_the_full_check(repo):
    assert each_file_equals_the_full_check(repo, prescan.start) > 10


def _garbage(root, index, w):
    os.write(w, b"\xe3garbage")
    os._exit(0)


def _half_then_killed(root, index, w):
    os.write(w, prescan.marshal.dumps((prescan.ANSWER, root, "", "a.md"))[:12])
    os.kill(os.getpid(), signal.SIGKILL)


def _another_layout(root, index, w):
    os.write(w, prescan.marshal.dumps(("minutebook-prescan-0", root, "", "")))
    os._exit(0)


def _failing(root, index, w):
    raise OSError("no scan")


@pytest.mark.parametrize("child", [_garbage, _half_then_killed, _another_layout, _failing])
def test_a_child_that_fails_is_not_believed(repo, monkeypatch, child):
    monkeypatch.setattr(prescan, "_child", child)
    started = prescan.start(repo)
    pid = started.pid
    assert started.take(repo) is None and reaped(pid)
    assert each_file_equals_the_full_check(repo, prescan.start) > 10


def test_a_child_that_hangs_is_given_up_and_killed(repo, monkeypatch):
    monkeypatch.setattr(prescan, "TIMEOUT_S", 0.2)
    monkeypatch.setattr(prescan, "_child", lambda root, index, w: time.sleep(60))
    started = prescan.start(repo)
    pid = started.pid
    assert started.take(repo) is None and reaped(pid)


def test_the_answer_about_another_root_is_not_taken(repo, tmp_path):
    other = make_repo(tmp_path / "other")
    started = prescan.start(other)
    pid = started.pid
    assert started.take(repo) is None  # the check scans itself; the child stays until closed
    started.close()
    assert reaped(pid)
    assert each_file_equals_the_full_check(repo, lambda root: prescan.start(other)) > 10


@pytest.mark.parametrize("without", ["fork", "a second processor"])
def test_without_fork_the_check_scans_itself(repo, monkeypatch, without):
    if without == "fork":
        monkeypatch.delattr(os, "fork")
    else:
        monkeypatch.setattr(prescan, "_processors", lambda: 1)
    assert prescan.start(repo) is None
    assert each_file_equals_the_full_check(repo, prescan.start) > 10


@pytest.fixture()
def started(monkeypatch) -> list:
    """The children the command starts, each as (pid, its Prescan)."""
    children = []

    def spy(root):
        child = real(root)
        if child is not None:
            children.append((child.pid, child))
        return child

    real = prescan.start
    monkeypatch.setattr(prescan, "start", spy)
    return children


def run(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["check", "--as-of", str(AS_OF), "--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_command_scans_in_a_child_for_files_only_and_reaps_it(repo, capsys, monkeypatch, started, fmt):
    one = str(repo / "records" / CLASH.name)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(repo.rglob("*")) if p.is_file()}
    with_child = run(capsys, repo, "--format", fmt, one)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(repo.rglob("*")) if p.is_file()} == before
    assert len(started) == 1 and started[0][1].pid is None and reaped(started[0][0])  # taken, reaped
    run(capsys, repo, "--format", fmt)  # all records: nothing to scan beforehand
    assert len(started) == 1
    run(capsys, repo, "--format", fmt, str(repo / "records"))  # all records, named: the child is not needed
    assert len(started) == 2 and reaped(started[1][0])
    monkeypatch.delattr(os, "fork")
    assert run(capsys, repo, "--format", fmt, one) == with_child and len(started) == 2
    assert with_child[0] == 1 and "MB204" in with_child[1]


@pytest.mark.parametrize("args, files", [
    (["check"], False), (["check", "--root", "r", "--format", "json", "--as-of", "2026-11-20"], False),
    (["check", "--root=r", "a.md"], True), (["--lang", "zh", "check", "--format", "json", "a.md"], True),
    (["check", "--", "-odd.md"], True), (["new", "minutes"], False)])
def test_which_commands_start_a_child(args, files):
    _lang, argv = cli._lang_option(args)
    assert (argv[:1] == ["check"] and cli._names_files(argv[1:])) is files


def test_a_file_whose_figures_cannot_be_packed_is_stale(repo, monkeypatch):
    """Figures out of the index's range are never trusted, whether the file has an entry or not."""
    added = repo / "records" / "added.md"
    os.utime(added, (LONG_AGO + 60, LONG_AGO + 60))  # not too recent: stale only for having no entry
    index = idindex.load(repo)
    assert "added.md" not in index.paths
    real = os.lstat

    def lstat(path, *args, **kwargs):
        st = real(path, *args, **kwargs)
        if not str(path).endswith(".md") or stat.S_ISDIR(st.st_mode):
            return st
        return SimpleNamespace(st_mode=st.st_mode, st_dev=st.st_dev, st_ino=st.st_ino, st_size=st.st_size,
                               st_mtime_ns=st.st_mtime_ns, st_ctime_ns=-(1 << 70))  # out of a packed figure's range

    monkeypatch.setattr(os, "lstat", lstat)
    listed, stale = idindex.scan(repo, index)
    assert len(listed) > 10 and sorted(stale) == sorted(listed)



def test_the_check_options_that_take_a_value_are_the_ones_main_skips():
    """`_names_files` skips the value of each option of `check` that takes one: main.py's
    list equals what the check command's parser declares (main.py adds --lang to each)."""
    import argparse

    from minutebook.cli import options
    from minutebook.cli.commands import check as check_command

    parser = argparse.ArgumentParser()
    check_command.add_arguments(parser)
    options.add_lang(parser)
    taking = {s for a in parser._actions if a.option_strings and a.nargs != 0 for s in a.option_strings}
    assert taking == set(cli._CHECK_VALUES)


def test_the_index_finds_files_by_stem_alike_for_few_and_many_stems():
    """A file's key found in the joined paths (a few keys) or path by path (a folder's
    thousands): the same files either way, and only whole names."""
    from checks import idindex

    paths = [f"minutes/2026/2026-01-{d:02d}-m{n}.md" for d in range(1, 29) for n in range(3)]
    paths += ["notice/2026/x.md", "notice/2026/ax.md", "sop/x.md"]
    index = idindex.Index("\0".join(paths), idindex.FIGURES.size * len(paths) * b"\0", "\1" * (len(paths) - 1))

    def truth(stems):
        return {p for p in paths if p.rpartition("/")[2][:-3] in stems}

    few = {"x", "2026-01-05-m1", "missing", ""}
    many = {p.rpartition("/")[2][:-3] for p in paths[::2]} | {f"absent-{n}" for n in range(idindex.FEW_IDS)}
    assert len(few) <= idindex.FEW_IDS < len(many)
    assert index.named(few) == truth(few) == {"notice/2026/x.md", "sop/x.md", "minutes/2026/2026-01-05-m1.md"}
    assert index.named(many) == truth(many)
