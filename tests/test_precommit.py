"""pre-commit, for real: the project's hook refuses a `git commit` of bad minutes.

No mocks: a throwaway git repository, the project's own .pre-commit-config.yaml,
`pre-commit install`, and real commits; then `pre-commit try-repo` of the hook that
other repositories reuse (.pre-commit-hooks.yaml), which pip-installs the project
into pre-commit's own environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "precommit"
BIN = Path(sys.executable).parent  # the project's virtual environment
PRE_COMMIT = BIN / "pre-commit"
TODAY = "2026-08-12"

# where the minutes under test go, and what the check must say about the bad version
MINUTES = "records/minutes/2026/2026-08-10-api-sync.md"
MISSING_OWNER = f"{MINUTES}:14:5: MB101 `owner` is required in actions[1]: who does it."



def tool_env(tmp_path: Path) -> dict[str, str]:
    """The environment for git and pre-commit: the venv's bin first on PATH (so the
    `language: system` hook finds `minutebook`), a private PRE_COMMIT_HOME, a fixed
    reference date, and nothing from an enclosing git hook or the user's git config."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT")) and k not in ("SKIP", "MINUTEBOOK_TODAY")}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        MINUTEBOOK_TODAY=TODAY,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
        NO_COLOR="1",
    )
    return env


def run(args, cwd: Path, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=timeout,
    )


def ok(proc: subprocess.CompletedProcess) -> str:
    """The combined output of a command that must succeed."""
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{proc.args} exited {proc.returncode}:\n{out}"
    return out


def git_repo(path: Path, env: dict[str, str]) -> Path:
    ok(run(["git", "init", "-q", "-b", "main", path], path.parent, env))
    ok(run(["git", "config", "user.name", "Minutebook Test"], path, env))
    ok(run(["git", "config", "user.email", "test@example.com"], path, env))
    ok(run(["git", "config", "commit.gpgsign", "false"], path, env))
    return path


def commits(repo: Path, env: dict[str, str]) -> int:
    return int(ok(run(["git", "rev-list", "--count", "HEAD"], repo, env)).strip())


def book(tmp_path: Path, env: dict[str, str]) -> Path:
    """A throwaway minutebook repository: a registry and one valid record."""
    repo = tmp_path / "book"
    shutil.copytree(FIXTURES / "repo", repo)
    return git_repo(repo, env)


def put(repo: Path, fixture: str) -> None:
    target = repo / MINUTES
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "minutes" / fixture, target)


@pytest.fixture(scope="module", autouse=True)
def tools():
    assert PRE_COMMIT.is_file(), f"pre-commit is not installed in {BIN}: run `make setup`"
    assert (BIN / "minutebook").is_file(), f"minutebook is not installed in {BIN}: run `make setup`"
    assert shutil.which("git"), "git is not on PATH"


