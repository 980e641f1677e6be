"""The options several commands share, each declared once, and how a command reads them.

A command adds the ones it takes (`add_root(p)`, `add_as_of(p)`, `add_audience(p)`) and
reads them with `root(args)` and `as_of(args)`; `--audience` goes to `View.load` as given.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from minutebook.base.i18n import LANGUAGES, _
from minutebook.model.asof import reference_date
from minutebook.model.paths import find_root


def add_lang(p) -> None:
    """`--lang`, which every command takes (main.py adds it; it is read before parsing)."""
    p.add_argument("--lang", choices=LANGUAGES, help=_(
        "language of the messages: zh (Chinese) or en (English) (default: $MINUTEBOOK_LANG, else "
        "settings.language of records/org.yml, else the locale)"))


def add_root(p) -> None:
    p.add_argument("--root", metavar="DIR", help=_("repository root (default: found from the current folder)"))


def add_as_of(p, note: str = "", *, help: str | None = None) -> None:
    """`note` says what the date decides for this command; `help` replaces the whole text."""
    p.add_argument("--as-of", metavar="DATE",
                   help=help or _("reference date YYYY-MM-DD{note} (default: $MINUTEBOOK_TODAY, else today)").format(
                       note=note))


def add_audience(p, note: str = "", *, help: str | None = None, metavar: str | None = "A") -> None:
    """`note` says what the audience decides for this command; `help` replaces the whole text."""
    p.add_argument("--audience", metavar=metavar,
                   help=help or _("public, internal or a department{note} "
                                  "(default: $MINUTEBOOK_AUDIENCE, else internal)").format(note=note))


def root(args) -> Path:
    """The repository root: `--root`, else found from the current folder."""
    return find_root(Path(args.root) if args.root else None)


def as_of(args) -> dt.date:
    """The reference date: `--as-of`, else $MINUTEBOOK_TODAY, else today."""
    return reference_date(args.as_of)
