"""The language of what minutebook prints: English in the code, Chinese from a catalogue.

Every message is written in English where it is made and wrapped: `_("`{field}` is
required").format(field=...)` (named placeholders, so a translation may reorder them),
`ngettext(singular, plural, n)` where a count decides the form. Text declared at import
time (rule statements, field docs, example notes, a command's help) is translated where it
is shown, with `_(text)`; `N_()` only marks it for extraction. `pybabel extract` finds all
of them through minutebook/base/i18n_extract.py (see babel.cfg and docs/guide/contributing.md).

The Chinese catalogue is minutebook/locale/zh_CN/LC_MESSAGES/minutebook.po. Its compiled
minutebook.mo is committed beside it and read with the standard library's `gettext`: a
command (pre-commit runs `check` on every commit) imports no Babel, and a clean clone
installed with `pip install -e .` has it without a build step. tests/test_i18n.py fails
when the .mo is not the compilation of the .po, or the .po lacks a translation.

Which language, first that applies: the command's `--lang` (`use`), $MINUTEBOOK_LANG,
`settings.language` of records/org.yml (the command passes it to `resolve`), the locale
(LC_ALL, else LC_MESSAGES, else LANG: Chinese when it starts with `zh`), else English.
"""

from __future__ import annotations

import gettext as _gettext
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from minutebook.base.errors import UsageError

DOMAIN = "minutebook"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("zh", "en")  # what --lang, $MINUTEBOOK_LANG and settings.language accept
ENV = "MINUTEBOOK_LANG"
_CATALOGUES = {"zh": "zh_CN"}  # language -> the catalogue's folder under LOCALE_DIR

_loaded: dict[str, _gettext.NullTranslations] = {}
_chosen: str | None = None  # set by `use`; None: decided from the environment at each call


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with a count for extraction; `ngettext` translates it where it is shown."""
    return singular, plural


def parse(value: str, source: str) -> str:
    """`value` of `source` (--lang, $MINUTEBOOK_LANG, settings.language) as a language."""
    lang = value.strip().lower()
    if lang not in LANGUAGES:
        raise UsageError(_("{source} must be zh (Chinese) or en (English): '{value}'").format(
            source=source, value=value))
    return lang


def from_locale() -> str | None:
    """"zh" when the locale is Chinese (the first of LC_ALL, LC_MESSAGES, LANG that is set)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else None
    return None


def resolve(cli: str | None = None, repository: Callable[[], str | None] | None = None) -> str:
    """The language by precedence: `cli` (--lang), $MINUTEBOOK_LANG, `repository()` (the
    validated settings.language, asked only when needed), the locale, English."""
    if cli:
        return parse(cli, "--lang")
    env = os.environ.get(ENV)
    if env:
        return parse(env, f"${ENV}")
    declared = repository() if repository else None
    return declared or from_locale() or "en"


def _translations(lang: str) -> _gettext.NullTranslations:
    if lang not in _loaded:
        folder = _CATALOGUES.get(lang)
        if folder is None:
            _loaded[lang] = _gettext.NullTranslations()  # English: the source strings
        else:
            with open(LOCALE_DIR / folder / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as fh:
                _loaded[lang] = _gettext.GNUTranslations(fh)
    return _loaded[lang]


def current() -> str:
    """The language messages are printed in now."""
    if _chosen is not None:
        return _chosen
    env = os.environ.get(ENV, "").strip().lower()
    # a bad $MINUTEBOOK_LANG is reported by the command (`resolve`), in the locale's language
    return env if env in LANGUAGES else from_locale() or "en"


def use(lang: str | None) -> None:
    """Print in `lang` from now on (None: from the environment again)."""
    global _chosen
    _chosen = lang


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Print in `lang` inside the block, as before after it."""
    before = _chosen
    use(lang)
    try:
        yield
    finally:
        use(before)


def _(message: str) -> str:
    """`message` in the current language."""
    return _translations(current()).gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` for the count `n`, in the current language."""
    return _translations(current()).ngettext(singular, plural, n)


__all__ = ["_", "N_", "N_plural", "ngettext", "LANGUAGES", "ENV", "parse", "resolve", "current", "use", "language"]
