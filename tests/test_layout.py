"""The layout holds: imports go one way, the core never loads MkDocs.

The contracts live in pyproject.toml ([tool.importlinter]); `lint-imports` judges
the real import graph of minutebook/, checks/ and plugins/.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

from helpers import BIN, ROOT


def test_import_contracts_are_kept():
    proc = subprocess.run([str(BIN / "lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 kept, 0 broken" in proc.stdout, proc.stdout


def test_the_core_loads_no_mkdocs_module():
    import minutebook

    names = [m.name for m in pkgutil.walk_packages(minutebook.__path__, "minutebook.")
             if m.name != "minutebook.__main__"]
    names += [m.name for m in pkgutil.walk_packages(__import__("checks").__path__, "checks.")]
    code = ("import importlib, sys\n"
            f"for n in {names!r}: importlib.import_module(n)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('mkdocs', 'material', 'mkdocs_macros', 'plugins')))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]", proc.stdout
    assert len(names) > 40  # every module of the core was imported, not an empty list
