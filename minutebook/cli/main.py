"""`minutebook`: the command line.

Each subcommand lives in `minutebook/cli/commands/<module>.py` with `add_arguments(parser)`
and `run(args) -> int`, and is imported only when it runs, so `minutebook check`
(what pre-commit calls on every commit) loads nothing it does not use.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Sequence

from minutebook.base import i18n
from minutebook.base.i18n import N_, _

# argparse and the shared options are imported when the command line is parsed, after a
# check of a few files has started its scan of records/ (checks/prescan.py): the sooner
# that starts, the sooner it is done

# subcommand -> (module in minutebook.cli.commands, one-line help); the one list of commands
COMMANDS = {
    "check": ("check", N_("check records against the schema and the rules")),
    "new": ("new", N_("write the skeleton of a new record")),
    "progress": ("progress", N_("report progress on an item between meetings, as a progress record")),
    "weekly": ("weekly", N_("write the weekly open-items snapshot to docs/weekly/")),
    "export": ("export", N_("export open items as ICS, CSV or JSON")),
    "notify": ("notify", N_("post a digest of due and overdue items to a team-chat webhook")),
    "diff": ("diff", N_("list the commitments a change makes or alters")),
    "stats": ("stats", N_("measure collaboration against the optimisation plan's targets")),
    "render": ("render", N_("pre-render every generated page to plain Markdown")),
    "index": ("index", N_("build the Pagefind search index of a built site")),
    "codeowners": ("codeowners", N_("write CODEOWNERS from the registry")),
    "schemas": ("schemas", N_("write the JSON Schemas and reference docs generated from the schema")),
}

EXIT_USAGE = 2


def _top_parser():
    import argparse

    from minutebook.cli import options

    epilog = _("commands:") + "\n" + "\n".join(
        f"  {name:<11} {_(help_)}" for name, (_module, help_) in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="minutebook",
        usage="minutebook [--lang zh|en] COMMAND [ARGS...]",
        description=_("Docs-as-code records of cross-department collaboration."),
        epilog=epilog + "\n\n" + _("Run `minutebook COMMAND --help` for a command's options."),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="store_true", help=_("print the version and exit"))
    options.add_lang(parser)
    return parser


def _lang_option(argv: list[str]) -> tuple[str | None, list[str]]:
    """The value of `--lang` given before the command (`minutebook --lang zh check`), and the
    arguments without it; after the command, each command's parser takes it."""
    if argv[:1] == ["--lang"]:
        if len(argv) < 2:
            raise i18n.UsageError(_("--lang needs a value: zh or en"))
        return argv[1], argv[2:]
    if argv[:1] and argv[0].startswith("--lang="):
        return argv[0].split("=", 1)[1], argv[1:]
    return None, argv


def _lang_after(argv: list[str]) -> str | None:
    """The value of `--lang` given after the command, read before the parser (whose help and
    errors are then in that language); the parser reads it again."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _root_option(argv: list[str]) -> Path | None:
    """The value of `--root`, read before the parser (which reads it again)."""
    root = None
    for i, arg in enumerate(argv):
        if arg == "--root" and i + 1 < len(argv):
            root = Path(argv[i + 1])
        elif arg.startswith("--root="):
            root = Path(arg.split("=", 1)[1])
    return root


def _repository_language(argv: list[str]):
    """How to read `settings.language` of the repository the command works on (its --root,
    else found from the current folder): asked only when no option or variable decides."""
    def read() -> str | None:
        from checks.registry import declared_language
        from minutebook.model.paths import find_root

        try:
            return declared_language(find_root(_root_option(argv)))
        except i18n.UsageError:
            return None

    return read


# the options of `check` that take a value, told apart from the files it is given (one
# missing here only starts a child that the check then does not need)
_CHECK_VALUES = ("--root", "--format", "--as-of", "--lang")


def _names_files(args: list[str]) -> bool:
    """Whether the arguments of `check` name a file: a word that is no option nor an option's value."""
    words = iter(args)
    for arg in words:
        if arg == "--":
            return next(words, None) is not None
        if arg in _CHECK_VALUES:
            next(words, None)
        elif not arg.startswith("-"):
            return True
    return False


def _prescan(argv: list[str]):
    """For `check` given files: the scan of records/ started in a child process, which works
    while this one imports the rules (checks/prescan.py); None for anything else. The check
    uses it only when it is of the root the check finds, and scans itself otherwise."""
    try:
        _lang, argv = _lang_option(argv)
    except i18n.UsageError:
        return None
    if argv[:1] != ["check"] or not _names_files(argv[1:]):
        return None
    from checks import prescan
    from minutebook.model.paths import find_root

    try:
        return prescan.start(find_root(_root_option(argv)))
    except i18n.UsageError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    prescan = _prescan(argv)
    try:
        return _in_language(argv, prescan)
    finally:
        if prescan is not None:
            prescan.close()


def _in_language(argv: list[str], prescan) -> int:
    try:
        lang, argv = _lang_option(argv)
        lang = i18n.resolve(lang or _lang_after(argv), _repository_language(argv))
    except i18n.UsageError as exc:
        print(_("minutebook: error: {problem}").format(problem=exc), file=sys.stderr)
        return EXIT_USAGE
    with i18n.language(lang):
        return _main(argv, prescan)


def _main(argv: list[str], prescan=None) -> int:
    import argparse

    from minutebook.cli import options
    from minutebook.cli.argparse_i18n import speaking

    if not argv or argv[0] in ("-h", "--help"):
        with speaking():  # argparse's own words ("usage: ", "options") in the chosen language
            _top_parser().print_help(sys.stdout if argv else sys.stderr)
        return 0 if argv else EXIT_USAGE
    if argv[0] == "--version":
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"minutebook {version('minutebook')}")
        except PackageNotFoundError:
            print(_("minutebook (not installed)"))
        return 0
    name = argv[0]
    if name not in COMMANDS:
        import difflib

        close = difflib.get_close_matches(name, COMMANDS, n=1)
        hint = _("; did you mean '{value}'?").format(value=close[0]) if close else ""
        print(_("minutebook: error: unknown command '{name}'{hint} (see `minutebook --help`)").format(
            name=name, hint=hint), file=sys.stderr)
        return EXIT_USAGE
    module_name, help_ = COMMANDS[name]
    module = importlib.import_module(f"minutebook.cli.commands.{module_name}")
    try:
        with speaking():  # built and parsing in the chosen language: --help prints while parsing
            parser = argparse.ArgumentParser(prog=f"minutebook {name}", description=_(help_))
            module.add_arguments(parser)
            options.add_lang(parser)
            args = parser.parse_args(argv[1:])
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    args.command = name
    args.prescan = prescan

    from checks.registry import RegistryError
    from minutebook.base.errors import UsageError
    from minutebook.base.fsutil import RecordProtected

    try:
        return module.run(args)
    except (UsageError, RecordProtected) as exc:
        print(_("minutebook {command}: error: {problem}").format(command=name, problem=exc), file=sys.stderr)
        return EXIT_USAGE
    except RegistryError as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        print(_("minutebook {command}: error: the registry records/org.yml is invalid").format(command=name),
              file=sys.stderr)
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
