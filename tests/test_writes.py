"""No record is ever lost or overwritten, and no write is ever half done.

- Every file the product writes goes through minutebook/base/fsutil: a scan of minutebook/, checks/ and
  plugins/ finds no other call that writes, renames or deletes a file.
- Each command that writes (weekly, export -o, render, codeowners, schemas) is run
  once to learn what it writes, its outputs are replaced by "old" bytes, and it is run
  again with the write interrupted: half the bytes written to the temporary file and
  then "disk full", or the final rename failing, at the first file and, for the
  commands that write many, at a later one.
  Every output is then either the old bytes or the complete new ones, and no
  temporary file is left behind.
- A process killed at a random moment while replacing a large file leaves the old or
  the new file, whole.
- `new` creates a record without ever replacing one; no command replaces a record
  (`export -o` or `codeowners -o` aimed at a record is refused) and `check` writes
  nothing.
"""

from __future__ import annotations

import ast
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import AS_OF, FIXTURE, ROOT, make_repo

from minutebook.cli import main as cli

SOURCES = [p for d in ("minutebook", "checks", "plugins") for p in sorted((ROOT / d).rglob("*.py"))]
FSUTIL = ROOT / "minutebook" / "base" / "fsutil.py"

# calls that write, move or delete files; only minutebook/base/fsutil.py may make them
# (tempfile.TemporaryDirectory, a scratch folder that removes itself, is not among them)
WRITING_ATTRIBUTES = {"write_text", "write_bytes", "touch", "rename", "symlink_to",
                      "hardlink_to", "unlink", "rmdir"}
WRITING_FUNCTIONS = {
    "os": {"replace", "rename", "renames", "remove", "unlink", "open", "link", "symlink", "truncate",
           "fdopen", "rmdir", "removedirs"},
    "shutil": {"copy", "copy2", "copyfile", "copytree", "move", "rmtree", "copyfileobj"},
    "tempfile": {"mkstemp", "NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile", "mktemp"},
}


def _open_mode(call: ast.Call) -> str | None:
    mode = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "mode"), None)
    if mode is None:
        return "r"
    return mode.value if isinstance(mode, ast.Constant) and isinstance(mode.value, str) else "?"


