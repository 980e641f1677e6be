"""Where a repository keeps its records: the root, the records folder, the record files."""

from __future__ import annotations

import os
from pathlib import Path

from minutebook.base.errors import UsageError

RECORDS_DIR = "records"


def find_root(start: Path | None = None) -> Path:
    """The nearest directory, from `start` upwards, that holds records/org.yml."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / RECORDS_DIR / "org.yml").is_file():
            return candidate
    raise UsageError(f"no {RECORDS_DIR}/org.yml found in {here} or above; run from a minutebook repository")


def discover(root: Path) -> list[Path]:
    """Every record file under records/, in a stable order."""
    base = os.path.join(root, RECORDS_DIR)
    found = []
    # os.walk, not Path.rglob: no stat per file, which pre-commit feels at 10,000 records
    for folder, dirs, files in os.walk(base):
        dirs.sort()
        found.extend(os.path.join(folder, f) for f in files if f.endswith(".md"))
    return [Path(f) for f in sorted(found)]
