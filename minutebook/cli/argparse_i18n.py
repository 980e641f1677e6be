"""argparse's own words ("usage: ", "options", "the following arguments are required: %s")
in the language minutebook prints in.

argparse translates them with the module-global `gettext.gettext` and `ngettext` it imported
as `argparse._` and `argparse.ngettext`, which read the system's locale files for the
`messages` domain: whatever the system has, or English. `speaking()` makes those two names
minutebook's own `_` and `ngettext` while a parser is built, parses and prints, so argparse's
messages come from minutebook's catalogue in the language chosen (`--lang`, read before
parsing), and never from the system. The names are put back afterwards: nothing else in the
process (pytest, for one) sees the change.

The messages argparse asks for are listed below for extraction, so the catalogue translates
them; tests/test_i18n.py fails when the running Python's argparse asks for one not listed.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from typing import Iterator

from minutebook.base import i18n
from minutebook.base.i18n import N_, N_plural

# argparse's messages (Python 3.11 to 3.13), with argparse's own placeholders
MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("argument '%(argument_name)s' is deprecated"),
    N_("option '%(option)s' is deprecated"),
    N_("command '%(parser_name)s' is deprecated"),
    # mistakes in declaring a parser, not in using one
    N_(".__call__() not defined"),
    N_("conflicting subparser: %s"),
    N_("conflicting subparser alias: %s"),
    N_('argument "-" with mode %r'),
    N_("cannot merge actions - two groups are named %r"),
    N_("'required' is an invalid argument for positionals"),
    N_("invalid option string %(option)r: must start with a character %(prefix_chars)r"),
    N_("dest= is required for options like %r"),
    N_("invalid conflict_resolution value: %r"),
    N_("mutually exclusive arguments must be optional"),
    N_("cannot have multiple subparser arguments"),
    N_("%r is not callable"),
)
PLURALS = (
    N_plural("expected %s argument", "expected %s arguments"),
    N_plural("conflicting option string: %s", "conflicting option strings: %s"),
)


@contextmanager
def speaking() -> Iterator[None]:
    """Inside the block, argparse's messages are minutebook's, in the current language."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = i18n._, i18n.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


__all__ = ["MESSAGES", "PLURALS", "speaking"]