def test_local_hook_and_published_hook_agree(tmp_path):
    """The hook this repository runs and the one it offers to others judge the same files
    with the same command; pre-commit itself accepts both files."""
    env = tool_env(tmp_path)
    ok(run([PRE_COMMIT, "validate-config", ".pre-commit-config.yaml"], ROOT, env))
    ok(run([PRE_COMMIT, "validate-manifest", ".pre-commit-hooks.yaml"], ROOT, env))
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (local,) = [r for r in config["repos"] if r["repo"] == "local"]
    (hook,) = [h for h in local["hooks"] if h["id"] == "minutebook-check"]
    (published,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["language"] == "system" and published["language"] == "python"
    for key in ("id", "name", "entry", "files", "require_serial"):
        assert hook[key] == published[key], key
    assert hook["entry"] == "minutebook check"
    # the scripts pyproject.toml installs provide the entry
    assert 'minutebook = "minutebook.cli.main:entry"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_commit_of_minutes_without_owner_is_refused(tmp_path):
    env = tool_env(tmp_path)
    repo = book(tmp_path, env)
    shutil.copyfile(ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    ok(run([PRE_COMMIT, "install"], repo, env))

    ok(run(["git", "add", "-A"], repo, env))
    out = ok(run(["git", "commit", "-m", "registry and kickoff minutes"], repo, env))
    assert "minutebook check (records)" in out and "Passed" in out, out

    # an action item with no owner: refused, and the output names file, line and column
    put(repo, "missing-owner.md")
    ok(run(["git", "add", MINUTES], repo, env))
    refused = run(["git", "commit", "-m", "API sync minutes"], repo, env)
    out = refused.stdout + refused.stderr
    assert refused.returncode != 0, out
    assert "Failed" in out and "- hook id: minutebook-check" in out, out
    assert MISSING_OWNER in out.splitlines(), out
    assert commits(repo, env) == 1
    assert MINUTES in ok(run(["git", "diff", "--cached", "--name-only"], repo, env)).split()

    # the owner added: the same commit goes through
    put(repo, "with-owner.md")
    ok(run(["git", "add", MINUTES], repo, env))
    out = ok(run(["git", "commit", "-m", "API sync minutes"], repo, env))
    assert "MB101" not in out, out
    assert commits(repo, env) == 2


@pytest.mark.slow
def test_changed_registry_rechecks_every_record(tmp_path):
    env = tool_env(tmp_path)
    repo = book(tmp_path, env)
    put(repo, "with-owner.md")
    shutil.copyfile(ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    ok(run([PRE_COMMIT, "install"], repo, env))
    ok(run(["git", "add", "-A"], repo, env))
    ok(run(["git", "commit", "-m", "start"], repo, env))

    # a file outside records/ does not run the check
    (repo / "notes.md").write_text("not a record\n", encoding="utf-8")
    ok(run(["git", "add", "notes.md"], repo, env))
    out = ok(run(["git", "commit", "-m", "notes"], repo, env))
    assert "(no files to check)Skipped" in out, out

    # only records/org.yml is staged, yet the records that name the removed person fail
    org = repo / "records" / "org.yml"
    text = org.read_text(encoding="utf-8")
    text = text.replace("contacts: [李娜]", "contacts: [王磊]")
    text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("  李娜:"))
    org.write_text(text, encoding="utf-8")
    ok(run(["git", "add", "records/org.yml"], repo, env))
    refused = run(["git", "commit", "-m", "李娜 leaves"], repo, env)
    out = refused.stdout + refused.stderr
    assert refused.returncode != 0, out
    lines = out.splitlines()
    assert ("records/minutes/2026/2026-08-03-kickoff.md:11:17: MB201 `attendees[2]` is not in the "
            "registry: '李娜'; add them to records/org.yml first") in lines, out
    assert (f"{MINUTES}:16:12: MB201 `actions[1].owner` is not in the registry: '李娜'; "
            "add them to records/org.yml first") in lines, out
    assert commits(repo, env) == 2


# what a repository that reuses the hook gets when pre-commit clones this project
PROJECT_FILES = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "minutebook", "checks", "plugins"]


def project_snapshot(tmp_path: Path, env: dict[str, str]) -> Path:
    """The project's files as they are in the working tree, committed to a repository
    of their own: try-repo clones HEAD, and must not depend on what is committed here."""
    snap = tmp_path / "minutebook"
    snap.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in PROJECT_FILES:
        src = ROOT / name
        assert src.exists(), f"{name} is missing from the project"
        if src.is_dir():
            shutil.copytree(src, snap / name, ignore=ignore)
        else:
            shutil.copyfile(src, snap / name)
    git_repo(snap, env)
    ok(run(["git", "add", "-A"], snap, env))
    ok(run(["git", "commit", "-q", "-m", "snapshot"], snap, env))
    return snap


@pytest.mark.slow
def test_try_repo_runs_the_published_hook(tmp_path):
    env = tool_env(tmp_path)
    snap = project_snapshot(tmp_path, env)
    repo = book(tmp_path, env)

    def try_repo() -> subprocess.CompletedProcess:
        # the first run pip-installs the project and its dependencies from the package index
        return run([PRE_COMMIT, "try-repo", snap, "minutebook-check", "--files", MINUTES],
                   repo, env, timeout=900)

    def log() -> str:
        path = Path(env["PRE_COMMIT_HOME"]) / "pre-commit.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else "(no pre-commit.log)"

    put(repo, "missing-owner.md")
    ok(run(["git", "add", "-A"], repo, env))
    failed = try_repo()
    out = failed.stdout + failed.stderr
    assert "An unexpected error has occurred" not in out, f"{out}\n{log()}"
    assert failed.returncode == 1, f"{out}\n{log()}"
    assert "- hook id: minutebook-check" in out, out
    assert MISSING_OWNER in out.splitlines(), out

    put(repo, "with-owner.md")
    ok(run(["git", "add", "-A"], repo, env))
    passed = try_repo()
    out = passed.stdout + passed.stderr
    assert passed.returncode == 0, f"{out}\n{log()}"
    assert "minutebook check (records)" in out and "Passed" in out, out


@pytest.mark.slow
def test_commit_of_progress_by_someone_else_is_refused(tmp_path):
    """A progress record moves only the items its author answers for (MB213): the hook
    checks the staged progress file alone and still finds the minutes that declare it."""
    env = tool_env(tmp_path)
    repo = book(tmp_path, env)
    put(repo, "with-owner.md")  # SYNC-01: 李娜's (研发部, lead 王磊), at a meeting hosted by 王磊
    shutil.copyfile(ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    ok(run([PRE_COMMIT, "install"], repo, env))
    ok(run(["git", "add", "-A"], repo, env))
    ok(run(["git", "commit", "-m", "start"], repo, env))

    # 林晓 (产品部) reports it done: written, and refused at the commit
    written = ok(run([BIN / "minutebook", "progress", "SYNC-01", "--status", "done", "--by", "林晓"], repo, env))
    path = written.splitlines()[0]
    assert path.startswith(f"records/progress/2026/{TODAY}-sync-")
    ok(run(["git", "add", path], repo, env))
    refused = run(["git", "commit", "-m", "进度更新"], repo, env)
    out = refused.stdout + refused.stderr
    assert refused.returncode != 0, out
    assert (f"{path}:19:10: MB213 `updates[1].ref` 'SYNC-01' may not be moved by 林晓 (`by`): only its owner "
            f"李娜, a lead or contact of 研发部 (王磊, 李娜) or the host 王磊 of {MINUTES} may report its "
            "progress") in out.splitlines(), out
    assert commits(repo, env) == 1

    # the owner reports it instead: the commit goes through
    ok(run(["git", "rm", "-q", "--cached", path], repo, env))
    (repo / path).unlink()
    written = ok(run([BIN / "minutebook", "progress", "SYNC-01", "--status", "done", "--by", "李娜"], repo, env))
    ok(run(["git", "add", written.splitlines()[0]], repo, env))
    out = ok(run(["git", "commit", "-m", "进度更新"], repo, env))
    assert "MB213" not in out, out
    assert commits(repo, env) == 2
