"""`minutebook`: the command line.

Each subcommand lives in `minutebook/cli/commands/<module>.py` with `add_arguments(parser)`
and `run(args) -> int`, and is imported only when it runs, so `minutebook check`
(what pre-commit calls on every commit) loads nothing it does not use.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Sequence

# subcommand -> (module in minutebook.cli.commands, one-line help); the one list of commands
COMMANDS = {
    "check": ("check", "check records against the schema and the rules"),
    "new": ("new", "write the skeleton of a new record"),
    "progress": ("progress", "report progress on an item between meetings, as a progress record"),
    "weekly": ("weekly", "write the weekly open-items snapshot to docs/weekly/"),
    "export": ("export", "export open items as ICS, CSV or JSON"),
    "notify": ("notify", "post a digest of due and overdue items to a team-chat webhook"),
    "diff": ("diff", "list the commitments a change makes or alters"),
    "stats": ("stats", "measure collaboration against the optimisation plan's targets"),
    "render": ("render", "pre-render every generated page to plain Markdown"),
    "index": ("index", "build the Pagefind search index of a built site"),
    "codeowners": ("codeowners", "write CODEOWNERS from the registry"),
    "schemas": ("schemas", "write the JSON Schemas and reference docs generated from the schema"),
}

EXIT_USAGE = 2


def _top_parser() -> argparse.ArgumentParser:
    epilog = "commands:\n" + "\n".join(f"  {name:<11} {help_}" for name, (_, help_) in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="minutebook",
        usage="minutebook COMMAND [ARGS...]",
        description="Docs-as-code records of cross-department collaboration.",
        epilog=epilog + "\n\nRun `minutebook COMMAND --help` for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        _top_parser().print_help(sys.stdout if argv else sys.stderr)
        return 0 if argv else EXIT_USAGE
    if argv[0] == "--version":
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"minutebook {version('minutebook')}")
        except PackageNotFoundError:
            print("minutebook (not installed)")
        return 0
    name = argv[0]
    if name not in COMMANDS:
        import difflib

        close = difflib.get_close_matches(name, COMMANDS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        print(f"minutebook: error: unknown command '{name}'{hint} (see `minutebook --help`)", file=sys.stderr)
        return EXIT_USAGE
    module_name, help_ = COMMANDS[name]
    module = importlib.import_module(f"minutebook.cli.commands.{module_name}")
    parser = argparse.ArgumentParser(prog=f"minutebook {name}", description=help_)
    module.add_arguments(parser)
    try:
        args = parser.parse_args(argv[1:])
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    args.command = name

    from checks.registry import RegistryError
    from minutebook.base.errors import UsageError
    from minutebook.base.fsutil import RecordProtected

    try:
        return module.run(args)
    except (UsageError, RecordProtected) as exc:
        print(f"minutebook {name}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RegistryError as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        print(f"minutebook {name}: error: the registry records/org.yml is invalid", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def entry() -> None:
    """The console script: `main`, then exit without tearing the heap down.

    A large check leaves millions of small objects; freeing them one by one at exit
    (and the final collection) takes as long as the check itself. The output is
    flushed first, so nothing is lost (mypy exits the same way)."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `minutebook check | head`: the reader left early
        code = code or 1
    os._exit(code)


if __name__ == "__main__":
    entry()
