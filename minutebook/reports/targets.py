"""The metric targets of a repository: `extra.minutebook.targets` of its mkdocs.yml,
read without MkDocs.

minutebook/base/mkdocs_config.py reads the file as MkDocs does: `!ENV` resolved (so
the CLI, the built page and the pre-rendered page agree), every other tag as
nothing: only plain numbers make targets.
"""

from __future__ import annotations

from pathlib import Path

from minutebook.base import mkdocs_config
from minutebook.base.errors import UsageError
from minutebook.base.i18n import _
from minutebook.base.mkdocs_config import CONFIG_NAME
from minutebook.reports.metrics import Target, TargetError, targets_from_extra


def read_extra(path: Path) -> dict | None:
    """The `extra` mapping of an mkdocs.yml; UsageError when the file cannot be read."""
    import yaml

    try:
        config = mkdocs_config.read(path)
    except OSError as exc:
        raise UsageError(_("cannot read {path}: {problem}").format(path=path, problem=exc.strerror)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise UsageError(_("{where}: cannot parse: {problem}").format(
            where=where, problem=getattr(exc, "problem", None) or exc)) from None
    return config.get("extra")


def load(config: Path) -> dict[str, Target | None]:
    """The targets set by `config` (an mkdocs.yml) over the defaults; the defaults when
    the file does not exist. TargetError names the bad key."""
    if not config.is_file():
        return targets_from_extra(None)
    try:
        return targets_from_extra(read_extra(config))
    except TargetError as exc:
        raise TargetError(f"{config.name}: {exc}") from None


def of_root(root: Path) -> dict[str, Target | None]:
    return load(root / CONFIG_NAME)
