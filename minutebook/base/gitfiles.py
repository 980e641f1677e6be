"""Asking git, when the records live in a git repository, what a walk would find.

Pre-commit checks a few files of a repository that may hold 10,000 records; listing
the records and finding those that mention an id is what git's index and `git grep`
do fastest. Every function returns None when git cannot answer (no repository, no
git, an error), and the caller walks the folder instead: the answer is the same.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def _git(root: Path, *args: str) -> list[str] | None:
    if not os.path.exists(os.path.join(root, ".git")):
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode not in (0, 1):  # 1: git grep found nothing
        return None
    return [p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def record_files(root: Path, folder: str) -> list[str] | None:
    """Repository-relative paths of the .md files under `folder`, tracked or not (ignored left out)."""
    found = _git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", folder)
    if found is None:
        return None
    return sorted({p for p in found if p.endswith(".md")})


def files_mentioning(root: Path, folder: str, tokens: list[str]) -> list[str] | None:
    """Repository-relative paths of files under `folder` holding any of `tokens` (a superset)."""
    args = ["grep", "-z", "-l", "-a", "-F", "--untracked", "--no-exclude-standard"]  # ignored files are records too
    for t in tokens:
        args += ["-e", t]
    return _git(root, *args, "--", folder)