def writes_in(path: Path, base: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        what = None
        if isinstance(f, ast.Name) and f.id == "open":
            mode = _open_mode(node)
            if set(mode) & set("wax+?"):
                what = f"open(..., {mode!r})"
        elif isinstance(f, ast.Attribute):
            owner = f.value.id if isinstance(f.value, ast.Name) else None
            if owner in WRITING_FUNCTIONS and f.attr in WRITING_FUNCTIONS[owner]:
                what = f"{owner}.{f.attr}()"
            elif owner in ("io", "codecs") and f.attr == "open" and set(_open_mode(node)) & set("wax+?"):
                what = f"{owner}.open(..., {_open_mode(node)!r})"
            elif owner not in WRITING_FUNCTIONS and f.attr in WRITING_ATTRIBUTES:
                what = f".{f.attr}()"
        if what:
            found.append(f"{path.relative_to(base).as_posix()}:{node.lineno}: {what}")
    return found


def test_every_write_goes_through_fsutil():
    assert SOURCES and FSUTIL in SOURCES
    assert [w for p in SOURCES if p != FSUTIL for w in writes_in(p)] == []
    assert writes_in(FSUTIL)  # the scan does see writes: fsutil's own


def test_the_scan_finds_a_write(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import shutil, os\nopen(p, 'w')\nPath(p).write_text('x')\nshutil.copyfile(a, b)\n"
                      "os.replace(a, b)\nopen(p, mode)\nopen(p)\nopen(p, 'rb')\n", encoding="utf-8")
    assert writes_in(sample, tmp_path) == [
        "sample.py:2: open(..., 'w')", "sample.py:3: .write_text()", "sample.py:4: shutil.copyfile()",
        "sample.py:5: os.replace()", "sample.py:6: open(..., '?')",
    ]


# ---------------------------------------------------------------- interrupted commands


def project(tmp: Path) -> Path:
    return make_repo(tmp / "project", fixture=FIXTURE)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


COMMANDS = {
    "weekly": lambda root, out: ["weekly", "--root", str(root), "--as-of", AS_OF],
    "export": lambda root, out: ["export", "json", "--root", str(root), "--as-of", AS_OF, "-o", str(out / "feed.json")],
    "render": lambda root, out: ["render", str(out / "rendered"), "--root", str(root), "--as-of", AS_OF],
    "codeowners": lambda root, out: ["codeowners", "--root", str(root)],
    "schemas": lambda root, out: ["schemas", "--root", str(root)],
}


class DiskFull:
    """Fault injection in fsutil: the `at`-th write of one of `outputs` stops half way
    ("half": half the bytes reach the temporary file, then the disk is full) or its
    final rename fails ("rename")."""

    def __init__(self, monkeypatch, outputs: set[Path], at: int, mode: str):
        from minutebook.base import fsutil

        self.count, self.current = 0, False
        real_write_temp, real_fdopen, real_replace = fsutil._write_temp, os.fdopen, os.replace

        def write_temp(path, data, *rest):
            self.current = Path(path).resolve() in outputs
            self.count += self.current
            return real_write_temp(path, data, *rest)

        def failing() -> bool:
            return self.current and self.count == at

        def fdopen(fd, *args, **kwargs):
            fh = real_fdopen(fd, *args, **kwargs)
            if mode != "half" or not failing():
                return fh

            class HalfWritten:
                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    fh.close()
                    return False

                def write(self, data):
                    fh.write(data[: len(data) // 2])
                    fh.flush()
                    raise OSError(28, "No space left on device")

            return HalfWritten()

        def replace(src, dst):
            if mode == "rename" and failing():
                raise OSError(28, "No space left on device")
            return real_replace(src, dst)

        monkeypatch.setattr(fsutil, "_write_temp", write_temp)
        monkeypatch.setattr("minutebook.base.fsutil.os.fdopen", fdopen)
        monkeypatch.setattr("minutebook.base.fsutil.os.replace", replace)


# the failure at the first file, and, for the commands that write many, at the third
CASES = [(name, at, mode) for name in COMMANDS for at in ((1, 3) if name in ("render", "schemas") else (1,))
         for mode in ("half", "rename")]


@pytest.mark.parametrize("name, at, mode", CASES, ids=[f"{n}-file{a}-{m}" for n, a, m in CASES])
def test_an_interrupted_write_leaves_every_file_old_or_new(name, at, mode, tmp_path, monkeypatch, capsys):
    root, out = project(tmp_path), tmp_path / "out"
    out.mkdir()
    argv = COMMANDS[name](root, out)
    before = {**tree(root), **{f"out/{k}": v for k, v in tree(out).items()}}
    assert cli.main(argv) == 0
    after = {**tree(root), **{f"out/{k}": v for k, v in tree(out).items()}}
    written = {k: v for k, v in after.items() if before.get(k) != v}
    assert len(written) >= at, f"{name} wrote {len(written)} file(s)"
    paths = {rel: (tmp_path / rel if rel.startswith("out/") else root / rel) for rel in written}
    for rel, path in paths.items():  # every output now holds "old" bytes, unlike what the command writes
        path.write_bytes(b"old " + rel.encode())
    DiskFull(monkeypatch, {p.resolve() for p in paths.values()}, at, mode)
    with pytest.raises(OSError, match="No space left"):
        cli.main(argv)
    monkeypatch.undo()
    capsys.readouterr()
    now = {**tree(root), **{f"out/{k}": v for k, v in tree(out).items()}}
    assert set(now) == set(after), "a temporary file was left behind, or a file vanished"
    for rel, data in now.items():
        if rel in written:
            assert data in (b"old " + rel.encode(), written[rel]), f"{rel} is neither old nor new"
        else:
            assert data == after[rel], rel
    assert sum(now[rel] == written[rel] for rel in written) == at - 1  # the files before the failure


KILLED_WRITER = """
import sys
from pathlib import Path
from minutebook.base.fsutil import write_atomic

target = Path(sys.argv[1])
print("ready", flush=True)
n = 0
while True:  # replace the file again and again until killed
    write_atomic(target, (b"A" if n % 2 else b"B") * (8 * 1024 * 1024))
    n += 1
"""


@pytest.mark.slow
def test_a_killed_writer_leaves_the_file_whole(tmp_path):
    target = tmp_path / "feed.json"
    target.write_bytes(b"A" * (8 * 1024 * 1024))
    whole = {b"A" * (8 * 1024 * 1024), b"B" * (8 * 1024 * 1024)}
    chance = random.Random(7)  # a fixed seed: the same moments on every run
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline() == "ready\n"
        try:
            proc.wait(timeout=chance.uniform(0.05, 0.4))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        assert target.read_bytes() in whole
    # a killed process cannot remove its temporary file; it is hidden, never the target
    assert all(p.name.startswith(".feed.json.") and p.suffix == ".tmp"
               for p in tmp_path.iterdir() if p != target)


# ---------------------------------------------------------------- records are never replaced


def test_new_never_replaces_a_record(tmp_path, capsys):
    root = project(tmp_path)
    argv = ["new", "minutes", "--root", str(root), "--title", "周会", "--slug", "weekly-sync",
            "--date", "2026-11-23", "--department", "研发部", "--owner", "张三"]
    assert cli.main(argv) == 0
    rel = capsys.readouterr().out.strip()
    target = root / rel
    target.write_bytes(b"---\ntitle: written by hand\n---\n")
    assert cli.main(argv) == 1
    assert "already exists; it was left untouched" in capsys.readouterr().err
    assert target.read_bytes() == b"---\ntitle: written by hand\n---\n"
    assert not [p for p in root.rglob("*.tmp")]


def test_an_interrupted_new_leaves_nothing(tmp_path, monkeypatch, capsys):
    root = project(tmp_path)

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("minutebook.base.fsutil.os.link", fail)
    before = tree(root)
    with pytest.raises(OSError):
        cli.main(["new", "minutes", "--root", str(root), "--title", "周会", "--slug", "weekly-sync",
                  "--date", "2026-11-23"])
    assert tree(root) == before  # no record, no temporary file
    capsys.readouterr()


@pytest.mark.parametrize("argv", [
    ["export", "csv", "-o", "{root}/records/minutes/2026/2026-11-02-fixture-sync.md"],
    ["codeowners", "-o", "records/org.yml"],
    ["codeowners", "-o", "records/minutes/2026/2026-11-16-fixture-followup.md"],
], ids=["export-over-a-record", "codeowners-over-the-registry", "codeowners-over-a-record"])
def test_no_command_replaces_a_record(argv, tmp_path, capsys):
    root = project(tmp_path)
    before = tree(root)
    argv = [a.format(root=root) for a in argv] + ["--root", str(root)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"minutebook {argv[0]}: error: ") and "no command replaces a record" in err
    assert tree(root) == before


@pytest.mark.parametrize("out", ["records", "records/minutes", "docs", "docs/sub"])
def test_render_refuses_to_write_among_the_sources(out, tmp_path, capsys):
    root = project(tmp_path)
    before = tree(root)
    assert cli.main(["render", str(root / out), "--root", str(root), "--as-of", AS_OF]) == 2
    assert "OUT_DIR must be a separate folder" in capsys.readouterr().err
    assert tree(root) == before


def test_check_writes_nothing(tmp_path, capsys):
    root = project(tmp_path)
    (root / "records" / "bad.md").write_bytes(b"\xef\xbb\xbf---\r\ntitle: x\r\n")
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}
    cli.main(["check", "--root", str(root), "--as-of", AS_OF])
    cli.main(["check", "--root", str(root), "--as-of", AS_OF, "--format", "json"])
    capsys.readouterr()
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()} == before
