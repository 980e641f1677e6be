"""The options several commands share, each declared once, and how a command reads them.

A command adds the ones it takes (`add_root(p)`, `add_as_of(p)`, `add_audience(p)`) and
reads them with `root(args)` and `as_of(args)`; `--audience` goes to `View.load` as given.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from minutebook.model.asof import reference_date
from minutebook.model.paths import find_root


def add_root(p) -> None:
    p.add_argument("--root", metavar="DIR", help="repository root (default: found from the current folder)")


def add_as_of(p, note: str = "", *, help: str | None = None) -> None:
    """`note` says what the date decides for this command; `help` replaces the whole text."""
    p.add_argument("--as-of", metavar="DATE",
                   help=help or f"reference date YYYY-MM-DD{note} (default: $MINUTEBOOK_TODAY, else today)")


def add_audience(p, note: str = "", *, help: str | None = None, metavar: str | None = "A") -> None:
    """`note` says what the audience decides for this command; `help` replaces the whole text."""
    p.add_argument("--audience", metavar=metavar,
                   help=help or f"public, internal or a department{note} "
                                "(default: $MINUTEBOOK_AUDIENCE, else internal)")


def root(args) -> Path:
    """The repository root: `--root`, else found from the current folder."""
    return find_root(Path(args.root) if args.root else None)


def as_of(args) -> dt.date:
    """The reference date: `--as-of`, else $MINUTEBOOK_TODAY, else today."""
    return reference_date(args.as_of)
