"""Checking a rule's example for real, as docs/reference/rules.md and the tests do.

Apart from checks/examples.py because it runs the engine, which imports the rules
that declare the examples.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from checks import engine
from checks.examples import EXAMPLE_AS_OF, EXAMPLE_REGISTRY, Example, example_path, file_bytes, record_text
from checks.registry import RegistryError, load_registry
from minutebook.base.fsutil import write_atomic


def check(example: Example, fixed: bool = False) -> list:
    """The diagnostics `minutebook check` gives the failing example (or its fix), in a
    repository of EXAMPLE_REGISTRY, the example's `others` and the example itself."""
    with tempfile.TemporaryDirectory(prefix="minutebook-example-") as tmp:
        root = Path(tmp)
        if example.registry:
            write_atomic(root / "records" / "org.yml", file_bytes(example, fixed))
            try:
                load_registry(root)
            except RegistryError as exc:
                return list(exc.diagnostics)
            return []
        write_atomic(root / "records" / "org.yml", EXAMPLE_REGISTRY)
        for name, kind, snippet in example.others:
            write_atomic(root / "records" / kind / "2026" / f"{name}.md", record_text(kind, snippet))
        path = root / example_path(example, fixed)
        write_atomic(path, file_bytes(example, fixed))
        return engine.check(root, EXAMPLE_AS_OF, [path])
