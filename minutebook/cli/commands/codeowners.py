"""`minutebook codeowners [-o FILE]`: write CODEOWNERS from the registry and the records.

Each record's path goes to the contacts of its departments; `/records/` and the
registry to the contacts of `settings.codeowners.default` (see minutebook/reports/codeowners.py).
The file is replaced in one step; `--check` writes nothing and exits 1 when it is
out of date, `-o -` prints it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from minutebook.base.i18n import _, ngettext
from minutebook.cli import options
from minutebook.model.asof import reference_date


def add_arguments(p) -> None:
    p.add_argument("-o", "--output", default="CODEOWNERS", metavar="FILE",
                   help=_("where to write, relative to the repository root (default: CODEOWNERS; "
                           "GitHub also reads .github/CODEOWNERS, GitLab .gitlab/CODEOWNERS); '-' prints it"))
    p.add_argument("--check", action="store_true", help=_("write nothing; exit 1 if FILE is out of date"))
    options.add_root(p)


def run(args) -> int:
    from checks.engine import load_repository
    from minutebook.base.fsutil import write_atomic
    from minutebook.reports import codeowners

    root = options.root(args)
    # every record, whatever its visibility: the file only names paths, which anyone
    # who can open a pull request already sees
    repo = load_repository(root, reference_date())
    text = codeowners.render(repo.records, repo.registry)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output)
    if not target.is_absolute():
        target = root / target
    if args.check:
        if target.is_file() and target.read_bytes() == text.encode("utf-8"):
            return 0
        command = "minutebook codeowners" + ("" if args.output == "CODEOWNERS" else " -o " + args.output)
        print(_("minutebook codeowners: {path} is out of date; run `{command}`").format(
            path=args.output, command=command), file=sys.stderr)
        return 1
    write_atomic(target, text)
    paths = sum(1 for line in text.splitlines() if line.startswith("/"))
    print(ngettext("minutebook codeowners: wrote {path} ({count} path(s))",
                   "minutebook codeowners: wrote {path} ({count} path(s))", paths).format(
        path=args.output, count=paths), file=sys.stderr)
    return 0
