"""`minutebook schemas`: write what is generated from the schema declaration.

    schemas/<kind>.schema.json     JSON Schema (draft 2020-12) of each kind, for editors
    docs/reference/fields.md       the field reference
    docs/reference/rules.md        the rules reference, with a checked example per rule

`--check` writes nothing and exits 1 when a generated file is missing or stale (for
CI); the tests do the same comparison.
"""

from __future__ import annotations

import sys
from pathlib import Path

from minutebook.base.i18n import _, ngettext
from minutebook.cli import options


def add_arguments(p) -> None:
    p.add_argument("--check", action="store_true",
                   help=_("write nothing; exit 1 if a generated file is missing or out of date"))
    p.add_argument("--no-docs", dest="docs", action="store_false",
                   help=_("only the JSON Schemas, not the reference pages"))
    options.add_root(p)


def generated(docs: bool = True) -> dict[str, str]:
    """Repository-relative path -> text of every generated file."""
    from checks import engine  # noqa: F401  (registers every rule, for the rules page)
    from minutebook.authoring import jsonschemas, reference_docs

    out = jsonschemas.files()
    if docs:
        out.update(reference_docs.files())
    return out


def stale(root: Path, docs: bool = True) -> list[str]:
    """The generated files whose bytes on disk differ from what would be written."""
    out = []
    for rel, text in generated(docs).items():
        path = root / rel
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            out.append(rel)
    return out


def run(args) -> int:
    from minutebook.base.fsutil import write_atomic

    root = options.root(args)
    files = generated(args.docs)
    if args.check:
        behind = stale(root, args.docs)
        for rel in behind:
            print(_("{path}: out of date; run `minutebook schemas`").format(path=rel), file=sys.stderr)
        print(ngettext("minutebook schemas: {count} of {total} generated file(s) out of date",
                       "minutebook schemas: {count} of {total} generated file(s) out of date",
                       len(files)).format(count=len(behind), total=len(files)), file=sys.stderr)
        return 1 if behind else 0
    changed = 0
    for rel, text in files.items():
        path = root / rel
        data = text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            continue
        write_atomic(path, data)
        changed += 1
        print(rel)
    print(ngettext("minutebook schemas: {count} of {total} generated file(s) written",
                   "minutebook schemas: {count} of {total} generated file(s) written",
                   len(files)).format(count=changed, total=len(files)), file=sys.stderr)
    return 0
