"""The metric targets of a repository: `extra.minutebook.targets` of its mkdocs.yml,
read without MkDocs.

mkdocs.yml carries tags a safe loader refuses (`!ENV`, `!!python/object/apply:…`);
minutebook/base/mkdocs_config.py keeps them as `Tagged` values. Here `!ENV` is resolved as
MkDocs resolves it (so the CLI, the built page and the pre-rendered page agree) and
every other tag reads as nothing: only plain numbers make targets.
"""

from __future__ import annotations

import os
from pathlib import Path

from minutebook.base.errors import UsageError
from minutebook.reports.metrics import Target, TargetError, targets_from_extra

CONFIG_NAME = "mkdocs.yml"


def _env(value):
    """An `!ENV` value as pyyaml_env_tag gives it: the first set variable, typed as a
    YAML scalar, else the last item of a longer list as the default."""
    import yaml

    if isinstance(value, list):
        names, default = (value[:-1], value[-1]) if len(value) > 1 else (value, None)
    else:
        names, default = [value], None
    for name in names:
        if str(name) in os.environ:
            raw = os.environ[str(name)]
            loader = yaml.SafeLoader("")
            tag = loader.resolve(yaml.ScalarNode, raw, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, raw))
    return default


def _resolve(value):
    from minutebook.base.mkdocs_config import Tagged

    if isinstance(value, Tagged):
        return _env(value.value) if value.tag == "!ENV" else None
    if isinstance(value, dict):
        return {k: _resolve(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v) for v in value]
    return value


def read_extra(path: Path) -> dict | None:
    """The `extra` mapping of an mkdocs.yml; UsageError when the file cannot be read."""
    import yaml

    from minutebook.base import mkdocs_config

    try:
        config = mkdocs_config.load(path)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise UsageError(f"{where}: cannot parse: {getattr(exc, 'problem', None) or exc}") from None
    return _resolve(config.get("extra"))


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
