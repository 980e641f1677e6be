"""`minutebook`: the command line. Each subcommand lives in checks/commands/ and is
imported only when it runs, so `minutebook check` (what pre-commit calls) stays light."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

# subcommand -> (module in checks.commands, one-line help)
COMMANDS = {
    "check": ("check", "check records against the schema and the rules"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minutebook",
        description="Docs-as-code records of cross-department collaboration.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_) in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(_module=module)
        importlib.import_module(f"checks.commands.{module}").add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "_module", None):
        parser.print_help(sys.stderr)
        return 2
    from .engine import UsageError
    from .registry import RegistryError

    try:
        return importlib.import_module(f"checks.commands.{args._module}").run(args)
    except UsageError as exc:
        print(f"minutebook {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except RegistryError as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        print(f"minutebook {args.command}: error: the registry records/org.yml is invalid", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
