"""The generated repository on disk: the records, the project's site beside them, and
optionally a git repository with everything committed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def write_new(path: Path, text: str) -> None:
    # a fresh folder of generated files: "x" refuses to replace anything, no fsync needed
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def copy_site(root: Path, project: Path = PROJECT_ROOT) -> None:
    """mkdocs.yml and the docs folder of the project (and a theme override folder and
    hooks, if any), so that the project's own site builds over the generated records."""
    from minutebook.base import mkdocs_config

    cfg = mkdocs_config.load(project / "mkdocs.yml")
    shutil.copyfile(project / "mkdocs.yml", root / "mkdocs.yml")
    folders = [cfg.get("docs_dir", "docs")]
    theme = cfg.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        folders.append(theme["custom_dir"])
    for hook in cfg.get("hooks") or ():
        if isinstance(hook, str):
            (root / hook).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project / hook, root / hook)
    for folder in folders:
        if (project / folder).is_dir():
            shutil.copytree(project / folder, root / folder, dirs_exist_ok=True,
                            ignore=_snapshots)


def _snapshots(folder: str, names: list[str]) -> list[str]:
    """An ignore function for copytree: the weekly snapshots (found as the build finds
    them, by their state) are data about the project's own records (their links point
    into them), not part of the site's structure."""
    from minutebook.reports.weekly import is_snapshot

    return [n for n in names if (Path(folder) / n).is_file() and is_snapshot(Path(folder) / n)]


def commit_all(root: Path) -> None:
    """`root` as a git repository with everything committed by a fixed author at a fixed time."""
    who = {"GIT_AUTHOR_NAME": "minutebook benchmarks", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_AUTHOR_DATE": "2026-11-20T18:00:00+08:00"}
    env = dict(os.environ, **who, **{k.replace("AUTHOR", "COMMITTER"): v for k, v in who.items()})
    for cmd in (["init", "-q"], ["add", "-A"],
                ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "Synthetic records for the benchmarks"]):
        subprocess.run(["git", *cmd], cwd=root, env=env, check=True, capture_output=True)
